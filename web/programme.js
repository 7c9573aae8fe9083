import { escapeHtml, eventWhen, eventWhere, getJson, isPast, locale, setUpPage, t } from "./app.js";

setUpPage();
const sectors = ["ict", "tourism", "health", "energyEnvironment", "food"];
const types = ["exchangeForum", "studyVisit", "training", "conference", "agreementSigning", "observerMeeting", "benchmarkingConference"];
const form = document.getElementById("filters");
form.sector.innerHTML = `<option value="">${escapeHtml(t("allSectors"))}</option>` + sectors.map(s => `<option value="${s}">${escapeHtml(t("sectorNames." + s))}</option>`).join("");
form.type.innerHTML = `<option value="">${escapeHtml(t("allTypes"))}</option>` + types.map(s => `<option value="${s}">${escapeHtml(t("types." + s))}</option>`).join("");
const day = (iso, timeZone) => new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeZone }).format(new Date(iso));

/** What the registration of an upcoming event looks like now: seats and the button, or why not. */
function registration(event) {
  const r = event.registration;
  if (r.isOpen) {
    const seats = event.seatsLeft > 0 ? t("seatsLeft", { n: event.seatsLeft, capacity: event.capacity }) : t("full");
    return `<p class="seats">${escapeHtml(seats)} · ${escapeHtml(t("openUntil", { date: day(r.closesAt, event.timeZone) }))}</p>
      <a class="button" href="register.html?event=${encodeURIComponent(event.id)}">${escapeHtml(t("register"))}<span class="skip"> – ${escapeHtml(event.title)}</span></a>`;
  }
  if (new Date(r.opensAt) > new Date()) return `<p class="meta">${escapeHtml(t("opensOn", { date: day(r.opensAt, event.timeZone) }))}</p>`;
  return `<p class="meta">${escapeHtml(t("closed"))}</p>`;
}

function card(event, past) {
  const notes = [
    event.type === "exchangeForum" ? t("withStudyVisit") : null,
    event.audience === "invited" ? t("byInvitation") : null,
    event.isSample ? t("sample") : null,
  ].filter(Boolean);
  return `<article class="card${event.isSample ? " sample" : ""}${past ? " past" : ""}" data-event="${escapeHtml(event.id)}">
      <h3>${escapeHtml(event.title)}</h3>
      <p class="meta"><span class="type">${escapeHtml(t("types." + event.type))}</span> · <span class="when">${escapeHtml(eventWhen(event))}</span></p>
      <p class="meta where">${escapeHtml(eventWhere(event))}</p>
      ${event.description ? `<p class="description">${escapeHtml(event.description)}</p>` : ""}
      <p><span class="skip">${escapeHtml(t("sectorsLabel"))}: </span>${event.sectors.map(s => `<span class="tag">${escapeHtml(t("sectorNames." + s))}</span>`).join("")}
        ${notes.map(n => `<span class="tag note">${escapeHtml(n)}</span>`).join("")}</p>
      ${past ? "" : registration(event)}
    </article>`;
}

async function load() {
  const list = document.getElementById("events");
  const query = new URLSearchParams();
  if (form.sector.value) query.set("sector", form.sector.value);
  if (form.type.value) query.set("type", form.type.value);
  const { ok, body } = await getJson(`/events?${query}`);
  if (!ok) {
    list.innerHTML = `<p class="notice bad">${escapeHtml(body?.detail || t("errNetwork"))}</p>`;
    return;
  }
  const upcoming = body.items.filter(e => !isPast(e));
  const past = body.items.filter(e => isPast(e)).reverse();
  list.innerHTML = `<section aria-labelledby="upcoming-title"><h2 id="upcoming-title">${escapeHtml(t("upcoming"))}</h2>
      ${upcoming.length === 0 ? `<p>${escapeHtml(t("noUpcoming"))}</p>` : upcoming.map(e => card(e, false)).join("")}</section>
    ${past.length === 0 ? "" : `<details id="past"><summary>${escapeHtml(t("pastEvents", { n: past.length }))}</summary>
      ${past.map(e => card(e, true)).join("")}</details>`}`;
}

form.addEventListener("submit", e => { e.preventDefault(); load(); });
load();
