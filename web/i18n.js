// The website's texts: ICU messages (plurals, selects, numbers) through i18next with i18next-icu, vendored
// from npm into web/vendor/ (see scripts/vendor-web.mjs). One file per language: web/locales/<lang>.json.
import i18next from "./vendor/i18next.js";
import ICU from "./vendor/i18next-icu/index.js";

/** The project's languages, as for emails (docs/api.md). */
export const languageCodes = ["cs", "en", "de", "it", "pl", "sk", "hu", "sl"];
const stored = "language";

const supported = code => {
  const base = String(code || "").toLowerCase().split(/[-_]/)[0];
  return languageCodes.includes(base) ? base : null;
};

/**
 * The page's language: the link's (?lang=), then the visitor's earlier choice, then the browser's
 * languages in their order, then English. A page that knows a better "link language" (the manage page:
 * the registrant's) passes it as <paramref name="linkLanguage"/>.
 */
export function chooseLanguage(linkLanguage) {
  const fromUrl = supported(new URLSearchParams(location.search).get("lang"));
  if (fromUrl) return fromUrl;
  if (supported(linkLanguage)) return supported(linkLanguage);
  let remembered = null;
  try { remembered = supported(localStorage.getItem(stored)); } catch { /* storage blocked */ }
  if (remembered) return remembered;
  for (const code of navigator.languages || [navigator.language]) {
    if (supported(code)) return supported(code);
  }
  return "en";
}

/** Remembers the visitor's choice for the next pages. */
export function rememberLanguage(code) {
  try { localStorage.setItem(stored, code); } catch { /* storage blocked */ }
}

const loaded = new Map();
async function resources(code) {
  if (!loaded.has(code)) {
    loaded.set(code, fetch(new URL(`locales/${code}.json`, import.meta.url)).then(r => (r.ok ? r.json() : {})).catch(() => ({})));
  }
  return loaded.get(code);
}

const missing = new Set();
let instance = null;
let current = "en";

/** Loads the language's texts (and English, the fallback) and makes them current. */
export async function useLanguage(code) {
  current = supported(code) || "en";
  const [own, english] = await Promise.all([resources(current), resources("en")]);
  instance = i18next.createInstance();
  await instance.use(ICU).init({
    lng: current,
    fallbackLng: "en",
    resources: { [current]: { translation: own }, en: { translation: english } },
    interpolation: { escapeValue: false },
    returnEmptyString: false,
  });
  return current;
}

export const currentLanguage = () => current;

/**
 * A text in the page's language. A key the language's file lacks falls back to English for the
 * visitor, and is listed in <html data-missing-texts> so that the browser tests fail on it.
 */
export function t(key, values) {
  if (!instance) return key;
  if (!instance.exists(key, { lng: current, fallbackLng: false })) {
    missing.add(`${current}:${key}`);
    document.documentElement.dataset.missingTexts = [...missing].join(" ");
  }
  return instance.t(key, values);
}

/** A language's own name ("Čeština", "Magyar"), for the language choice. */
export function autonym(code) {
  const name = new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}
