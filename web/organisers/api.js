// The one module through which every back-office page talks to the API: where it is, how organisers are
// signed in (the organiser key kept in this tab's sessionStorage, or App Service authentication in Azure),
// and one function per route.

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

// Events: the organisers' own list (drafts and cancelled ones included, with their counts) and record.
export async function listEvents() {
  const answer = await request("GET", "/manage/events");
  return { ...answer, items: answer.body?.items ?? [] };
}

export const eventLanguages = ["en", "cs", "de", "it", "pl", "sk", "hu", "sl"];

/** A ManagedEvent: title and description in every language given, status, sequence and counts. */
export const getEvent = eventId => request("GET", `/manage/events/${id(eventId)}`);

/** The days of an event (YYYY-MM-DD in its zone), from its start to its end, or every day of its month. */
export function eventDays(event) {
  const day = (iso, zone) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date(iso)).map(p => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  };
  let first;
  let last;
  if (event?.startsAt) {
    first = day(event.startsAt, event.timeZone);
    last = day(event.endsAt ?? event.startsAt, event.timeZone);
  } else if (event?.month) {
    const [y, m] = event.month.split("-").map(Number);
    first = `${event.month}-01`;
    last = `${event.month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
  } else {
    return [];
  }
  const days = [];
  for (let d = new Date(`${first}T00:00:00Z`); days.length < 62; d.setUTCDate(d.getUTCDate() + 1)) {
    const text = d.toISOString().slice(0, 10);
    if (text > last) break;
    days.push(text);
  }
  return days;
}

/** The day a check-in defaults to, as the server does: today in the event's zone while it runs, else its first or last day. */
export function defaultDay(event, days = eventDays(event)) {
  if (!days.length) return "";
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: event.timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  if (today < days[0]) return days[0];
  if (today > days[days.length - 1]) return days[days.length - 1];
  return today;
}

export const cancelEvent = eventId => request("POST", `/manage/events/${id(eventId)}/cancel`);
export const sendMessage = (eventId, input) => request("POST", `/manage/events/${id(eventId)}/messages`, { json: input });
export const previewMessage = (eventId, input) => request("POST", `/manage/events/${id(eventId)}/messages/preview`, { json: input });
export const listMessages = eventId => request("GET", `/manage/events/${id(eventId)}/messages`);

/** One page of the audit log, newest first. */
export const listAudit = (continuationToken = null, pageSize = 50) =>
  request("GET", `/manage/audit?pageSize=${pageSize}${continuationToken ? `&continuationToken=${encodeURIComponent(continuationToken)}` : ""}`);

export const saveEvent = (eventId, input) => request("PUT", `/manage/events/${id(eventId)}`, { json: input });

// Registrations of an event: found, filtered and sorted by the server (q, status, country, sector,
// studyVisit, checkedIn, day, sort, desc; empty values are left out).
export function listRegistrations(eventId, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ""));
  const text = params.toString();
  return allPages(`/manage/events/${id(eventId)}/registrations${text ? `?${text}` : ""}`);
}
/** Check-in for a day (YYYY-MM-DD; none: the server's default day). */
export const checkIn = (eventId, registrationId, day) =>
  request("POST", `/manage/events/${id(eventId)}/registrations/${id(registrationId)}/check-in`, day ? { json: { day } } : {});
export const undoCheckIn = (eventId, registrationId, day) =>
  request("DELETE", `/manage/events/${id(eventId)}/registrations/${id(registrationId)}/check-in${day ? `?day=${encodeURIComponent(day)}` : ""}`);
export const checkInByCode = (eventId, code, day) =>
  request("POST", `/manage/events/${id(eventId)}/check-in`, { json: day ? { code, day } : { code } });
export const addWalkIn = (eventId, input) => request("POST", `/manage/events/${id(eventId)}/walk-ins`, { json: input });
export const cancelRegistration = (eventId, registrationId) => request("DELETE", `/manage/events/${id(eventId)}/registrations/${id(registrationId)}`);
export const exportCsv = (eventId, separator = "comma") =>
  request("GET", `/manage/events/${id(eventId)}/registrations.csv?separator=${encodeURIComponent(separator)}`, { raw: true });
export const exportXlsx = eventId => request("GET", `/manage/events/${id(eventId)}/registrations.xlsx`, { raw: true });
export const getSummary = eventId => request("GET", `/manage/events/${id(eventId)}/summary`);
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
/** A report upload (multipart/form-data) with its progress: onProgress(0..1). */
export const uploadReport = (formData, onProgress) => uploadForm("POST", "/manage/benchmarking/reports", formData, onProgress);

export const importIndicators = csv => request("POST", "/manage/benchmarking/indicators", { body: csv, contentType: "text/csv" });

// Emails.
export const listUndelivered = () => request("GET", "/manage/emails/undelivered");
export const retryUndelivered = messageId => request("POST", `/manage/emails/undelivered/${id(messageId)}/retry`);

// Uploads.
/** multipart/form-data to any route through XMLHttpRequest, whose upload events give the progress: onProgress(0..1). */
export function uploadForm(method, path, formData, onProgress) {
  return new Promise(resolve => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, `${apiBase}${path}`);
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

// The partnership agreement.
/** A new version (fields file and version): 201 AgreementVersion; 400 errors, 409 name taken, 413, 415. */
export const publishAgreement = (formData, onProgress) => uploadForm("PUT", "/manage/agreement", formData, onProgress);
/** { document, signatories: [{ clusterId, name, country, signedAt, place }] } (who signed is not listed). */
export const getAgreement = () => request("GET", "/agreement");
export async function listAgreementVersions() {
  const answer = await request("GET", "/agreement/versions");
  return { ...answer, items: answer.body?.items ?? [] };
}
/** One version's file (the latest without a name), as a raw answer for saveDownload. */
export const downloadAgreement = version =>
  request("GET", `/agreement/document${version ? `?version=${encodeURIComponent(version)}` : ""}`, { raw: true });
/** { clusterId, signedBy, signedAt: "YYYY-MM-DD", place } → 201 the signatory; 400 errors; 409 signed already. */
export const recordSignatory = input => request("POST", "/manage/agreement/signatories", { json: input });
/** Every approved cluster of the public catalogue (followed over its pages). */
export const listCatalogue = () => allPages("/clusters");
