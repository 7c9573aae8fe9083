// Write to an event's participants: who (everyone, confirmed, waiting, checked in), subject and body per
// language (English required), a preview of each language's rendering, sending, and what was sent before.
import { eventLanguages, getEvent, listMessages, previewMessage, sendMessage } from "./api.js";
import { announce, clearFieldErrors, escapeHtml, failure, formatDate, renderShell, showFieldErrors, startPage, t } from "./office.js";
import { languages } from "./texts.js";

renderShell("index.html");
const eventId = new URLSearchParams(location.search).get("event") ?? "";
const form = document.getElementById("message-form");
const notice = document.getElementById("notice");
const toNames = { all: "toAll", confirmed: "toConfirmed", waitlisted: "toWaitlisted", checkedIn: "toCheckedIn" };
let event = null;
document.getElementById("registrations-link").href = `registrations.html?event=${encodeURIComponent(eventId)}`;

function languageFields(lang) {
  return `<fieldset lang="${lang}"><legend>${escapeHtml(languages[lang])} (${lang})</legend>
    <div class="field"><label for="subject-${lang}">${escapeHtml(t("subjectLabel"))}</label><input id="subject-${lang}" type="text" maxlength="200" autocomplete="off"></div>
    <div class="field"><label for="body-${lang}">${escapeHtml(t("bodyLabel"))}</label><textarea id="body-${lang}" rows="8"></textarea></div>
  </fieldset>`;
}

function render() {
  form.innerHTML = `
    <div class="field"><label for="to">${escapeHtml(t("toLabel"))}</label>
      <select id="to">${Object.entries(toNames).map(([v, k]) => `<option value="${v}"${v === "confirmed" ? " selected" : ""}>${escapeHtml(t(k))}</option>`).join("")}</select></div>
    ${languageFields("en")}
    <details><summary>${escapeHtml(t("otherLanguages"))}</summary><div class="languages">${eventLanguages.filter(l => l !== "en").map(languageFields).join("")}</div></details>
    <div id="summary" class="summary" role="alert" tabindex="-1" hidden></div>
    <p class="actions"><button type="button" id="preview-button" class="secondary">${escapeHtml(t("preview"))}</button>
      <button type="submit" id="send">${escapeHtml(t("send"))}</button></p>`;
  form.querySelector("#preview-button").addEventListener("click", preview);
}

function input() {
  const subject = {};
  const body = {};
  for (const lang of eventLanguages) {
    const s = form.querySelector(`#subject-${lang}`).value.trim();
    const b = form.querySelector(`#body-${lang}`).value;
    if (s || b.trim() || lang === "en") {
      subject[lang] = s;
      body[lang] = b;
    }
  }
  return { to: form.querySelector("#to").value, subject, body };
}

function fieldFor(name) {
  const key = name.replace(/^\$\./, "");
  if (key === "to") return "to";
  const match = /^(subject|body)(?:\.(\w+))?$/.exec(key);
  if (!match) return null;
  return `${match[1]}-${eventLanguages.includes(match[2]) ? match[2] : "en"}`;
}

function refused(answer) {
  const summary = form.querySelector("#summary");
  if (answer.status === 400 && answer.body?.errors) {
    showFieldErrors(form, answer.body.errors, fieldFor, summary);
    return true;
  }
  if (!answer.ok) {
    if (answer.status !== 401) failure(answer, notice);
    return true;
  }
  return false;
}

