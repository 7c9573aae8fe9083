import { announce, api, escapeHtml, eventWhen, setUpPage, t } from "./app.js";

setUpPage();
const query = new URLSearchParams(location.search);
const id = query.get("id") || "";
const token = query.get("token") || "";
const path = `${api}/registrations/${encodeURIComponent(id)}`;
const view = document.getElementById("registration");
const outcome = document.getElementById("outcome");

async function load() {
  const response = await fetch(`${path}?token=${encodeURIComponent(token)}`, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    view.innerHTML = `<p class="notice bad">${escapeHtml(t("notFound"))}</p>`;
    return;
  }
  const r = await response.json();
  view.innerHTML = `<h2>${escapeHtml(r.event.title)}</h2>
    <dl>
      <dt>${escapeHtml(t("status"))}</dt><dd id="status">${escapeHtml(t("statuses." + r.status, { n: r.waitlistPosition }))}</dd>
      <dt>${escapeHtml(t("when"))}</dt><dd>${escapeHtml(eventWhen(r.event))}</dd>
      <dt>${escapeHtml(t("where"))}</dt><dd>${escapeHtml([r.event.venue, r.event.city, r.event.country].filter(Boolean).join(", "))}</dd>
    </dl>
    <p>${escapeHtml(r.firstName)} ${escapeHtml(r.lastName)} · ${escapeHtml(r.organisation)}</p>
    ${r.event.startsAt ? `<p><a href="${escapeHtml(r.calendarUrl)}">${escapeHtml(t("calendar"))}</a></p>` : ""}
    ${r.status === "cancelled" ? "" : `<p><button type="button" class="danger" id="cancel">${escapeHtml(t("cancel"))}</button></p>
      <div id="confirm" hidden><p>${escapeHtml(t("cancelQuestion"))}</p><button type="button" class="danger" id="yes">${escapeHtml(t("cancelConfirm"))}</button></div>`}`;
  document.getElementById("cancel")?.addEventListener("click", () => {
    document.getElementById("confirm").hidden = false;
    document.getElementById("yes").focus();
  });
  document.getElementById("yes")?.addEventListener("click", async () => {
    const cancelled = await fetch(`${path}?token=${encodeURIComponent(token)}`, { method: "DELETE" });
    if (cancelled.ok) {
      await load();
      announce(outcome, `<p>${escapeHtml(t("cancelled"))}</p>`, "good");
    } else {
      announce(outcome, `<p>${escapeHtml(t("errNetwork"))}</p>`, "bad");
    }
  });
}

load();
