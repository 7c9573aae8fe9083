// Shared by every page: the API's address, requests, the header with the language choice, and dates,
// numbers, countries and languages through the browser's Intl, in the page's language.
import { autonym, chooseLanguage, languageCodes, rememberLanguage, t, useLanguage } from "./i18n.js";

/**
 * The API's base: <html data-api="https://…/api"> when a page is embedded elsewhere, else config.json
 * beside the pages (written at deployment, see azure.yaml), else the same origin's /api (DevHost).
 */
export const api = (document.documentElement.dataset.api
  || await fetch(new URL("config.json", import.meta.url)).then(r => (r.ok ? r.json() : {})).then(c => c.api).catch(() => null)
  || "/api").replace(/\/$/, "");

/** The page's language (see chooseLanguage); a live binding, changed by switchLanguage. */
export let lang = await useLanguage(chooseLanguage());
export { t, languageCodes };

/** The locale for Intl: British English for "en" (day before month, 24-hour clock, as in Europe). */
export const locale = () => (lang === "en" ? "en-GB" : lang);

/** Changes the page's language (the manage page: to the registrant's, unless the link says otherwise). */
export async function switchLanguage(linkLanguage) {
  lang = await useLanguage(chooseLanguage(linkLanguage));
  setUpPage();
  return lang;
}

export async function getJson(path) {
  const response = await fetch(`${api}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`, { headers: { Accept: "application/json" } });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body };
}

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

let choiceWired = false;

/** Fills every [data-i18n] element's text (the title too), placeholders, the header and the language choice. */
export function setUpPage() {
  document.documentElement.lang = lang;
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll("[data-i18n-placeholder]")) {
    element.placeholder = t(element.dataset.i18nPlaceholder);
  }
  for (const element of document.querySelectorAll("[data-i18n-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nLabel));
  }
  const choice = document.getElementById("language");
  if (choice) {
    choice.innerHTML = languageCodes.map(code =>
      `<option value="${code}" lang="${code}" ${code === lang ? "selected" : ""}>${escapeHtml(autonym(code))}</option>`).join("");
    if (!choiceWired) {
      choiceWired = true;
      choice.addEventListener("change", () => {
        rememberLanguage(choice.value);
        const url = new URL(location.href);
        url.searchParams.set("lang", choice.value);
        location.href = url.toString();
      });
    }
  }
  document.documentElement.dataset.texts = lang; // the texts are in place (tests wait for it)
}

/** A country's name in the page's language ("AT" → "Rakousko"). */
export function countryName(code) {
  try {
    return new Intl.DisplayNames([locale()], { type: "region" }).of(String(code).toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** A language's name in the page's language ("de" → "Němčina"). */
export function languageName(code) {
  try {
    return new Intl.DisplayNames([locale()], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

export const formatNumber = n => new Intl.NumberFormat(locale()).format(n);

/** A place: venue, city and the country's name. */
export function eventWhere(event) {
  return [event.venue, event.city, event.country && countryName(event.country)].filter(Boolean).join(", ");
}

/**
 * An event's dates at its own place (its time zone), or its month while the dates are not known. One
 * day: the date with the time range; several days: the date range ("7–9 December 2026") with the times.
 */
export function eventWhen(event) {
  if (event.startsAt) {
    const start = new Date(event.startsAt);
    const end = new Date(event.endsAt || event.startsAt);
    const zone = event.timeZone || "UTC";
    const day = d => new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
    if (day(start) === day(end)) {
      return new Intl.DateTimeFormat(locale(), { timeZone: zone, dateStyle: "full", timeStyle: "short" }).formatRange(start, end);
    }
    const dates = new Intl.DateTimeFormat(locale(), { timeZone: zone, dateStyle: "long" }).formatRange(start, end);
    const time = new Intl.DateTimeFormat(locale(), { timeZone: zone, timeStyle: "short" });
    return t("dateRange", { dates, from: time.format(start), to: time.format(end) });
  }
  const [year, month] = String(event.month).split("-").map(Number);
  const name = new Intl.DateTimeFormat(locale(), { month: "long", year: "numeric", timeZone: "UTC" }).format(Date.UTC(year, month - 1, 1));
  return t("datesToFollow", { month: name });
}

/** Whether an event is over (its end, or its month, is in the past). */
export function isPast(event, now = new Date()) {
  if (event.endsAt) return new Date(event.endsAt) < now;
  if (event.month) {
    const [year, month] = event.month.split("-").map(Number);
    return Date.UTC(year, month, 1) <= now.getTime();
  }
  return false;
}

/** Announces a message to screen readers and shows it. */
export function announce(element, html, kind = "info") {
  element.className = `notice ${kind}`;
  element.innerHTML = html;
  element.hidden = false;
  element.focus?.();
}
