// At the door (made for a phone): find a person as one types (the server folds case and diacritics), check
// them in or undo it for the chosen day, check in by the QR code of the confirmation email (typed, pasted,
// or read with the camera where the browser has BarcodeDetector), and add walk-ins.
import { countryCodes } from "../countries.js";
import { addWalkIn, checkIn, checkInByCode, defaultDay, eventDays, getEvent, listRegistrations, undoCheckIn } from "./api.js";
import { announce, clearFieldErrors, countryName, escapeHtml, failure, formatDay, renderShell, showFieldErrors, startPage, t } from "./office.js";
import { languages, sectors } from "./texts.js";

renderShell("index.html");
const eventId = new URLSearchParams(location.search).get("event") ?? "";
const notice = document.getElementById("notice");
const daySelect = document.getElementById("day");
const results = document.getElementById("results");
let event = null;
let shown = [];
document.getElementById("registrations-link").href = `registrations.html?event=${encodeURIComponent(eventId)}`;

const fullName = r => `${r.firstName ?? ""} ${r.lastName ?? ""}`.trim();
const checkedDays = r => r.checkedInDays ?? (r.checkedInAt ? [r.checkedInAt.slice(0, 10)] : []);
const statusName = status => t({ confirmed: "statusConfirmed", waitlisted: "statusWaitlisted", cancelled: "statusCancelled" }[status] ?? status);
const day = () => daySelect.value;

function personHtml(r) {
  const inToday = checkedDays(r).includes(day());
  const button = r.status !== "confirmed" ? ""
    : inToday
      ? `<button type="button" class="secondary" data-action="undo" data-id="${escapeHtml(r.id)}" aria-label="${escapeHtml(t("undoOf", { name: fullName(r), day: formatDay(day()) }))}">${escapeHtml(t("undo"))}</button>`
      : `<button type="button" data-action="check-in" data-id="${escapeHtml(r.id)}" aria-label="${escapeHtml(t("checkInOf", { name: fullName(r) }))}">${escapeHtml(t("checkIn"))}</button>`;
  return `<li class="card" data-registration="${escapeHtml(r.id)}">
    <p><strong>${escapeHtml(fullName(r))}</strong><br><span class="meta">${escapeHtml(r.organisation)} · ${escapeHtml(r.email)}</span></p>
    <p><span class="status-${escapeHtml(r.status)}">${escapeHtml(statusName(r.status))}</span>${inToday ? ` · <span class="checked">${escapeHtml(t("checkedInOn", { day: formatDay(day()) }))}</span>` : ""}${r.dietaryRequirements ? ` · ${escapeHtml(r.dietaryRequirements)}` : ""}</p>
    ${button ? `<p class="actions">${button}</p>` : ""}
  </li>`;
}

function render(items) {
  shown = items;
  results.innerHTML = items.map(personHtml).join("");
  document.getElementById("found-count").textContent = document.getElementById("q").value.trim() || items.length ? t("found", { count: items.length }) : "";
}

// A search answer may arrive after a check-in, undo or walk-in that it predates: what those answered wins.
let searchNumber = 0;
let timer = null;
const answered = new Map(); // registration id → { record, latestSearch: searchNumber when it was answered }
const remember = record => answered.set(record.id, { record, latestSearch: searchNumber });
const freshest = (record, number) => {
  const later = answered.get(record.id);
  return later && later.latestSearch >= number ? { ...record, ...later.record } : record;
};
// Showing one person (QR code, walk-in) replaces the list: a search still waiting must not bring it back.
function dropPendingSearch() {
  clearTimeout(timer);
  searchNumber++;
}

async function search() {
  const q = document.getElementById("q").value.trim();
  const number = ++searchNumber;
  if (!q) {
    render([]);
    return;
  }
  const answer = await listRegistrations(eventId, { q, sort: "name" });
  if (number !== searchNumber) return; // a later keystroke's answer wins
  if (!answer.ok) {
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  render(answer.items.map(r => freshest(r, number)).filter(r => r.status !== "cancelled"));
}

document.getElementById("q").addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(search, 200);
});
document.getElementById("find").addEventListener("submit", e => { e.preventDefault(); search(); });
daySelect.addEventListener("change", () => render(shown));

