// One event's registrations: sorted and filtered in the browser, check-in and cancel per registrant,
// the CSV export, invitations for invited events, and the reminders overview.
import { countryCodes } from "../countries.js";
import {
  cancelRegistration, checkIn, exportCsv, getEvent, issueInvitation, listInvitations, listRegistrations, listReminders, revokeInvitation,
} from "./api.js";
import { announce, clearFieldErrors, countryName, escapeHtml, failure, formatDate, renderShell, showFieldErrors, startPage, t } from "./office.js";
import { sectors } from "./texts.js";

renderShell("index.html");
const eventId = new URLSearchParams(location.search).get("event") ?? "";
const notice = document.getElementById("notice");
const filters = document.getElementById("filters");
let event = null;
let registrations = [];
document.getElementById("edit-link").href = `event.html?id=${encodeURIComponent(eventId)}`;

const statusName = status => t({ confirmed: "statusConfirmed", waitlisted: "statusWaitlisted", cancelled: "statusCancelled" }[status] ?? status);
const fullName = r => `${r.firstName ?? ""} ${r.lastName ?? ""}`.trim();

function renderFilters() {
  const present = [...new Set(registrations.map(r => r.country))].filter(c => countryCodes.includes(c)).sort();
  const select = (id, labelKey, choices) => `<div><label for="${id}">${escapeHtml(t(labelKey))}</label><select id="${id}">${choices
    .map(([value, text]) => `<option value="${escapeHtml(value)}">${escapeHtml(text)}</option>`).join("")}</select></div>`;
  const keep = Object.fromEntries([...filters.querySelectorAll("select")].map(s => [s.id, s.value]));
  filters.innerHTML = [
    select("f-status", "filterStatus", [["", t("any")], ["confirmed", t("statusConfirmed")], ["waitlisted", t("statusWaitlisted")], ["cancelled", t("statusCancelled")]]),
    select("f-country", "filterCountry", [["", t("any")], ...present.map(c => [c, countryName(c)])]),
    select("f-sector", "filterSector", [["", t("any")], ...Object.entries(sectors)]),
    select("f-visit", "filterStudyVisit", [["", t("any")], ["yes", t("yes")], ["no", t("no")]]),
    select("f-checked", "filterCheckedIn", [["", t("any")], ["yes", t("yes")], ["no", t("no")]]),
    select("f-sort", "sortBy", [["registered", t("sortRegistered")], ["name", t("sortName")], ["organisation", t("sortOrganisation")], ["country", t("sortCountry")], ["status", t("sortStatus")]]),
  ].join("");
  for (const [id, value] of Object.entries(keep)) {
    const s = filters.querySelector(`#${id}`);
    if (s && [...s.options].some(o => o.value === value)) s.value = value;
  }
  filters.querySelectorAll("select").forEach(s => s.addEventListener("change", renderList));
}

function shown() {
  const v = id => filters.querySelector(`#${id}`)?.value ?? "";
  const yesNo = (filter, value) => !filter || (filter === "yes") === Boolean(value);
  const sorted = registrations.filter(r =>
    (!v("f-status") || r.status === v("f-status"))
    && (!v("f-country") || r.country === v("f-country"))
    && (!v("f-sector") || (r.sectors ?? []).includes(v("f-sector")))
    && yesNo(v("f-visit"), r.studyVisit)
    && yesNo(v("f-checked"), r.checkedInAt));
  const compare = {
    registered: (a, b) => String(a.registeredAt).localeCompare(String(b.registeredAt)),
    name: (a, b) => `${a.lastName} ${a.firstName}`.localeCompare(`${b.lastName} ${b.firstName}`, "en", { sensitivity: "base" }),
    organisation: (a, b) => String(a.organisation).localeCompare(String(b.organisation), "en", { sensitivity: "base" }),
    country: (a, b) => countryName(a.country).localeCompare(countryName(b.country), "en"),
    status: (a, b) => String(a.status).localeCompare(String(b.status)),
  }[v("f-sort") || "registered"];
  return sorted.sort(compare);
}

function actions(r) {
  const name = escapeHtml(fullName(r));
  const buttons = [];
  if (r.status === "confirmed" && !r.checkedInAt) {
    buttons.push(`<button type="button" class="small" data-action="check-in" data-id="${escapeHtml(r.id)}" aria-label="${escapeHtml(t("checkInOf", { name: fullName(r) }))}">${escapeHtml(t("checkIn"))}</button>`);
  }
  if (r.status !== "cancelled") {
    buttons.push(`<button type="button" class="small danger" data-action="cancel" data-id="${escapeHtml(r.id)}" aria-label="${escapeHtml(t("cancelOf", { name: fullName(r) }))}">${escapeHtml(t("cancelRegistration"))}</button>`);
  }
  return `<div class="actions" data-name="${name}">${buttons.join("")}</div>`;
}

