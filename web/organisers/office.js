// The back-office's page shell: header and navigation, sign-in and sign-out, the live region that
// announces results, problem details next to their fields, and small formatting helpers.
import { appServiceAuth, microsoftSignInUrl, session, unauthorizedEvent, verifyKey } from "./api.js";
import { t, texts } from "./texts.js";

export { t, texts };

export function escapeHtml(value) {
  return String(value ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

/** Says a result to screen readers (the polite live region) and, when `notice` is given, shows it too. */
export function announce(message, kind = "good", notice = document.getElementById("notice")) {
  const live = document.getElementById("live");
  live.textContent = "";
  // A fresh text node each time, so the same message said twice is read twice.
  setTimeout(() => { live.textContent = message; }, 50);
  if (notice) {
    notice.className = `notice ${kind}`;
    notice.textContent = message;
    notice.hidden = false;
  }
}

/** Says what went wrong with a request that has no field to show it at. */
export function failure(answer, notice) {
  const detail = answer.status === 0 ? t("network") : answer.body?.detail ?? t("failed", { status: answer.status });
  announce(detail, "bad", notice);
  return detail;
}

export const locale = "en-GB";

export function formatDate(iso, timeZone, withTime = true) {
  if (!iso) return "";
  const options = withTime
    ? { dateStyle: "medium", timeStyle: "short", timeZone: timeZone || undefined }
    : { dateStyle: "medium", timeZone: timeZone || undefined };
  try { return new Intl.DateTimeFormat(locale, options).format(new Date(iso)); } catch { return iso; }
}

export function formatRange(start, end, timeZone) {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).formatRange(new Date(start), new Date(end));
  } catch {
    return `${formatDate(start, timeZone)} – ${formatDate(end, timeZone)}`;
  }
}

/** "2026-12-07" → "Mon 7 Dec 2026" (a calendar day, no zone involved). */
export function formatDay(day) {
  try {
    return new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
  } catch { return day; }
}

