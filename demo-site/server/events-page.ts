import type { StoredEvent } from './db';
import { html, type SafeHtml } from './html';
import { renderAdminPage } from './layout';
import { table } from './ui';

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function row(e: StoredEvent): SafeHtml {
  const props = e.properties ? JSON.stringify(e.properties) : '';
  const received = new Date(e.received_at).toISOString().replace('T', ' ').slice(0, 19);
  const contact = e.email ?? e.phone_number;
  const name = contact ?? (e.profile_id !== null ? 'Anonymous visitor' : '');
  const phone = e.email && e.phone_number ? html`<span class="sub">${e.phone_number}</span>` : '';
  const anon = e.anonymous_id ? html`<span class="mono" title="${e.anonymous_id}">${e.anonymous_id.slice(0, 8)}</span>` : '';
  const person = html`${e.profile_id !== null ? html`<a href="/audience/${e.profile_id}">${name}</a>` : name}${phone}`;
  return html`<tr data-seq="${e.seq}"><td class="mono">#${e.seq}</td><td class="nowrap">${received}</td><td>${e.type}</td><td><strong>${e.event ?? ''}</strong></td><td>${e.event_type ?? ''}</td>
<td class="who">${person}</td><td>${anon}</td><td class="num">${e.copies}</td><td class="mono small json"${props ? html` title="${props}"` : ''}>${short(props, 120)}</td></tr>`;
}

/**
 * GET /events: the most recent stored records, newest first, as the Track API stored them. New
 * rows arrive over the server-sent event stream (live.js), so focus and scroll stay put.
 */
export function renderEventsPage(events: StoredEvent[]): string {
  const head = ['seq', 'Received (UTC)', 'Type', 'Event', 'event_type', 'Email / phone', 'anonymous_id', 'Copies#', 'Properties'];
  return renderAdminPage({
    title: 'Raw events',
    section: 'events',
    intro: html`The last 100 records exactly as the Track API stored them, newest first. Also as <a href="/api/events">JSON</a>; for what was rejected see <a href="/verify">Verify integration</a>.`,
    live: true,
    body: html`<div id="events" data-live-region>${table('Recent events', head, events.map(row), 'No events yet — open the store and click around.')}</div>`,
  });
}
