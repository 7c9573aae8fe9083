import { countryName, escapeHtml, getJson, locale, setUpPage, t } from "./app.js";

setUpPage();
const sectors = ["ict", "tourism", "health", "energyEnvironment", "food"];
const wanted = new URLSearchParams(location.search).get("sector");
const sector = sectors.includes(wanted) ? wanted : "ict";
const date = value => new Intl.DateTimeFormat(locale(), { dateStyle: "long" }).format(new Date(value));

document.getElementById("sectors").innerHTML = sectors.map(s =>
  `<a href="working-group.html?sector=${s}" ${s === sector ? 'aria-current="page"' : ""}>${escapeHtml(t("sectorNames." + s))}</a>`).join(" · ");
const name = t("sectorNames." + sector);
document.getElementById("title").textContent = t("groups.groupTitle", { group: name });
document.title = `${t("groups.groupTitle", { group: name })} · Clusters Cord`;

const { ok, body } = await getJson(`/working-groups/${sector}`);
const group = document.getElementById("group");
if (!ok) {
  group.innerHTML = `<p class="notice bad">${escapeHtml(t("errNetwork"))}</p>`;
} else if (body.members.length === 0) {
  group.innerHTML = `<p id="members">${escapeHtml(t("groups.noMembers"))}</p>`;
} else {
  group.innerHTML = `<table id="members"><caption>${escapeHtml(t("groups.members", { n: body.members.length }))}</caption>
    <thead><tr><th scope="col">${escapeHtml(t("cluster"))}</th><th scope="col">${escapeHtml(t("country"))}</th><th scope="col">${escapeHtml(t("groups.memberSince"))}</th></tr></thead>
    <tbody>${body.members.map(m => `<tr data-cluster="${escapeHtml(m.id)}"><td><a href="cluster.html?id=${encodeURIComponent(m.id)}">${escapeHtml(m.name)}</a>${m.agreement ? `<br><span class="meta">${escapeHtml(t("agreement.signedOn", { date: date(m.agreement.signedAt), place: m.agreement.place }))}</span>` : ""}</td>
      <td>${escapeHtml(countryName(m.country))}</td><td><time datetime="${escapeHtml(m.memberSince)}">${escapeHtml(date(m.memberSince))}</time></td></tr>`).join("")}</tbody></table>`;
}
