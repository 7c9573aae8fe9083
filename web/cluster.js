import { countryName, escapeHtml, getJson, locale, setUpPage, t } from "./app.js";

setUpPage();
const id = new URLSearchParams(location.search).get("id") || "";
const profile = document.getElementById("profile");
const matches = document.getElementById("matches");
const topics = new Map(((await getJson("/topics")).body?.items ?? []).map(topic => [topic.id, topic.label]));
const topic = value => topics.get(value) ?? value;

const { ok, body: cluster } = await getJson(`/clusters/${encodeURIComponent(id)}`);
if (!ok) {
  profile.innerHTML = `<p class="notice bad">${escapeHtml(t("none"))}</p>`;
  matches.innerHTML = "";
} else {
  document.title = `${cluster.name} · Clusters Cord`;
  profile.innerHTML = `<h1>${escapeHtml(cluster.name)}</h1>
    <p class="meta">${escapeHtml([cluster.city, cluster.region, cluster.country && countryName(cluster.country)].filter(Boolean).join(", "))} · ${escapeHtml(t("members", { n: cluster.memberCount }))}</p>
    <p>${cluster.sectors.map(s => `<span class="tag">${escapeHtml(t("sectorNames." + s))}</span>`).join("")}</p>
    <p>${escapeHtml(cluster.description)}</p>
    ${cluster.agreement ? `<p id="signed"><a href="agreement.html">${escapeHtml(t("agreement.signedOn", { date: new Intl.DateTimeFormat(locale(), { dateStyle: "long" }).format(new Date(cluster.agreement.signedAt)), place: cluster.agreement.place }))}</a></p>` : ""}
    ${(cluster.memberships ?? []).length ? `<h2>${escapeHtml(t("groups.title"))}</h2><ul id="memberships">${cluster.memberships.map(m => `<li><a href="working-group.html?sector=${encodeURIComponent(m.sector)}">${escapeHtml(t("sectorNames." + m.sector))}</a>: ${escapeHtml(t("profile.memberSince", { date: new Intl.DateTimeFormat(locale(), { dateStyle: "long" }).format(new Date(m.memberSince)) }))}</li>`).join("")}</ul>` : ""}
    <h2>${escapeHtml(t("offers"))}</h2><p>${cluster.offers.map(o => `<span class="tag">${escapeHtml(topic(o))}</span>`).join("")}</p>
    <h2>${escapeHtml(t("needs"))}</h2><p>${cluster.needs.map(n => `<span class="tag">${escapeHtml(topic(n))}</span>`).join("")}</p>
    ${cluster.website ? `<p><a href="${escapeHtml(cluster.website)}" rel="noopener">${escapeHtml(t("website"))}</a></p>` : ""}`;
  const found = (await getJson(`/clusters/${encodeURIComponent(id)}/matches?pageSize=10`)).body?.items ?? [];
  matches.innerHTML = found.length === 0 ? `<p>${escapeHtml(t("noMatches"))}</p>` : found.map(match => `
    <article class="card"><h3><a href="cluster.html?id=${encodeURIComponent(match.clusterId)}">${escapeHtml(match.name)}</a> <span class="meta">(${escapeHtml(countryName(match.country))})</span></h3>
      <ul>${match.reasons.map(r => `<li>${escapeHtml(t(r.kind, { t: topic(r.topic) }))}</li>`).join("")}</ul></article>`).join("");
}
