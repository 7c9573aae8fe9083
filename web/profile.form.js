import { countryName, escapeHtml, lang, languageCodes, languageName, locale, t } from "./app.js";
import { countryCodes } from "./countries.js";

/**
 * The cluster profile form, shared by the page that presents a cluster (present.html) and the contact's
 * profile page (profile.html): labelled fields, each with its error next to it (aria-invalid, announced
 * through the summary), the server's rules checked before sending, the server's own answer shown field by field.
 */
const sectors = ["ict", "tourism", "health", "energyEnvironment", "food"];
const memberTypes = ["companies", "research", "education", "publicBodies", "other"];
const fields = ["name", "country", "city", "website", "description", "sectors", "memberCount", "memberTypes", "managementFte", "offers", "needs",
  "contact.name", "contact.email", "language"];

const id = name => "f-" + name.replace(".", "-");
const text = (name, label, type = "text", extra = "") => `<div class="field"><label for="${id(name)}">${escapeHtml(label)}</label>
  <input type="${type}" id="${id(name)}" name="${name}" ${extra} aria-describedby="${id(name)}-error"><p class="error" id="${id(name)}-error"></p></div>`;
const choices = (name, label, values, names) => `<fieldset class="field" id="${id(name)}" aria-describedby="${id(name)}-error"><legend>${escapeHtml(label)}</legend>
  ${values.map(v => `<label class="choice"><input type="checkbox" name="${name}" value="${v}"> ${escapeHtml(t(names + v))}</label>`).join(" ")}
  <p class="error" id="${id(name)}-error"></p></fieldset>`;

/** Puts the form into <paramref name="form"/>, filled from a profile (the API's ClusterProfile) when given. */
export function renderProfileForm(form, profile = null, language = lang, submitLabel = t("profile.submit")) {
  const collator = new Intl.Collator(locale());
  const countries = countryCodes.map(code => ({ code, name: countryName(code) })).sort((a, b) => collator.compare(a.name, b.name));
  form.noValidate = true;
  form.innerHTML = `<p class="notice bad" id="summary" role="alert" tabindex="-1" hidden></p>
    ${text("name", t("profile.name") + " *", "text", 'maxlength="200" required autocomplete="organization"')}
    <div class="field"><label for="${id("country")}">${escapeHtml(t("country"))} *</label><select id="${id("country")}" name="country" required aria-describedby="${id("country")}-error">
      <option value="">${escapeHtml(t("chooseCountry"))}</option>${countries.map(c => `<option value="${c.code}">${escapeHtml(c.name)}</option>`).join("")}</select>
      <p class="error" id="${id("country")}-error"></p></div>
    ${text("city", t("profile.city"), "text", 'maxlength="100"')}
    ${text("website", t("website"), "url", 'maxlength="300" placeholder="https://"')}
    <div class="field"><label for="${id("description")}">${escapeHtml(t("profile.description"))} *</label>
      <textarea id="${id("description")}" name="description" rows="6" maxlength="4000" required aria-describedby="${id("description")}-error"></textarea><p class="error" id="${id("description")}-error"></p></div>
    ${choices("sectors", t("sectors") + " *", sectors, "sectorNames.")}
    ${text("memberCount", t("profile.memberCount") + " *", "number", 'min="1" max="100000" step="1" required')}
    ${choices("memberTypes", t("profile.memberTypes") + " *", memberTypes, "profile.memberTypeNames.")}
    ${text("managementFte", t("profile.managementFte"), "number", 'min="0" max="1000" step="0.1"')}
    <p class="meta">${escapeHtml(t("profile.topicsHint"))}</p>
    ${text("offers", t("offers"), "text", 'maxlength="2000"')}
    ${text("needs", t("needs"), "text", 'maxlength="2000"')}
    ${text("contact.name", t("profile.contactName") + " *", "text", 'maxlength="200" required autocomplete="name"')}
    ${text("contact.email", t("email") + " *", "email", 'maxlength="254" required autocomplete="email"')}
    <div class="field"><label for="${id("language")}">${escapeHtml(t("emailLanguage"))}</label><select id="${id("language")}" name="language">
      ${languageCodes.map(code => `<option value="${code}">${escapeHtml(languageName(code))}</option>`).join("")}</select><p class="error" id="${id("language")}-error"></p></div>
    <p><button type="submit" id="save">${escapeHtml(submitLabel)}</button></p>`;
  form.elements.language.value = language;
  if (!profile) return;
  for (const name of ["name", "country", "city", "website", "description", "memberCount", "managementFte"]) {
    form.elements[name].value = profile[name] ?? "";
  }
  form.elements.offers.value = (profile.offers ?? []).join(", ");
  form.elements.needs.value = (profile.needs ?? []).join(", ");
  form.elements["contact.name"].value = profile.contact?.name ?? "";
  form.elements["contact.email"].value = profile.contact?.email ?? "";
  for (const box of form.querySelectorAll("input[type=checkbox]")) {
    box.checked = (profile[box.name] ?? []).includes(box.value);
  }
}