/** Saves a raw answer's body as a file (downloads go through fetch, which carries the key header). */
export async function saveDownload(answer, filename) {
  const blob = await answer.response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

export function countryName(code) {
  try { return new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code; } catch { return code; }
}

let contentLoader = null;

/**
 * Starts a page: the header's sign-out, the sign-in form when no key is kept (or the API refused it),
 * and `load` once the organiser may call the API (again after every new sign-in).
 */
export async function startPage(load) {
  contentLoader = load;
  document.getElementById("signout")?.addEventListener("click", signOut);
  window.addEventListener(unauthorizedEvent, () => showSignIn(t("signedInAgain")));
  wireSignIn();
  if (!session.canCall) {
    showSignIn();
    return;
  }
  showContent();
  await load();
}

function wireSignIn() {
  const form = document.getElementById("signin-form");
  const microsoft = document.getElementById("signin-microsoft");
  if (appServiceAuth && microsoft) {
    microsoft.hidden = false;
    microsoft.querySelector("a").href = microsoftSignInUrl();
  }
  form.addEventListener("submit", async e => {
    e.preventDefault();
    const input = document.getElementById("key");
    const error = document.getElementById("key-error");
    const key = input.value.trim();
    const button = form.querySelector("button");
    const refuse = message => {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.focus();
    };
    if (!key) {
      refuse(t("keyRequired"));
      return;
    }
    button.disabled = true;
    const status = await verifyKey(key);
    button.disabled = false;
    if (status === 401) {
      refuse(t("keyRefused"));
      return;
    }
    if (status === 0) {
      refuse(t("network"));
      return;
    }
    session.key = key;
    input.value = "";
    error.hidden = true;
    input.removeAttribute("aria-invalid");
    showContent();
    document.querySelector("#content h1")?.focus();
    await contentLoader?.();
  });
}

function showSignIn(reason) {
  session.key = null;
  document.getElementById("content").hidden = true;
  document.getElementById("signout").hidden = true;
  const section = document.getElementById("signin");
  section.hidden = false;
  const error = document.getElementById("key-error");
  if (reason) {
    error.textContent = reason;
    error.hidden = false;
  }
  document.getElementById("key").focus();
}

function showContent() {
  document.getElementById("signin").hidden = true;
  document.getElementById("content").hidden = false;
  document.getElementById("signout").hidden = !session.key;
}

function signOut() {
  session.key = null;
  document.getElementById("key-error").hidden = true;
  showSignIn();
  announce(t("signedOut"), "info", null);
}

/** The shared sign-in section, written into each page's <main> before its content. */
export function signInHtml() {
  return `
  <section id="signin" aria-labelledby="signin-title" hidden>
    <h1 id="signin-title" tabindex="-1">${escapeHtml(t("signInTitle"))}</h1>
    <p id="signin-microsoft" hidden><a class="button" href="#">${escapeHtml(t("microsoft"))}</a><br>${escapeHtml(t("orKey"))}</p>
    <form id="signin-form" novalidate>
      <p>${escapeHtml(t("signInIntro"))}</p>
      <div class="field">
        <label for="key">${escapeHtml(t("keyLabel"))}</label>
        <input id="key" name="key" type="password" autocomplete="off" aria-describedby="key-error" required>
        <p id="key-error" class="error" role="alert" hidden></p>
      </div>
      <button type="submit">${escapeHtml(t("signInButton"))}</button>
    </form>
  </section>`;
}

/** Fills the page's header (navigation, sign-out) and the sign-in section, marking the current page. */
export function renderShell(current) {
  const pages = [["index.html", "navEvents"], ["moderation.html", "navModeration"], ["results.html", "navResults"], ["agreement.html", "navAgreement"], ["emails.html", "navEmails"], ["audit.html", "navAudit"]];
  document.getElementById("office-header").innerHTML = `
    <a class="skip" href="#main">${escapeHtml(t("skip"))}</a>
    <p class="brand">${escapeHtml(t("appName"))}</p>
    <nav aria-label="${escapeHtml(t("navLabel"))}">${pages.map(([href, key]) =>
      `<a href="${href}"${href === current ? ' aria-current="page"' : ""}>${escapeHtml(t(key))}</a>`).join("")}</nav>
    <button type="button" id="signout" class="secondary" hidden>${escapeHtml(t("signOut"))}</button>`;
  document.getElementById("main").insertAdjacentHTML("afterbegin", signInHtml());
  for (const element of document.querySelectorAll("[data-t]")) {
    element.textContent = t(element.dataset.t);
  }
}

/**
 * Shows a problem's `errors` next to their fields: `fields` maps an error's key ("registration.closesAt")
 * to an input's id; an error without a field goes to the summary. Each field gets aria-invalid and the
 * message in its described-by; the summary (role=alert) lists them all with links and takes the focus.
 */
export function showFieldErrors(form, errors, fields, summary) {
  clearFieldErrors(form, summary);
  const items = [];
  for (const [name, messages] of Object.entries(errors ?? {})) {
    const fieldId = fields(name);
    const input = fieldId ? document.getElementById(fieldId) : null;
    const message = (Array.isArray(messages) ? messages : [messages]).join(" ");
    if (input) {
      const errorId = `${fieldId}-error`;
      let error = document.getElementById(errorId);
      if (!error) {
        error = document.createElement("p");
        error.id = errorId;
        error.className = "error field-error";
        (input.closest(".field, fieldset") ?? input.parentElement).append(error);
      }
      error.textContent = message;
      input.setAttribute("aria-invalid", "true");
      const described = new Set((input.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean));
      described.add(errorId);
      input.setAttribute("aria-describedby", [...described].join(" "));
      items.push(`<li><a href="#${fieldId}">${escapeHtml(label(input) || name)}: ${escapeHtml(message)}</a></li>`);
    } else {
      items.push(`<li>${escapeHtml(name)}: ${escapeHtml(message)}</li>`);
    }
  }
  summary.innerHTML = `<h2>${escapeHtml(t("errorSummary", { count: items.length }))}</h2><ul>${items.join("")}</ul>`;
  summary.hidden = false;
  summary.focus();
}

export function clearFieldErrors(form, summary) {
  for (const error of form.querySelectorAll(".field-error")) {
    const input = form.querySelector(`[aria-describedby~="${error.id}"]`);
    if (input) {
      input.removeAttribute("aria-invalid");
      const rest = input.getAttribute("aria-describedby").split(" ").filter(x => x !== error.id);
      if (rest.length) input.setAttribute("aria-describedby", rest.join(" "));
      else input.removeAttribute("aria-describedby");
    }
    error.remove();
  }
  if (summary) {
    summary.hidden = true;
    summary.innerHTML = "";
  }
}

function label(input) {
  return input.labels?.[0]?.textContent?.trim() ?? "";
}
