import { stmt, type Db, type Obj } from './db';

/** One purchase: a stored Charged event (the first one of its transaction_id). */
export interface Charge {
  seq: number;
  event_id: string;
  profile_id: number | null;
  transaction_id: string;
  order_id: string;
  value: number;
  currency: string;
  /** When it happened (device_event_time, epoch ms). */
  time: number;
  email: string | null;
  phone_number: string | null;
  properties: Obj;
}

const CHARGED = "(event = 'Charged' OR event_type = 'charged')";

function toCharge(row: Obj): Charge | null {
  let props: Obj;
  try {
    props = JSON.parse(String(row.properties ?? '{}')) as Obj;
  } catch {
    return null;
  }
  const value = Number(props.transaction_value ?? props.transacation_value);
  const tid = props.transaction_id;
  if (typeof tid !== 'string' || !Number.isFinite(value) || typeof props.currency !== 'string') return null;
  return {
    seq: row.seq as number,
    event_id: row.event_id as string,
    profile_id: row.profile_id as number | null,
    transaction_id: tid,
    order_id: typeof props.order_id === 'string' && props.order_id !== '' ? props.order_id : tid,
    value,
    currency: props.currency,
    time: (row.device_event_time as number | null) ?? (row.received_at as number),
    email: row.email as string | null,
    phone_number: row.phone_number as string | null,
    properties: props,
  };
}

/** Turns Charged event rows (seq order) into purchases, keeping the first row of each transaction_id. */
export function chargesFromRows(rows: Obj[]): Charge[] {
  const seen = new Set<string>();
  const out: Charge[] = [];
  for (const row of rows) {
    const c = toCharge(row);
    if (!c || seen.has(c.transaction_id)) continue;
    seen.add(c.transaction_id);
    out.push(c);
  }
  return out;
}

/** The events columns chargesFromRows reads. */
export const CHARGE_COLUMNS = 'seq, event_id, profile_id, properties, device_event_time, received_at, email, phone_number';

/** Every purchase, oldest first; a transaction_id sent twice (under two event_ids) counts once. */
export function allCharges(db: Db): Charge[] {
  return chargesFromRows(stmt(db, `SELECT ${CHARGE_COLUMNS} FROM events WHERE ${CHARGED} ORDER BY seq`).all() as Obj[]);
}

/** The purchases of one profile, oldest first. */
export function chargesOf(db: Db, profileId: number): Charge[] {
  return chargesFromRows(stmt(db, `SELECT ${CHARGE_COLUMNS} FROM events WHERE profile_id = ? AND ${CHARGED} ORDER BY seq`).all(profileId) as Obj[]);
}

/** Sums amounts per currency, largest total first. */
export function byCurrency(items: { currency: string; value: number }[]): { currency: string; amount: number; count: number }[] {
  const m = new Map<string, { amount: number; count: number }>();
  for (const i of items) {
    const cur = m.get(i.currency) ?? { amount: 0, count: 0 };
    cur.amount += i.value;
    cur.count++;
    m.set(i.currency, cur);
  }
  return [...m.entries()]
    .map(([currency, v]) => ({ currency, amount: Math.round(v.amount * 100) / 100, count: v.count }))
    .sort((a, b) => b.amount - a.amount);
}
