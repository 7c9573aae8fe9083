import { announce, api, escapeHtml, eventWhen, eventWhere, getJson, lang, languageName, setUpPage, switchLanguage, t } from "./app.js";

setUpPage();

/**
 * The link is {this page}#id=…&token=…: a fragment never reaches a server or a log. It is read once,
 * kept for this tab only (so a reload or a change of language still works) and taken out of the address
 * bar and the history at once, so it is not left on screen, in bookmarks or in a shared address.
 */
function readLink() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.has("id") && fragment.has("token")) {
    sessionStorage.setItem("manageLink", JSON.stringify({ id: fragment.get("id"), token: fragment.get("token") }));
  }
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  try {
    return JSON.parse(sessionStorage.getItem("manageLink")) || {};
  } catch {
    return {};
  }
}

const { id = "", token = "" } = readLink();
const path = `${api}/registrations/${encodeURIComponent(id)}`;
const headers = { "X-Manage-Token": token };
const view = document.getElementById("registration");
const outcome = document.getElementById("outcome");

/** The calendar file needs the header too, so it is fetched and handed to the browser as a download. */
async function downloadCalendar(url, fileName) {
  const response = await fetch(url, { headers });
  if (!response.ok) {
    announce(outcome, `<p>${escapeHtml(t("errNetwork"))}</p>`, "bad");
    return;
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

async function load() {
  const response = id && token ? await fetch(path, { headers: { ...headers, Accept: "application/json" } }) : null;
  if (!response?.ok) {
    view.innerHTML = `<p class="notice bad">${escapeHtml(t("notFound"))}</p>`;
    return;
  }
  const r = await response.json();
  // The link's language is the registrant's (their emails are in it), unless the address names another.
  if (r.language !== lang) await switchLanguage(r.language);
  // The event's title in the page's language, when the organisers gave one.
  const title = (await getJson(`/events/${encodeURIComponent(r.event.id)}`)).body?.title || r.event.title;
  const waiting = r.status === "waitlisted";
  view.innerHTML = `<h2>${escapeHtml(title)}</h2>
    <dl>
      <dt>${escapeHtml(t("status"))}</dt><dd id="status">${escapeHtml(t("statuses." + r.status, { n: r.waitlistPosition }))}</dd>
      <dt>${escapeHtml(t("when"))}</dt><dd>${escapeHtml(eventWhen(r.event))}</dd>
      <dt>${escapeHtml(t("where"))}</dt><dd>${escapeHtml(eventWhere(r.event))}</dd>
      <dt>${escapeHtml(t("emailLanguage"))}</dt><dd id="emailLanguage">${escapeHtml(languageName(r.language))}</dd>
    </dl>
    <p>${escapeHtml(r.firstName)} ${escapeHtml(r.lastName)} · ${escapeHtml(r.organisation)}</p>
    ${r.event.startsAt && r.status === "confirmed" ? `<p><button type="button" id="calendar">${escapeHtml(t("calendar"))}</button></p>` : ""}
    ${r.status === "cancelled" ? "" : `<p><button type="button" class="danger" id="cancel">${escapeHtml(t(waiting ? "leaveWaitlist" : "cancel"))}</button></p>
      <div id="confirm" hidden><p>${escapeHtml(t(waiting ? "leaveQuestion" : "cancelQuestion"))}</p><button type="button" class="danger" id="yes">${escapeHtml(t("cancelConfirm"))}</button></div>`}`;
  document.getElementById("calendar")?.addEventListener("click", () => downloadCalendar(r.calendarUrl, `${r.event.id}.ics`));
  document.getElementById("cancel")?.addEventListener("click", () => {
    document.getElementById("confirm").hidden = false;
    document.getElementById("yes").focus();
  });
  document.getElementById("yes")?.addEventListener("click", async () => {
    const cancelled = await fetch(path, { method: "DELETE", headers });
    if (cancelled.ok) {
      await load();
      announce(outcome, `<p>${escapeHtml(t("cancelled"))}</p>`, "good");
    } else {
      announce(outcome, `<p>${escapeHtml(t("errNetwork"))}</p>`, "bad");
    }
  });
}

load();
