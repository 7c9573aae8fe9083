// The audit log: who changed what through the back-office, newest first, a page at a time.
import { listAudit } from "./api.js";
import { escapeHtml, failure, formatDate, renderShell, startPage, t } from "./office.js";

renderShell("audit.html");
const box = document.getElementById("audit");
const more = document.getElementById("more");
let entries = [];
let token = null;

function render() {
  box.removeAttribute("aria-busy");
  if (!entries.length) {
    box.innerHTML = `<p>${escapeHtml(t("noAudit"))}</p>`;
    return;
  }
  const cell = (key, html) => `<td data-label="${escapeHtml(t(key))}">${html}</td>`;
  box.innerHTML = `<div class="table-scroll" role="region" aria-label="${escapeHtml(t("tableOf", { name: t("auditTitle") }))}" tabindex="0"><table class="cards">
    <thead><tr>${["colAt", "colWho", "colAction", "colTarget", "colStatusCode"].map(k => `<th scope="col">${escapeHtml(t(k))}</th>`).join("")}</tr></thead>
    <tbody>${entries.map(e => `<tr>
      ${cell("colAt", escapeHtml(formatDate(e.at)))}
      ${cell("colWho", escapeHtml(e.who))}
      ${cell("colAction", `<code>${escapeHtml(e.action)}</code>`)}
      ${cell("colTarget", escapeHtml(e.target ?? ""))}
      ${cell("colStatusCode", escapeHtml(String(e.status ?? "")))}
    </tr>`).join("")}</tbody></table></div>`;
}

async function page(first) {
  const answer = await listAudit(first ? null : token);
  if (!answer.ok) {
    box.removeAttribute("aria-busy");
    if (answer.status !== 401) failure(answer);
    return;
  }
  if (first) entries = [];
  entries.push(...(answer.body?.items ?? []));
  token = answer.body?.continuationToken ?? null;
  more.hidden = !token;
  render();
}

more.addEventListener("click", () => page(false));
document.getElementById("refresh").addEventListener("click", () => page(true));

await startPage(() => page(true));
