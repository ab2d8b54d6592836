import { test, expect } from '@playwright/test';
import { classify, retryAfterMs } from '../snippet/core/transport';
import { normalizeEmail, normalizePhone } from '../snippet/core/contact';
import { propsProblem, checkSize } from '../snippet/core/validate';
import { isCurrency } from '../snippet/core/currencies';
import { uuid } from '../snippet/core/uuid';
import { openQueue } from '../snippet/core/queue';
import type { Entry } from '../snippet/core/types';

test('HTTP statuses map to retry, split, drop or pause', () => {
  const table: [number, string][] = [
    [200, 'ok'], [202, 'ok'], [408, 'retry'], [429, 'retry'], [500, 'retry'], [502, 'retry'], [503, 'retry'], [504, 'retry'],
    [501, 'drop'], [505, 'drop'], [413, 'split'], [400, 'split'], [422, 'split'], [401, 'pause'], [403, 'pause'], [404, 'pause'], [410, 'drop'], [418, 'drop'],
  ];
  for (const [status, action] of table) expect(classify(status), String(status)).toBe(action);
});

test('Retry-After in seconds or as a date, capped at 5 minutes', () => {
  expect(retryAfterMs('2')).toBe(2000);
  expect(retryAfterMs('0')).toBe(0);
  expect(retryAfterMs('99999')).toBe(300_000);
  expect(retryAfterMs(new Date(1_000_000 + 30_000).toUTCString(), 1_000_000)).toBe(30_000);
  expect(retryAfterMs('soon')).toBeUndefined();
  expect(retryAfterMs(null)).toBeUndefined();
});

test('phone numbers normalize to E.164 or are refused', () => {
  expect(normalizePhone('+91 98765 43210')).toBe('+919876543210');
  expect(normalizePhone('(+1) 415-555-0134')).toBe('+14155550134');
  expect(normalizePhone('0091 98765.43210')).toBe('+919876543210');
  expect(normalizePhone('098765 43210', '91')).toBe('+919876543210');
  expect(normalizePhone('098765 43210', 91 as unknown as string)).toBe('+919876543210'); // a number from plain JS
  expect(normalizePhone('9876543210', '+91')).toBe('+919876543210');
  expect(normalizePhone('9876543210')).toBeUndefined();
  expect(normalizePhone('+0 123 456 789')).toBeUndefined();
  expect(normalizePhone('+1234567890123456')).toBeUndefined();
  expect(normalizePhone('+91 98765 4321x')).toBeUndefined();
  expect(normalizePhone({})).toBeUndefined();
});

test('emails are trimmed, lower-cased and checked', () => {
  expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  for (const bad of ['ada', 'ada@', '@example.com', 'ada@example', 'a b@example.com', 'a@b.c', 42, '<a@b.co>']) {
    expect(normalizeEmail(bad), String(bad)).toBeUndefined();
  }
});

test('properties must be plain JSON', () => {
  expect(typeof propsProblem({ a: 1, b: 'x', c: [true, null, { d: new Date(0) }] }, 'properties')).toBe('number');
  expect(propsProblem(undefined, 'properties')).toBe(0);
  // The estimate bounds the JSON length from above.
  for (const v of [{ a: 1 }, { s: 'x'.repeat(100), n: [1.5, -2e-300, 123456789012], t: true, z: null }, { deep: { er: { 'k"ey': 'v\\al' } } }]) {
    expect(propsProblem(v, 'p')).toBeGreaterThanOrEqual(JSON.stringify(v).length);
  }
  expect(propsProblem({ a: { b: [1, -Infinity] } }, 'properties')).toBe('properties.a.b.1 is -Infinity, not a finite number');
  expect(propsProblem({ s: new Set() }, 'properties')).toMatch(/properties\.s is a Set/);
  const shared = { x: 1 };
  expect(typeof propsProblem({ a: shared, b: shared }, 'properties')).toBe('number');
  let deep: Record<string, unknown> = {};
  for (let i = 0; i < 9; i++) deep = { deep }; // 10 levels of objects: allowed
  expect(typeof propsProblem(deep, 'p')).toBe('number');
  expect(propsProblem({ deep }, 'p')).toMatch(/nests deeper than 10 levels/);
  expect(() => checkSize({ big: 'x'.repeat(33_000) })).toThrow(/over the 32 KB limit/);
  expect(() => checkSize({ ok: 'x'.repeat(30_000) })).not.toThrow();
});

test('ISO 4217: active codes only', () => {
  for (const c of ['INR', 'USD', 'EUR', 'JPY', 'XCG', 'ZWG', 'SLE', 'VED']) expect(isCurrency(c), c).toBe(true);
  for (const c of ['ABC', 'ANG', 'HRK', 'ZWL', 'XTS', 'XXX', 'usd', 'US', 'EDA', 'DAF']) expect(isCurrency(c), c).toBe(false);
});

test('the in-memory queue keeps FIFO order and evicts the oldest past the bound', async () => {
  let fellBack: unknown;
  const q = openQueue((e) => (fellBack = e)); // Node has no IndexedDB
  await new Promise((r) => setTimeout(r, 0));
  expect(fellBack).toBe('no IndexedDB');
  const mk = (t: number, s: number): Entry => ({ key: [t, s, 'a'], rec: { type: 'track', event_id: `${t}-${s}`, anonymous_id: 'a', device_event_time: t } });
  expect(await q.add([mk(1, 0), mk(1, 1), mk(2, 2)], 10)).toEqual([]);
  const evicted = await q.add([mk(2, 3), mk(3, 4)], 4);
  expect(evicted.map((e) => e.rec.event_id)).toEqual(['1-0']);
  expect((await q.peek(10)).map((e) => e.rec.event_id)).toEqual(['1-1', '2-2', '2-3', '3-4']);
  await q.remove([mk(2, 2)]);
  expect((await q.peek(2)).map((e) => e.rec.event_id)).toEqual(['1-1', '2-3']);
});

test('uuid(): UUID v4 format, unique, with a random prefix renewed every 4,096 ids', () => {
  const ids = Array.from({ length: 10_000 }, uuid);
  expect(ids.filter((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toEqual([]);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(ids.map((id) => id.slice(0, 33))).size).toBeGreaterThanOrEqual(3);
});
