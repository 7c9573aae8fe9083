// Create or edit an event with the full form, saved through PUT /api/manage/events/{id}. Dates and times
// are typed in the event's time zone; the server's problem details appear next to their fields.
import { countryCodes } from "../countries.js";
import { cancelEvent, eventLanguages, getEvent, saveEvent } from "./api.js";
import { announce, clearFieldErrors, countryName, escapeHtml, failure, renderShell, showFieldErrors, startPage, t } from "./office.js";
import { eventTypes, languages, sectors } from "./texts.js";

renderShell("index.html");
const params = new URLSearchParams(location.search);
let eventId = params.get("id");
const form = document.getElementById("event-form");
const summary = document.getElementById("summary");
const notice = document.getElementById("notice");

// ---- Time zones: wall-clock time in a zone ⇄ an ISO 8601 instant with its offset. ----

/** The zone's offset from UTC in minutes at an instant ("GMT+01:00" → 60). */
function offsetMinutes(timeZone, date) {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(date).find(p => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  return match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0)) : 0;
}

/** "2027-02-08T09:00" in Europe/Vienna → "2027-02-08T09:00:00+01:00". */
export function zonedToIso(local, timeZone) {
  if (!local) return undefined;
  const asUtc = Date.parse(`${local}:00Z`);
  if (Number.isNaN(asUtc)) return local;
  let offset = offsetMinutes(timeZone, new Date(asUtc));
  offset = offsetMinutes(timeZone, new Date(asUtc - offset * 60000));
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${local}:00${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** An instant → "2027-02-08T09:00" as the clock reads in the zone. */
function isoToZoned(iso, timeZone) {
  if (!iso) return "";
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(new Date(iso)).map(p => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

// ---- The form. ----

const zones = (() => {
  try { return Intl.supportedValuesOf("timeZone").filter(z => z.startsWith("Europe/")); } catch { return []; }
})();

function field(id, labelKey, input, { help } = {}) {
  return `<div class="field"><label for="${id}">${escapeHtml(t(labelKey))}</label>${help ? `<p class="meta" id="${id}-help">${escapeHtml(help)}</p>` : ""}${input}</div>`;
}

function options(values, selected, names = v => v) {
  return values.map(v => `<option value="${escapeHtml(v)}"${v === selected ? " selected" : ""}>${escapeHtml(names(v))}</option>`).join("");
}

function render(event) {
  const zone = event?.timeZone ?? "Europe/Vienna";
  const exact = !event?.month;
  const countries = countryCodes.map(code => [code, countryName(code)]).sort((a, b) => a[1].localeCompare(b[1], "en"));
  form.innerHTML = `
    ${event ? "" : field("id", "fieldId", `<input id="id" name="id" type="text" required autocomplete="off" pattern="[a-z0-9-]+">`)}
    ${field("type", "fieldType", `<select id="type" name="type">${options(Object.keys(eventTypes), event?.type ?? "exchangeForum", v => eventTypes[v])}</select>`)}
    <fieldset id="titles"><legend>${escapeHtml(t("titlesLegend"))}</legend>
      <p class="meta">${escapeHtml(t("titlesHelp"))}</p>
      <div class="languages">${eventLanguages.map(lang => `
        <fieldset lang="${lang}"><legend>${escapeHtml(languages[lang])} (${lang})</legend>
          ${field(`title-${lang}`, "fieldTitle", `<input id="title-${lang}" name="title-${lang}" type="text"${lang === "en" ? " required" : ""} value="${escapeHtml(event?.title?.[lang] ?? "")}">`)}
          ${field(`description-${lang}`, "fieldDescription", `<textarea id="description-${lang}" name="description-${lang}">${escapeHtml(event?.description?.[lang] ?? "")}</textarea>`)}
        </fieldset>`).join("")}
      </div>
    </fieldset>
    <fieldset id="when"><legend>${escapeHtml(t("whenLegend"))}</legend>
      <div class="choices">
        <label><input type="radio" name="dates" value="exact" id="dates-exact"${exact ? " checked" : ""}>${escapeHtml(t("exactDates"))}</label>
        <label><input type="radio" name="dates" value="month" id="dates-month"${exact ? "" : " checked"}>${escapeHtml(t("onlyMonthChoice"))}</label>
      </div>
      ${field("timeZone", "fieldTimeZone", `<select id="timeZone" name="timeZone">${options(zones.includes(zone) ? zones : [zone, ...zones], zone)}</select>`)}
      <div class="row" id="exact-fields">
        ${field("startsAt", "fieldStartsAt", `<input id="startsAt" name="startsAt" type="datetime-local" value="${isoToZoned(event?.startsAt, zone)}">`)}
        ${field("endsAt", "fieldEndsAt", `<input id="endsAt" name="endsAt" type="datetime-local" value="${isoToZoned(event?.endsAt, zone)}">`)}
      </div>
      <div class="row" id="month-fields">
        ${field("month", "fieldMonth", `<input id="month" name="month" type="month" value="${escapeHtml(event?.month ?? "")}">`)}
      </div>
    </fieldset>
    <fieldset id="where"><legend>${escapeHtml(t("whereLegend"))}</legend>
      ${field("venue", "fieldVenue", `<input id="venue" name="venue" type="text" value="${escapeHtml(event?.venue ?? "")}">`)}
      <div class="row">
        ${field("city", "fieldCity", `<input id="city" name="city" type="text" required value="${escapeHtml(event?.city ?? "")}">`)}
        ${field("country", "fieldCountry", `<select id="country" name="country" required><option value="">${escapeHtml(t("chooseCountry"))}</option>${countries.map(([code, name]) =>
          `<option value="${code}"${code === event?.country ? " selected" : ""}>${escapeHtml(name)}</option>`).join("")}</select>`)}
      </div>
    </fieldset>
    <fieldset id="sectors"><legend>${escapeHtml(t("sectorsLegend"))}</legend>
      <div class="choices">${Object.entries(sectors).map(([value, name]) =>
        `<label><input type="checkbox" name="sectors" id="sector-${value}" value="${value}"${event?.sectors?.includes(value) ? " checked" : ""}>${escapeHtml(name)}</label>`).join("")}</div>
    </fieldset>
    ${field("capacity", "fieldCapacity", `<input id="capacity" name="capacity" type="number" min="0" step="1" inputmode="numeric" required value="${event?.capacity ?? ""}">`)}
    <fieldset id="registration"><legend>${escapeHtml(t("registrationLegend"))}</legend>
      <div class="row">
        ${field("opensAt", "fieldOpensAt", `<input id="opensAt" name="opensAt" type="datetime-local" value="${isoToZoned(event?.registration?.opensAt, zone)}">`)}
        ${field("closesAt", "fieldClosesAt", `<input id="closesAt" name="closesAt" type="datetime-local" value="${isoToZoned(event?.registration?.closesAt, zone)}">`)}
      </div>
    </fieldset>
    ${field("reminders", "fieldReminders", `<input id="reminders" name="reminders" type="text" autocomplete="off" value="${escapeHtml((event?.reminders ?? ["P7D", "P1D"]).join(", "))}">`)}
    <fieldset id="status"><legend>${escapeHtml(t("statusLegend"))}</legend>
      <div class="choices">
        <label><input type="radio" name="status" value="published" id="status-published"${event?.status === "draft" ? "" : " checked"}>${escapeHtml(t("statusPublishedChoice"))}</label>
        <label><input type="radio" name="status" value="draft" id="status-draft"${event?.status === "draft" ? " checked" : ""}>${escapeHtml(t("statusDraftChoice"))}</label>
      </div>
    </fieldset>
    <fieldset id="audience"><legend>${escapeHtml(t("audienceLegend"))}</legend>
      <div class="choices">
        <label><input type="radio" name="audience" value="public" id="audience-public"${event?.audience === "invited" ? "" : " checked"}>${escapeHtml(t("audiencePublic"))}</label>
        <label><input type="radio" name="audience" value="invited" id="audience-invited"${event?.audience === "invited" ? " checked" : ""}>${escapeHtml(t("audienceInvited"))}</label>
      </div>
    </fieldset>
    <p class="actions"><button type="submit" id="save">${escapeHtml(t("save"))}</button></p>`;
  const showDates = () => {
    const monthOnly = form.querySelector("#dates-month").checked;
    form.querySelector("#exact-fields").hidden = monthOnly;
    form.querySelector("#month-fields").hidden = !monthOnly;
  };
  form.querySelectorAll("input[name=dates]").forEach(r => r.addEventListener("change", showDates));
  showDates();
}

/** The PUT body from the form: only what was given, so the server's rules decide. */
function input() {
  const value = id => form.querySelector(`#${id}`)?.value.trim() ?? "";
  const zone = value("timeZone");
  const perLanguage = prefix => Object.fromEntries(eventLanguages.map(lang => [lang, value(`${prefix}-${lang}`)]).filter(([, text]) => text));
  const body = {
    type: value("type"),
    title: perLanguage("title"),
    description: perLanguage("description"),
    city: value("city"),
    country: value("country"),
    timeZone: zone,
    sectors: [...form.querySelectorAll("input[name=sectors]:checked")].map(c => c.value),
    capacity: value("capacity") === "" ? null : Number(value("capacity")),
    registration: { opensAt: zonedToIso(value("opensAt"), zone) ?? null, closesAt: zonedToIso(value("closesAt"), zone) ?? null },
    reminders: value("reminders").split(/[\s,;]+/).filter(Boolean),
    audience: form.querySelector("input[name=audience]:checked")?.value ?? "public",
    status: form.querySelector("input[name=status]:checked")?.value ?? "published",
  };
  if (value("venue")) body.venue = value("venue");
  if (form.querySelector("#dates-month").checked) {
    if (value("month")) body.month = value("month");
  } else {
    if (value("startsAt")) body.startsAt = zonedToIso(value("startsAt"), zone);
    if (value("endsAt")) body.endsAt = zonedToIso(value("endsAt"), zone);
  }
  if (!Object.keys(body.description).length) delete body.description;
  return body;
}

/** A server error's key → the input it belongs to. */
function fieldFor(name) {
  const key = name.replace(/^\$\./, "");
  const direct = {
    id: "id", type: "type", city: "city", country: "country", venue: "venue", timeZone: "timeZone", capacity: "capacity",
    startsAt: "startsAt", endsAt: "endsAt", month: "month", reminders: "reminders", sectors: "sector-ict", audience: "audience-public", status: "status-published",
    registration: "opensAt", "registration.opensAt": "opensAt", "registration.closesAt": "closesAt", title: "title-en", description: "description-en",
  }[key];
  if (direct) return direct;
  const language = /^(title|description)\.(\w+)$/.exec(key);
  if (language && eventLanguages.includes(language[2])) return `${language[1]}-${language[2]}`;
  return null;
}

async function load() {
  if (!eventId) {
    render(null);
    wire();
    return;
  }
  const answer = await getEvent(eventId);
  if (!answer.ok) {
    if (answer.status === 404) announce(t("unknownEvent"), "bad", notice);
    else if (answer.status !== 401) failure(answer, notice);
    return;
  }
  document.getElementById("title").textContent = t("editEventTitle", { title: answer.body.title.en });
  notice.hidden = true;
  document.title = `${t("editEventTitle", { title: answer.body.title.en })} · ${t("appName")}`;
  render(answer.body);
  wire();
  showCancel(answer.body);
}

// ---- Cancel the event: asked once more on the spot, then POST …/cancel. ----

function showCancel(event) {
  const section = document.getElementById("cancel-section");
  const box = document.getElementById("cancel-actions");
  section.hidden = false;
  if (event.status === "cancelled") {
    box.innerHTML = `<p class="notice bad" id="cancelled-state">${escapeHtml(t("eventIsCancelled"))}</p>`;
    form.querySelectorAll("input, select, textarea, button").forEach(el => { el.disabled = true; });
    return;
  }
  box.innerHTML = `<button type="button" class="danger" id="cancel-event">${escapeHtml(t("cancelEvent"))}</button>`;
  box.querySelector("#cancel-event").onclick = () => {
    box.innerHTML = `<button type="button" class="danger" id="confirm-cancel-event">${escapeHtml(t("confirmCancelEvent", { title: event.title?.en ?? event.id }))}</button>
      <button type="button" class="secondary" id="keep-event">${escapeHtml(t("keepEvent"))}</button>`;
    box.querySelector("#keep-event").onclick = () => { showCancel(event); box.querySelector("button").focus(); };
    box.querySelector("#confirm-cancel-event").onclick = async e => {
      e.target.disabled = true;
      const answer = await cancelEvent(eventId);
      if (!answer.ok) {
        e.target.disabled = false;
        if (answer.status !== 401) failure(answer, notice);
        return;
      }
      showCancel(answer.body);
      announce(t("eventCancelledDone"), "good", notice);
      notice.focus();
    };
    box.querySelector("#confirm-cancel-event").focus();
  };
}

function wire() {
  form.onsubmit = async e => {
    e.preventDefault();
    clearFieldErrors(form, summary);
    notice.hidden = true;
    const id = eventId ?? form.querySelector("#id").value.trim();
    if (!id) {
      showFieldErrors(form, { id: [t("fieldId")] }, fieldFor, summary);
      return;
    }
    const button = form.querySelector("#save");
    button.disabled = true;
    button.textContent = t("saving");
    const answer = await saveEvent(id, input());
    button.disabled = false;
    button.textContent = t("save");
    if (answer.ok) {
      const created = answer.status === 201;
      if (!eventId) {
        eventId = id;
        history.replaceState(null, "", `event.html?id=${encodeURIComponent(id)}`);
        form.querySelector("#id")?.closest(".field")?.remove();
      }
      announce(created ? t("created") : t("saved"), "good", notice);
      notice.insertAdjacentHTML("beforeend", ` <a href="registrations.html?event=${encodeURIComponent(id)}">${escapeHtml(t("goRegistrations"))}</a>`);
      notice.focus();
      return;
    }
    if (answer.status === 400 && answer.body?.errors) {
      announce(t("fixErrors"), "bad", notice);
      showFieldErrors(form, answer.body.errors, fieldFor, summary);
    } else if (answer.status === 409) {
      showFieldErrors(form, { capacity: [answer.body?.detail ?? ""] }, fieldFor, summary);
      announce(t("conflict", { detail: answer.body?.detail ?? "" }), "bad", notice);
    } else if (answer.status !== 401) {
      failure(answer, notice);
    }
  };
}

await startPage(load);