async function preview() {
  clearFieldErrors(form, form.querySelector("#summary"));
  const answer = await previewMessage(eventId, input());
  if (refused(answer)) return;
  const items = answer.body?.items ?? [];
  const box = document.getElementById("preview");
  box.innerHTML = items.length ? items.map(item => `<article class="email-preview" lang="${escapeHtml(item.language)}" data-language="${escapeHtml(item.language)}">
      <h3>${escapeHtml(t("previewFor", { language: languages[item.language] ?? item.language, count: item.recipients }))}</h3>
      <p><strong>${escapeHtml(t("subjectLabel"))}:</strong> <span class="preview-subject">${escapeHtml(item.subject)}</span></p>
      <div class="preview-html"></div>
    </article>`).join("") : `<p>${escapeHtml(t("noRecipients"))}</p>`;
  // The server's HTML rendering, shown as it reads: parsed inertly, without scripts, styles, frames or handlers.
  box.querySelectorAll(".preview-html").forEach((target, i) => {
    const doc = new DOMParser().parseFromString(items[i].html ?? "", "text/html");
    doc.querySelectorAll("script, style, iframe, object, embed, link, meta, img").forEach(el => el.remove());
    doc.querySelectorAll("*").forEach(el => {
      for (const attribute of [...el.attributes]) {
        if (/^on|^style$|^id$|^class$/i.test(attribute.name)) el.removeAttribute(attribute.name);
      }
    });
    doc.querySelectorAll("h1, h2, h3, h4, h5, h6").forEach(h => { const p = doc.createElement("p"); p.innerHTML = `<strong>${h.innerHTML}</strong>`; h.replaceWith(p); });
    doc.querySelectorAll("table").forEach(table => table.setAttribute("role", "presentation"));
    // Each person's own link is filled in when sending: here it leads nowhere.
    doc.querySelectorAll("a[href]").forEach(a => a.removeAttribute("href"));
    target.append(...doc.body.childNodes);
  });
  document.getElementById("preview-section").hidden = false;
  document.getElementById("preview-title").focus();
}

form.addEventListener("submit", async e => {
  e.preventDefault();
  clearFieldErrors(form, form.querySelector("#summary"));
  const button = form.querySelector("#send");
  button.disabled = true;
  const answer = await sendMessage(eventId, input());
  button.disabled = false;
  if (refused(answer)) return;
  announce(t("sentDone", { count: answer.body?.recipients ?? 0 }), "good", notice);
  notice.focus();
  await loadSent();
});

async function loadSent() {
  const answer = await listMessages(eventId);
  const box = document.getElementById("sent");
  if (!answer.ok) {
    box.innerHTML = "";
    return;
  }
  const items = answer.body?.items ?? [];
  if (!items.length) {
    box.innerHTML = `<p>${escapeHtml(t("noMessages"))}</p>`;
    return;
  }
  const cell = (key, html) => `<td data-label="${escapeHtml(t(key))}">${html}</td>`;
  const subjectOf = s => (typeof s === "object" && s ? s.en ?? Object.values(s)[0] : s) ?? "";
  box.innerHTML = `<div class="table-scroll" role="region" aria-label="${escapeHtml(t("tableOf", { name: t("sentTitle") }))}" tabindex="0"><table class="cards">
    <thead><tr>${["colSentAt", "colSentBy", "colTo", "colSubject", "colRecipients"].map(k => `<th scope="col">${escapeHtml(t(k))}</th>`).join("")}</tr></thead>
    <tbody>${items.map(m => `<tr data-message="${escapeHtml(m.messageId)}">
      ${cell("colSentAt", escapeHtml(formatDate(m.sentAt, event?.timeZone)))}
      ${cell("colSentBy", escapeHtml(m.sentBy))}
      ${cell("colTo", escapeHtml(t(toNames[m.to] ?? m.to)))}
      ${cell("colSubject", escapeHtml(subjectOf(m.subject)))}
      ${cell("colRecipients", escapeHtml(String(m.recipients)))}
    </tr>`).join("")}</tbody></table></div>`;
}

async function load() {
  const answer = await getEvent(eventId);
  if (!answer.ok) {
    if (answer.status === 404) announce(t("unknownEvent"), "bad", notice);
    else if (answer.status !== 401) failure(answer, notice);
    return;
  }
  event = answer.body;
  const title = t("messagesTitleOf", { title: event.title?.en ?? event.id });
  document.getElementById("title").textContent = title;
  document.title = `${title} · ${t("appName")}`;
  render();
  await loadSent();
}

await startPage(load);
