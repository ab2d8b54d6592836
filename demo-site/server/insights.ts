import { productById } from './catalog';
import { allCharges, byCurrency, type Charge } from './charges';
import { stmt, type Db } from './db';
import { dayKey } from './format';

/** The funnel's steps, in order. */
export const FUNNEL = ['Viewed Product', 'Added to Cart', 'Started Checkout', 'Charged'] as const;

/** One day of revenue in the chart's currency. */
export interface DayRevenue {
  day: string;
  amount: number;
  orders: number;
}

/** Everything /insights shows. */
export interface Insights {
  revenue: { currency: string; amount: number; count: number }[];
  transactions: number;
  payingUsers: number;
  profiles: number;
  known: number;
  customers: number;
  nonCustomers: number;
  repeatPurchasers: number;
  /** The currency the daily chart is in (the one with most revenue). */
  chartCurrency: string | null;
  daily: DayRevenue[];
  funnel: { label: string; value: number }[];
  /** Best-selling products in the chart currency, by revenue. */
  topProducts: TopProduct[];
}

/** A product's sales from the Charged events' product_ids, product_prices and product_quantities. */
export interface TopProduct {
  product_id: string;
  name: string;
  units: number;
  revenue: number;
  orders: number;
}

function topProducts(charges: Charge[], currency: string | null, limit = 5): TopProduct[] {
  const m = new Map<string, TopProduct>();
  for (const c of charges) {
    if (c.currency !== currency) continue;
    const p = c.properties;
    const ids = Array.isArray(p.product_ids) ? p.product_ids : [];
    ids.forEach((raw, i) => {
      const id = String(raw);
      const at = <T>(k: string): T | undefined => (Array.isArray(p[k]) ? (p[k] as T[])[i] : undefined);
      const units = Number(at<number>('product_quantities') ?? 1) || 1;
      const price = Number(at<number>('product_prices') ?? 0) || 0;
      const name = String(at<string>('product_names') ?? productById(id)?.title ?? id);
      const cur = m.get(id) ?? { product_id: id, name, units: 0, revenue: 0, orders: 0 };
      cur.units += units;
      cur.revenue = Math.round((cur.revenue + units * price) * 100) / 100;
      cur.orders++;
      m.set(id, cur);
    });
  }
  return [...m.values()].sort((a, b) => b.revenue - a.revenue || b.units - a.units).slice(0, limit);
}

function lastDays(days: number, now: number): string[] {
  const out: string[] = [];
  const d = new Date(now);
  d.setHours(12, 0, 0, 0);
  for (let i = days - 1; i >= 0; i--) out.push(dayKey(d.getTime() - i * 86_400_000));
  return out;
}

/** Profile ids that did each funnel step and every step before it. */
function funnel(db: Db): { label: string; value: number }[] {
  const rows = stmt(
    db,
    `SELECT DISTINCT profile_id, CASE WHEN event_type = 'charged' THEN 'Charged' ELSE event END AS step FROM events
     WHERE profile_id IS NOT NULL AND (event IN ('Viewed Product', 'Added to Cart', 'Started Checkout', 'Charged') OR event_type = 'charged')`,
  ).all() as { profile_id: number; step: string }[];
  const did = new Map<string, Set<number>>(FUNNEL.map((s) => [s, new Set<number>()]));
  for (const r of rows) did.get(r.step)?.add(r.profile_id);
  let carried: Set<number> | null = null;
  return FUNNEL.map((label) => {
    const here: Set<number> = did.get(label) ?? new Set<number>();
    const prev: Set<number> | null = carried;
    carried = prev === null ? here : new Set([...here].filter((id) => prev.has(id)));
    return { label, value: carried.size };
  });
}

/** Computes the Insights page: revenue, transactions, customers, repeat purchasers, daily revenue over `days` and the funnel. */
export function computeInsights(db: Db, days = 14, now = Date.now()): Insights {
  const charges = allCharges(db);
  const revenue = byCurrency(charges);
  const perProfile = new Map<number, number>();
  for (const c of charges) if (c.profile_id !== null) perProfile.set(c.profile_id, (perProfile.get(c.profile_id) ?? 0) + 1);
  const live = stmt(
    db,
    `SELECT COUNT(*) AS n, COALESCE(SUM(email IS NOT NULL OR phone_number IS NOT NULL OR external_id IS NOT NULL), 0) AS known
     FROM profiles WHERE merged_into IS NULL`,
  ).get() as { n: number; known: number };
  const chartCurrency = revenue[0]?.currency ?? null;
  const keys = lastDays(days, now);
  const byDay = new Map<string, DayRevenue>(keys.map((day) => [day, { day, amount: 0, orders: 0 }]));
  for (const c of charges) {
    const d = c.currency === chartCurrency ? byDay.get(dayKey(c.time)) : undefined;
    if (!d) continue;
    d.amount = Math.round((d.amount + c.value) * 100) / 100;
    d.orders++;
  }
  return {
    revenue,
    transactions: charges.length,
    payingUsers: perProfile.size,
    profiles: live.n,
    known: live.known,
    customers: perProfile.size,
    nonCustomers: Math.max(0, live.n - perProfile.size),
    repeatPurchasers: [...perProfile.values()].filter((n) => n >= 2).length,
    chartCurrency,
    daily: [...byDay.values()],
    funnel: funnel(db),
    topProducts: topProducts(charges, chartCurrency),
  };
}