results.addEventListener("click", async e => {
  const button = e.target.closest("button[data-action]");
  if (!button) return;
  const person = shown.find(r => r.id === button.dataset.id);
  if (!person) return;
  button.disabled = true;
  const undo = button.dataset.action === "undo";
  const answer = undo ? await undoCheckIn(eventId, person.id, day()) : await checkIn(eventId, person.id, day());
  if (!answer.ok) {
    button.disabled = false;
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  // By id, in the list as it is now: a search may have replaced the list (and this person's record) meanwhile.
  const updated = { ...person, ...(answer.body ?? {}) };
  remember(updated);
  render(shown.map(r => (r.id === updated.id ? { ...r, ...updated } : r)));
  const name = fullName(updated);
  announce(undo ? t("undone", { name, day: formatDay(day()) }) : t("checkedInDay", { name, day: formatDay(day()) }), "good", notice);
  results.querySelector(`li[data-registration="${CSS.escape(person.id)}"] button`)?.focus();
});

// ---- QR code ----

const codeForm = document.getElementById("code-form");
const codeInput = document.getElementById("code");
const codeError = document.getElementById("code-error");

function codeProblem(message) {
  codeError.textContent = message;
  codeError.hidden = !message;
  if (message) codeInput.setAttribute("aria-invalid", "true");
  else codeInput.removeAttribute("aria-invalid");
}

async function checkInCode(code) {
  codeProblem("");
  if (!code.trim()) {
    codeProblem(t("codeRequired"));
    codeInput.focus();
    return;
  }
  const answer = await checkInByCode(eventId, code.trim(), day());
  if (answer.status === 404) {
    codeProblem(t("codeUnknown"));
    codeInput.focus();
    return;
  }
  if (answer.status === 400 && answer.body?.errors) {
    codeProblem(Object.values(answer.body.errors).flat().join(" "));
    codeInput.focus();
    return;
  }
  if (!answer.ok) {
    if (answer.status === 409) codeProblem(answer.body?.detail ?? t("notConfirmed"));
    else if (answer.status !== 401) failure(answer, notice);
    return;
  }
  codeInput.value = "";
  dropPendingSearch();
  remember(answer.body);
  render([answer.body]);
  announce(t("checkedInDay", { name: fullName(answer.body), day: formatDay(day()) }), "good", notice);
}

codeForm.addEventListener("submit", e => {
  e.preventDefault();
  checkInCode(codeInput.value);
});

// The camera: only where the browser can read QR codes itself (BarcodeDetector); elsewhere the button stays hidden.
const scanButton = document.getElementById("scan");
const camera = document.getElementById("camera");
const video = document.getElementById("video");
let stream = null;

async function canScan() {
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices?.getUserMedia) return false;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    return formats.includes("qr_code");
  } catch {
    return false;
  }
}

function stopCamera() {
  stream?.getTracks().forEach(track => track.stop());
  stream = null;
  video.srcObject = null;
  camera.hidden = true;
}

