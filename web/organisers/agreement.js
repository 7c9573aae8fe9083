// The partnership agreement: its versions (each downloadable), a new version's upload with its progress,
// the clusters that signed and the form that records a signature for an approved cluster of the catalogue.
import { downloadAgreement, getAgreement, listAgreementVersions, listCatalogue, publishAgreement, recordSignatory } from "./api.js";
import {
  announce, clearFieldErrors, countryName, escapeHtml, failure, formatDate, formatDay, renderShell, saveDownload, showFieldErrors, startPage, t,
} from "./office.js";

renderShell("agreement.html");
const notice = document.getElementById("notice");
const versionsBox = document.getElementById("versions");
const signatoriesBox = document.getElementById("signatories");
const versionForm = document.getElementById("version-form");
const signatoryForm = document.getElementById("signatory-form");

let versions = [];
let signatories = [];
let clusters = [];

const formats = {
  "application/pdf": ["PDF", "pdf"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["Word (DOCX)", "docx"],
};

function sizeText(bytes) {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** "2026-11-27" in this browser's zone: signatures are not in the future. */
function today() {
  return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

function renderVersions() {
  versionsBox.removeAttribute("aria-busy");
  if (!versions.length) {
    versionsBox.innerHTML = `<p id="current-version">${escapeHtml(t("noVersion"))}</p>`;
    return;
  }
  const latest = versions[0];
  const cell = (key, html) => `<td data-label="${escapeHtml(t(key))}">${html}</td>`;
  versionsBox.innerHTML = `<p id="current-version">${escapeHtml(t("currentVersion", { version: latest.version, when: formatDate(latest.uploadedAt) }))}</p>
    <div class="table-scroll" role="region" aria-labelledby="versions-caption" tabindex="0"><table class="cards" id="versions-table">
      <caption id="versions-caption">${escapeHtml(t("versionsCaption"))}</caption>
      <thead><tr><th scope="col">${escapeHtml(t("colVersion"))}</th><th scope="col">${escapeHtml(t("colUploaded"))}</th><th scope="col">${escapeHtml(t("colFormat"))}</th><th scope="col">${escapeHtml(t("colSize"))}</th><th scope="col">${escapeHtml(t("colDownload"))}</th></tr></thead>
      <tbody>${versions.map((v, index) => `<tr>
        ${cell("colVersion", escapeHtml(v.version))}
        ${cell("colUploaded", escapeHtml(formatDate(v.uploadedAt)))}
        ${cell("colFormat", escapeHtml(formats[v.contentType]?.[0] ?? v.contentType))}
        ${cell("colSize", escapeHtml(sizeText(v.size ?? 0)))}
        ${cell("colDownload", `<button type="button" class="secondary small" data-download="${index}" aria-label="${escapeHtml(t("downloadOf", { version: v.version }))}">${escapeHtml(t("download"))}</button>`)}
      </tr>`).join("")}</tbody>
    </table></div>`;
}

versionsBox.addEventListener("click", async e => {
  const button = e.target.closest("button[data-download]");
  if (!button) return;
  const version = versions[Number(button.dataset.download)];
  if (!version) return;
  button.disabled = true;
  const answer = await downloadAgreement(version.version);
  button.disabled = false;
  if (!answer.ok) {
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  const extension = formats[version.contentType]?.[1] ?? "bin";
  const safe = version.version.replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^-+|-+$/g, "") || "agreement";
  await saveDownload(answer, `partnership-agreement-${safe}.${extension}`);
  announce(t("downloaded", { version: version.version }), "good", notice);
});

function renderSignatories() {
  signatoriesBox.removeAttribute("aria-busy");
  if (!signatories.length) {
    signatoriesBox.innerHTML = `<p>${escapeHtml(t("noSignatories"))}</p>`;
    return;
  }
  const cell = (key, text) => `<td data-label="${escapeHtml(t(key))}">${escapeHtml(text)}</td>`;
  signatoriesBox.innerHTML = `<div class="table-scroll" role="region" aria-labelledby="signatories-caption" tabindex="0"><table class="cards" id="signatories-table">
      <caption id="signatories-caption">${escapeHtml(t("signatoriesCaption"))}</caption>
      <thead><tr><th scope="col">${escapeHtml(t("colCluster"))}</th><th scope="col">${escapeHtml(t("colCountry"))}</th><th scope="col">${escapeHtml(t("colSignedAt"))}</th><th scope="col">${escapeHtml(t("colPlace"))}</th></tr></thead>
      <tbody>${signatories.map(s => `<tr data-signatory="${escapeHtml(s.clusterId)}">
        ${cell("colCluster", s.name)}
        ${cell("colCountry", countryName(s.country))}
        ${cell("colSignedAt", formatDay(s.signedAt))}
        ${cell("colPlace", s.place)}
      </tr>`).join("")}</tbody>
    </table></div>`;
}

function clusterOptions() {
  const signed = new Set(signatories.map(s => s.clusterId));
  const chosen = document.getElementById("signatory-cluster")?.value ?? "";
  return `<option value="">${escapeHtml(t("chooseCluster"))}</option>${clusters.map(c => {
    const names = { name: c.name, country: countryName(c.country) };
    const text = signed.has(c.id) ? t("signedAlreadyOption", names) : `${c.name} (${names.country})`;
    return `<option value="${escapeHtml(c.id)}"${c.id === chosen ? " selected" : ""}>${escapeHtml(text)}</option>`;
  }).join("")}`;
}

function renderForms() {
  versionForm.innerHTML = `
    <p class="meta" id="agreement-file-help">${escapeHtml(t("agreementFileHelp"))}</p>
    <div class="field"><label for="agreement-file">${escapeHtml(t("agreementFile"))}</label>
      <input id="agreement-file" name="file" type="file" aria-describedby="agreement-file-help" required
        accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"></div>
    <div class="field"><label for="agreement-version">${escapeHtml(t("versionName"))}</label>
      <input id="agreement-version" name="version" type="text" maxlength="60" autocomplete="off" required></div>
    <div id="version-summary" class="summary" role="alert" tabindex="-1" hidden></div>
    <div class="field" id="agreement-progress-field" hidden><label for="agreement-progress">${escapeHtml(t("uploadProgress"))}</label>
      <progress id="agreement-progress" max="100" value="0">0%</progress></div>
    <p class="actions"><button type="submit" id="publish">${escapeHtml(t("publish"))}</button></p>`;
  signatoryForm.innerHTML = `
    <div class="field"><label for="signatory-cluster">${escapeHtml(t("signatoryCluster"))}</label>
      <select id="signatory-cluster" name="clusterId" required>${clusterOptions()}</select></div>
    ${clusters.length ? "" : `<p class="meta">${escapeHtml(t("noApproved"))}</p>`}
    <div class="row">
      <div class="field"><label for="signatory-by">${escapeHtml(t("signatoryBy"))}</label>
        <input id="signatory-by" name="signedBy" type="text" autocomplete="off" required></div>
      <div class="field"><label for="signatory-at">${escapeHtml(t("signatoryAt"))}</label>
        <input id="signatory-at" name="signedAt" type="date" min="2000-01-01" max="${today()}" required></div>
      <div class="field"><label for="signatory-place">${escapeHtml(t("signatoryPlace"))}</label>
        <input id="signatory-place" name="place" type="text" autocomplete="off" required></div>
    </div>
    <div id="signatory-summary" class="summary" role="alert" tabindex="-1" hidden></div>
    <p class="actions"><button type="submit" id="record">${escapeHtml(t("recordButton"))}</button></p>`;
}

async function loadVersions() {
  const answer = await listAgreementVersions();
  if (!answer.ok) {
    versionsBox.removeAttribute("aria-busy");
    versionsBox.innerHTML = "";
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  versions = answer.items;
  renderVersions();
}

async function loadSignatories() {
  const answer = await getAgreement();
  if (!answer.ok) {
    signatoriesBox.removeAttribute("aria-busy");
    signatoriesBox.innerHTML = "";
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  signatories = answer.body?.signatories ?? [];
  renderSignatories();
  const picker = document.getElementById("signatory-cluster");
  if (picker) picker.innerHTML = clusterOptions();
}

async function load() {
  versionsBox.innerHTML = `<p>${escapeHtml(t("loading"))}</p>`;
  signatoriesBox.innerHTML = `<p>${escapeHtml(t("loading"))}</p>`;
  const [catalogue] = await Promise.all([listCatalogue(), loadVersions(), loadSignatories()]);
  if (!catalogue.ok && catalogue.status !== 401) failure(catalogue, notice);
  clusters = [...(catalogue.items ?? [])].sort((a, b) => String(a.name).localeCompare(String(b.name), "en"));
  renderForms();
}

const versionFields = name => ({ file: "agreement-file", version: "agreement-version" }[name] ?? null);

versionForm.addEventListener("submit", async e => {
  e.preventDefault();
  const summary = document.getElementById("version-summary");
  const result = document.getElementById("version-result");
  clearFieldErrors(versionForm, summary);
  result.hidden = true;
  const file = document.getElementById("agreement-file").files[0];
  if (!file) {
    showFieldErrors(versionForm, { file: [t("fileRequired")] }, versionFields, summary);
    return;
  }
  const data = new FormData();
  data.append("version", document.getElementById("agreement-version").value.trim());
  data.append("file", file, file.name);
  const progress = document.getElementById("agreement-progress");
  document.getElementById("agreement-progress-field").hidden = false;
  progress.value = 0;
  const button = document.getElementById("publish");
  button.disabled = true;
  const answer = await publishAgreement(data, share => {
    progress.value = Math.round(share * 100);
    progress.textContent = `${progress.value}%`;
  });
  button.disabled = false;
  if (answer.ok) {
    progress.value = 100;
    announce(t("published", { version: answer.body?.version ?? "", size: sizeText(answer.body?.size ?? file.size) }), "good", result);
    versionForm.reset();
    await loadVersions();
    return;
  }
  if (answer.status === 400 && answer.body?.errors) {
    showFieldErrors(versionForm, answer.body.errors, versionFields, summary);
  } else if (answer.status === 409) {
    showFieldErrors(versionForm, { version: [answer.body?.detail ?? t("failed", { status: answer.status })] }, versionFields, summary);
  } else if (answer.status === 413 || answer.status === 415) {
    showFieldErrors(versionForm, { file: [answer.body?.detail ?? t("failed", { status: answer.status })] }, versionFields, summary);
  } else if (answer.status !== 401) {
    failure(answer, result);
  }
});

const signatoryFields = name => ({ clusterId: "signatory-cluster", signedBy: "signatory-by", signedAt: "signatory-at", place: "signatory-place" }[name] ?? null);

signatoryForm.addEventListener("submit", async e => {
  e.preventDefault();
  const summary = document.getElementById("signatory-summary");
  const result = document.getElementById("signatory-result");
  clearFieldErrors(signatoryForm, summary);
  result.hidden = true;
  const clusterId = document.getElementById("signatory-cluster").value;
  if (!clusterId) {
    showFieldErrors(signatoryForm, { clusterId: [t("clusterRequired")] }, signatoryFields, summary);
    return;
  }
  const input = {
    clusterId,
    signedBy: document.getElementById("signatory-by").value.trim(),
    signedAt: document.getElementById("signatory-at").value,
    place: document.getElementById("signatory-place").value.trim(),
  };
  const button = document.getElementById("record");
  button.disabled = true;
  const answer = await recordSignatory(input);
  button.disabled = false;
  const name = clusters.find(c => c.id === clusterId)?.name ?? clusterId;
  if (answer.ok) {
    signatoryForm.reset();
    await loadSignatories();
    announce(t("recorded", { name: answer.body?.name ?? name, date: formatDay(answer.body?.signedAt ?? input.signedAt), place: answer.body?.place ?? input.place }), "good", result);
    return;
  }
  if (answer.status === 400 && answer.body?.errors) {
    showFieldErrors(signatoryForm, answer.body.errors, signatoryFields, summary);
  } else if (answer.status === 409) {
    showFieldErrors(signatoryForm, { clusterId: [t("signedAlready", { name })] }, signatoryFields, summary);
  } else if (answer.status !== 401) {
    failure(answer, result);
  }
});

await startPage(load);