function renderList() {
  const rows = shown();
  document.getElementById("count").textContent = t("shown", { shown: rows.length, total: registrations.length });
  const list = document.getElementById("list");
  if (!rows.length) {
    list.innerHTML = "";
    return;
  }
  const cell = (labelKey, html) => `<td data-label="${escapeHtml(t(labelKey))}">${html}</td>`;
  list.innerHTML = `<div class="table-scroll" role="region" aria-label="${escapeHtml(t("tableOf", { name: t("registrations") }))}" tabindex="0"><table class="cards">
    <thead><tr>${["colName", "colOrganisation", "colCountry", "colStatus", "colStudyVisit", "colCheckedIn", "colActions"].map(k => `<th scope="col">${escapeHtml(t(k))}</th>`).join("")}</tr></thead>
    <tbody>${rows.map(r => `<tr data-registration="${escapeHtml(r.id)}">
      ${cell("colName", `<span>${escapeHtml(fullName(r))}<br><span class="meta">${escapeHtml(r.email)}</span></span>`)}
      ${cell("colOrganisation", escapeHtml(r.organisation))}
      ${cell("colCountry", escapeHtml(countryName(r.country)))}
      ${cell("colStatus", `<span class="status-${escapeHtml(r.status)}">${escapeHtml(statusName(r.status))}</span>`)}
      ${cell("colStudyVisit", escapeHtml(r.studyVisit ? t("yes") : t("no")))}
      ${cell("colCheckedIn", escapeHtml(r.checkedInAt ? formatDate(r.checkedInAt, event?.timeZone) : t("no")))}
      ${cell("colActions", actions(r))}
    </tr>`).join("")}</tbody></table></div>`;
}

