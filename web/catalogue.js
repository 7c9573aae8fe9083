import { countryName, escapeHtml, getJson, locale, setUpPage, t } from "./app.js";
import { countryCodes } from "./countries.js";

setUpPage();
const sectors = ["ict", "tourism", "health", "energyEnvironment", "food"];
const form = document.getElementById("filters");
const list = document.getElementById("clusters");
const more = document.getElementById("more");
const count = document.getElementById("count");
form.sector.innerHTML = `<option value="">${escapeHtml(t("allSectors"))}</option>` + sectors.map(s => `<option value="${s}">${escapeHtml(t("sectorNames." + s))}</option>`).join("");
form.workingGroup.innerHTML = `<option value="">${escapeHtml(t("anyGroup"))}</option>` + sectors.map(s => `<option value="${s}">${escapeHtml(t("sectorNames." + s))}</option>`).join("");
const collator = new Intl.Collator(locale());
form.country.innerHTML = `<option value="">${escapeHtml(t("anyCountry"))}</option>` + countryCodes.map(code => ({ code, name: countryName(code) }))
  .sort((a, b) => collator.compare(a.name, b.name)).map(c => `<option value="${c.code}">${escapeHtml(c.name)}</option>`).join("");
let next = null;
let shown = 0;

function card(cluster) {
  return `<article class="card${cluster.isSample ? " sample" : ""}">
    <h2><a href="cluster.html?id=${encodeURIComponent(cluster.id)}">${escapeHtml(cluster.name)}</a></h2>
    <p class="meta">${escapeHtml([cluster.city, cluster.country && countryName(cluster.country)].filter(Boolean).join(", "))} · ${escapeHtml(t("members", { n: cluster.memberCount }))}</p>
    <p>${cluster.sectors.map(s => `<span class="tag">${escapeHtml(t("sectorNames." + s))}</span>`).join("")}</p>
    ${cluster.agreement ? `<p class="meta">${escapeHtml(t("agreement.signedOn", { date: new Intl.DateTimeFormat(locale(), { dateStyle: "long" }).format(new Date(cluster.agreement.signedAt)), place: cluster.agreement.place }))}</p>` : ""}
  </article>`;
}

async function load(append) {
  const query = new URLSearchParams({ pageSize: "12" });
  for (const name of ["q", "sector", "country", "workingGroup"]) {
    if (form[name].value.trim()) query.set(name, form[name].value.trim());
  }
  if (append && next) query.set("continuationToken", next);
  const { ok, body } = await getJson(`/clusters?${query}`);
  if (!ok) {
    count.textContent = body?.errors ? Object.values(body.errors).flat().join(" ") : (body?.detail || t("errNetwork"));
    return;
  }
  if (!append) {
    list.innerHTML = "";
    shown = 0;
  }
  list.insertAdjacentHTML("beforeend", body.items.map(card).join(""));
  shown += body.items.length;
  next = body.continuationToken;
  more.hidden = !next;
  count.textContent = shown === 0 ? t("none") : t("results", { n: shown });
}

form.addEventListener("submit", e => { e.preventDefault(); load(false); });
more.addEventListener("click", () => load(true));
load(false);