const list = value => value.split(",").map(s => s.trim()).filter(Boolean);
const number = value => (value === "" ? null : Number(value));

/** The form as a ClusterInput. */
export function readProfileForm(form) {
  const checked = name => [...form.querySelectorAll(`input[name=${name}]:checked`)].map(c => c.value);
  return {
    name: form.elements.name.value, country: form.elements.country.value, city: form.elements.city.value || null,
    website: form.elements.website.value || null, description: form.elements.description.value, sectors: checked("sectors"),
    memberCount: number(form.elements.memberCount.value), memberTypes: checked("memberTypes"),
    managementFte: number(form.elements.managementFte.value), offers: list(form.elements.offers.value), needs: list(form.elements.needs.value),
    contact: { name: form.elements["contact.name"].value, email: form.elements["contact.email"].value }, language: form.elements.language.value,
  };
}

/** The browser's own check of the server's rules, in the page's words. */
export function checkProfile(data) {
  const errors = {};
  for (const name of ["name", "description", "country"]) if (!String(data[name] ?? "").trim()) errors[name] = [t("errRequired")];
  if (!data.contact.name.trim()) errors["contact.name"] = [t("errRequired")];
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(data.contact.email.trim())) errors["contact.email"] = [t("errEmail")];
  if (data.sectors.length === 0) errors.sectors = [t("errChoice")];
  if (data.memberTypes.length === 0) errors.memberTypes = [t("errChoice")];
  if (!Number.isInteger(data.memberCount) || data.memberCount < 1 || data.memberCount > 100000) errors.memberCount = [t("profile.errNumber")];
  if (data.managementFte !== null && !(data.managementFte >= 0 && data.managementFte <= 1000)) errors.managementFte = [t("profile.errNumber")];
  if (data.website && !/^https?:\/\/\S+$/i.test(data.website)) errors.website = [t("errText")];
  return errors;
}

/** The server's reasons (in English) as the page's words, field by field. */
export function localisedErrors(errors) {
  const key = { "contact.email": "errEmail", country: "errCountry", sectors: "errChoice", memberTypes: "errChoice", language: "errChoice",
    memberCount: "profile.errNumber", managementFte: "profile.errNumber" };
  return Object.fromEntries(Object.keys(errors).map(name => [name, [t(key[name] ?? "errText")]]));
}

/** Shows errors next to their fields; focuses the summary when there are any. */
export function showProfileErrors(form, errors) {
  for (const name of fields) {
    const message = document.getElementById(`${id(name)}-error`);
    const input = document.getElementById(id(name));
    const text = errors[name]?.join(" ") ?? "";
    if (message) message.textContent = text;
    input?.setAttribute("aria-invalid", text ? "true" : "false");
  }
  const summary = form.querySelector("#summary");
  const any = Object.keys(errors).length > 0;
  summary.hidden = !any;
  if (any) {
    summary.textContent = t("fixErrors");
    summary.focus();
  }
  return any;
}
