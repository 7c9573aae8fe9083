// Cluster profiles waiting for approval, each with how it stands against the ECCP criteria; approved
// profiles with an edit waiting (shown beside the approved version); working-group join requests.
import { approveCluster, listClusters, rejectCluster, request } from "./api.js";
import { announce, countryName, escapeHtml, failure, formatDate, renderShell, startPage, t } from "./office.js";
import { sectors } from "./texts.js";

renderShell("moderation.html");
const notice = document.getElementById("notice");
const pending = document.getElementById("pending");
let items = [];

function criteria(item) {
  const p = item.profile;
  const c = item.criteria ?? {};
  const line = (met, key, value) => `<li class="${met ? "met" : "unmet"}">${escapeHtml(t(key, { value }))} <span class="visually-hidden">(${escapeHtml(met ? t("met") : t("notMet"))})</span></li>`;
  return `<h3>${escapeHtml(t("criteria"))}: ${escapeHtml(item.meetsCriteria ? t("meetsAll") : t("meetsNotAll"))}</h3><ul class="criteria">
    ${line(c.atLeast15Members, "criterionMembers", p.memberCount ?? "—")}
    ${line(c.atLeastHalfFteManagement, "criterionFte", p.managementFte ?? "—")}
    ${line(c.atLeastTwoMemberTypes, "criterionTypes", (p.memberTypes ?? []).join(", ") || "—")}
  </ul>`;
}

function pendingEdit(item) {
  const edit = item.pendingEdit;
  if (!edit) return "";
  const e = edit.profile;
  return `<section class="pending-edit"><h3>${escapeHtml(t("pendingEditTitle", { when: formatDate(edit.submittedAt) }))}</h3>
    <p class="meta">${escapeHtml(t("pendingEditIntro"))}</p>
    <h4>${escapeHtml(e.name)}</h4>
    <p class="meta">${escapeHtml([e.city, countryName(e.country)].filter(Boolean).join(", "))}</p>
    <p>${(e.sectors ?? []).map(s => `<span class="tag">${escapeHtml(sectors[s] ?? s)}</span>`).join("")}</p>
    <p class="description">${escapeHtml(e.description)}</p>
    ${e.website ? `<p><a href="${escapeHtml(e.website)}" rel="noopener noreferrer">${escapeHtml(e.website)}</a></p>` : ""}
    ${e.contact ? `<p class="meta">${escapeHtml(t("contact"))}: ${escapeHtml(e.contact.name)} &lt;${escapeHtml(e.contact.email ?? "")}&gt;</p>` : ""}
    ${criteria({ profile: e, criteria: edit.criteria, meetsCriteria: edit.meetsCriteria })}</section>`;
}

function card(item) {
  const p = item.profile;
  const isEdit = Boolean(item.pendingEdit);
  return `<article class="card" data-cluster="${escapeHtml(p.id)}" aria-labelledby="c-${escapeHtml(p.id)}">
    <h2 id="c-${escapeHtml(p.id)}">${escapeHtml(p.name)}</h2>
    <p class="meta">${escapeHtml([p.city, countryName(p.country)].filter(Boolean).join(", "))} · ${escapeHtml(t("submitted", { when: formatDate(item.submittedAt) }))}</p>
    <p>${(p.sectors ?? []).map(s => `<span class="tag">${escapeHtml(sectors[s] ?? s)}</span>`).join("")}</p>
    <p class="description">${escapeHtml(p.description)}</p>
    ${p.website ? `<p><a href="${escapeHtml(p.website)}" rel="noopener noreferrer">${escapeHtml(p.website)}</a></p>` : ""}
    ${p.contact ? `<p class="meta">${escapeHtml(t("contact"))}: ${escapeHtml(p.contact.name)} &lt;${escapeHtml(p.contact.email ?? "")}&gt;</p>` : ""}
    ${isEdit ? "" : criteria(item)}
    ${pendingEdit(item)}
    <p class="actions">
      <button type="button" data-approve="${escapeHtml(p.id)}" aria-label="${escapeHtml(t(isEdit ? "approveEditOf" : "approveOf", { name: p.name }))}">${escapeHtml(t("approve"))}</button>
      <button type="button" class="danger" data-reject="${escapeHtml(p.id)}" aria-label="${escapeHtml(t(isEdit ? "rejectEditOf" : "rejectOf", { name: p.name }))}">${escapeHtml(t("reject"))}</button>
    </p>
  </article>`;
}

