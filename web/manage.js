import { announce, api, countryName, escapeHtml, eventWhen, eventWhere, getJson, lang, languageName, locale, setUpPage, switchLanguage, t } from "./app.js";

setUpPage();

/**
 * The link is {this page}#id=…&token=…: a fragment never reaches a server or a log. It is read once,
 * kept for this tab only (so a reload or a change of language still works) and taken out of the address
 * bar and the history at once, so it is not left on screen, in bookmarks or in a shared address.
 */
let openSection = "";

function readLink() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  // The meeting emails' links say which section to open (…&section=meetings).
  openSection = fragment.get("section") || "";
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
  const publicEvent = (await getJson(`/events/${encodeURIComponent(r.event.id)}`)).body;
  const title = publicEvent?.title || r.event.title;
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
  if (r.status === "confirmed" && publicEvent?.meetings) {
    await loadMeetings(publicEvent);
  } else {
    meetingsSection.hidden = true;
  }
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

const meetingsSection = document.getElementById("meetings");

/** A time at the event's place, in the page's language. */
function at(iso, zone, withDate = true) {
  const options = withDate ? { dateStyle: "medium", timeStyle: "short", timeZone: zone } : { timeStyle: "short", timeZone: zone };
  return new Intl.DateTimeFormat(locale(), options).format(new Date(iso));
}