document.getElementById("list").addEventListener("click", async e => {
  const button = e.target.closest("button[data-action]");
  if (!button) return;
  const registration = registrations.find(r => r.id === button.dataset.id);
  if (!registration) return;
  const name = fullName(registration);
  const action = button.dataset.action;
  if (action === "cancel") {
    // Asked on the spot instead of a dialog: the question replaces the buttons and takes the focus.
    const box = button.closest(".actions");
    box.innerHTML = `<button type="button" class="small danger" data-action="confirm-cancel" data-id="${escapeHtml(registration.id)}">${escapeHtml(t("confirmCancel", { name }))}</button>
      <button type="button" class="small secondary" data-action="keep" data-id="${escapeHtml(registration.id)}">${escapeHtml(t("keep"))}</button>`;
    box.querySelector("button").focus();
    return;
  }
  if (action === "keep") {
    renderList();
    return;
  }
  button.disabled = true;
  const answer = action === "check-in" ? await checkIn(eventId, registration.id) : await cancelRegistration(eventId, registration.id);
  if (!answer.ok) {
    button.disabled = false;
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  Object.assign(registration, answer.body ?? {});
  renderList();
  announce(action === "check-in" ? t("checkedIn", { name }) : t("cancelled", { name }), "good", notice);
  // The focus stays in the row: on its next button, or on the row's name cell.
  const row = document.querySelector(`tr[data-registration="${CSS.escape(registration.id)}"]`);
  (row?.querySelector("button") ?? document.getElementById("count")).focus?.();
});

document.getElementById("refresh").addEventListener("click", () => loadRegistrations(true));

document.getElementById("export").addEventListener("click", async () => {
  const answer = await exportCsv(eventId);
  if (!answer.ok) {
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  const blob = await answer.response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `${eventId}-registrations.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  announce(t("exported"), "good", notice);
});

async function loadRegistrations(announceCount = false) {
  const answer = await listRegistrations(eventId);
  if (!answer.ok) {
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  registrations = answer.items;
  renderFilters();
  renderList();
  if (announceCount) announce(document.getElementById("count").textContent, "info", null);
}

// ---- Invitations ----

function renderInvitationForm() {
  const box = document.getElementById("invitations");
  const invited = event?.audience === "invited";
  box.innerHTML = `${invited ? "" : `<p class="meta">${escapeHtml(t("invitationsPublic"))}</p>`}
    <form id="invitation-form" novalidate>
      <div class="row">
        <div class="field"><label for="inv-email">${escapeHtml(t("invitationEmail"))}</label><input id="inv-email" type="email" autocomplete="off"></div>
        <div class="field"><label for="inv-organisation">${escapeHtml(t("invitationOrganisation"))}</label><input id="inv-organisation" type="text" autocomplete="off"></div>
        <div class="field"><label for="inv-maxUses">${escapeHtml(t("invitationMaxUses"))}</label><input id="inv-maxUses" type="number" min="1" step="1" inputmode="numeric"></div>
      </div>
      <div id="inv-summary" class="summary" role="alert" tabindex="-1" hidden></div>
      <p class="actions"><button type="submit">${escapeHtml(t("issue"))}</button></p>
    </form>
    <div id="issued" class="notice good" role="status" tabindex="-1" hidden></div>
    <div id="invitation-list"></div>`;
  const form = box.querySelector("#invitation-form");
  form.addEventListener("submit", async e => {
    e.preventDefault();
    const summary = box.querySelector("#inv-summary");
    clearFieldErrors(form, summary);
    const value = id => form.querySelector(`#${id}`).value.trim();
    const input = {};
    if (value("inv-email")) input.email = value("inv-email");
    if (value("inv-organisation")) input.organisation = value("inv-organisation");
    if (value("inv-maxUses")) input.maxUses = Number(value("inv-maxUses"));
    const answer = await issueInvitation(eventId, input);
    if (answer.status === 400 && answer.body?.errors) {
      showFieldErrors(form, answer.body.errors, name => ({ email: "inv-email", organisation: "inv-organisation", maxUses: "inv-maxUses" }[name.replace(/^\$\./, "")] ?? null), summary);
      return;
    }
    if (!answer.ok) {
      if (answer.status !== 401) failure(answer, notice);
      return;
    }
    form.reset();
    const issued = box.querySelector("#issued");
    const link = new URL(`../register.html?event=${encodeURIComponent(eventId)}#code=${encodeURIComponent(answer.body.code)}`, location.href);
    issued.innerHTML = `<p>${escapeHtml(t("issued", { code: "" }))}<span class="code" id="issued-code">${escapeHtml(answer.body.code)}</span></p>
      <p><label for="issued-link">${escapeHtml(t("issuedLink"))}</label><input id="issued-link" type="url" readonly value="${escapeHtml(link)}"></p>`;
    issued.hidden = false;
    issued.focus();
    await loadInvitations();
  });
}

async function loadInvitations() {
  const answer = await listInvitations(eventId);
  const list = document.getElementById("invitation-list");
  if (!answer.ok) {
    list.innerHTML = "";
    return;
  }
  const items = answer.body?.items ?? [];
  if (!items.length) {
    list.innerHTML = `<p>${escapeHtml(t("noInvitations"))}</p>`;
    return;
  }
  list.innerHTML = `<div class="table-scroll" role="region" aria-label="${escapeHtml(t("tableOf", { name: t("invitationsTitle") }))}" tabindex="0"><table class="cards">
    <thead><tr><th scope="col">${escapeHtml(t("invitationFor"))}</th><th scope="col">${escapeHtml(t("invitationUses"))}</th><th scope="col">${escapeHtml(t("invitationState"))}</th><th scope="col">${escapeHtml(t("colActions"))}</th></tr></thead>
    <tbody>${items.map(i => `<tr>
      <td data-label="${escapeHtml(t("invitationFor"))}">${escapeHtml(i.email ?? i.organisation ?? "—")}</td>
      <td data-label="${escapeHtml(t("invitationUses"))}">${i.uses}${i.maxUses ? ` / ${i.maxUses}` : ""}</td>
      <td data-label="${escapeHtml(t("invitationState"))}">${escapeHtml(i.revokedAt ? t("revoked") : t("active"))}</td>
      <td data-label="${escapeHtml(t("colActions"))}">${i.revokedAt ? "" : `<button type="button" class="small danger" data-revoke="${escapeHtml(i.id)}" aria-label="${escapeHtml(t("revoke"))}: ${escapeHtml(i.email ?? i.organisation ?? i.id)}">${escapeHtml(t("revoke"))}</button>`}</td>
    </tr>`).join("")}</tbody></table></div>`;
}

document.getElementById("invitations").addEventListener("click", async e => {
  const button = e.target.closest("button[data-revoke]");
  if (!button) return;
  button.disabled = true;
  const answer = await revokeInvitation(eventId, button.dataset.revoke);
  if (!answer.ok && answer.status !== 401) failure(answer, notice);
  if (answer.ok) announce(t("revokedDone"), "good", notice);
  await loadInvitations();
});

// ---- Reminders ----

async function loadReminders() {
  const answer = await listReminders(eventId);
  const box = document.getElementById("reminders");
  if (!answer.ok) {
    box.innerHTML = "";
    return;
  }
  if (!answer.items.length) {
    box.innerHTML = `<p>${escapeHtml(t("noReminders"))}</p>`;
    return;
  }
  box.innerHTML = `<ul>${answer.items.map(item => `<li>${escapeHtml(item.name)} (${escapeHtml(statusName(item.registrationStatus))})<ul>${(item.reminders ?? []).map(r =>
    `<li>${escapeHtml(t("reminderDue", { offset: r.offset, due: formatDate(r.dueAt, event?.timeZone), status: r.status + (r.reason ? ` (${r.reason})` : "") }))}</li>`).join("")}</ul></li>`).join("")}</ul>`;
}

async function load() {
  const answer = await getEvent(eventId);
  if (!answer.ok) {
    if (answer.status === 404) announce(t("unknownEvent"), "bad", notice);
    else if (answer.status !== 401) failure(answer, notice);
    return;
  }
  event = answer.body;
  const title = t("registrationsTitle", { title: event.title.en });
  document.getElementById("title").textContent = title;
  document.title = `${title} · ${t("appName")}`;
  renderInvitationForm();
  await Promise.all([loadRegistrations(), loadInvitations(), loadReminders()]);
}

await startPage(load);
