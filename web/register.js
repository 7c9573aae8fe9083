import { announce, api, countryName, escapeHtml, eventWhen, eventWhere, getJson, lang, locale, setUpPage, t } from "./app.js";
import { countryCodes } from "./countries.js";

setUpPage();
const form = document.getElementById("registration");
const eventId = form.dataset.eventId !== "__EVENT_ID__" ? form.dataset.eventId : new URLSearchParams(location.search).get("event");
form.action = `${api}/events/${encodeURIComponent(eventId || "")}/registrations`;
form.language.value = lang;

// The country list: names in the page's language, sorted as its speakers sort; the value is the ISO code.
const collator = new Intl.Collator(locale());
const countries = countryCodes.map(code => ({ code, name: countryName(code) })).sort((a, b) => collator.compare(a.name, b.name));
form.country.innerHTML = `<option value="">${escapeHtml(t("chooseCountry"))}</option>`
  + countries.map(c => `<option value="${c.code}">${escapeHtml(c.name)}</option>`).join("");

// An invitation link carries its code in the fragment (#code=…): take it, then drop it from the address
// bar, so it stays out of the history and of any link copied from the page.
const codeFromLink = new URLSearchParams(location.hash.slice(1)).get("code");
if (codeFromLink) {
  form.invitationCode.value = codeFromLink;
  history.replaceState(null, "", location.pathname + location.search);
}
let invited = false;
// Shown once the event says it is by invitation (or at once, when the link brought a code).
document.getElementById("invitationField").hidden = !codeFromLink;

const fields = ["invitationCode", "firstName", "lastName", "email", "organisation", "country", "role", "clusterId", "sectors", "dietaryRequirements", "consent"];
const outcome = document.getElementById("outcome");
const summary = document.getElementById("summary");

/** Instead of the form: why one cannot register here (unknown event, not open yet, closed). */
function refuse(message) {
  form.hidden = true;
  document.getElementById("back").hidden = false;
  announce(outcome, `<p>${escapeHtml(message)}</p>`, "info");
}

(async () => {
  const { ok, body } = await getJson(`/events/${encodeURIComponent(eventId || "")}`);
  if (!ok) {
    document.getElementById("title").textContent = t("none");
    refuse(t("eventNotFound"));
    return;
  }
  document.getElementById("title").textContent = t("registerTitle", { event: body.title });
  document.title = `${body.title} · Clusters Cord`;
  document.getElementById("when").textContent = eventWhen(body);
  document.getElementById("where").textContent = eventWhere(body);
  if (!body.registration.isOpen) {
    const opensLater = new Date(body.registration.opensAt) > new Date();
    refuse(opensLater
      ? t("registrationNotYet", { date: new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeStyle: "short", timeZone: body.timeZone }).format(new Date(body.registration.opensAt)) })
      : t("registrationClosed"));
    return;
  }
  document.getElementById("studyVisitField").hidden = !["exchangeForum", "studyVisit"].includes(body.type);
  invited = body.audience === "invited";
  document.getElementById("invitationField").hidden = !invited;
  document.getElementById("invitationCode-hint").hidden = !invited;
  form.invitationCode.required = invited;
  if (invited) document.querySelector("label[for=invitationCode]").textContent = `${t("invitationCodeLabel")} *`;
})();

// The cluster: a search of the catalogue as one types (an ARIA combobox), storing the chosen cluster's id.
const clusterField = document.getElementById("clusterField");
clusterField.innerHTML = `<label for="clusterSearch">${escapeHtml(t("cluster"))}</label>
  <p class="meta" id="clusterSearch-hint">${escapeHtml(t("clusterHint"))}</p>
  <div class="combo">
    <input type="text" id="clusterSearch" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="clusterOptions"
      autocomplete="off" maxlength="200" aria-describedby="clusterSearch-hint clusterId-error">
    <ul id="clusterOptions" role="listbox" aria-label="${escapeHtml(t("cluster"))}" hidden></ul>
  </div>
  <p class="skip" id="clusterStatus" role="status"></p>
  <input type="hidden" id="clusterId" name="clusterId">
  <p class="error" id="clusterId-error"></p>`;
const search = document.getElementById("clusterSearch");
const options = document.getElementById("clusterOptions");
const clusterStatus = document.getElementById("clusterStatus");
let found = [];
let active = -1;
let timer = 0;
let asked = 0;

function close() {
  options.hidden = true;
  search.setAttribute("aria-expanded", "false");
  search.removeAttribute("aria-activedescendant");
  active = -1;
}

function highlight(index) {
  active = index;
  for (const [i, li] of [...options.children].entries()) li.setAttribute("aria-selected", String(i === index));
  if (index >= 0) search.setAttribute("aria-activedescendant", `cluster-option-${index}`);
}

function choose(index) {
  const cluster = found[index];
  if (!cluster) return;
  form.clusterId.value = cluster.id;
  search.value = cluster.name;
  clusterStatus.textContent = t("clusterChosen", { name: cluster.name });
  close();
}

async function lookUp() {
  const q = search.value.trim();
  if (q.length < 2) {
    close();
    return;
  }
  const mine = ++asked;
  const { ok, body } = await getJson(`/clusters?${new URLSearchParams({ q, pageSize: "8" })}`);
  if (mine !== asked) return; // a later keystroke asked again
  found = ok ? body.items : [];
  options.innerHTML = found.map((c, i) => `<li role="option" id="cluster-option-${i}" aria-selected="false" data-index="${i}">
    ${escapeHtml(c.name)} <span class="meta">${escapeHtml([c.city, c.country && countryName(c.country)].filter(Boolean).join(", "))}</span></li>`).join("");
  options.hidden = found.length === 0;
  search.setAttribute("aria-expanded", String(found.length > 0));
  clusterStatus.textContent = t("clusterFound", { n: found.length });
  highlight(-1);
}

