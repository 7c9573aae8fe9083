// The partnership agreement from GET /api/agreement (the latest document and the signatories) and
// GET /api/agreement/versions (every version kept); public, no contact data.
import { countryName, escapeHtml, getJson, locale, setUpPage, t } from "./app.js";
import { formatNumber, table } from "./charts.js";

setUpPage();
const status = document.getElementById("status");
const formats = { "application/pdf": "PDF", "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX" };
const day = text => new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${text.slice(0, 10)}T00:00:00Z`));
const size = bytes => (bytes >= 1024 * 1024
  ? formatNumber(bytes / (1024 * 1024), { style: "unit", unit: "megabyte", maximumFractionDigits: 1 })
  : formatNumber(Math.max(1, Math.round(bytes / 1024)), { style: "unit", unit: "kilobyte" }));
const meta = v => t("agreement.meta", { format: formats[v.contentType] ?? v.contentType, size: size(v.size), date: day(v.uploadedAt) });

const [agreement, versions] = await Promise.all([getJson("/agreement"), getJson("/agreement/versions")]);
if (!agreement.ok) {
  status.textContent = agreement.body?.detail || t("errNetwork");
} else {
  const latest = agreement.body.document;
  document.getElementById("document").innerHTML = latest
    ? `<p><a href="${escapeHtml(latest.url)}">${escapeHtml(t("agreement.download", { version: latest.version }))}</a></p><p class="meta">${escapeHtml(meta(latest))}</p>`
    : `<p>${escapeHtml(t("agreement.noDocument"))}</p>`;
  const older = versions.ok ? versions.body.items.slice(1) : [];
  document.getElementById("versions").innerHTML = older.length === 0 ? "" : `<h3>${escapeHtml(t("agreement.olderVersions"))}</h3>
    <ul>${older.map(v => `<li><a href="${escapeHtml(v.url)}">${escapeHtml(v.version)}</a> <span class="meta">${escapeHtml(meta(v))}</span></li>`).join("")}</ul>`;
  const signatories = agreement.body.signatories;
  document.getElementById("signatories").innerHTML = signatories.length === 0
    ? `<p>${escapeHtml(t("agreement.noSignatories"))}</p>`
    : table(t("agreement.signatoriesCaption", { n: signatories.length }),
      [t("agreement.col.cluster"), t("agreement.col.country"), t("agreement.col.signedAt"), t("agreement.col.place")],
      signatories.map(s => [s.name, countryName(s.country), day(s.signedAt), s.place]), "signatories-table");
}
document.documentElement.dataset.agreement = "ready"; // the tests wait for it
