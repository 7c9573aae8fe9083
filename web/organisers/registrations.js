// One event's registrations: found, filtered and sorted by the server, check-in and undo per day and cancel
// per registrant, the CSV (separator chosen) and XLSX exports, the counts, invitations for invited events,
// and the reminders overview.
import { countryCodes } from "../countries.js";
import {
  cancelRegistration, checkIn, defaultDay, eventDays, exportCsv, exportXlsx, getEvent, getSummary, issueInvitation, listInvitations,
  listRegistrations, listReminders, revokeInvitation, undoCheckIn,
} from "./api.js";
import {
  announce, clearFieldErrors, countryName, escapeHtml, failure, formatDate, formatDay, renderShell, saveDownload, showFieldErrors, startPage, t,
} from "./office.js";
import { sectors } from "./texts.js";

renderShell("index.html");
const eventId = new URLSearchParams(location.search).get("event") ?? "";
const notice = document.getElementById("notice");
const filters = document.getElementById("filters");
let event = null;
let days = [];
let registrations = [];
let total = 0;
document.getElementById("edit-link").href = `event.html?id=${encodeURIComponent(eventId)}`;
document.getElementById("door-link").href = `door.html?event=${encodeURIComponent(eventId)}`;
document.getElementById("messages-link").href = `messages.html?event=${encodeURIComponent(eventId)}`;

const statusName = status => t({ confirmed: "statusConfirmed", waitlisted: "statusWaitlisted", cancelled: "statusCancelled" }[status] ?? status);
const fullName = r => `${r.firstName ?? ""} ${r.lastName ?? ""}`.trim();
const checkedDays = r => r.checkedInDays ?? (r.checkedInAt ? [r.checkedInAt.slice(0, 10)] : []);
const value = id => filters.querySelector(`#${id}`)?.value ?? "";
const chosenDay = () => value("f-day") || defaultDay(event, days);

function renderFilters() {
  const select = (id, labelKey, choices, selected = "") => `<div class="field"><label for="${id}">${escapeHtml(t(labelKey))}</label><select id="${id}">${choices
    .map(([v, text]) => `<option value="${escapeHtml(v)}"${v === selected ? " selected" : ""}>${escapeHtml(text)}</option>`).join("")}</select></div>`;
  const countries = countryCodes.map(c => [c, countryName(c)]).sort((a, b) => a[1].localeCompare(b[1], "en"));
  filters.innerHTML = `<div class="row">
    <div class="field"><label for="f-q">${escapeHtml(t("search"))}</label><input id="f-q" type="search" autocomplete="off"></div>
    ${select("f-day", "checkInDay", days.map(d => [d, formatDay(d)]), defaultDay(event, days))}
    ${select("f-status", "filterStatus", [["", t("any")], ["confirmed", t("statusConfirmed")], ["waitlisted", t("statusWaitlisted")], ["cancelled", t("statusCancelled")]])}
    ${select("f-country", "filterCountry", [["", t("any")], ...countries])}
    ${select("f-sector", "filterSector", [["", t("any")], ...Object.entries(sectors)])}
    ${select("f-visit", "filterStudyVisit", [["", t("any")], ["true", t("yes")], ["false", t("no")]])}
    ${select("f-checked", "filterCheckedIn", [["", t("any")], ["true", t("yesOnDay")], ["false", t("noOnDay")]])}
    ${select("f-sort", "sortBy", [["", t("sortRegistered")], ["name", t("sortName")], ["organisation", t("sortOrganisation")], ["country", t("sortCountry")], ["status", t("sortStatus")]])}
    <div class="field choices"><label><input type="checkbox" id="f-desc">${escapeHtml(t("descending"))}</label></div>
  </div>`;
  filters.querySelectorAll("select, input[type=checkbox]").forEach(s => s.addEventListener("change", () => loadRegistrations()));
  let timer = null;
  filters.querySelector("#f-q").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => loadRegistrations(), 250);
  });
  filters.addEventListener("submit", e => { e.preventDefault(); loadRegistrations(); });
}

function query() {
  return {
    q: value("f-q").trim(),
    status: value("f-status"),
    country: value("f-country"),
    sector: value("f-sector"),
    studyVisit: value("f-visit"),
    checkedIn: value("f-checked"),
    day: value("f-checked") ? chosenDay() : "",
    sort: value("f-sort"),
    desc: filters.querySelector("#f-desc")?.checked ? "true" : "",
  };
}

function actions(r) {
  const name = escapeHtml(fullName(r));
  const day = chosenDay();
  const buttons = [];
  if (r.status === "confirmed" && !checkedDays(r).includes(day)) {
    buttons.push(`<button type="button" class="small" data-action="check-in" data-id="${escapeHtml(r.id)}" aria-label="${escapeHtml(t("checkInOf", { name: fullName(r) }))}">${escapeHtml(t("checkIn"))}</button>`);
  }
  if (checkedDays(r).includes(day)) {
    buttons.push(`<button type="button" class="small secondary" data-action="undo" data-id="${escapeHtml(r.id)}" aria-label="${escapeHtml(t("undoOf", { name: fullName(r), day: formatDay(day) }))}">${escapeHtml(t("undo"))}</button>`);
  }
  if (r.status !== "cancelled") {
    buttons.push(`<button type="button" class="small danger" data-action="cancel" data-id="${escapeHtml(r.id)}" aria-label="${escapeHtml(t("cancelOf", { name: fullName(r) }))}">${escapeHtml(t("cancelRegistration"))}</button>`);
  }
  return `<div class="actions" data-name="${name}">${buttons.join("")}</div>`;
}

