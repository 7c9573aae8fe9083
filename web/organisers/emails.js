// Emails whose delivery failed every attempt (the poison queue) or that the provider refused, each with a retry.
import { listUndelivered, retryUndelivered } from "./api.js";
import { announce, escapeHtml, failure, formatDate, renderShell, startPage, t } from "./office.js";

renderShell("emails.html");
const notice = document.getElementById("notice");
const box = document.getElementById("undelivered");

async function load() {
  const answer = await listUndelivered();
  box.removeAttribute("aria-busy");
  if (!answer.ok) {
    box.innerHTML = "";
    if (answer.status !== 401) failure(answer, notice);
    return;
  }
  // A gathered message names several emails under one message id: one row per message, one retry.
  const messages = new Map();
  for (const item of answer.body?.items ?? []) {
    if (!messages.has(item.messageId)) messages.set(item.messageId, []);
    messages.get(item.messageId).push(item);
  }
  if (!messages.size) {
    box.innerHTML = `<p>${escapeHtml(t("noUndelivered"))}</p>`;
    return;
  }
  const cell = (key, html) => `<td data-label="${escapeHtml(t(key))}">${html}</td>`;
  box.innerHTML = `<div class="table-scroll" role="region" aria-label="${escapeHtml(t("emailsTitle"))}" tabindex="0"><table class="cards">
    <thead><tr>${["colKind", "colEvent", "colAbout", "colReason", "colFailedAt", "colAttempts", "colActions"].map(k => `<th scope="col">${escapeHtml(t(k))}</th>`).join("")}</tr></thead>
    <tbody>${[...messages].map(([messageId, emails]) => `<tr data-message="${escapeHtml(messageId)}">
      ${cell("colKind", emails.map(e => escapeHtml(e.kind ?? "—")).join("<br>"))}
      ${cell("colEvent", emails.map(e => escapeHtml(e.eventId ?? "—")).join("<br>"))}
      ${cell("colAbout", emails.map(e => escapeHtml(e.registrationId ?? e.clusterId ?? "—")).join("<br>"))}
      ${cell("colReason", escapeHtml(emails[0].reason === "refused" ? t("reasonRefused", { status: emails[0].statusCode ?? "—" }) : t("reasonPoisoned")))}
      ${cell("colFailedAt", escapeHtml(formatDate(emails[0].failedAt)))}
      ${cell("colAttempts", escapeHtml(emails[0].attempts))}
      ${cell("colActions", `<button type="button" class="small" data-retry="${escapeHtml(messageId)}" aria-label="${escapeHtml(t("retryOf", { kind: emails[0].kind ?? "", id: emails[0].registrationId ?? emails[0].clusterId ?? messageId }))}">${escapeHtml(t("retry"))}</button>`)}
    </tr>`).join("")}</tbody></table></div>`;
}

box.addEventListener("click", async e => {
  const button = e.target.closest("button[data-retry]");
  if (!button) return;
  button.disabled = true;
  const answer = await retryUndelivered(button.dataset.retry);
  if (answer.ok) announce(t("retried"), "good", notice);
  else if (answer.status === 404) announce(t("retryGone"), "info", notice);
  else if (answer.status !== 401) failure(answer, notice);
  if (answer.status !== 401) {
    await load();
    document.querySelector("#undelivered button") ? document.querySelector("#undelivered button").focus() : document.getElementById("refresh").focus();
  }
});

document.getElementById("refresh").addEventListener("click", load);

await startPage(load);
