// Benchmarking results: indicator statistics by area as box plots (Observable Plot) with a table holding
// the same numbers; observers (observer key) also choose a cluster whose values are marked on the plots.
import { escapeHtml, getJson, setUpPage, t } from "./app.js";
import { boxPlot, formatNumber, table } from "./charts.js";
import { getWithKey, observerKey, setUpObserverForm } from "./observer.js";

setUpPage();
const areas = ["structure", "governance", "financing", "services", "interaction", "achievements"];
const sectors = ["ict", "tourism", "health", "energyEnvironment", "food"];
const form = document.getElementById("filters");
const status = document.getElementById("status");
const container = document.getElementById("areas");
const clusterField = document.getElementById("cluster-field");
form.sector.innerHTML = `<option value="">${escapeHtml(t("allSectors"))}</option>` + sectors.map(s => `<option value="${s}">${escapeHtml(t("sectorNames." + s))}</option>`).join("");
form.year.innerHTML = `<option value="">${escapeHtml(t("benchmark.latestYear"))}</option>`;
let yearsFilled = false;

function fillYears(latest) {
  if (yearsFilled || !latest) return;
  yearsFilled = true;
  const options = [];
  for (let year = latest; year >= Math.max(1990, latest - 15); year--) options.push(`<option value="${year}">${year}</option>`);
  form.year.insertAdjacentHTML("beforeend", options.join(""));
}

/** Observers choose a cluster from the catalogue (names, not ids); the catalogue is read page by page. */
async function fillClusters() {
  if (!observerKey()) {
    clusterField.hidden = true;
    form.cluster.innerHTML = "";
    return;
  }
  const clusters = [];
  let token = null;
  for (let page = 0; page < 10; page++) {
    const query = new URLSearchParams({ pageSize: "100" });
    if (token) query.set("continuationToken", token);
    const { ok, body } = await getJson(`/clusters?${query}`);
    if (!ok) break;
    clusters.push(...body.items);
    token = body.continuationToken;
    if (!token) break;
  }
  const collator = new Intl.Collator(document.documentElement.lang);
  clusters.sort((a, b) => collator.compare(a.name, b.name));
  form.cluster.innerHTML = `<option value="">${escapeHtml(t("benchmark.clusterChoose"))}</option>`
    + clusters.map(c => `<option value="${escapeHtml(c.id)}">${escapeHtml(c.name)}</option>`).join("");
  clusterField.hidden = false;
}

const number = v => (v == null ? "–" : formatNumber(v));

function areaSection(area, items, standing, year) {
  const withRange = items.some(i => i.min != null);
  const marked = standing && items.some(i => standing.has(i.indicator));
  const name = t(`benchmark.areas.${area}`);
  const headers = [t("benchmark.col.indicator"), t("benchmark.col.unit"), t("benchmark.col.count")]
    .concat(withRange ? [t("benchmark.col.min")] : [], [t("benchmark.col.p25"), t("benchmark.col.median"), t("benchmark.col.p75")],
      withRange ? [t("benchmark.col.max")] : [], marked ? [t("benchmark.col.cluster"), t("benchmark.col.percentile")] : []);
  const rows = items.map(i => {
    const mine = standing?.get(i.indicator);
    return [i.indicator, i.unit || "–", formatNumber(i.count)]
      .concat(withRange ? [number(i.min)] : [], [number(i.p25), number(i.median), number(i.p75)], withRange ? [number(i.max)] : [],
        marked ? [number(mine?.value), mine ? formatNumber(mine.percentile, { maximumFractionDigits: 0 }) : "–"] : []);
  });
  const figures = items.map((i, n) => `<figure class="chart" data-indicator="${escapeHtml(i.indicator)}">
      <figcaption>${escapeHtml(i.indicator)}${i.unit ? ` <span class="meta">(${escapeHtml(i.unit)})</span>` : ""}</figcaption>
      <div class="plot" id="plot-${area}-${n}"></div></figure>`).join("");
  return `<section class="area" data-area="${area}" aria-labelledby="area-${area}"><h2 id="area-${area}">${escapeHtml(name)}</h2>
    <p class="meta">${escapeHtml(t("benchmark.legend"))}</p>
    <div class="charts">${figures}</div>
    ${table(t("benchmark.tableCaption", { area: name, year: String(year) }), headers, rows, `table-${area}`)}</section>`;
}

async function load() {
  status.textContent = t("loading");
  delete document.documentElement.dataset.results;
  const query = new URLSearchParams();
  if (form.year.value) query.set("year", form.year.value);
  if (form.sector.value) query.set("sector", form.sector.value);
  const { ok, body } = await getWithKey(`/benchmarking/indicators?${query}`);
  if (!ok) {
    status.textContent = body?.errors ? Object.values(body.errors).flat().join(" ") : (body?.detail || t("errNetwork"));
    container.innerHTML = "";
    return;
  }
  fillYears(body.year);
  let standing = null;
  const clusterId = observerKey() ? form.cluster.value : "";
  let clusterNote = "";
  if (clusterId) {
    const year = new URLSearchParams(body.year ? { year: String(body.year) } : {});
    const answer = await getWithKey(`/benchmarking/clusters/${encodeURIComponent(clusterId)}?${year}`);
    if (answer.ok) {
      standing = new Map(answer.body.items.map(i => [i.indicator, i]));
      clusterNote = t("benchmark.clusterShown", { name: form.cluster.selectedOptions[0]?.textContent ?? clusterId });
    } else {
      clusterNote = answer.status === 404 ? t("benchmark.clusterNone") : t("observer.refused");
    }
  }
  if (body.items.length === 0) {
    container.innerHTML = `<p>${escapeHtml(t("benchmark.none"))}</p>`;
    status.textContent = clusterNote;
    document.documentElement.dataset.results = "shown";
    return;
  }
  const groups = [...areas, "other"].map(area => [area, body.items.filter(i => (i.area ?? "other") === area)]).filter(([, items]) => items.length);
  container.innerHTML = `<h2 class="year">${escapeHtml(t("benchmark.yearShown", { year: String(body.year) }))}</h2>`
    + groups.map(([area, items]) => areaSection(area, items, standing, body.year)).join("");
  for (const [area, items] of groups) {
    items.forEach((i, n) => {
      const mine = standing?.get(i.indicator);
      const label = t("benchmark.chartLabel", { indicator: i.indicator, p25: number(i.p25), median: number(i.median), p75: number(i.p75) })
        + (mine ? " " + t("benchmark.chartCluster", { value: number(mine.value) }) : "");
      boxPlot(document.getElementById(`plot-${area}-${n}`), { ...i, marker: mine?.value }, label);
    });
  }
  status.textContent = [t("benchmark.count", { n: body.items.length }), clusterNote].filter(Boolean).join(" ");
  document.documentElement.dataset.results = clusterId && standing ? `marked:${clusterId}` : "shown"; // the tests wait for it
}

setUpObserverForm(document.getElementById("observer"),
  async key => (await getWithKey("/benchmarking/clusters/-?year=2000", key)).status !== 401,
  async () => { await fillClusters(); await load(); });
form.addEventListener("submit", e => { e.preventDefault(); load(); });
await fillClusters();
await load();
