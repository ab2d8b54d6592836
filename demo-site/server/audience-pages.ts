import { FILTERS, displayName, filterCounts, kindOf, searchProfiles, type AudienceFilter, type EventKind, type ProfileDetail, type ProfileSummary } from './audience';
import type { Db, StoredEvent } from './db';
import { count, dateTime, isoTime, money } from './format';
import { html, type SafeHtml } from './html';
import { renderAdminPage } from './layout';
import { ago, badge, panel, propertyList, stat, table } from './ui';

function identityBadge(p: { email: string | null; phone_number: string | null; external_id: string | null }): SafeHtml {
  return p.email || p.phone_number || p.external_id ? badge('Known', 'ok') : badge('Anonymous', 'muted');
}

function row(p: ProfileSummary, now: number): SafeHtml {
  const contact = [p.email, p.phone_number].filter(Boolean).join(' · ') || `anonymous_id ${p.anonymous_id?.slice(0, 8) ?? '–'}…`;
  return html`<tr data-profile-row="${p.id}">
<td><a class="strong" href="/audience/${p.id}">${displayName(p)}</a><span class="sub">${contact}</span></td>
<td>${identityBadge(p)} ${p.charged_count > 0 ? badge('Customer', 'customer') : ''} ${p.subscribed ? badge('Push', 'info') : ''}</td>
<td class="num">${count(p.event_count)}</td>
<td class="num">${count(p.charged_count)}</td>
<td class="nowrap">${p.last_seen ? ago(p.last_seen, now) : '–'}</td>
</tr>`;
}

/** GET /audience: every live profile, searchable and filterable, refreshed live. */
export function renderAudience(db: Db, q: string, filter: AudienceFilter, now = Date.now()): string {
  const { rows, total } = searchProfiles(db, q, filter);
  const counts = filterCounts(db);
  const chips = FILTERS.map(([f, label]) => {
    const href = `/audience?${new URLSearchParams({ ...(q ? { q } : {}), ...(f === 'all' ? {} : { filter: f }) })}`;
    return html`<a class="chip-link" href="${href}"${f === filter ? html` aria-current="true"` : ''}>${label} <span class="chip-count">${count(counts[f])}</span></a>`;
  });
  const shown = rows.length < total ? `Showing the ${rows.length} most recently active of ${count(total)} profiles.` : `${count(total)} ${total === 1 ? 'profile' : 'profiles'}.`;
  const empty = q ? `No profile matches “${q}”.` : 'No profiles yet. Open the store in another tab and click around: the first event creates one.';
  return renderAdminPage({
    title: 'Audience',
    section: 'audience',
    intro: 'Every profile the Track API built from events — known by email or phone, or still anonymous.',
    live: true,
    body: html`<form class="search" role="search" action="/audience" method="get">
<label for="q" class="sr-only">Search profiles</label><input id="q" name="q" type="search" value="${q}" placeholder="Search email, phone, name, city or id">
${filter !== 'all' ? html`<input type="hidden" name="filter" value="${filter}">` : ''}<button type="submit">Search</button></form>
<nav class="chips-nav" aria-label="Filter profiles" id="audience-filters" data-live-region>${chips}</nav>
<div id="audience-list" data-live-region><p class="muted small" data-testid="profile-count">${shown}</p>
${table('Profiles', ['Profile', 'Status', 'Events#', 'Orders#', 'Last seen'], rows.map((r) => row(r, now)), empty)}</div>`,
  });
}

const KIND_LABEL: Record<EventKind, string> = { charged: 'Charged', message: 'Message', custom: 'Custom', identify: 'Identify', subscription: 'Push subscription' };

function eventTitle(e: StoredEvent): string {
  if (e.type === 'identify') return 'Identified';
  if (e.type === 'push_subscription') return e.record.subscription ? 'Subscribed to push' : 'Unsubscribed from push';
  return e.event ?? '(no name)';
}

function summaryOf(e: StoredEvent): string {
  const p = e.properties ?? {};
  const kind = kindOf(e);
  if (kind === 'charged' && typeof p.currency === 'string') {
    const items = Array.isArray(p.product_ids) ? p.product_ids.length : 0;
    return `${money(Number(p.transaction_value), p.currency)} · ${items} ${items === 1 ? 'product' : 'products'} · ${String(p.order_id ?? p.transaction_id ?? '')}`;
  }
  if (kind === 'message') return [p.campaign_id && `campaign ${String(p.campaign_id)}`, p.action && `button “${String(p.action)}”`].filter(Boolean).join(' · ');
  if (kind === 'identify') return [e.email, e.phone_number].filter(Boolean).join(' · ');
  return [p.product_name, p.order_id, p.variant_name].filter((x) => typeof x === 'string').join(' · ');
}

