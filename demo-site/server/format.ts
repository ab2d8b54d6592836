const moneyFormats = new Map<string, Intl.NumberFormat>();

/** An amount in a currency, e.g. "₹1,899" or "₹1,899.50" (Indian digit grouping, as the demo store sells in INR). */
export function money(amount: number, currency: string): string {
  const whole = Number.isInteger(amount);
  const key = `${currency}|${whole}`;
  let f = moneyFormats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat('en-IN', { style: 'currency', currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 });
    } catch {
      f = new Intl.NumberFormat('en-IN', { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(key, f);
  }
  return f.format(amount);
}

/** A whole number with grouping, e.g. "12,345". */
export function count(n: number): string {
  return n.toLocaleString('en-IN');
}

/** A local date and time, e.g. "27 Nov 2025, 14:05:09". */
export function dateTime(ms: number): string {
  return new Date(ms).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A machine-readable timestamp for <time datetime>. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** How long ago, e.g. "just now", "12 s ago", "5 min ago", "3 h ago", "2 days ago". */
export function timeAgo(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  const d = Math.floor(s / 86400);
  return d === 1 ? '1 day ago' : `${d} days ago`;
}

/** The local calendar day of a timestamp, "YYYY-MM-DD". */
export function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A percentage with at most one decimal, e.g. "42.5%"; "–" when the base is 0. */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const p = (part / whole) * 100;
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}
