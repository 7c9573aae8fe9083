// The bilateral meetings of one event: run the scheduler (publishes), and the grid of slots × tables, printable.
import { apiBase, getEvent, request } from "./api.js";
import { announce, escapeHtml, failure, formatDate, renderShell, saveDownload, startPage, t, texts } from "./office.js";

// This page's words, beside the back-office's others (texts.js).
Object.assign(texts, {
  meetingsTitle: "Bilateral meetings",
  meetingsOf: "Bilateral meetings: {event}",
  meetingsIntro: "Participants request meetings from their manage page. The scheduler places the accepted requests at tables and times (keeping published meetings in place where it can) and emails everyone whose meetings are new, moved or dropped.",
  meetingsRun: "Run the scheduler and publish",
  meetingsPrint: "Print",
  meetingsXlsx: "Download XLSX",
  meetingsXlsxDone: "The meeting grid was downloaded as an Excel file.",
  meetingsNone: "This event offers no bilateral meetings. Add meeting sessions to the event first.",
  meetingsReport: "{scheduled} meetings scheduled of at most {upperBound} ({greedy} by the greedy assignment; {optimal}), in {seconds} s. {notified} people are emailed.",
  meetingsOptimal: "proven optimal",
  meetingsNotOptimal: "not proven optimal",
  meetingsEmpty: "No meetings are published yet.",
  meetingsSlot: "Time",
  meetingsTable: "Table {n}",
  meetingsHeld: "held",
  meetingsNoShow: "no-show",
});

renderShell("index.html");
const eventId = new URLSearchParams(location.search).get("event") ?? "";
document.getElementById("registrations-link").href = `registrations.html?event=${encodeURIComponent(eventId)}`;
const xlsxPath = `/manage/events/${encodeURIComponent(eventId)}/meetings.xlsx`;
const xlsxName = `${eventId}-meetings.xlsx`;
// The plain link works where the platform's sign-in carries the request; the click fetches with the organiser key.
const xlsxLink = document.getElementById("download-xlsx");
xlsxLink.href = apiBase + xlsxPath;
xlsxLink.download = xlsxName;
const grid = document.getElementById("grid");
const report = document.getElementById("report");
const notice = document.getElementById("notice");
let programmeEvent = null;

/** The event's slots, as the API cuts them: each session in pieces of slotMinutes. */
function slots(meetings) {
  const list = [];
  for (const session of meetings.sessions) {
    const end = new Date(session.endsAt).getTime();
    for (let start = new Date(session.startsAt).getTime(); start + meetings.slotMinutes * 60000 <= end; start += meetings.slotMinutes * 60000) {
      list.push(new Date(start).toISOString());
    }
  }
  return list;
}

async function showGrid() {
  const answer = await request("GET", `/manage/events/${encodeURIComponent(eventId)}/meetings`);
  grid.removeAttribute("aria-busy");
  if (!answer.ok) {
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  const items = answer.body?.items ?? [];
  if (!items.length) {
    grid.innerHTML = `<p>${escapeHtml(t("meetingsEmpty"))}</p>`;
    return;
  }
  const meetings = programmeEvent.meetings;
  const at = new Map(items.map(m => [`${new Date(m.startsAt).toISOString()}|${m.table}`, m]));
  const tables = Array.from({ length: meetings.tables }, (_, i) => i + 1);
  const cell = m => {
    if (!m) return "";
    const outcome = m.outcomes.length ? ` <span class="tag">${escapeHtml(m.outcomes.map(o => t(o.held ? "meetingsHeld" : "meetingsNoShow")).join(" / "))}</span>` : "";
    return m.people.map(p => `${escapeHtml(p.name)}<br><small>${escapeHtml(p.organisation)}</small>`).join("<br>–<br>") + outcome;
  };
  grid.innerHTML = `<div class="table-scroll" role="region" aria-label="${escapeHtml(t("tableOf", { name: t("meetingsTitle") }))}" tabindex="0"><table class="meetings-grid">
    <thead><tr><th scope="col">${escapeHtml(t("meetingsSlot"))}</th>${tables.map(n => `<th scope="col">${escapeHtml(t("meetingsTable", { n }))}</th>`).join("")}</tr></thead>
    <tbody>${slots(meetings).map(slot => `<tr><th scope="row">${escapeHtml(formatDate(slot, programmeEvent.timeZone))}</th>
      ${tables.map(n => `<td data-table="${n}">${cell(at.get(`${slot}|${n}`))}</td>`).join("")}</tr>`).join("")}</tbody></table></div>`;
}

async function load() {
  const answer = await getEvent(eventId);
  if (!answer.ok) {
    grid.removeAttribute("aria-busy");
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  programmeEvent = answer.body;
  document.getElementById("title").textContent = t("meetingsOf", { event: programmeEvent.title?.en ?? eventId });
  if (!programmeEvent.meetings) {
    grid.removeAttribute("aria-busy");
    grid.innerHTML = `<p>${escapeHtml(t("meetingsNone"))}</p>`;
    document.getElementById("schedule").hidden = true;
    xlsxLink.hidden = true;
    return;
  }
  await showGrid();
}

document.getElementById("schedule").addEventListener("click", async e => {
  const button = e.currentTarget;
  button.disabled = true;
  const answer = await request("POST", `/manage/events/${encodeURIComponent(eventId)}/meetings/schedule`);
  button.disabled = false;
  if (!answer.ok) {
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  const r = answer.body;
  report.innerHTML = `<p class="notice good" id="schedule-report">${escapeHtml(t("meetingsReport", { ...r, optimal: t(r.optimal ? "meetingsOptimal" : "meetingsNotOptimal") }))}</p>`;
  await showGrid();
});
document.getElementById("print").addEventListener("click", () => window.print());
xlsxLink.addEventListener("click", async e => {
  e.preventDefault();
  const answer = await request("GET", xlsxPath, { raw: true });
  if (!answer.ok) {
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  await saveDownload(answer, xlsxName);
  announce(t("meetingsXlsxDone"), "good", notice);
});

await startPage(load);
