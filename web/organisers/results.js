// Benchmarking: a report upload with its progress, and the indicator import with its line-by-line result.
import { importIndicators, uploadReport } from "./api.js";
import { announce, clearFieldErrors, escapeHtml, failure, renderShell, showFieldErrors, startPage, t } from "./office.js";

renderShell("results.html");
const reportForm = document.getElementById("report-form");
const indicatorsForm = document.getElementById("indicators-form");

function sizeText(bytes) {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function load() {
  const year = new Date().getFullYear();
  reportForm.innerHTML = `
    <div class="field"><label for="report-file">${escapeHtml(t("reportFile"))}</label>
      <input id="report-file" name="file" type="file" accept=".pdf,.xlsx,.csv,application/pdf,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required></div>
    <div class="row">
      <div class="field"><label for="report-title">${escapeHtml(t("reportName"))}</label><input id="report-title" name="title" type="text" required></div>
      <div class="field"><label for="report-year">${escapeHtml(t("reportYear"))}</label><input id="report-year" name="year" type="number" min="2000" max="2100" inputmode="numeric" value="${year}" required></div>
      <div class="field"><label for="report-visibility">${escapeHtml(t("reportVisibility"))}</label><select id="report-visibility" name="visibility">
        <option value="public">${escapeHtml(t("visibilityPublic"))}</option><option value="observers">${escapeHtml(t("visibilityObservers"))}</option><option value="organisers">${escapeHtml(t("visibilityOrganisers"))}</option></select></div>
    </div>
    <div id="report-summary" class="summary" role="alert" tabindex="-1" hidden></div>
    <div class="field" id="report-progress-field" hidden><label for="report-progress">${escapeHtml(t("uploadProgress"))}</label>
      <progress id="report-progress" max="100" value="0">0%</progress></div>
    <p class="actions"><button type="submit" id="upload">${escapeHtml(t("upload"))}</button></p>`;
  indicatorsForm.innerHTML = `
    <p class="meta" id="indicators-help">${escapeHtml(t("indicatorsHelp"))}</p>
    <div class="field"><label for="indicators-file">${escapeHtml(t("indicatorsFile"))}</label>
      <input id="indicators-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="indicators-help" required></div>
    <div id="indicators-summary" class="summary" role="alert" tabindex="-1" hidden></div>
    <p class="actions"><button type="submit" id="import">${escapeHtml(t("importButton"))}</button></p>`;
}

const reportFields = name => ({ file: "report-file", title: "report-title", year: "report-year", visibility: "report-visibility" }[name] ?? null);

reportForm.addEventListener("submit", async e => {
  e.preventDefault();
  const summary = document.getElementById("report-summary");
  const result = document.getElementById("report-result");
  clearFieldErrors(reportForm, summary);
  result.hidden = true;
  const file = document.getElementById("report-file").files[0];
  if (!file) {
    showFieldErrors(reportForm, { file: [t("fileRequired")] }, reportFields, summary);
    return;
  }
  const data = new FormData();
  data.append("title", document.getElementById("report-title").value.trim());
  data.append("year", document.getElementById("report-year").value.trim());
  data.append("visibility", document.getElementById("report-visibility").value);
  data.append("file", file, file.name);
  const progress = document.getElementById("report-progress");
  document.getElementById("report-progress-field").hidden = false;
  progress.value = 0;
  const button = document.getElementById("upload");
  button.disabled = true;
  const answer = await uploadReport(data, share => {
    progress.value = Math.round(share * 100);
    progress.textContent = `${progress.value}%`;
  });
  button.disabled = false;
  if (answer.ok) {
    progress.value = 100;
    announce(t("uploaded", { title: answer.body?.title ?? file.name, size: sizeText(answer.body?.size ?? file.size) }), "good", result);
    reportForm.reset();
    document.getElementById("report-year").value = String(new Date().getFullYear());
    return;
  }
  if (answer.status === 400 && answer.body?.errors) {
    showFieldErrors(reportForm, answer.body.errors, reportFields, summary);
  } else if (answer.status === 413 || answer.status === 415) {
    showFieldErrors(reportForm, { file: [answer.body?.detail ?? t("failed", { status: answer.status })] }, reportFields, summary);
  } else if (answer.status !== 401) {
    failure(answer, result);
  }
});

indicatorsForm.addEventListener("submit", async e => {
  e.preventDefault();
  const summary = document.getElementById("indicators-summary");
  const result = document.getElementById("indicators-result");
  clearFieldErrors(indicatorsForm, summary);
  result.innerHTML = "";
  const file = document.getElementById("indicators-file").files[0];
  if (!file) {
    showFieldErrors(indicatorsForm, { file: [t("fileRequired")] }, () => "indicators-file", summary);
    return;
  }
  const button = document.getElementById("import");
  button.disabled = true;
  const answer = await importIndicators(await file.text());
  button.disabled = false;
  if (!answer.ok) {
    if (answer.status === 400 || answer.status === 413 || answer.status === 415) {
      const errors = answer.body?.errors ?? { file: [answer.body?.detail ?? t("failed", { status: answer.status })] };
      showFieldErrors(indicatorsForm, errors, () => "indicators-file", summary);
    } else if (answer.status !== 401) {
      result.innerHTML = `<p class="notice bad">${escapeHtml(failure(answer, null))}</p>`;
    }
    return;
  }
  const rejected = answer.body?.rejected ?? [];
  const text = t("importResult", { imported: answer.body?.imported ?? 0, rejected: rejected.length });
  result.innerHTML = `<p class="notice ${rejected.length ? "info" : "good"}" id="import-outcome">${escapeHtml(text)}</p>${rejected.length ? `
    <div class="table-scroll" role="region" aria-labelledby="rejected-title" tabindex="0"><table class="cards" id="rejected">
      <caption id="rejected-title">${escapeHtml(t("rejectedLines"))}</caption>
      <thead><tr><th scope="col">${escapeHtml(t("colLine"))}</th><th scope="col">${escapeHtml(t("colReason"))}</th></tr></thead>
      <tbody>${rejected.map(r => `<tr><td data-label="${escapeHtml(t("colLine"))}">${escapeHtml(r.line)}</td><td data-label="${escapeHtml(t("colReason"))}">${escapeHtml(r.reason)}</td></tr>`).join("")}</tbody>
    </table></div>` : ""}`;
  announce(text, "good", null);
});

await startPage(load);
