import type { RejectRow, RequestRow, StoredEvent } from './db';
import { count } from './format';
import { html, type SafeHtml } from './html';
import { renderAdminPage } from './layout';
import { ago, badge, panel, table } from './ui';
import type { VerifyData, VerifyState } from './verify';

const VERDICT: Record<VerifyState, [string, string, string]> = {
  receiving: ['ok', 'Receiving events', 'The snippet on this origin delivered records in the last 5 minutes.'],
  bad_key: ['bad', 'Refused: unknown API key', 'Requests arrive but carry an API key this server does not know (401). Check the key in contlo.init.'],
  rejecting: ['warn', 'Receiving, with rejects', 'Records arrive but some were rejected — see the reasons below.'],
  idle: ['warn', 'Quiet for 5 minutes', 'The snippet on this origin has sent before, but nothing in the last 5 minutes. Open a store page to send one.'],
  never: ['bad', 'Nothing received yet', 'No request from this origin has reached the Track API. Open the store, or check the snippet is on your page.'],
};

function statusBadge(status: number): SafeHtml {
  if (status >= 200 && status < 300) return badge(String(status), 'ok');
  if (status === 0) return badge('no answer', 'bad');
  return badge(String(status), status === 429 || status >= 500 ? 'warn' : 'bad');
}

function requestRow(r: RequestRow, now: number): SafeHtml {
  const counts = r.accepted === null ? '–' : `${r.accepted} / ${r.duplicates ?? 0} / ${r.rejected ?? 0}`;
  return html`<tr><td class="nowrap">${ago(r.at, now)}</td><td class="mono">${r.path}</td><td>${statusBadge(r.status)}</td><td class="num">${r.records ?? '–'}</td><td class="num">${counts}</td><td class="mono small">${r.origin ?? '–'}</td><td class="small">${r.note ?? ''}</td></tr>`;
}

function eventRow(e: StoredEvent, now: number): SafeHtml {
  const page = (e.context?.page as { path?: unknown } | undefined)?.path;
  const who = e.email ?? e.phone_number ?? (e.anonymous_id ? `anon ${e.anonymous_id.slice(0, 8)}…` : '–');
  const result = e.copies > 1 ? html`${badge('accepted', 'ok')} <span class="small muted">+${e.copies - 1} duplicate${e.copies > 2 ? 's' : ''} ignored</span>` : badge('accepted', 'ok');
  return html`<tr><td class="nowrap">${ago(e.received_at, now)}</td><td><strong>${e.event ?? e.type}</strong></td><td class="nowrap">${e.type}${e.event_type ? ` · ${e.event_type}` : ''}</td>
<td>${e.profile_id !== null ? html`<a href="/audience/${e.profile_id}">${who}</a>` : who}</td><td class="mono small">${typeof page === 'string' ? page : '–'}</td><td>${result}</td></tr>`;
}

function rejectRow(r: RejectRow, now: number): SafeHtml {
  const rec = r.record ?? '';
  return html`<tr><td class="nowrap">${ago(r.at, now)}</td><td class="mono small">${r.event_id || '–'}</td><td class="bad">${r.error}</td><td class="mono small clip" title="${rec}">${rec.length > 160 ? `${rec.slice(0, 159)}…` : rec}</td></tr>`;
}

/** GET /verify: is the snippet on this origin sending, the last records with their validation result, and rejects with reasons. */
export function renderVerify(d: VerifyData, now = Date.now()): string {
  const [tone, headline, detail] = VERDICT[d.state];
  const lastText = d.recent.last ?? d.lastEver;
  const facts = html`<ul class="facts">
<li>${d.recent.requests} ${d.recent.requests === 1 ? 'request' : 'requests'} from <span class="mono">${d.origin}</span> in 5 min: ${count(d.recent.accepted)} accepted, ${count(d.recent.rejected)} rejected${d.recent.unauthorized > 0 ? `, ${d.recent.unauthorized} refused (401)` : ''}.</li>
<li>Last request from this origin: ${lastText ? ago(lastText, now) : 'never'}.</li>
${d.otherOrigins.length > 0 ? html`<li>Also seen: ${d.otherOrigins.map((o, i) => html`${i > 0 ? ', ' : ''}<span class="mono">${o.origin}</span> (${ago(o.last, now)})`)}</li>` : ''}
</ul>`;
  const checks = html`<ul class="checks">${d.files.map((f) => html`<li class="${f.ok ? 'ok' : 'bad'}"><span aria-hidden="true">${f.ok ? '✓' : '✗'}</span> <span class="mono">/${f.name}</span> ${f.ok ? 'is served' : 'is missing: run npm run build'}</li>`)}
<li class="${d.apiKeys.length > 0 ? 'ok' : 'bad'}"><span aria-hidden="true">${d.apiKeys.length > 0 ? '✓' : '✗'}</span> API ${d.apiKeys.length === 1 ? 'key' : 'keys'} accepted: ${d.apiKeys.map((k, i) => html`${i > 0 ? ', ' : ''}<code>${k}</code>`)}</li></ul>
<p class="small">The store's pages carry the snippet exactly as the README shows; on your own page use <code>contlo.init('${d.apiKeys[0] ?? 'pk_demo'}', { endpoint: '${d.origin}' })</code>. To send a sample event, open the <a href="/">store</a> or run <code>contlo.track('Sample Event', { source: 'console' })</code> in its console.</p>`;
  return renderAdminPage({
    title: 'Verify integration',
    section: 'verify',
    intro: 'What to look at when “nothing shows up”: is the snippet on this origin sending, and what did the Track API make of each record?',
    live: true,
    body: html`<div id="verify" data-live-region>
<div class="grid-2 verify-top"><section class="verdict verdict-${tone}" data-testid="verdict" data-state="${d.state}"><h2>${headline}</h2><p>${detail}</p>${facts}</section>
${panel('Setup checks', checks)}</div>
${panel('Last records received', table('Last records received', ['Received', 'Event', 'Type', 'Who', 'Page', 'Result'], d.events.map((e) => eventRow(e, now)), 'No records yet.'))}
${panel('Rejected records', table('Rejected records', ['When', 'event_id', 'Reason', 'Record'], d.rejects.map((r) => rejectRow(r, now)), 'No rejects — every record passed validation.'))}
${panel('Last requests to /v1', table('Last requests', ['When', 'Path', 'Status', 'Records#', 'Accepted / dup / rejected#', 'Origin', 'Note'], d.requests.map((r) => requestRow(r, now)), 'No requests yet.'))}
</div>`,
  });
}
