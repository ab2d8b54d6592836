/** Trims and lower-cases an email; returns undefined when it is not plausible. */
export function normalizeEmail(v: unknown): string | undefined {
  if (typeof v !== 'string') return;
  const e = v.trim().toLowerCase();
  return e.length <= 254 && /^[^\s@"<>()]+@[^\s@"<>()]+\.[a-z0-9-]{2,}$/.test(e) ? e : undefined;
}

/**
 * Normalizes a phone number to E.164 (+<country code><number>): drops spaces, dots, dashes and
 * brackets, turns a leading 00 into +, and prefixes `countryCode` to a national number
 * (its leading 0 removed). Returns undefined when the result is not 7–15 digits.
 */
export function normalizePhone(v: unknown, countryCode?: string): string | undefined {
  if (typeof v === 'number') v = String(v);
  if (typeof v !== 'string') return;
  let p = v.trim().replace(/[\s().\-\/]/g, '');
  if (p.startsWith('00')) p = '+' + p.slice(2);
  if (!p.startsWith('+')) {
    if (!countryCode) return;
    p = '+' + String(countryCode).replace(/\D/g, '') + p.replace(/^0+/, '');
  }
  return /^\+[1-9]\d{6,14}$/.test(p) ? p : undefined;
}
