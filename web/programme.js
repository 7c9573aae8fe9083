import { eventWhen, escapeHtml, getJson, setUpPage, t } from "./app.js";

setUpPage();
const sectors = ["ict", "tourism", "health", "energyEnvironment", "food"];
const types = ["exchangeForum", "studyVisit", "training", "conference", "agreementSigning", "observerMeeting", "benchmarkingConference"];
const form = document.getElementById("filters");
form.sector.innerHTML = `<option value="">${escapeHtml(t("allSectors"))}</option>` + sectors.map(s => `<option value="${s}">${escapeHtml(t("sectorNames." + s))}</option>`).join("");
form.type.innerHTML = `<option value="">${escapeHtml(t("allTypes"))}</option>` + types.map(s => `<option value="${s}">${escapeHtml(t("types." + s))}</option>`).join("");

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
  list.innerHTML = body.items.length === 0 ? `<p>${escapeHtml(t("none"))}</p>` : body.items.map(event => `
    <article class="card${event.isSample ? " sample" : ""}">
      <h2>${escapeHtml(event.title)}</h2>
      <p class="meta">${escapeHtml(t("types." + event.type))} · ${escapeHtml(eventWhen(event))} · ${escapeHtml(event.city)} (${escapeHtml(event.country)})</p>
      <p>${event.sectors.map(s => `<span class="tag">${escapeHtml(t("sectorNames." + s))}</span>`).join("")}</p>
      ${event.registration.isOpen
        ? `<p>${escapeHtml(event.seatsLeft > 0 ? t("seatsLeft", { n: event.seatsLeft }) : t("full"))}</p>
           <a class="button" href="register.html?event=${encodeURIComponent(event.id)}">${escapeHtml(t("register"))}<span class="skip"> – ${escapeHtml(event.title)}</span></a>`
        : `<p class="meta">${escapeHtml(t("closed"))}</p>`}
    </article>`).join("");
}

form.addEventListener("submit", e => { e.preventDefault(); load(); });
load();
