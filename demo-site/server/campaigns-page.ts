import { displayName } from './audience';
import { campaignStats, listCampaigns, subscribers, type Campaign, type CampaignInput } from './campaigns';
import { profileById, type Db } from './db';
import { count, dateTime, money, percent } from './format';
import { html, type SafeHtml } from './html';
import { renderAdminPage } from './layout';
import { table } from './ui';

/** An empty compose form (with an optional preselected audience). */
export function blankInput(to = 'all'): CampaignInput {
  return { name: '', title: '', body: '', url: '/collections/new-arrivals', image: '', buttons: [{ title: '', url: '' }, { title: '', url: '' }], to };
}

function field(id: string, label: string, value: string, opts: { hint?: string; required?: boolean; optional?: boolean; max?: number } = {}): SafeHtml {
  return html`<div class="field"><label for="${id}">${label}${opts.optional ? html` <span class="muted">(optional)</span>` : ''}</label>
<input id="${id}" name="${id}" type="text" value="${value}"${opts.required ? html` required` : ''}${opts.max ? html` maxlength="${opts.max}"` : ''}${opts.hint ? html` aria-describedby="${id}-hint"` : ''}>
${opts.hint ? html`<span class="hint" id="${id}-hint">${opts.hint}</span>` : ''}</div>`;
}

function composeForm(db: Db, input: CampaignInput, errors: string[]): SafeHtml {
  const subs = subscribers(db);
  const options = [
    html`<option value="all"${input.to === 'all' ? html` selected` : ''}>All subscribers (${plural(subs.total, 'browser')})</option>`,
    ...subs.profiles.map((p) => {
      const v = `profile:${p.id}`;
      const who = [displayName(p), p.email && p.email !== displayName(p) ? p.email : null].filter(Boolean).join(' · ');
      return html`<option value="${v}"${input.to === v ? html` selected` : ''}>${who} (${plural(p.devices, 'browser')})</option>`;
    }),
  ];
  const none = subs.total === 0 ? html`<p class="notice">No push subscribers yet. In the store, click <strong>Enable notifications</strong> (footer or order confirmation) and allow them.</p>` : '';
  const errorBox = errors.length > 0 ? html`<div class="notice notice-bad" role="alert"><strong>Not sent.</strong><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : '';
  const buttons = [0, 1].map((i) => {
    const b = input.buttons[i] ?? { title: '', url: '' };
    return html`<div class="field-row">${field(`button${i + 1}_title`, `Button ${i + 1} label`, b.title, { max: 30 })}${field(`button${i + 1}_url`, `Button ${i + 1} link`, b.url)}</div>`;
  });
  return html`<form class="compose" method="post" action="/campaigns" id="compose" aria-labelledby="compose-h">
<h2 id="compose-h">New push campaign</h2>${errorBox}${none}
<div class="compose-grid"><div>
<div class="field"><label for="to">Send to</label><select id="to" name="to">${options}</select></div>
${field('title', 'Title', input.title, { required: true, max: 80 })}
<div class="field"><label for="body">Message <span class="muted">(optional)</span></label><textarea id="body" name="body" rows="3" maxlength="240">${input.body}</textarea></div>
${field('name', 'Campaign name', input.name, { optional: true, hint: 'Shown in Results; the title is used when empty.', max: 80 })}
</div><div>
${field('url', 'Link', input.url, { optional: true, hint: 'Opened on click: a /path on this site or an https:// URL.' })}
${field('image', 'Image URL', input.image, { optional: true, hint: 'e.g. /shop/img/copper-water-bottle.svg' })}
<fieldset class="buttons-fieldset"><legend>Buttons <span class="muted">(optional, up to two)</span></legend>${buttons}</fieldset>
</div></div>
<button type="submit"${subs.total === 0 ? html` disabled` : ''}>Send campaign</button>
</form>`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function audienceText(db: Db, audience: string): SafeHtml {
  const m = /^profile:(\d+)$/.exec(audience);
  if (!m) return html`all subscribers`;
  const p = profileById(db, Number(m[1]));
  return html`<a href="/audience/${m[1]}">${p ? displayName(p) : `profile #${m[1]}`}</a>`;
}

function row(db: Db, c: Campaign, highlight: boolean): SafeHtml {
  const s = campaignStats(db, c.id);
  const titles = new Map((c.payload.actions ?? []).map((a) => [a.action, a.title]));
  const byButton = s.clicksByButton.map((b) => html`<li>${b.action ? `“${titles.get(b.action) ?? b.action}”` : 'notification'} ${b.count}</li>`);
  const revenue = s.revenue.map((r) => money(r.amount, r.currency)).join(' + ') || '–';
  return html`<tr data-campaign="${c.id}"${highlight ? html` class="is-new"` : ''}>
<td><strong>${c.name}</strong><span class="sub">“${c.payload.title}”${c.payload.body ? ` — ${c.payload.body}` : ''}</span>
<span class="sub">${dateTime(c.created_at)} · to ${audienceText(db, c.audience)} · <span class="mono">${c.id}</span></span>${c.error ? html`<span class="sub bad">${c.error}</span>` : ''}</td>
<td class="num" data-metric="sent">${s.sent}${s.failed > 0 ? html`<span class="sub bad">${s.failed} failed</span>` : ''}</td>
<td class="num" data-metric="delivered">${s.delivered}</td>
<td class="num" data-metric="clicked">${s.clicked}<span class="sub">${percent(s.clicked, s.delivered)} CTR</span>${byButton.length > 0 ? html`<ul class="by-button">${byButton}</ul>` : ''}</td>
<td class="num" data-metric="dismissed">${s.dismissed}</td>
<td class="num" data-metric="revenue">${revenue}${s.revenue.length > 0 ? html`<span class="sub">${plural(s.revenue.reduce((n, r) => n + r.count, 0), 'order')}</span>` : ''}</td>
</tr>`;
}

/** GET /campaigns (and a refused POST): the compose form and every campaign's results. */
export function renderCampaigns(db: Db, input: CampaignInput, errors: string[] = [], sentId: string | null = null): string {
  const campaigns = listCampaigns(db);
  const sent = sentId ? campaigns.find((c) => c.id === sentId) : undefined;
  const flash = sent ? html`<div class="notice notice-ok" role="status">Campaign “${sent.name}” sent (${campaignStats(db, sent.id).sent} delivered to the push service). Results below update live as browsers report back.</div>` : '';
  const rows = campaigns.map((c) => row(db, c, c.id === sentId));
  return renderAdminPage({
    title: 'Campaigns',
    section: 'campaigns',
    intro: 'Compose a web push, send it to one profile or every subscriber, and see what it did — delivered, clicked, dismissed and the revenue that followed.',
    live: true,
    body: html`${flash}<section class="panel" id="campaign-results" data-live-region aria-labelledby="results-h"><div class="panel-head"><h2 id="results-h">Results</h2><span class="muted small">${plural(campaigns.length, 'campaign')}</span></div>
${table('Campaign results', ['Campaign', 'Sent#', 'Delivered#', 'Clicked#', 'Dismissed#', 'Revenue within 24 h of a click#'], rows, 'No campaigns yet — compose one below.')}
<p class="muted small">Delivered, clicked and dismissed count the service worker's Push Delivered / Clicked / Dismissed events for the campaign_id, once per message and browser (browsers report dismissals only on some platforms). Revenue sums the Charged events of people who clicked, within 24 h after their click.</p></section>
<section class="panel">${composeForm(db, input, errors)}</section>`,
  });
}
