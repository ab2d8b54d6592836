import { displayName } from './audience';
import { profileById, type Db } from './db';
import { dateTime, money } from './format';
import { html, type SafeHtml } from './html';
import { renderAdminPage } from './layout';
import { NEXT, listOrders, type Order, type OrderStatus } from './orders';
import { table } from './ui';

const STATUS_LABEL: Record<OrderStatus, [string, string]> = {
  placed: ['Placed', 'info'],
  fulfilled: ['Fulfilled', 'ok'],
  in_transit: ['In transit', 'ok'],
  delivered: ['Delivered', 'customer'],
  cancelled: ['Cancelled', 'warn'],
  refunded: ['Refunded', 'bad'],
};

const BUTTON_LABEL: Record<string, string> = {
  'Fulfilled Order': 'Fulfil',
  'Order in Transit': 'Ship',
  'Order Delivered': 'Mark delivered',
  'Cancelled Order': 'Cancel',
  'Refunded Order': 'Refund',
};

function customer(db: Db, o: Order): SafeHtml {
  const p = o.profile_id !== null ? profileById(db, o.profile_id) : undefined;
  const name = p ? displayName(p) : (o.email ?? o.phone_number ?? 'unknown');
  return o.profile_id !== null ? html`<a href="/audience/${o.profile_id}">${name}</a><span class="sub">${o.email ?? o.phone_number ?? ''}</span>` : html`${name}`;
}

function row(db: Db, o: Order): SafeHtml {
  const [label, tone] = STATUS_LABEL[o.status];
  const names = Array.isArray(o.properties.product_names) ? o.properties.product_names.map(String) : [];
  const qty = Array.isArray(o.properties.product_quantities) ? o.properties.product_quantities.reduce((s: number, q) => s + Number(q || 0), 0) : names.length;
  const buttons = NEXT[o.status].map(
    (ev) => html`<form method="post" action="/orders/${encodeURIComponent(o.order_id)}/events"><input type="hidden" name="event" value="${ev}"><button type="submit" class="small${ev === 'Cancelled Order' || ev === 'Refunded Order' ? ' secondary' : ''}" title="Send “${ev}”">${BUTTON_LABEL[ev] ?? ev}</button></form>`,
  );
  const history = o.history.map((h) => html`<li>${h.event} <span class="muted">${dateTime(h.time)}</span></li>`);
  return html`<tr data-order="${o.order_id}">
<td><strong class="mono">${o.order_id}</strong><span class="sub">${dateTime(o.time)}</span></td>
<td>${customer(db, o)}</td>
<td>${qty} ${qty === 1 ? 'item' : 'items'}<span class="sub">${names.join(', ')}</span></td>
<td class="num">${money(o.value, o.currency)}</td>
<td><span class="badge badge-${tone}" data-status>${label}</span>${history.length > 0 ? html`<ul class="history">${history}</ul>` : ''}</td>
<td><div class="row-actions">${buttons.length > 0 ? buttons : html`<span class="muted small">—</span>`}</div></td>
</tr>`;
}

/** GET /orders: orders derived from Charged events, with buttons that emit lifecycle events from the "backend". */
export function renderOrders(db: Db, flash?: { ok: boolean; text: string }): string {
  const orders = listOrders(db);
  const note = flash ? html`<div class="notice ${flash.ok ? 'notice-ok' : 'notice-bad'}" role="status">${flash.text}</div>` : '';
  return renderAdminPage({
    title: 'Orders',
    section: 'orders',
    intro: 'Orders come from Charged events. The buttons send Fulfilled Order, Order in Transit, Order Delivered, Cancelled Order and Refunded Order as a merchant’s backend would, into the same store.',
    live: true,
    body: html`${note}<div id="orders" data-live-region>${table('Orders', ['Order', 'Customer', 'Items', 'Total#', 'Status', 'Backend events'], orders.map((o) => row(db, o)), 'No orders yet — place one in the store.')}</div>`,
  });
}
