// The observer key of the results and documents pages: entered once per tab, kept in sessionStorage
// (gone when the tab closes), sent as x-functions-key. The pages show more with it; the API decides.
import { api, escapeHtml, lang, t } from "./app.js";

const stored = "observerKey";

export function observerKey() {
  try { return sessionStorage.getItem(stored) || ""; } catch { return ""; }
}

function remember(key) {
  try {
    if (key) sessionStorage.setItem(stored, key); else sessionStorage.removeItem(stored);
  } catch { /* storage blocked: the key lasts for this page only */ }
}

/** GET from the API with the observer key when there is one (and the page's language). */
export async function getWithKey(path, key = observerKey()) {
  const headers = { Accept: "application/json" };
  if (key) headers["x-functions-key"] = key;
  const response = await fetch(`${api}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`, { headers });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, body };
}

/**
 * Fills the observer form (<form id="observer">): a key field while none is kept, else a note and a
 * button to forget it. <paramref name="check"/> tells whether a key works (it asks a route that only
 * observers may read); <paramref name="changed"/> runs after the key was taken or forgotten.
 */
export function setUpObserverForm(form, check, changed) {
  const draw = message => {
    const key = observerKey();
    form.innerHTML = key
      ? `<p class="meta">${escapeHtml(t("observer.active"))}</p><button type="button" id="forget">${escapeHtml(t("observer.forget"))}</button>`
      : `<fieldset><legend>${escapeHtml(t("observer.legend"))}</legend>
          <p class="meta" id="observer-hint">${escapeHtml(t("observer.hint"))}</p>
          <div class="field"><label for="observer-key">${escapeHtml(t("observer.label"))}</label>
          <input type="password" id="observer-key" name="key" autocomplete="off" aria-describedby="observer-hint${message ? " observer-error" : ""}" ${message ? 'aria-invalid="true"' : ""}>
          ${message ? `<p class="error" id="observer-error" role="alert">${escapeHtml(message)}</p>` : ""}</div>
          <button type="submit" id="use-key">${escapeHtml(t("observer.use"))}</button></fieldset>`;
    form.querySelector("#forget")?.addEventListener("click", () => { remember(""); draw(); changed(); });
  };
  form.addEventListener("submit", async e => {
    e.preventDefault();
    const key = form.key?.value.trim();
    if (!key) return;
    if (!(await check(key))) {
      draw(t("observer.refused"));
      form.querySelector("#observer-key")?.focus();
      return;
    }
    remember(key);
    draw();
    changed();
  });
  draw();
}