function render() {
  pending.innerHTML = items.length ? items.map(card).join("") : `<p>${escapeHtml(t("noPending"))}</p>`;
}

pending.addEventListener("click", async e => {
  const button = e.target.closest("button[data-approve], button[data-reject]");
  if (!button) return;
  const approve = Boolean(button.dataset.approve);
  const id = button.dataset.approve ?? button.dataset.reject;
  const item = items.find(i => i.profile.id === id);
  button.closest(".actions").querySelectorAll("button").forEach(b => { b.disabled = true; });
  const answer = approve ? await approveCluster(id) : await rejectCluster(id);
  if (!answer.ok) {
    button.closest(".actions").querySelectorAll("button").forEach(b => { b.disabled = false; });
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  const index = items.indexOf(item);
  items = items.filter(i => i !== item);
  render();
  const said = item?.pendingEdit ? (approve ? "editApproved" : "editRejected") : (approve ? "approved" : "rejected");
  // An approved edit may rename the cluster that a working-group request names.
  if (item?.pendingEdit && approve) loadRequests();
  announce(t(said, { name: item?.profile.name ?? id }), "good", notice);
  // The focus goes to the next profile's first button, else to the result.
  const next = pending.querySelectorAll("article")[Math.min(index, items.length - 1)];
  (next?.querySelector("button") ?? document.querySelector("#content h1")).focus();
});

// Working-group join requests: admit (a member from now) or decline; the contact is emailed either way.
const requests = document.getElementById("requests");
let asks = [];

function renderRequests() {
  requests.innerHTML = asks.length === 0 ? `<p>${escapeHtml(t("noGroupRequests"))}</p>` : `<ul class="requests">${asks.map(r => {
    const names = { name: r.name, group: sectors[r.sector] ?? r.sector };
    return `<li data-request="${escapeHtml(r.clusterId)}/${escapeHtml(r.sector)}">
      ${escapeHtml(t("groupRequest", { ...names, country: countryName(r.country), when: formatDate(r.requestedAt) }))}
      <span class="actions"><button type="button" data-admit="${escapeHtml(r.clusterId)}" data-sector="${escapeHtml(r.sector)}" aria-label="${escapeHtml(t("admitOf", names))}">${escapeHtml(t("admit"))}</button>
      <button type="button" class="danger" data-decline="${escapeHtml(r.clusterId)}" data-sector="${escapeHtml(r.sector)}" aria-label="${escapeHtml(t("declineOf", names))}">${escapeHtml(t("decline"))}</button></span></li>`;
  }).join("")}</ul>`;
}

requests.addEventListener("click", async e => {
  const button = e.target.closest("button[data-admit], button[data-decline]");
  if (!button) return;
  const admit = Boolean(button.dataset.admit);
  const clusterId = button.dataset.admit ?? button.dataset.decline;
  const sector = button.dataset.sector;
  const ask = asks.find(r => r.clusterId === clusterId && r.sector === sector);
  button.closest(".actions").querySelectorAll("button").forEach(b => { b.disabled = true; });
  const answer = await request("POST", `/manage/working-groups/${encodeURIComponent(sector)}/members/${encodeURIComponent(clusterId)}/${admit ? "approve" : "decline"}`);
  if (!answer.ok) {
    button.closest(".actions").querySelectorAll("button").forEach(b => { b.disabled = false; });
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  asks = asks.filter(r => r !== ask);
  renderRequests();
  announce(t(admit ? "admitted" : "declined", { name: ask?.name ?? clusterId, group: sectors[sector] ?? sector }), "good", notice);
  (requests.querySelector("button") ?? document.querySelector("#content h1")).focus();
});

async function loadRequests() {
  const answer = await request("GET", "/manage/working-groups");
  requests.removeAttribute("aria-busy");
  if (!answer.ok) {
    requests.innerHTML = "";
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  asks = answer.body?.items ?? [];
  renderRequests();
}

async function load() {
  loadRequests();
  pending.innerHTML = `<p>${escapeHtml(t("loading"))}</p>`;
  const answer = await listClusters("pending");
  pending.removeAttribute("aria-busy");
  if (!answer.ok) {
    pending.innerHTML = "";
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  items = answer.items;
  render();
}

await startPage(load);
