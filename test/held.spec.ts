import { test, expect } from '@playwright/test';
import { validateHeld } from '../snippet/charged';
import { createClient } from '../snippet/core/client';
import type { WireRecord } from '../snippet/core/types';

// validateHeld on the in-memory queue (Node has no IndexedDB; the browser tests cover IndexedDB).
const held = (raw: Record<string, unknown>, over: Partial<WireRecord> = {}): WireRecord => ({
  type: 'track',
  event_id: crypto.randomUUID(),
  anonymous_id: 'anon',
  event: 'Charged',
  device_event_time: 1732600000000,
  raw,
  ...over,
});
const OK = { transaction_id: 'T1', transaction_value: '10.5', currency: 'inr', product_id: 'p1', variant_id: 'v1' };

async function queued(recs: WireRecord[]) {
  const c = createClient();
  await Promise.all(recs.map((r) => c.enqueue(r)));
  return { c, entries: await c.queue.peek(10) };
}

test('valid held records are swapped in place for the validated record; an invalid one is taken out with its error', async () => {
  const before: WireRecord = { type: 'track', event_id: 'before', anonymous_id: 'anon', event: 'X', device_event_time: 1 };
  const good = held(OK, { email: 'who@example.com' });
  const bad = held({ ...OK, currency: 'XYZ' }, { email: 'who@example.com' });
  const after: WireRecord = { ...before, event_id: 'after' };
  const { c, entries } = await queued([before, good, bad, after]);
  const errors = await validateHeld(c.queue, entries.filter((e) => e.rec.raw));
  expect(errors[0]).toBeUndefined();
  expect(String(errors[1])).toContain('currency must be an ISO 4217 code such as "INR", got "XYZ"');
  const left = await c.queue.peek(10);
  expect(left.map((e) => e.rec.event_id)).toEqual(['before', good.event_id, 'after']);
  const v = left[1].rec;
  expect(v).not.toHaveProperty('raw');
  expect(v).toMatchObject({ email: 'who@example.com', device_event_time: 1732600000000, properties: { event_type: 'charged', transaction_value: 10.5, currency: 'INR', product_ids: ['p1'], variant_ids: ['v1'] } });
  expect(entries[1].rec).toBe(v); // the caller's entry now holds the validated record (the send on hide may carry it)
});

test('the details may name their own email and time; the call identity and time are the defaults', async () => {
  const { c, entries } = await queued([held({ ...OK, email: ' Buyer@Example.COM ', time: 1732700000000 }, { email: 'old@example.com' }), held(OK)]);
  const errors = await validateHeld(c.queue, entries);
  expect(errors[0]).toBeUndefined();
  expect(String(errors[1])).toContain('email or phone_number is required');
  const [v] = await c.queue.peek(10);
  expect(v.rec).toMatchObject({ email: 'buyer@example.com', device_event_time: 1732700000000 });
  expect(await c.queue.peek(10)).toHaveLength(1);
});

test('an error that is not the details\' fault leaves every record held and rejects', async () => {
  const { c, entries } = await queued([held({ ...OK, phone_number: '09876543210' }), held({ ...OK, email: 'a@b.co' })]);
  // A country code whose use throws a TypeError stands in for a fault inside the module (e.g. a helper missing).
  const faulty = { replace: () => { throw new TypeError('boom'); } } as unknown as string;
  await expect(validateHeld(c.queue, entries, faulty)).rejects.toThrow('boom');
  const left = await c.queue.peek(10);
  expect(left.map((e) => !!e.rec.raw)).toEqual([true, true]);
});
