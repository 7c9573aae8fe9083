// Project progress from GET /api/progress (counts only): events held, participants by country and by
// sector, clusters per working group; each chart (Observable Plot) beside a table with the same numbers.
import { countryName, escapeHtml, getJson, locale, setUpPage, t } from "./app.js";
import { barChart, formatNumber, table } from "./charts.js";

setUpPage();
const status = document.getElementById("status");

/** A chart and its table: rows of { label, count }, tallest first. */
function bars(id, title, columnLabel, rows) {
  const container = document.getElementById(id);
  if (rows.length === 0) {
    container.innerHTML = `<h3>${escapeHtml(title)}</h3><p class="meta">${escapeHtml(t("progress.noneYet"))}</p>`;
    return;
  }
  container.innerHTML = `<h3 id="${id}-title">${escapeHtml(title)}</h3><figure class="chart"><div class="plot"></div></figure>
    ${table(title, [columnLabel, t("progress.col.count")], rows.map(r => [r.label, formatNumber(r.count)]), `${id}-table`)}`;
  barChart(container.querySelector(".plot"), rows, t("charts.bars", { title }));
}

/** The hook for meetings held: nothing to show until the API counts meetings (none exist yet). */
function showMeetings(meetings) {
  if (!meetings) return;
  const section = document.getElementById("meetings");
  section.hidden = false;
  bars("meetings-list", t("progress.meetings"), t("progress.col.type"), meetings.map(m => ({ label: m.label, count: m.count })));
}

const { ok, body } = await getJson("/progress");
if (!ok) {
  status.textContent = body?.detail || t("errNetwork");
} else {
  const byCount = (a, b) => b.count - a.count;
  document.getElementById("events-summary").textContent = t("progress.eventsSummary", { held: body.events.held, upcoming: body.events.upcoming });
  bars("by-type", t("progress.byType"), t("progress.col.type"),
    body.events.heldByType.map(x => ({ label: t(`types.${x.type}`), count: x.count })).sort(byCount));
  document.getElementById("participants-summary").textContent = t("progress.confirmed", { n: body.participants.confirmed });
  bars("by-country", t("progress.byCountry"), t("progress.col.country"),
    body.participants.byCountry.map(x => ({ label: countryName(x.country), count: x.count })).sort(byCount));
  bars("by-sector", t("progress.bySector"), t("progress.col.sector"),
    body.participants.bySector.map(x => ({ label: t(`sectorNames.${x.sector}`), count: x.count })).sort(byCount));
  document.getElementById("counted-at").textContent = t("progress.countedAt", {
    date: new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeStyle: "short" }).format(new Date(body.participants.countedAt)),
  });
  document.getElementById("clusters-summary").textContent = t("progress.inCatalogue", { n: body.clusters.inCatalogue });
  bars("by-group", t("progress.byGroup"), t("progress.col.group"),
    body.clusters.byWorkingGroup.map(x => ({ label: t(`sectorNames.${x.sector}`), count: x.count })).sort(byCount));
  showMeetings(body.meetings);
  status.textContent = "";
  document.documentElement.dataset.progress = "shown";
}