async function call(method, suffix, body) {
  const response = await fetch(path + suffix, {
    method,
    headers: { ...headers, Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body: json };
}

function problemText(result) {
  if (result.body?.errors) {
    return Object.entries(result.body.errors).map(([field, messages]) => `${field}: ${messages.join(" ")}`).join(" · ");
  }
  return result.body?.detail || t("errNetwork");
}

const topicList = text => text.split(",").map(s => s.trim()).filter(Boolean);

/** The meetings section: opt in, the participants with a request button, my requests, my agenda, outcomes. */
async function loadMeetings(programmeEvent) {
  const zone = programmeEvent.timeZone;
  const settings = programmeEvent.meetings;
  const profile = await call("GET", "/meeting-profile");
  const mine = profile.ok ? profile.body : null;
  meetingsSection.hidden = false;
  const sessionBoxes = settings.sessions.map((s, i) => `<label><input type="checkbox" name="session" value="${i}" ${!mine || mine.sessions.includes(i) ? "checked" : ""}>
      ${escapeHtml(at(s.startsAt, zone))} – ${escapeHtml(at(s.endsAt, zone, false))}</label>`).join("");
  meetingsSection.innerHTML = `<h2 id="meetingsTitle">${escapeHtml(t("meetings.title"))}</h2>
    <p>${escapeHtml(t(mine ? "meetings.takingPart" : "meetings.intro"))}</p>
    <form id="meetingProfile" novalidate>
      <fieldset><legend>${escapeHtml(t("meetings.sessions"))}</legend>${sessionBoxes}</fieldset>
      <label for="meetingOffers">${escapeHtml(t("meetings.offers"))}</label>
      <input id="meetingOffers" value="${escapeHtml((mine?.offers || []).join(", "))}" aria-describedby="topicsHint">
      <label for="meetingNeeds">${escapeHtml(t("meetings.needs"))}</label>
      <input id="meetingNeeds" value="${escapeHtml((mine?.needs || []).join(", "))}" aria-describedby="topicsHint">
      <p id="topicsHint" class="hint">${escapeHtml(t("meetings.topicsHint"))}</p>
      <p id="meetingProfileError" role="alert" class="error" hidden></p>
      <button type="submit" id="saveMeetingProfile">${escapeHtml(t(mine ? "meetings.save" : "meetings.join"))}</button>
    </form>
    <div id="meetingNotice" tabindex="-1" role="status" hidden></div>
    ${mine ? `<h3>${escapeHtml(t("meetings.agenda"))}</h3><div id="agenda"></div>
      <h3>${escapeHtml(t("meetings.requests"))}</h3><div id="meetingRequests"></div>
      <h3>${escapeHtml(t("meetings.participants"))}</h3>
      <label><input type="checkbox" id="rankByMatches"> ${escapeHtml(t("meetings.rankByMatches"))}</label>
      <div id="participants"></div>` : ""}`;
  const notice = document.getElementById("meetingNotice");
  document.getElementById("meetingProfile").addEventListener("submit", async e => {
    e.preventDefault();
    const sessions = [...meetingsSection.querySelectorAll("input[name=session]:checked")].map(box => Number(box.value));
    const saved = await call("PUT", "/meeting-profile", {
      offers: topicList(document.getElementById("meetingOffers").value),
      needs: topicList(document.getElementById("meetingNeeds").value),
      sessions,
    });
    const error = document.getElementById("meetingProfileError");
    if (!saved.ok) {
      error.textContent = problemText(saved);
      error.hidden = false;
      return;
    }
    await loadMeetings(programmeEvent);
    announce(document.getElementById("meetingNotice"), `<p>${escapeHtml(t("meetings.saved"))}</p>`, "good");
  });
  if (!mine) {
    if (openSection === "meetings") meetingsSection.scrollIntoView();
    return;
  }
  const refresh = async () => {
    await Promise.all([showAgenda(zone), showRequests(zone, notice, refresh), showParticipants(notice, refresh)]);
  };
  document.getElementById("rankByMatches").addEventListener("change", () => showParticipants(notice, refresh));
  await refresh();
  if (openSection === "meetings") meetingsSection.scrollIntoView();
}

/** The other side of a meeting: name (organisation), or who they were once they are erased and nothing is known. */
function whoWith(other) {
  if (!other.name) return t("meetings.formerParticipant");
  return other.organisation ? `${other.name} (${other.organisation})` : other.name;
}

async function showAgenda(zone) {
  const agenda = await call("GET", "/agenda");
  const element = document.getElementById("agenda");
  const items = agenda.body?.items || [];
  if (items.length === 0) {
    element.innerHTML = `<p>${escapeHtml(t("meetings.noAgenda"))}</p>`;
    return;
  }
  const now = Date.now();
  element.innerHTML = `<ol class="agenda">${items.map(item => `<li data-request="${escapeHtml(item.requestId)}">
      <strong>${escapeHtml(at(item.startsAt, zone))}</strong> · ${escapeHtml(t("meetings.table", { n: item.table }))} ·
      ${escapeHtml(whoWith(item.with))}
      ${new Date(item.startsAt).getTime() <= now ? `<form class="outcome">
        <label><input type="radio" name="held-${escapeHtml(item.requestId)}" value="true" checked> ${escapeHtml(t("meetings.held"))}</label>
        <label><input type="radio" name="held-${escapeHtml(item.requestId)}" value="false"> ${escapeHtml(t("meetings.notHeld"))}</label>
        <label>${escapeHtml(t("meetings.topic"))} <input name="topic"></label>
        <label>${escapeHtml(t("meetings.nextStep"))} <input name="nextStep"></label>
        <button type="submit">${escapeHtml(t("meetings.tellOutcome"))}</button></form>` : ""}
    </li>`).join("")}</ol>
    <p><button type="button" id="agendaCalendar">${escapeHtml(t("meetings.calendar"))}</button></p>`;
  document.getElementById("agendaCalendar").addEventListener("click", () => downloadCalendar(`${path}/agenda.ics`, "meetings.ics"));
  for (const form of element.querySelectorAll("form.outcome")) {
    form.addEventListener("submit", async e => {
      e.preventDefault();
      const requestId = form.closest("li").dataset.request;
      const told = await call("PUT", `/meetings/${encodeURIComponent(requestId)}/outcome`, {
        held: form.querySelector("input[type=radio]:checked").value === "true",
        topic: form.elements.topic.value || null,
        nextStep: form.elements.nextStep.value || null,
      });
      announce(document.getElementById("meetingNotice"), `<p>${escapeHtml(told.ok ? t("meetings.outcomeSaved") : problemText(told))}</p>`, told.ok ? "good" : "bad");
    });
  }
}

async function showRequests(zone, notice, refresh) {
  const requests = await call("GET", "/meeting-requests");
  const element = document.getElementById("meetingRequests");
  const items = requests.body?.items || [];
  if (items.length === 0) {
    element.innerHTML = `<p>${escapeHtml(t("meetings.noRequests"))}</p>`;
    return;
  }
  element.innerHTML = `<ul class="requests">${items.map(r => {
    const buttons = [];
    if (r.direction === "received" && r.state === "open") buttons.push("accept", "decline");
    // A meeting that has begun keeps its place (the API answers 409): no withdraw button for it.
    const begun = r.startsAt && new Date(r.startsAt) <= new Date();
    if ((r.state === "open" || r.state === "accepted") && !begun) buttons.push("withdraw");
    return `<li data-request="${escapeHtml(r.requestId)}">
      ${escapeHtml(t(`meetings.${r.direction}`, { name: whoWith(r.with) }))} ·
      <span class="state">${escapeHtml(t(`meetings.states.${r.state}`))}</span>
      ${r.message ? `<blockquote>${escapeHtml(r.message)}</blockquote>` : ""}
      ${buttons.map(b => `<button type="button" data-answer="${b}">${escapeHtml(t(`meetings.${b}`))}</button>`).join(" ")}
    </li>`;
  }).join("")}</ul>`;
  for (const button of element.querySelectorAll("button[data-answer]")) {
    button.addEventListener("click", async () => {
      const requestId = button.closest("li").dataset.request;
      const answered = await call("POST", `/meeting-requests/${encodeURIComponent(requestId)}/${button.dataset.answer}`);
      await refresh();
      announce(notice, `<p>${escapeHtml(answered.ok ? t("meetings.answered") : problemText(answered))}</p>`, answered.ok ? "good" : "bad");
    });
  }
}

async function showParticipants(notice, refresh) {
  const ranked = document.getElementById("rankByMatches").checked;
  const participants = await call("GET", `/meeting-participants${ranked ? "?matches=true" : ""}`);
  const element = document.getElementById("participants");
  const items = participants.body?.items || [];
  if (items.length === 0) {
    element.innerHTML = `<p>${escapeHtml(t("meetings.noParticipants"))}</p>`;
    return;
  }
  element.innerHTML = `<ul class="participants">${items.map(p => `<li data-participant="${escapeHtml(p.participantId)}">
      <strong>${escapeHtml(p.name)}</strong> · ${escapeHtml(p.organisation)} · ${escapeHtml(countryName(p.country))}
      ${p.offers.length ? `<br>${escapeHtml(t("meetings.theyOffer"))}: ${escapeHtml(p.offers.join(", "))}` : ""}
      ${p.needs.length ? `<br>${escapeHtml(t("meetings.theySeek"))}: ${escapeHtml(p.needs.join(", "))}` : ""}
      ${p.reasons?.length ? `<br>${escapeHtml(t("meetings.why"))}: ${escapeHtml(p.reasons.map(r => r.topic).join(", "))}` : ""}
      <details><summary>${escapeHtml(t("meetings.request"))}</summary>
        <label>${escapeHtml(t("meetings.message"))} <textarea maxlength="1000"></textarea></label>
        <button type="button" class="send">${escapeHtml(t("meetings.send"))}</button>
      </details>
    </li>`).join("")}</ul>`;
  for (const button of element.querySelectorAll("button.send")) {
    button.addEventListener("click", async () => {
      const item = button.closest("li");
      const sent = await call("POST", "/meeting-requests", { to: item.dataset.participant, message: item.querySelector("textarea").value });
      await refresh();
      announce(notice, `<p>${escapeHtml(sent.ok ? t("meetings.requested") : problemText(sent))}</p>`, sent.ok ? "good" : "bad");
    });
  }
}

load();
