import type { StoredEvent } from './db';
import { escapeHtml } from './html';
import { demoBar } from './layout';

export { escapeHtml };

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function cell(text: string | number | null | undefined, title?: string): string {
  const t = text === null || text === undefined ? '' : String(text);
  return `<td${title ? ` title="${escapeHtml(title)}"` : ''}>${escapeHtml(t)}</td>`;
}

function row(e: StoredEvent): string {
  const props = e.properties ? JSON.stringify(e.properties) : '';
  const who = [e.email, e.phone_number].filter(Boolean).join(' / ');
  const received = new Date(e.received_at).toISOString().replace('T', ' ').slice(0, 19);
  return [
    '<tr>',
    cell(e.seq),
    cell(received),
    cell(e.type),
    cell(e.event),
    cell(e.event_type),
    cell(who),
    cell(e.anonymous_id ? e.anonymous_id.slice(0, 8) : '', e.anonymous_id ?? undefined),
    cell(e.copies > 1 ? `×${e.copies}` : ''),
    `<td class="json"${props ? ` title="${escapeHtml(props)}"` : ''}>${escapeHtml(short(props, 120))}</td>`,
    '</tr>',
  ].join('');
}

const CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f7f8fa; }
.wrap { margin: 1.5rem; }
h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
p.note { color: #667; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; background: #fff; box-shadow: 0 1px 2px #0001; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e6e8ee; vertical-align: top; }
th { background: #eef1f6; font-weight: 600; position: sticky; top: 0; }
tr:hover td { background: #f3f6ff; }
td.json { font-family: ui-monospace, monospace; font-size: 12px; color: #445; word-break: break-all; width: 40%; }
.empty { padding: 2rem; text-align: center; color: #889; }
`;

/** Renders the /events page: a table of recent events, newest first, refreshing every 3 s. */
export function renderEventsPage(events: StoredEvent[]): string {
  const body =
    events.length === 0
      ? '<tr><td colspan="9" class="empty">No events yet — open the demo page and click around.</td></tr>'
      : events.map(row).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Contlo demo — recent events</title><link rel="stylesheet" href="/assets/base.css"><style>${CSS}</style></head>
<body>${demoBar('events').value}<div class="wrap"><h1>Recent events</h1><p class="note">${events.length} most recent, newest first · refreshes every 3 s · <a href="/api/events">JSON</a> · <a href="/verify">Verify integration</a></p>
<table><thead><tr><th>seq</th><th>received (UTC)</th><th>type</th><th>event</th><th>event_type</th><th>email / phone</th><th>anonymous_id</th><th>copies</th><th>properties</th></tr></thead>
<tbody>
${body}
</tbody></table></div></body></html>
`;
}