function renderList() {
  const rows = registrations;
  document.getElementById("count").textContent = t("shown", { shown: rows.length, total });
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
      ${cell("colCheckedIn", escapeHtml(checkedDays(r).length ? checkedDays(r).map(formatDay).join(", ") : t("no")))}
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
  const day = chosenDay();
  const answer = action === "check-in" ? await checkIn(eventId, registration.id, day)
    : action === "undo" ? await undoCheckIn(eventId, registration.id, day)
      : await cancelRegistration(eventId, registration.id);
  if (!answer.ok) {
    button.disabled = false;
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  Object.assign(registration, answer.body ?? {});
  renderList();
  announce(action === "check-in" ? t("checkedIn", { name }) : action === "undo" ? t("undone", { name, day: formatDay(day) }) : t("cancelled", { name }), "good", notice);
  // The focus stays in the row: on its next button, or on the row's name cell.
  const row = document.querySelector(`tr[data-registration="${CSS.escape(registration.id)}"]`);
  (row?.querySelector("button") ?? document.getElementById("count")).focus?.();
  loadSummary();
});

document.getElementById("refresh").addEventListener("click", async () => {
  await Promise.all([loadRegistrations(true), loadSummary()]);
});

document.getElementById("export").addEventListener("click", async () => {
  const separator = document.getElementById("separator").value;
  const answer = await exportCsv(eventId, separator);
  if (!answer.ok) {
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  await saveDownload(answer, `${eventId}-registrations.csv`);
  announce(t("exported"), "good", notice);
});

document.getElementById("export-xlsx").addEventListener("click", async () => {
  const answer = await exportXlsx(eventId);
  if (!answer.ok) {
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  await saveDownload(answer, `${eventId}-registrations.xlsx`);
  announce(t("exportedXlsx"), "good", notice);
});

async function loadRegistrations(announceCount = false) {
  const answer = await listRegistrations(eventId, query());
  if (!answer.ok) {
    if (answer.status === 400 && answer.body?.errors) announce(Object.values(answer.body.errors).flat().join(" "), "bad", notice);
    else if (answer.status !== 401) failure(answer, notice);
    return;
  }
  registrations = answer.items;
  renderList();
  if (announceCount) announce(document.getElementById("count").textContent, "info", null);
}

// ---- Counts ----

function table(caption, headers, rows) {
  if (!rows.length) return `<p>${escapeHtml(caption)}: ${escapeHtml(t("none"))}</p>`;
  return `<div class="table-scroll" role="region" aria-label="${escapeHtml(t("tableOf", { name: caption }))}" tabindex="0"><table>
    <caption>${escapeHtml(caption)}</caption>
    <thead><tr>${headers.map(h => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>
    <tbody>${rows.map(([head, ...cells]) => `<tr><th scope="row">${escapeHtml(head)}</th>${cells.map(c => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("")}</tbody>
  </table></div>`;
}

async function loadSummary() {
  const answer = await getSummary(eventId);
  const box = document.getElementById("summary-tables");
  if (!answer.ok) {
    box.innerHTML = "";
    return;
  }
  const s = answer.body;
  total = s.total ?? 0;
  document.getElementById("count").textContent = t("shown", { shown: registrations.length, total });
  const byCount = object => Object.entries(object ?? {}).sort((a, b) => b[1] - a[1]);
  box.innerHTML = `
    <p id="summary-totals">${escapeHtml(t("summaryTotals", { total, confirmed: s.byStatus?.confirmed ?? 0, waitlisted: s.byStatus?.waitlisted ?? 0, cancelled: s.byStatus?.cancelled ?? 0, studyVisit: s.studyVisit ?? 0 }))}</p>
    <div id="summary-days">${table(t("perDay"), [t("colDay"), t("statusConfirmed"), t("colCheckedIn")], (s.days ?? []).map(d => [formatDay(d.day), String(d.confirmed), String(d.checkedIn)]))}</div>
    <div id="summary-dietary">${table(t("dietary"), [t("colRequirement"), t("colCount")], (s.dietary ?? []).map(d => [d.requirement, String(d.count)]))}</div>
    <div class="row">
      <div id="summary-countries">${table(t("byCountry"), [t("colCountry"), t("colCount")], byCount(s.byCountry).map(([c, n]) => [countryName(c), String(n)]))}</div>
      <div id="summary-sectors">${table(t("bySector"), [t("filterSector"), t("colCount")], byCount(s.bySector).map(([c, n]) => [sectors[c] ?? c, String(n)]))}</div>
    </div>`;
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
  days = eventDays(event);
  const title = t("registrationsTitle", { title: event.title?.en ?? event.id });
  document.getElementById("title").textContent = title;
  document.title = `${title} · ${t("appName")}`;
  renderFilters();
  renderInvitationForm();
  await Promise.all([loadSummary(), loadRegistrations(), loadInvitations(), loadReminders()]);
}

await startPage(load);
