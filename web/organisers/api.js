// The one module through which every back-office page talks to the API: where it is, how organisers are
// signed in (the organiser key kept in this tab's sessionStorage, or App Service authentication in Azure),
// and one function per route. Routes still to come (GET /api/manage/events, cancel, messages, audit, the
// door's search and walk-ins) are added here and the pages call them the same way.

const keyName = "clusterscord.organiserKey";

const config = await fetch(new URL("../config.json", import.meta.url))
  .then(r => (r.ok ? r.json() : {}))
  .catch(() => ({}));

/** The API's base: <html data-api>, else config.json's "api" (written at deployment), else this origin's /api. */
export const apiBase = String(document.documentElement.dataset.api || config?.api || "/api").replace(/\/$/, "");

/**
 * Whether App Service authentication (Microsoft Entra ID) fronts the API. Read defensively: the flag is
 * added to config.json at deployment and may be spelt as a boolean or as an object.
 */
export const appServiceAuth = (() => {
  const flag = config?.appServiceAuth ?? config?.appServiceAuthentication ?? config?.auth;
  if (flag === true || flag === "true" || flag === "appService" || flag === "aad") return true;
  return typeof flag === "object" && flag !== null && (flag.enabled === true || flag.appService === true);
})();

/** Where "Sign in with Microsoft" leads: the API's own /.auth endpoint, back to this page afterwards. */
export function microsoftSignInUrl() {
  const origin = new URL(apiBase, location.href).origin;
  return `${origin}/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent(location.href)}`;
}

export const session = {
  get key() {
    try { return sessionStorage.getItem(keyName); } catch { return null; }
  },
  set key(value) {
    try {
      if (value) sessionStorage.setItem(keyName, value);
      else sessionStorage.removeItem(keyName);
    } catch { /* storage refused: the key lasts as long as the page */ }
  },
  /** A call can be tried: a key is kept, or the platform's sign-in may carry the request. */
  get canCall() { return Boolean(this.key) || appServiceAuth; },
};

/** Fired on window when the API answers 401: the page asks for the key again. */
export const unauthorizedEvent = "office:unauthorized";

function authHeaders(key = session.key) {
  return key ? { "x-functions-key": key } : {};
}

/**
 * One request. Answers { ok, status, body, response }; body is the parsed JSON (or problem), text for
 * other media types, null when empty. A network failure is status 0. A 401 also fires unauthorizedEvent.
 */
export async function request(method, path, { json, body, contentType, key, quiet401 = false, raw = false } = {}) {
  const headers = { Accept: "application/json", ...authHeaders(key) };
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (contentType) {
    headers["Content-Type"] = contentType;
  }
  let response;
  try {
    response = await fetch(apiBase + path, { method, headers, body, credentials: appServiceAuth ? "include" : "same-origin", cache: "no-store" });
  } catch {
    return { ok: false, status: 0, body: null, response: null };
  }
  if (response.status === 401 && !quiet401) {
    window.dispatchEvent(new CustomEvent(unauthorizedEvent));
  }
  if (raw) return { ok: response.ok, status: response.status, body: null, response };
  const type = response.headers.get("Content-Type") ?? "";
  const text = await response.text().catch(() => "");
  let parsed = text || null;
  if (text && type.includes("json")) {
    try { parsed = JSON.parse(text); } catch { parsed = null; }
  }
  return { ok: response.ok, status: response.status, body: parsed, response };
}

/** Every page of a paged list (items and continuationToken), up to `limit` items. */
async function allPages(path, limit = 5000) {
  const items = [];
  let token = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const answer = await request("GET", `${path}${separator}pageSize=100${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`);
    if (!answer.ok) return { ...answer, items };
    items.push(...(answer.body?.items ?? []));
    token = answer.body?.continuationToken ?? null;
  } while (token && items.length < limit);
  return { ok: true, status: 200, items };
}

const id = value => encodeURIComponent(value);

/** Checks a key before keeping it: 401 means refused. */
export async function verifyKey(key) {
  const answer = await request("GET", "/manage/clusters?status=pending&pageSize=1", { key, quiet401: true });
  return answer.status;
}

// Events. Until GET /api/manage/events is merged, the list and the form read the public programme
// (every published event, in each language); then listEvents and getEvent switch to it alone.
export async function listEvents() {
  const answer = await request("GET", "/events?lang=en");
  return { ...answer, items: answer.body?.items ?? [] };
}

export const eventLanguages = ["en", "cs", "de", "it", "pl", "sk", "hu", "sl"];

/** An event with its titles and descriptions per language (a language equal to English counts as not given). */
export async function getEvent(eventId) {
  const answers = await Promise.all(eventLanguages.map(lang => request("GET", `/events/${id(eventId)}?lang=${lang}`)));
  const english = answers[0];
  if (!english.ok) return english;
  const event = { ...english.body, title: {}, description: {} };
  eventLanguages.forEach((lang, i) => {
    const body = answers[i].body ?? {};
    if (lang === "en" || body.title !== english.body.title) event.title[lang] = body.title ?? "";
    if (body.description && (lang === "en" || body.description !== english.body.description)) event.description[lang] = body.description;
  });
  return { ok: true, status: 200, body: event };
}

export const saveEvent = (eventId, input) => request("PUT", `/manage/events/${id(eventId)}`, { json: input });

// Registrations of an event.
export const listRegistrations = eventId => allPages(`/manage/events/${id(eventId)}/registrations`);
export const checkIn = (eventId, registrationId) => request("POST", `/manage/events/${id(eventId)}/registrations/${id(registrationId)}/check-in`);
export const cancelRegistration = (eventId, registrationId) => request("DELETE", `/manage/events/${id(eventId)}/registrations/${id(registrationId)}`);
export const exportCsv = eventId => request("GET", `/manage/events/${id(eventId)}/registrations.csv`, { raw: true });
export const listReminders = eventId => allPages(`/manage/events/${id(eventId)}/reminders`);

// Invitations.
export const listInvitations = eventId => request("GET", `/manage/events/${id(eventId)}/invitations`);
export const issueInvitation = (eventId, input) => request("POST", `/manage/events/${id(eventId)}/invitations`, { json: input });
export const revokeInvitation = (eventId, invitationId) => request("DELETE", `/manage/events/${id(eventId)}/invitations/${id(invitationId)}`);

// Moderation.
export const listClusters = (status = "pending") => allPages(`/manage/clusters?status=${id(status)}`);
export const approveCluster = clusterId => request("POST", `/manage/clusters/${id(clusterId)}/approve`);
export const rejectCluster = clusterId => request("POST", `/manage/clusters/${id(clusterId)}/reject`);

// Benchmarking.
/** multipart/form-data through XMLHttpRequest, whose upload events give the progress: onProgress(0..1). */
export function uploadReport(formData, onProgress) {
  return new Promise(resolve => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${apiBase}/manage/benchmarking/reports`);
    xhr.withCredentials = appServiceAuth;
    for (const [name, value] of Object.entries({ Accept: "application/json", ...authHeaders() })) {
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.addEventListener("progress", e => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener("load", () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status === 401) window.dispatchEvent(new CustomEvent(unauthorizedEvent));
      resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, body });
    });
    xhr.addEventListener("error", () => resolve({ ok: false, status: 0, body: null }));
    xhr.send(formData);
  });
}

export const importIndicators = csv => request("POST", "/manage/benchmarking/indicators", { body: csv, contentType: "text/csv" });

// Emails.
export const listUndelivered = () => request("GET", "/manage/emails/undelivered");
export const retryUndelivered = messageId => request("POST", `/manage/emails/undelivered/${id(messageId)}/retry`);
