import { announce, api, escapeHtml, lang, setUpPage, t } from "./app.js";
import { checkProfile, localisedErrors, readProfileForm, renderProfileForm, showProfileErrors } from "./profile.form.js";

setUpPage();
const form = document.getElementById("profile-form");
const outcome = document.getElementById("outcome");
renderProfileForm(form, null, lang);

form.addEventListener("submit", async event => {
  event.preventDefault();
  const data = readProfileForm(form);
  if (showProfileErrors(form, checkProfile(data))) return;
  const button = document.getElementById("save");
  button.disabled = true;
  button.textContent = t("sending");
  try {
    const response = await fetch(`${api}/clusters`, {
      method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(data),
    });
    const body = await response.json().catch(() => null);
    if (response.status === 400 && body?.errors) {
      showProfileErrors(form, localisedErrors(body.errors));
    } else if (response.status === 202 && body?.manageUrl) {
      form.hidden = true;
      // The link opens the profile for whoever holds it: shown once here, and emailed to the contact.
      announce(outcome, `<p>${escapeHtml(t("profile.submitted"))}</p>
        <p><a id="manage-link" href="${escapeHtml(body.manageUrl)}">${escapeHtml(t("profile.openProfile"))}</a></p>
        <p class="meta">${escapeHtml(t("profile.keepLink"))}</p>`, "good");
    } else {
      announce(outcome, `<p>${escapeHtml(t("profile.notSent"))} ${escapeHtml(body?.detail ?? "")}</p>`, "bad");
    }
  } catch {
    announce(outcome, `<p>${escapeHtml(t("errNetwork"))}</p>`, "bad");
  } finally {
    button.disabled = false;
    button.textContent = t("profile.submit");
  }
});
