import { announce, api, escapeHtml, eventWhen, getJson, lang, setUpPage, t } from "./app.js";

setUpPage();
const form = document.getElementById("registration");
const eventId = form.dataset.eventId !== "__EVENT_ID__" ? form.dataset.eventId : new URLSearchParams(location.search).get("event");
form.action = `${api}/events/${encodeURIComponent(eventId || "")}/registrations`;
form.language.value = lang;
for (const option of form.role.options) option.textContent = t("roles." + option.value);
for (const span of document.querySelectorAll("[data-sector]")) span.textContent = t("sectorNames." + span.dataset.sector);

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

(async () => {
  const { ok, body } = await getJson(`/events/${encodeURIComponent(eventId || "")}`);
  if (!ok) {
    document.getElementById("title").textContent = t("none");
    form.hidden = true;
    return;
  }
  document.getElementById("title").textContent = t("registerTitle", { event: body.title });
  document.title = `${body.title} · Clusters Cord`;
  document.getElementById("when").textContent = `${eventWhen(body)} · ${body.city} (${body.country})`;
  invited = body.audience === "invited";
  document.getElementById("invitationField").hidden = !invited;
  document.getElementById("invitationCode-hint").hidden = !invited;
  form.invitationCode.required = invited;
  if (invited) document.querySelector("label[for=invitationCode]").textContent = `${t("invitationCodeLabel")} *`;
})();

/** The same rules as the server, shown before sending. */
function check() {
  const errors = {};
  for (const name of ["firstName", "lastName", "email", "organisation", "country"]) {
    if (!form[name].value.trim()) errors[name] = [t("errRequired")];
  }
  const email = form.email.value.trim();
  if (email && !/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(email)) errors.email = [t("errEmail")];
  const country = form.country.value.trim();
  if (country && !/^[A-Za-z]{2}$/.test(country)) errors.country = [t("errCountry")];
  if (!form.consent.checked) errors.consent = [t("errConsent")];
  if (invited && !form.invitationCode.value.trim()) errors.invitationCode = [t("errRequired")];
  return errors;
}

function show(errors) {
  for (const name of fields) {
    const message = document.getElementById(`${name}-error`);
    const input = form.elements[name];
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
    country: form.country.value.trim().toUpperCase(), role: form.role.value, clusterId: form.clusterId.value || null,
    sectors: [...form.querySelectorAll("input[name=sectors]:checked")].map(c => c.value), studyVisit: form.studyVisit.checked,
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
      show(body.errors);
    } else if (response.ok && body?.status === "alreadyRegistered") {
      // Knowing an address opens nothing: the link went to that address again, not to this page.
      form.hidden = true;
      announce(outcome, `<p>${escapeHtml(t("already"))}</p>`, "good");
    } else if (response.status === 404 && invited) {
      // The server answers a refused code as it answers an unknown event; the page knows the event exists.
      show({ invitationCode: [t("invitationRefused")] });
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