scanButton.addEventListener("click", async () => {
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch {
    codeProblem(t("cameraRefused"));
    return;
  }
  camera.hidden = false;
  video.srcObject = stream;
  await video.play().catch(() => {});
  const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  const look = async () => {
    if (!stream) return;
    try {
      const [found] = await detector.detect(video);
      if (found?.rawValue) {
        stopCamera();
        codeInput.value = found.rawValue;
        await checkInCode(found.rawValue);
        return;
      }
    } catch { /* a frame not ready yet */ }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
});
document.getElementById("stop-scan").addEventListener("click", stopCamera);

// ---- Walk-ins ----

const walkInForm = document.getElementById("walkin-form");
const roles = { clusterManager: "roleClusterManager", clusterMember: "roleClusterMember", observer: "roleObserver", partner: "rolePartner", other: "roleOther" };

function renderWalkIn() {
  const field = (id, labelKey, input) => `<div class="field"><label for="${id}">${escapeHtml(t(labelKey))}</label>${input}</div>`;
  const text = (id, labelKey, type = "text", extra = "") => field(`w-${id}`, labelKey, `<input id="w-${id}" name="${id}" type="${type}" autocomplete="off"${extra}>`);
  const countries = countryCodes.map(c => [c, countryName(c)]).sort((a, b) => a[1].localeCompare(b[1], "en"));
  walkInForm.innerHTML = `
    <div class="row">${text("firstName", "wFirstName")}${text("lastName", "wLastName")}</div>
    <div class="row">${text("email", "wEmail", "email", ' inputmode="email"')}${text("organisation", "wOrganisation")}</div>
    <div class="row">
      ${field("w-country", "fieldCountry", `<select id="w-country" name="country"><option value="">${escapeHtml(t("chooseCountry"))}</option>${countries.map(([c, n]) => `<option value="${c}"${c === event?.country ? " selected" : ""}>${escapeHtml(n)}</option>`).join("")}</select>`)}
      ${field("w-role", "wRole", `<select id="w-role" name="role">${Object.entries(roles).map(([v, k]) => `<option value="${v}">${escapeHtml(t(k))}</option>`).join("")}</select>`)}
      ${field("w-language", "wLanguage", `<select id="w-language" name="language">${Object.entries(languages).map(([v, n]) => `<option value="${v}">${escapeHtml(n)}</option>`).join("")}</select>`)}
    </div>
    <fieldset id="w-sectors"><legend>${escapeHtml(t("sectorsLegend"))}</legend><div class="choices">${Object.entries(sectors).map(([v, n]) =>
      `<label><input type="checkbox" name="sectors" value="${v}" id="w-sector-${v}">${escapeHtml(n)}</label>`).join("")}</div></fieldset>
    ${text("dietaryRequirements", "wDietary")}
    <div class="choices"><label><input type="checkbox" id="w-studyVisit" name="studyVisit">${escapeHtml(t("wStudyVisit"))}</label></div>
    <div id="w-summary" class="summary" role="alert" tabindex="-1" hidden></div>
    <p class="actions"><button type="submit" id="w-add">${escapeHtml(t("wAdd"))}</button></p>`;
}

walkInForm.addEventListener("submit", async e => {
  e.preventDefault();
  const summary = document.getElementById("w-summary");
  clearFieldErrors(walkInForm, summary);
  const v = name => walkInForm.querySelector(`#w-${name}`).value.trim();
  const input = {
    firstName: v("firstName"), lastName: v("lastName"), email: v("email"), organisation: v("organisation"),
    country: v("country"), role: v("role"), language: v("language"),
    sectors: [...walkInForm.querySelectorAll("input[name=sectors]:checked")].map(c => c.value),
    studyVisit: walkInForm.querySelector("#w-studyVisit").checked,
  };
  if (v("dietaryRequirements")) input.dietaryRequirements = v("dietaryRequirements");
  const button = walkInForm.querySelector("#w-add");
  button.disabled = true;
  const answer = await addWalkIn(eventId, input);
  button.disabled = false;
  if (answer.status === 400 && answer.body?.errors) {
    showFieldErrors(walkInForm, answer.body.errors, name => {
      const key = name.replace(/^\$\./, "").split(/[.[]/)[0];
      return key === "sectors" ? "w-sector-ict" : document.getElementById(`w-${key}`) ? `w-${key}` : null;
    }, summary);
    return;
  }
  if (!answer.ok) {
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  const person = answer.body;
  const name = fullName(person);
  walkInForm.reset();
  walkInForm.querySelector("#w-country").value = event?.country ?? "";
  dropPendingSearch();
  remember(person);
  render([person]);
  const message = answer.status === 200 ? t("alreadyRegistered", { name })
    : person.status === "confirmed" ? t("walkInConfirmed", { name }) : t("walkInWaitlisted", { name });
  announce(message, answer.status === 200 ? "info" : "good", notice);
  (results.querySelector("button") ?? notice).focus?.();
});

async function load() {
  const answer = await getEvent(eventId);
  if (!answer.ok) {
    if (answer.status === 404) announce(t("unknownEvent"), "bad", notice);
    else if (answer.status !== 401) failure(answer, notice);
    return;
  }
  event = answer.body;
  const days = eventDays(event);
  const chosen = daySelect.value || defaultDay(event, days);
  daySelect.innerHTML = days.map(d => `<option value="${d}"${d === chosen ? " selected" : ""}>${escapeHtml(formatDay(d))}</option>`).join("");
  const title = t("doorTitleOf", { title: event.title?.en ?? event.id });
  document.getElementById("title").textContent = title;
  document.title = `${title} · ${t("appName")}`;
  renderWalkIn();
  scanButton.hidden = !(await canScan());
}

await startPage(load);
