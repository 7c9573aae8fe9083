// Cluster profiles waiting for approval, each with how it stands against the ECCP criteria.
import { approveCluster, listClusters, rejectCluster } from "./api.js";
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

function card(item) {
  const p = item.profile;
  return `<article class="card" data-cluster="${escapeHtml(p.id)}" aria-labelledby="c-${escapeHtml(p.id)}">
    <h2 id="c-${escapeHtml(p.id)}">${escapeHtml(p.name)}</h2>
    <p class="meta">${escapeHtml([p.city, countryName(p.country)].filter(Boolean).join(", "))} · ${escapeHtml(t("submitted", { when: formatDate(item.submittedAt) }))}</p>
    <p>${(p.sectors ?? []).map(s => `<span class="tag">${escapeHtml(sectors[s] ?? s)}</span>`).join("")}</p>
    <p class="description">${escapeHtml(p.description)}</p>
    ${p.website ? `<p><a href="${escapeHtml(p.website)}" rel="noopener noreferrer">${escapeHtml(p.website)}</a></p>` : ""}
    ${p.contact ? `<p class="meta">${escapeHtml(t("contact"))}: ${escapeHtml(p.contact.name)} &lt;${escapeHtml(p.contact.email ?? "")}&gt;</p>` : ""}
    ${criteria(item)}
    <p class="actions">
      <button type="button" data-approve="${escapeHtml(p.id)}" aria-label="${escapeHtml(t("approveOf", { name: p.name }))}">${escapeHtml(t("approve"))}</button>
      <button type="button" class="danger" data-reject="${escapeHtml(p.id)}" aria-label="${escapeHtml(t("rejectOf", { name: p.name }))}">${escapeHtml(t("reject"))}</button>
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
  announce(t(approve ? "approved" : "rejected", { name: item?.profile.name ?? id }), "good", notice);
  // The focus goes to the next profile's first button, else to the result.
  const next = pending.querySelectorAll("article")[Math.min(index, items.length - 1)];
  (next?.querySelector("button") ?? document.querySelector("#content h1")).focus();
});

async function load() {
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
