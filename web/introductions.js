// A cluster contact's introductions, behind the profile's manage link ({page}#id=…&token=…): the list from
// GET /api/clusters/{id}/introductions (the other's contact only once accepted), accept or decline a request
// received, and ask for an introduction to one of the cluster's matches. The token goes in X-Manage-Token only.
import { announce, api, countryName, escapeHtml, getJson, locale, setUpPage, t } from "./app.js";

setUpPage();

/** The link's id and token, kept for this tab only and taken out of the address bar at once (as manage.html). */
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
const base = `${api}/clusters/${encodeURIComponent(id)}/introductions`;
const headers = { "X-Manage-Token": token, Accept: "application/json" };
const list = document.getElementById("list");
const outcome = document.getElementById("outcome");
const form = document.getElementById("ask");
const when = text => new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(new Date(text));

function item(i) {
  const other = i.cluster.name ? `${i.cluster.name} (${countryName(i.cluster.country)})` : t("introductions.formerCluster");
  const contact = i.contact
    ? `<p>${escapeHtml(t("introductions.contact"))}: ${escapeHtml(i.contact.name)}, <a href="mailto:${escapeHtml(i.contact.email)}">${escapeHtml(i.contact.email)}</a></p>` : "";
  const decide = i.direction === "received" && i.state === "pending"
    ? `<p><button type="button" data-decide="accept" data-id="${escapeHtml(i.introductionId)}">${escapeHtml(t("introductions.accept"))}</button>
       <button type="button" data-decide="decline" data-id="${escapeHtml(i.introductionId)}">${escapeHtml(t("introductions.decline"))}</button></p>` : "";
  return `<li class="introduction" data-introduction="${escapeHtml(i.introductionId)}">
    <p><strong>${escapeHtml(t(`introductions.direction.${i.direction}`, { cluster: other }))}</strong> · ${escapeHtml(when(i.requestedAt))}
      · <span class="tag">${escapeHtml(t(`introductions.states.${i.state}`))}</span></p>
    ${i.message ? `<blockquote>${escapeHtml(i.message)}</blockquote>` : ""}${contact}${decide}</li>`;
}

async function load() {
  const response = id && token ? await fetch(base, { headers }) : null;
  if (!response?.ok) {
    list.innerHTML = `<p class="notice bad">${escapeHtml(t("introductions.notFound"))}</p>`;
    form.hidden = true;
    document.documentElement.dataset.introductions = "refused";
    return false;
  }
  const { items } = await response.json();
  list.innerHTML = items.length === 0 ? `<p>${escapeHtml(t("introductions.none"))}</p>` : `<ul class="introductions">${items.map(item).join("")}</ul>`;
  document.documentElement.dataset.introductions = `ready:${items.length}`; // the tests wait for it
  return true;
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { ...headers, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { ok: response.ok, body: await response.json().catch(() => null) };
}

list.addEventListener("click", async event => {
  const button = event.target.closest("button[data-decide]");
  if (!button) return;
  const { ok, body } = await post(`${base}/${encodeURIComponent(button.dataset.id)}/${button.dataset.decide}`);
  announce(outcome, `<p>${escapeHtml(ok ? t(button.dataset.decide === "accept" ? "introductions.acceptedNow" : "introductions.declinedNow") : body?.detail || t("errNetwork"))}</p>`, ok ? "good" : "bad");
  await load();
});

form.addEventListener("submit", async event => {
  event.preventDefault();
  for (const field of ["to", "message"]) {
    document.getElementById(`${field}-error`).textContent = "";
    document.getElementById(field).removeAttribute("aria-invalid");
  }
  const { ok, body } = await post(base, { to: form.to.value, message: form.message.value });
  if (ok) {
    form.reset();
    announce(outcome, `<p>${escapeHtml(t("introductions.sent"))}</p>`, "good");
    await load();
    return;
  }
  for (const [field, messages] of Object.entries(body?.errors ?? {})) {
    const error = document.getElementById(`${field}-error`);
    if (error) {
      error.textContent = messages.join(" ");
      document.getElementById(field).setAttribute("aria-invalid", "true");
    }
  }
  announce(outcome, `<p>${escapeHtml(body?.detail || t("errNetwork"))}</p>`, "bad");
});

if (await load()) {
  const matches = (await getJson(`/clusters/${encodeURIComponent(id)}/matches`)).body?.items ?? [];
  form.to.innerHTML = matches.map(m => `<option value="${escapeHtml(m.clusterId)}">${escapeHtml(`${m.name} (${countryName(m.country)})`)}</option>`).join("");
  if (matches.length === 0) form.hidden = true;
}
