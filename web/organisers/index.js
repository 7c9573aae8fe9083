// The events (drafts and cancelled ones included): upcoming first, past ones folded under their own heading.
import { listEvents } from "./api.js";
import { countryName, escapeHtml, failure, formatRange, renderShell, startPage, t } from "./office.js";
import { eventTypes } from "./texts.js";

renderShell("index.html");

function isPast(event, now) {
  if (event.endsAt) return new Date(event.endsAt) < now;
  if (event.month) return event.month < now.toISOString().slice(0, 7);
  return false;
}

function when(event) {
  if (event.startsAt && event.endsAt) return formatRange(event.startsAt, event.endsAt, event.timeZone);
  if (event.month) return t("onlyMonth", { month: event.month });
  return "";
}

function card(event) {
  const id = encodeURIComponent(event.id);
  const title = typeof event.title === "object" ? event.title?.en ?? event.id : event.title;
  const tags = [
    event.status === "draft" ? t("statusDraft") : null,
    event.status === "cancelled" ? t("eventCancelled") : null,
    eventTypes[event.type] ?? event.type,
    event.audience === "invited" ? t("invitedOnly") : null,
    event.status === "cancelled" ? null : event.registration?.isOpen ? t("registrationOpen") : t("registrationClosed"),
    event.isSample ? "SAMPLE" : null,
  ].filter(Boolean);
  return `<article class="card" data-event="${escapeHtml(event.id)}" data-status="${escapeHtml(event.status ?? "")}">
    <h3>${escapeHtml(title)}</h3>
    <p class="meta">${escapeHtml(when(event))} · ${escapeHtml([event.venue, event.city, countryName(event.country)].filter(Boolean).join(", "))}</p>
    <p class="meta">${escapeHtml(t("seats", { confirmed: event.confirmed ?? 0, capacity: event.capacity ?? 0, waitlisted: event.waitlisted ?? 0 }))}</p>
    <p>${tags.map(tag => `<span class="tag">${escapeHtml(tag)}</span>`).join("")}</p>
    <p class="actions">
      <a class="button" href="registrations.html?event=${id}" aria-label="${escapeHtml(t("registrations"))}: ${escapeHtml(title)}">${escapeHtml(t("registrations"))}</a>
      <a class="button secondary" href="door.html?event=${id}" aria-label="${escapeHtml(t("doorLink"))}: ${escapeHtml(title)}">${escapeHtml(t("doorLink"))}</a>
      ${event.meetings ? `<a class="button secondary" href="meetings.html?event=${id}" aria-label="${escapeHtml(t("meetingsLink"))}: ${escapeHtml(title)}">${escapeHtml(t("meetingsLink"))}</a>` : ""}
      <a class="button secondary" href="event.html?id=${id}" aria-label="${escapeHtml(t("edit"))}: ${escapeHtml(title)}">${escapeHtml(t("edit"))}</a>
    </p>
  </article>`;
}

async function load() {
  const upcoming = document.getElementById("upcoming");
  upcoming.innerHTML = `<p>${escapeHtml(t("loading"))}</p>`;
  const answer = await listEvents();
  upcoming.removeAttribute("aria-busy");
  if (!answer.ok) {
    upcoming.innerHTML = "";
    if (answer.status !== 401) failure(answer);
    return;
  }
  // The server orders them: not yet over (soonest first), then over (most recent first).
  const now = new Date();
  const future = answer.items.filter(e => !isPast(e, now));
  const past = answer.items.filter(e => isPast(e, now));
  upcoming.innerHTML = future.length ? future.map(card).join("") : `<p>${escapeHtml(t("noEvents"))}</p>`;
  const details = document.getElementById("past");
  details.hidden = past.length === 0;
  document.getElementById("past-title").textContent = t("past", { count: past.length });
  document.getElementById("past-list").innerHTML = past.map(card).join("");
}

await startPage(load);
