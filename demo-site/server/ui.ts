import { dateTime, isoTime, timeAgo } from './format';
import { escapeHtml, html, trusted, type HtmlValue, type SafeHtml } from './html';

/** A small coloured label (tone: a CSS modifier such as "customer", "ok", "warn", "bad", "muted"). */
export function badge(text: string, tone: string): SafeHtml {
  return html`<span class="badge badge-${tone}">${text}</span>`;
}

/** A headline number with its label (and an optional note under it). */
export function stat(label: string, value: HtmlValue, note?: HtmlValue, testId?: string): SafeHtml {
  return html`<div class="stat"${testId ? html` data-testid="${testId}"` : ''}><span class="stat-label">${label}</span><span class="stat-value">${value}</span>${note ? html`<span class="stat-note">${note}</span>` : ''}</div>`;
}

/** A <time> showing "5 min ago" with the full date as its tooltip. */
export function ago(ms: number, now = Date.now()): SafeHtml {
  return html`<time datetime="${isoTime(ms)}" title="${dateTime(ms)}">${timeAgo(ms, now)}</time>`;
}

/** Gives each cell of a row (this server's own markup: no nested tables) its column name, for the stacked phone layout. */
function labelCells(row: SafeHtml, names: string[]): SafeHtml {
  let i = 0;
  return trusted(row.value.replace(/<td(?=[\s>])/g, () => `<td data-label="${escapeHtml(names[i++] ?? '')}"`));
}

/** A table inside a horizontally scrolling wrapper (phones), with a caption for screen readers; a heading ending in "#" is a right-aligned number column. */
export function table(caption: string, head: string[], rows: SafeHtml[], empty: HtmlValue): SafeHtml {
  const names = head.map((h) => (h.endsWith('#') ? h.slice(0, -1) : h));
  const ths = head.map((h, i) => (h.endsWith('#') ? html`<th scope="col" class="num">${names[i]}</th>` : html`<th scope="col">${names[i]}</th>`));
  const body = rows.length > 0 ? rows.map((r) => labelCells(r, names)) : html`<tr><td colspan="${head.length}" class="empty">${empty}</td></tr>`;
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}"><table><caption class="sr-only">${caption}</caption><thead><tr>${ths}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** A titled white panel. */
export function panel(title: string, body: HtmlValue, opts: { id?: string; live?: boolean; extra?: HtmlValue } = {}): SafeHtml {
  const id = opts.id ? html` id="${opts.id}"` : '';
  const live = opts.live ? trusted(' data-live-region') : '';
  return html`<section class="panel"${id}${live}><div class="panel-head"><h2>${title}</h2>${opts.extra ?? ''}</div>${body}</section>`;
}

/** Properties as a compact definition list; nested values as JSON. */
export function propertyList(props: Record<string, unknown> | null, skip: string[] = []): SafeHtml {
  const entries = Object.entries(props ?? {}).filter(([k]) => !skip.includes(k));
  if (entries.length === 0) return html`<p class="muted small">No properties.</p>`;
  const items = entries.map(([k, v]) => {
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    return html`<dt>${k}</dt><dd>${text.length > 300 ? `${text.slice(0, 299)}…` : text}</dd>`;
  });
  return html`<dl class="props">${items}</dl>`;
}
