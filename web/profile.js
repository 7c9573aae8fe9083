import { announce, api, escapeHtml, lang, locale, setUpPage, switchLanguage, t } from "./app.js";
import { checkProfile, localisedErrors, readProfileForm, renderProfileForm, showProfileErrors } from "./profile.form.js";

setUpPage();

/**
 * The link is {this page}#id=…&token=…: a fragment never reaches a server or a log. It is read once, kept
 * for this tab only (a reload or a change of language still works) and taken out of the address bar and
 * the history at once. The API gets the token in the X-Manage-Token header only.
 */
function readLink() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.has("id") && fragment.has("token")) {
    sessionStorage.setItem("clusterLink", JSON.stringify({ id: fragment.get("id"), token: fragment.get("token") }));
  }
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  try {
    return JSON.parse(sessionStorage.getItem("clusterLink")) || {};
  } catch {
    return {};
  }
}

const { id = "", token = "" } = readLink();
const base = `${api}/clusters/${encodeURIComponent(id)}`;
const headers = { "X-Manage-Token": token, Accept: "application/json" };
const overview = document.getElementById("overview");
const outcome = document.getElementById("outcome");
const form = document.getElementById("profile-form");
const date = value => new Intl.DateTimeFormat(locale(), { dateStyle: "long" }).format(new Date(value));
let languageChecked = false;

async function load() {
  const response = id && token ? await fetch(`${base}/profile`, { headers }) : null;
  if (!response?.ok) {
    overview.innerHTML = `<p class="notice bad" id="not-found">${escapeHtml(t("profile.notFound"))}</p>`;
    for (const section of ["groups-section", "edit-section", "withdraw-section"]) document.getElementById(section).hidden = true;
    return null;
  }
  const own = await response.json();
  // The contact's language (their emails are in it), unless the address names another.
  if (!languageChecked && !new URLSearchParams(location.search).has("lang") && own.language !== lang) {
    languageChecked = true;
    await switchLanguage(own.language);
  }
  languageChecked = true;
  const p = own.profile;
  overview.innerHTML = `<h2>${escapeHtml(p.name)}</h2>
    <dl>
      <dt>${escapeHtml(t("status"))}</dt><dd id="status">${escapeHtml(t("profile.statuses." + own.status))}</dd>
      ${own.pendingEdit ? `<dt>${escapeHtml(t("profile.pendingEdit"))}</dt><dd id="pending-edit">${escapeHtml(t("profile.pendingEditSince", { date: date(own.pendingEdit.submittedAt) }))}: ${escapeHtml(own.pendingEdit.profile.name)}</dd>` : ""}
    </dl>
    ${own.status === "approved" ? `<p><a href="cluster.html?id=${encodeURIComponent(p.id)}">${escapeHtml(t("profile.publicPage"))}</a></p>
      <p><a id="introductions-link" href="introductions.html">${escapeHtml(t("introductions.title"))}</a></p>` : ""}`;
  renderGroups(own);
  renderProfileForm(form, own.pendingEdit?.profile ?? p, own.language, t("profile.save"));
  for (const section of ["edit-section", "withdraw-section", "groups-section"]) document.getElementById(section).hidden = false;
  return own;
}

function renderGroups(own) {
  const groups = document.getElementById("groups");
  const approved = own.status === "approved";
  const rows = own.profile.sectors.map(sector => {
    const membership = own.workingGroups.find(g => g.sector === sector);
    const state = !membership ? t("profile.notMember")
      : membership.status === "member" ? t("profile.memberSince", { date: date(membership.memberSince) }) : t("profile.requested");
    const action = membership
      ? `<button type="button" class="leave" data-sector="${sector}">${escapeHtml(t(membership.status === "member" ? "profile.leave" : "profile.withdrawRequest"))}</button>`
      : approved ? `<button type="button" class="join" data-sector="${sector}">${escapeHtml(t("profile.join"))}</button>` : "";
    return `<li data-sector="${sector}"><a href="working-group.html?sector=${sector}">${escapeHtml(t("sectorNames." + sector))}</a>: <span class="state">${escapeHtml(state)}</span> ${action}</li>`;
  });
  groups.innerHTML = `${approved ? "" : `<p class="meta">${escapeHtml(t("profile.joinAfterApproval"))}</p>`}<ul>${rows.join("")}</ul>`;
  for (const button of groups.querySelectorAll("button")) {
    button.addEventListener("click", async () => {
      const leaving = button.classList.contains("leave");
      const answer = await fetch(`${base}/working-groups/${button.dataset.sector}`, { method: leaving ? "DELETE" : "POST", headers });
      await load();
      announce(outcome, `<p>${escapeHtml(t(answer.ok ? (leaving ? "profile.left" : "profile.joinRequested") : "errNetwork"))}</p>`, answer.ok ? "good" : "bad");
    });
  }
}

form.addEventListener("submit", async event => {
  event.preventDefault();
  const data = readProfileForm(form);
  if (showProfileErrors(form, checkProfile(data))) return;
  const response = await fetch(`${base}/profile`, { method: "PUT", headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(data) });
  const body = await response.json().catch(() => null);
  if (response.status === 400 && body?.errors) {
    showProfileErrors(form, localisedErrors(body.errors));
  } else if (response.ok) {
    await load();
    announce(outcome, `<p>${escapeHtml(t(body.pendingEdit ? "profile.savedForModeration" : "profile.saved"))}</p>`, "good");
  } else {
    announce(outcome, `<p>${escapeHtml(t("errNetwork"))}</p>`, "bad");
  }
});

document.getElementById("withdraw").addEventListener("click", () => {
  document.getElementById("confirm").hidden = false;
  document.getElementById("yes").focus();
});
document.getElementById("yes").addEventListener("click", async () => {
  const response = await fetch(`${base}/profile`, { method: "DELETE", headers });
  if (response.ok) {
    sessionStorage.removeItem("clusterLink");
    for (const section of ["groups-section", "edit-section", "withdraw-section"]) document.getElementById(section).hidden = true;
    overview.innerHTML = "";
    announce(outcome, `<p id="withdrawn">${escapeHtml(t("profile.withdrawn"))}</p>`, "good");
  } else {
    announce(outcome, `<p>${escapeHtml(t("errNetwork"))}</p>`, "bad");
  }
});

load();
