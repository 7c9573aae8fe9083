// Reports and publications from GET /api/benchmarking/reports, grouped by kind; observer-only ones appear
// once the observer key is given (and download with it, as the link alone would not carry the key).
import { api, escapeHtml, setUpPage, t } from "./app.js";
import { formatNumber } from "./charts.js";
import { getWithKey, observerKey, setUpObserverForm } from "./observer.js";

setUpPage();
const kinds = ["benchmarkingReport", "policyRecommendation", "presentation", "publication"];
const formats = { "application/pdf": "PDF", "text/csv": "CSV", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX" };
const status = document.getElementById("status");
const list = document.getElementById("documents");

const size = bytes => (bytes >= 1024 * 1024
  ? formatNumber(bytes / (1024 * 1024), { style: "unit", unit: "megabyte", maximumFractionDigits: 1 })
  : formatNumber(Math.max(1, Math.round(bytes / 1024)), { style: "unit", unit: "kilobyte" }));

function item(report) {
  const href = `${api}/benchmarking/reports/${encodeURIComponent(report.id)}/content`;
  const meta = t("documents.meta", { year: String(report.year), format: formats[report.contentType] ?? report.contentType, size: size(report.size) });
  const link = report.visibility === "public"
    ? `<a href="${escapeHtml(href)}">${escapeHtml(report.title)}</a>`
    : `<a href="${escapeHtml(href)}" data-keyed="${escapeHtml(report.fileName ?? "")}">${escapeHtml(report.title)}</a> <span class="tag note">${escapeHtml(t("documents.observers"))}</span>`;
  return `<li class="document" data-report="${escapeHtml(report.id)}">${link}<p class="meta">${escapeHtml(meta)}</p></li>`;
}

/** An observer-only file is fetched with the key and handed to the browser as a download. */
async function downloadWithKey(event) {
  const link = event.target.closest("a[data-keyed]");
  if (!link) return;
  event.preventDefault();
  const response = await fetch(link.href, { headers: { "x-functions-key": observerKey() } });
  if (!response.ok) {
    status.textContent = t("documents.downloadFailed");
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = link.dataset.keyed || "document";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

async function load() {
  delete document.documentElement.dataset.documents;
  const { ok, body } = await getWithKey("/benchmarking/reports");
  if (!ok) {
    status.textContent = body?.detail || t("errNetwork");
    return;
  }
  const groups = kinds.map(kind => [kind, body.items.filter(r => (r.kind ?? "benchmarkingReport") === kind)]).filter(([, items]) => items.length);
  list.innerHTML = groups.length === 0
    ? `<p>${escapeHtml(t("documents.none"))}</p>`
    : groups.map(([kind, items]) => `<section aria-labelledby="kind-${kind}"><h2 id="kind-${kind}">${escapeHtml(t(`documents.kinds.${kind}`))}</h2>
        <ul class="documents">${items.map(item).join("")}</ul></section>`).join("");
  status.textContent = t("documents.count", { n: body.items.length });
  document.documentElement.dataset.documents = observerKey() ? "observer" : "public"; // the tests wait for it
}

list.addEventListener("click", downloadWithKey);
setUpObserverForm(document.getElementById("observer"),
  async key => (await getWithKey("/benchmarking/clusters/-?year=2000", key)).status !== 401,
  load);
await load();