function timelineItem(e: StoredEvent): SafeHtml {
  const kind = kindOf(e);
  const lib = (e.context?.library as { name?: unknown } | undefined)?.name;
  const source = lib === 'demo-backend' ? 'server' : !e.context?.page && e.type === 'track' && e.event?.startsWith('Push ') ? 'service worker' : 'browser';
  const when = e.device_event_time ?? e.received_at;
  const props = e.type === 'identify' ? e.profile_properties : e.properties;
  return html`<li class="tl tl-${kind}" data-seq="${e.seq}" data-kind="${kind}">
<div class="tl-head"><span class="badge badge-${kind}">${KIND_LABEL[kind]}</span><strong>${eventTitle(e)}</strong><span class="tl-sum">${summaryOf(e)}</span>
<time datetime="${isoTime(when)}" title="received ${dateTime(e.received_at)}">${dateTime(when)}</time></div>
<details data-key="ev-${e.seq}"><summary>Properties · ${source}${e.copies > 1 ? ` · sent ${e.copies}×, de-duplicated` : ''}</summary>${propertyList(props, ['event_type'])}
<p class="muted small mono">event_id ${e.event_id}</p></details></li>`;
}

/** GET /audience/:id: identity, properties, purchases and the full event timeline, refreshed live. */
export function renderProfile(d: ProfileDetail, kind: EventKind | 'all', now = Date.now()): string {
  const p = d.profile;
  const customer = d.charges.length > 0;
  const fields: [string, string | null][] = [
    ['Email', p.email], ['Phone', p.phone_number], ['External id', p.external_id], ['First name', p.first_name],
    ['Last name', p.last_name], ['City', p.city], ['Country', p.country], ['PIN / ZIP', p.zip],
  ];
  const identity = html`<dl class="props">${fields.filter(([, v]) => v).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}
<dt>Identifiers</dt><dd>${d.keys.map((k) => html`<span class="key">${k.kind}: <span class="mono">${k.value}</span></span>`)}</dd></dl>`;
  const firstSeen = d.events.at(-1)?.received_at ?? p.created_at;
  const ltv = d.revenue.map((r) => money(r.amount, r.currency)).join(' + ') || money(0, 'INR');
  const shown = kind === 'all' ? d.events : d.events.filter((e) => kindOf(e) === kind);
  const kinds: (EventKind | 'all')[] = ['all', 'custom', 'charged', 'message', 'identify', 'subscription'];
  const chips = kinds.map((k) => html`<a class="chip-link" href="/audience/${p.id}${k === 'all' ? '' : `?kind=${k}`}"${k === kind ? html` aria-current="true"` : ''}>${k === 'all' ? 'All' : KIND_LABEL[k]}</a>`);
  const pushAction = d.subscriptions.length > 0 ? html`<a class="button" href="/campaigns?to=profile:${p.id}#compose">Send a push</a>` : '';
  return renderAdminPage({
    title: displayName(p),
    section: 'audience',
    intro: html`Profile #${p.id} · ${identityBadge(p)} ${customer ? badge('Customer', 'customer') : badge('Not a customer yet', 'muted')} ${d.subscriptions.length > 0 ? badge('Push subscribed', 'info') : ''}`,
    actions: html`${pushAction}<a class="button secondary" href="/audience">All profiles</a>`,
    live: true,
    body: html`<div class="profile-grid" data-live-profile="${p.id}">
<div class="profile-side" id="profile-side" data-live-region>
<div class="stats stats-2">${stat('Lifetime value', ltv, `${d.charges.length} ${d.charges.length === 1 ? 'order' : 'orders'}`, 'ltv')}${stat('Events', count(d.eventCount), html`first seen ${ago(firstSeen, now)}`)}</div>
${panel('Identity', identity)}
${panel('Profile properties', propertyList(p.properties))}
${panel('Push', d.subscriptions.length > 0 ? html`<p>${d.subscriptions.length} subscribed ${d.subscriptions.length === 1 ? 'browser' : 'browsers'} (since ${dateTime(d.subscriptions[0]?.created_at ?? 0)}).</p>` : html`<p class="muted">Not subscribed to push.</p>`)}
</div>
<section class="panel timeline-panel" id="timeline" data-live-region aria-labelledby="timeline-h"><div class="panel-head"><h2 id="timeline-h">Timeline</h2><span class="muted small">${count(shown.length)} of ${count(d.eventCount)}, newest first</span></div>
<nav class="chips-nav" aria-label="Filter the timeline">${chips}</nav>
${shown.length > 0 ? html`<ol class="timeline">${shown.map(timelineItem)}</ol>` : html`<p class="empty">No events of this kind yet.</p>`}</section>
</div>`,
  });
}
