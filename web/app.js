// Shared by every page: the API's address, requests, the header with the language choice, formatting.
import { currentLanguage, languages, setLanguage, t } from "./i18n.js";

/**
 * The API's base: <html data-api="https://…/api"> when a page is embedded elsewhere, else config.json
 * beside the pages (written at deployment, see azure.yaml), else the same origin's /api (DevHost).
 */
export const api = (document.documentElement.dataset.api
  || await fetch(new URL("config.json", import.meta.url)).then(r => (r.ok ? r.json() : {})).then(c => c.api).catch(() => null)
  || "/api").replace(/\/$/, "");
export const lang = currentLanguage();
export { t };

export async function getJson(path) {
  const response = await fetch(`${api}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`, { headers: { Accept: "application/json" } });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body };
}

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

/** Fills every [data-i18n] element's text, the header and the language choice. */
export function setUpPage() {
  document.documentElement.lang = lang;
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll("[data-i18n-placeholder]")) {
    element.placeholder = t(element.dataset.i18nPlaceholder);
  }
  const choice = document.getElementById("language");
  if (choice) {
    choice.innerHTML = Object.entries(languages).map(([code, name]) =>
      `<option value="${code}" ${code === lang ? "selected" : ""}>${escapeHtml(name)}</option>`).join("");
    choice.addEventListener("change", () => {
      setLanguage(choice.value);
      const url = new URL(location.href);
      url.searchParams.set("lang", choice.value);
      location.href = url.toString();
    });
  }
}

const locale = { en: "en-GB", cs: "cs-CZ", de: "de-DE", it: "it-IT" }[lang] || "en-GB";

/** An event's dates at its own place, or its month while the dates are not known. */
export function eventWhen(event) {
  if (event.startsAt) {
    const options = { timeZone: event.timeZone, dateStyle: "full", timeStyle: "short" };
    const from = new Intl.DateTimeFormat(locale, options).format(new Date(event.startsAt));
    const to = new Intl.DateTimeFormat(locale, { timeZone: event.timeZone, timeStyle: "short" }).format(new Date(event.endsAt));
    return `${from} – ${to}`;
  }
  const [year, month] = event.month.split("-").map(Number);
  const name = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(Date.UTC(year, month - 1, 1));
  return t("datesToFollow", { month: name });
}

/** Announces a message to screen readers and shows it. */
export function announce(element, html, kind = "info") {
  element.className = `notice ${kind}`;
  element.innerHTML = html;
  element.hidden = false;
  element.focus?.();
}