search.addEventListener("input", () => {
  form.clusterId.value = ""; // typing again un-chooses
  clearTimeout(timer);
  timer = setTimeout(lookUp, 200);
});
search.addEventListener("keydown", e => {
  if (e.key === "ArrowDown" && found.length) {
    e.preventDefault();
    if (options.hidden) { options.hidden = false; search.setAttribute("aria-expanded", "true"); }
    highlight((active + 1) % found.length);
  } else if (e.key === "ArrowUp" && found.length) {
    e.preventDefault();
    highlight(active <= 0 ? found.length - 1 : active - 1);
  } else if (e.key === "Enter" && !options.hidden && active >= 0) {
    e.preventDefault();
    choose(active);
  } else if (e.key === "Escape") {
    close();
  }
});
options.addEventListener("mousedown", e => e.preventDefault()); // keep the focus in the field
options.addEventListener("click", e => {
  const li = e.target.closest("li[data-index]");
  if (li) choose(Number(li.dataset.index));
});
search.addEventListener("blur", () => setTimeout(close, 100));

/** The same rules as the server, shown before sending. */
function check() {
  const errors = {};
  for (const name of ["firstName", "lastName", "email", "organisation"]) {
    if (!form[name].value.trim()) errors[name] = [t("errRequired")];
  }
  const email = form.email.value.trim();
  if (email && !/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(email)) errors.email = [t("errEmail")];
  if (!form.country.value) errors.country = [t("errCountry")];
  if (!form.consent.checked) errors.consent = [t("errConsent")];
  if (invited && !form.invitationCode.value.trim()) errors.invitationCode = [t("errRequired")];
  return errors;
}

/** The server's reasons (in English) as the page's words, field by field, as the no-JavaScript page does. */
function localised(errors, data) {
  const key = name => {
    if (name === "consent") return "errConsent";
    const value = data[name];
    if ((value ?? "") === "" && !["sectors", "studyVisit"].includes(name)) return "errRequired";
    return { email: "errEmail", country: "errCountry", role: "errChoice", language: "errChoice", sectors: "errChoice", studyVisit: "errChoice" }[name] ?? "errText";
  };
  return Object.fromEntries(Object.keys(errors).map(name => [name, [t(key(name))]]));
}

function show(errors) {
  for (const name of fields) {
    const message = document.getElementById(`${name}-error`);
    const input = name === "clusterId" ? search : form.elements[name];
    const text = errors[name]?.join(" ") ?? "";
    if (message) message.textContent = text;
    if (input && input.setAttribute) input.setAttribute("aria-invalid", text ? "true" : "false");
  }
  const names = Object.keys(errors);
  summary.hidden = names.length === 0;
  if (names.length > 0) {
    summary.textContent = t("fixErrors");
    summary.focus();
  }
}

form.addEventListener("submit", async event => {
  event.preventDefault();
  const errors = check();
  show(errors);
  if (Object.keys(errors).length > 0) return;
  const data = {
    firstName: form.firstName.value, lastName: form.lastName.value, email: form.email.value, organisation: form.organisation.value,
    country: form.country.value, role: form.role.value, clusterId: form.clusterId.value || null,
    sectors: [...form.querySelectorAll("input[name=sectors]:checked")].map(c => c.value),
    studyVisit: !document.getElementById("studyVisitField").hidden && form.studyVisit.checked,
    language: form.language.value, dietaryRequirements: form.dietaryRequirements.value || null, consent: form.consent.checked,
    website: form.website.value,
  };
  if (invited) data.invitationCode = form.invitationCode.value.trim();
  const button = document.getElementById("submit");
  button.disabled = true;
  button.textContent = t("sending");
  try {
    const response = await fetch(form.action, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(data) });
    const body = await response.json().catch(() => null);
    if (response.status === 400 && body?.errors) {
      show(localised(body.errors, data));
    } else if (response.ok && body?.status === "alreadyRegistered") {
      // Knowing an address opens nothing: the link went to that address again, not to this page.
      form.hidden = true;
      announce(outcome, `<p>${escapeHtml(t("already"))}</p>`, "good");
    } else if (response.status === 404 && invited) {
      // The server answers a refused code as it answers an unknown event; the page knows the event exists.
      show({ invitationCode: [t("invitationRefused")] });
    } else if (response.status === 409) {
      refuse(t("registrationClosed"));
    } else if (response.ok) {
      form.hidden = true;
      const text = body.status === "waitlisted" ? t("waitlisted", { n: body.waitlistPosition }) : t("confirmed");
      announce(outcome, `<p>${escapeHtml(text)}</p>
        <p><a href="${escapeHtml(body.manageUrl)}">${escapeHtml(t("manageLink"))}</a></p>`, "good");
    } else {
      announce(outcome, `<p>${escapeHtml(body?.detail || body?.title || t("errNetwork"))}</p>`, "bad");
    }
  } catch {
    announce(outcome, `<p>${escapeHtml(t("errNetwork"))}</p>`, "bad");
  } finally {
    button.disabled = false;
    button.textContent = t("submit");
  }
});
