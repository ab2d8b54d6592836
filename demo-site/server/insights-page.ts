import type { Db } from './db';
import { count, money, percent } from './format';
import { html } from './html';
import { computeInsights } from './insights';
import { renderAdminPage } from './layout';
import { barChart, funnelChart, splitBar } from './svg-charts';
import { panel, stat, table } from './ui';

/** The chart ranges the page offers, in days. */
export const RANGES = [7, 14, 30, 90];

function dayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
}

/** GET /insights: revenue, transactions, paying users, customers vs non-customers, repeat purchasers, daily revenue and the funnel. */
export function renderInsights(db: Db, days: number, now = Date.now()): string {
  const i = computeInsights(db, days, now);
  const revenueText = i.revenue.length > 0 ? i.revenue.map((r) => money(r.amount, r.currency)).join(' + ') : money(0, 'INR');
  const aov = i.revenue.map((r) => `${money(Math.round((r.amount / r.count) * 100) / 100, r.currency)} per order`).join(' · ');
  const cur = i.chartCurrency ?? 'INR';
  const chartTotal = i.daily.reduce((s, d) => s + d.amount, 0);
  const chart = barChart(
    i.daily.map((d) => ({ label: dayLabel(d.day), value: d.amount, title: `${dayLabel(d.day)}: ${money(d.amount, cur)} from ${d.orders} ${d.orders === 1 ? 'order' : 'orders'}` })),
    { title: `Revenue per day, last ${days} days (${cur})`, desc: `${money(chartTotal, cur)} in total over ${days} days.`, unit: '' },
  );
  const ranges = RANGES.map((d) => html`<a class="chip-link" href="/insights?days=${d}"${d === days ? html` aria-current="true"` : ''}>${d} days</a>`);
  const top = i.topProducts.map((p) => html`<tr><td>${p.name}</td><td class="num">${p.units}</td><td class="num">${p.orders}</td><td class="num">${money(p.revenue, cur)}</td></tr>`);
  const dayRows = i.daily.filter((d) => d.orders > 0).map((d) => html`<tr><td>${dayLabel(d.day)}</td><td class="num">${money(d.amount, cur)}</td><td class="num">${d.orders}</td></tr>`);
  return renderAdminPage({
    title: 'Insights',
    section: 'insights',
    intro: 'Why Charged matters: revenue, who buys and who buys again — computed from the Charged events this server received.',
    live: true,
    body: html`<div id="insights" data-live-region>
<div class="stats stats-4">
${stat('Revenue', revenueText, aov || 'no orders yet', 'revenue')}
${stat('Transactions', count(i.transactions), 'Charged events, one per transaction_id', 'transactions')}
${stat('Paying users', count(i.payingUsers), `${percent(i.payingUsers, i.profiles)} of ${count(i.profiles)} ${i.profiles === 1 ? 'profile' : 'profiles'}`, 'paying-users')}
${stat('Repeat purchasers', count(i.repeatPurchasers), `${percent(i.repeatPurchasers, i.customers)} of customers bought twice or more`, 'repeat')}
</div>
<div class="grid-2">
${panel(`Revenue by day (${cur})`, html`${chart}<details class="chart-data"><summary>Show as a table</summary>
<table><thead><tr><th scope="col">Day</th><th scope="col" class="num">Revenue</th><th scope="col" class="num">Orders</th></tr></thead><tbody>${dayRows.length > 0 ? dayRows : html`<tr><td colspan="3" class="empty">No orders in this range.</td></tr>`}</tbody></table></details>`, { extra: html`<nav class="chips-nav tight" aria-label="Range">${ranges}</nav>` })}
${panel('Funnel', html`${funnelChart(i.funnel, 'Viewed Product to Charged funnel')}<p class="muted small">Profiles that did each step and every step before it.</p>`)}
</div>
<div class="grid-2">
${panel('Customers vs non-customers', html`${splitBar([{ label: 'Customers', value: i.customers, tone: 'customer' }, { label: 'Non-customers', value: i.nonCustomers, tone: 'other' }], 'Customers versus non-customers')}
${splitBar([{ label: 'Known', value: i.known, tone: 'known' }, { label: 'Anonymous', value: i.profiles - i.known, tone: 'other' }], 'Known versus anonymous profiles')}
<p class="muted small">A customer is a profile with at least one Charged event; known profiles have an email, phone or external id.</p>`)}
${panel('Top products', table('Top products', ['Product', 'Units#', 'Orders#', 'Revenue#'], top, 'No sales yet.'))}
</div>
</div>`,
  });
}
