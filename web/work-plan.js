// A working group's work plan from GET /api/working-groups/{sector}/work-plan (?sector=ict): public,
// cluster names only. The sector is chosen with a plain form (works without JavaScript's help too).
import { escapeHtml, getJson, locale, setUpPage, t } from "./app.js";
import { table } from "./charts.js";

setUpPage();
const sectors = ["ict", "tourism", "health", "energyEnvironment", "food"];
const params = new URLSearchParams(location.search);
const sector = sectors.includes(params.get("sector")) ? params.get("sector") : "ict";
const status = document.getElementById("status");
const choice = document.getElementById("sector");
choice.innerHTML = sectors.map(s => `<option value="${s}" ${s === sector ? "selected" : ""}>${escapeHtml(t(`sectorNames.${s}`))}</option>`).join("");
const language = document.createElement("input");
Object.assign(language, { type: "hidden", name: "lang", value: document.documentElement.lang });
document.getElementById("choose").append(language);
document.getElementById("title").textContent = t("workPlan.groupTitle", { group: t(`sectorNames.${sector}`) });

const month = text => new Intl.DateTimeFormat(locale(), { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${text}-01T00:00:00Z`));
const name = cluster => cluster.name ?? t("workPlan.formerCluster");

const { ok, body } = await getJson(`/working-groups/${encodeURIComponent(sector)}/work-plan`);
if (!ok) {
  status.textContent = body?.detail || t("errNetwork");
} else if (body.items.length === 0) {
  document.getElementById("plan").innerHTML = `<p>${escapeHtml(t("workPlan.none"))}</p>`;
} else {
  status.textContent = t("workPlan.count", { n: body.items.length });
  document.getElementById("plan").innerHTML = table(t("workPlan.caption", { group: t(`sectorNames.${sector}`) }),
    [t("workPlan.col.action"), t("workPlan.col.clusters"), t("workPlan.col.nextStep"), t("workPlan.col.due"), t("workPlan.col.status")],
    body.items.map(item => [item.title, [item.cluster, ...item.partners].map(name).join(", "), item.nextStep ?? "", month(item.dueMonth),
      t(`workPlan.statuses.${item.status}`)]), "work-plan-table");
}
document.documentElement.dataset.workPlan = "ready"; // the tests wait for it
