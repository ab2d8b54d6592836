import { randomBytes, randomUUID } from 'node:crypto';
import { allCharges, byCurrency, type Charge } from './charges';
import { stmt, type Db, type Obj } from './db';
import { ingest, type IngestResult } from './store';

/** The order lifecycle events a merchant's backend sends, in the order they usually happen. */
export const LIFECYCLE = ['Fulfilled Order', 'Order in Transit', 'Order Delivered', 'Cancelled Order', 'Refunded Order'] as const;
/** One of the lifecycle events. */
export type LifecycleEvent = (typeof LIFECYCLE)[number];
/** Where an order stands. */
export type OrderStatus = 'placed' | 'fulfilled' | 'in_transit' | 'delivered' | 'cancelled' | 'refunded';

const STATUS_AFTER: Record<LifecycleEvent, OrderStatus> = {
  'Fulfilled Order': 'fulfilled',
  'Order in Transit': 'in_transit',
  'Order Delivered': 'delivered',
  'Cancelled Order': 'cancelled',
  'Refunded Order': 'refunded',
};

/** Which lifecycle events may follow each status. */
export const NEXT: Record<OrderStatus, LifecycleEvent[]> = {
  placed: ['Fulfilled Order', 'Cancelled Order'],
  fulfilled: ['Order in Transit', 'Cancelled Order'],
  in_transit: ['Order Delivered'],
  delivered: ['Refunded Order'],
  cancelled: ['Refunded Order'],
  refunded: [],
};

/** An order (from its Charged event) with its lifecycle so far. */
export interface Order extends Charge {
  status: OrderStatus;
  history: { event: LifecycleEvent; time: number }[];
}

/** True for one of the lifecycle event names. */
export function isLifecycleEvent(s: string): s is LifecycleEvent {
  return (LIFECYCLE as readonly string[]).includes(s);
}

function lifecycleRows(db: Db): { event: LifecycleEvent; order_id: string; time: number }[] {
  return stmt(
    db,
    `SELECT event, json_extract(properties, '$.order_id') AS order_id, COALESCE(device_event_time, received_at) AS time FROM events
     WHERE event IN ('Fulfilled Order', 'Order in Transit', 'Order Delivered', 'Cancelled Order', 'Refunded Order') ORDER BY seq`,
  ).all() as { event: LifecycleEvent; order_id: string; time: number }[];
}

/** Every order derived from Charged events (order_id, else transaction_id), newest first, with its status. */
export function listOrders(db: Db): Order[] {
  const history = new Map<string, Order['history']>();
  for (const r of lifecycleRows(db)) {
    const list = history.get(r.order_id) ?? [];
    list.push({ event: r.event, time: r.time });
    history.set(r.order_id, list);
  }
  const seen = new Set<string>();
  const orders: Order[] = [];
  for (const c of allCharges(db)) {
    if (seen.has(c.order_id)) continue;
    seen.add(c.order_id);
    const h = history.get(c.order_id) ?? [];
    const last = h.at(-1);
    orders.push({ ...c, history: h, status: last ? STATUS_AFTER[last.event] : 'placed' });
  }
  return orders.reverse();
}

/** Refunded amounts per currency (one Refunded Order per order counts). */
export function refundTotals(db: Db): { currency: string; amount: number; count: number }[] {
  const refunded = new Set(lifecycleRows(db).filter((r) => r.event === 'Refunded Order').map((r) => r.order_id));
  return byCurrency(listOrders(db).filter((o) => refunded.has(o.order_id)));
}

function extraProperties(event: LifecycleEvent, o: Order, now: number): Obj {
  switch (event) {
    case 'Fulfilled Order':
      return { fulfillment_id: `ful_${randomBytes(5).toString('hex')}`, fulfilled_from: 'Jaipur warehouse' };
    case 'Order in Transit': {
      const tracking = `DL${String(now).slice(-10)}`;
      return { carrier: 'Delhivery', tracking_number: tracking, tracking_url: `https://www.delhivery.com/track/package/${tracking}`, estimated_delivery: new Date(now + 3 * 86_400_000).toISOString().slice(0, 10) };
    }
    case 'Order Delivered':
      return { delivered_at: new Date(now).toISOString() };
    case 'Cancelled Order':
      return { reason: 'customer_request' };
    case 'Refunded Order':
      return { refund_value: o.value, refund_method: 'original_payment', reason: o.status === 'cancelled' ? 'order_cancelled' : 'return_received' };
  }
}

/** Why a lifecycle event could not be emitted. */
export type EmitError = 'unknown_order' | 'not_allowed' | 'no_identity';

/**
 * Records a lifecycle event for an order as a merchant's backend would: a track record with a
 * fresh event_id, the customer's email (or phone) and {event_type: 'custom', order_id, …},
 * stored through the same ingest as /v1/track/batch.
 */
export function emitLifecycle(db: Db, apiKey: string, orderId: string, event: LifecycleEvent, now = Date.now()): { ok: true; result: IngestResult } | { ok: false; error: EmitError } {
  const order = listOrders(db).find((o) => o.order_id === orderId);
  if (!order) return { ok: false, error: 'unknown_order' };
  if (!NEXT[order.status].includes(event)) return { ok: false, error: 'not_allowed' };
  if (!order.email && !order.phone_number) return { ok: false, error: 'no_identity' };
  const p = order.properties;
  const record: Obj = {
    type: 'track',
    event_id: randomUUID(),
    event,
    ...(order.email ? { email: order.email } : { phone_number: order.phone_number }),
    properties: {
      event_type: 'custom',
      order_id: order.order_id,
      transaction_id: order.transaction_id,
      order_value: order.value,
      currency: order.currency,
      product_ids: p.product_ids,
      variant_ids: p.variant_ids,
      ...extraProperties(event, order, now),
    },
    profile_properties: {},
    device_event_time: now,
    context: { library: { name: 'demo-backend', version: '0.1.0' }, source: 'merchant backend' },
  };
  return { ok: true, result: ingest(db, [record], { apiKey, batchId: null, receivedAt: now }) };
}
