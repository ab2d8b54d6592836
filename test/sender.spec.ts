import { test, expect } from '@playwright/test';
import { postBatch, startTestServer, type TestServer } from '../demo-site/server/testing';
import { createClient } from '../snippet/core/client';
import { addDoubt, MAX_AGE_MS } from '../snippet/core/batcher';
import type { WireRecord } from '../snippet/core/types';

// The sender runs here in Node against the real reference server, with the in-memory queue
// (Node has no IndexedDB); the browser tests cover IndexedDB.
let server: TestServer;
test.beforeEach(async () => {
  server = await startTestServer({ rateLimit: false });
});
test.afterEach(() => server.close());

function setup(apiKey = 'pk_demo', batchSize = 50) {
  const seen: Record<string, unknown[]> = { sent: [], dropped: [], error: [] };
  const c = createClient({ emit: (t, d) => seen[t].push(d) });
  c.configure({ apiKey, endpoint: server.url, batchSize, format: 'batch' }, 10_000);
  return { c, seen };
}
const rec = (over: Partial<WireRecord> = {}): WireRecord => ({
  type: 'track',
  event_id: crypto.randomUUID(),
  anonymous_id: 'anon-1',
  event: 'Test',
  properties: { event_type: 'custom' },
  device_event_time: Date.now(),
  ...over,
});
/** A started client with one record queued. */
async function oneQueued() {
  const s = setup();
  await s.c.start();
  const r1 = rec();
  await s.c.enqueue(r1);
  return { ...s, r1 };
}
/** Copies of each stored record, in arrival order. */
const copies = () => server.db.prepare('SELECT copies FROM events ORDER BY seq').all();
const stored = () => (server.db.prepare('SELECT event_id FROM events ORDER BY seq').all() as { event_id: string }[]).map((r) => r.event_id);
const paths = () => (server.db.prepare('SELECT path FROM requests ORDER BY id').all() as { path: string }[]).map((r) => r.path);

test('per-record rejects are dropped with the reason; the rest of the batch is stored', async () => {
  const { c, seen } = setup();
  await c.start();
  const good = [rec(), rec()];
  const bad = rec({ phone_number: '12345' });
  await Promise.all([good[0], bad, good[1]].map((r) => c.enqueue(r)));
  const r = await c.sender.flush();
  expect(r).toMatchObject({ drained: true, sent: 2 });
  expect(stored()).toEqual(good.map((g) => g.event_id));
  expect(seen.dropped).toEqual([expect.objectContaining({ reason: 'rejected', count: 1, event_ids: [bad.event_id], errors: [expect.stringMatching(/phone_number/)] })]);
  expect(await c.queue.peek(100)).toEqual([]);
});

test('records older than 7 days are dropped as expired and counted', async () => {
  const { c, seen } = setup();
  await c.start();
  const old = rec();
  await c.queue.add([{ key: [Date.now() - MAX_AGE_MS - 60_000, 0, 'old'], rec: old }], 100);
  const fresh = rec();
  await c.enqueue(fresh);
  await c.sender.flush();
  expect(stored()).toEqual([fresh.event_id]);
  expect(seen.dropped).toEqual([expect.objectContaining({ reason: 'expired', count: 1, event_ids: [old.event_id] })]);
});

test('413 splits the batch down to single records; a single record still too large is dropped', async () => {
  const { c, seen } = setup();
  await c.start();
  const recs = Array.from({ length: 8 }, () => rec());
  await Promise.all(recs.map((r) => c.enqueue(r)));
  server.faults.push({ status: 413 }, { status: 413 }, { status: 413 }, { status: 413 });
  await c.sender.flush();
  // 8 → 4 (413) → 2 (413) → 1 (413, dropped) + 1 ok, then 2 ok, then 4 ok
  expect(stored()).toEqual(recs.slice(1).map((r) => r.event_id));
  expect(seen.dropped).toEqual([expect.objectContaining({ reason: 'too_large', event_ids: [recs[0].event_id] })]);
});

test('401 pauses delivery and keeps every record', async () => {
  const { c, seen } = setup('pk_unknown');
  await c.start();
  await Promise.all([rec(), rec()].map((r) => c.enqueue(r)));
  const r = await c.sender.flush();
  expect(r.drained).toBe(false);
  expect(r.reason).toMatch(/HTTP 401/);
  expect(await c.queue.peek(100)).toHaveLength(2);
  expect(seen.error).toEqual([expect.objectContaining({ action: 'pause' })]);
  expect((await c.sender.flush()).reason).toMatch(/HTTP 401/);
  expect(server.db.prepare('SELECT COUNT(*) n FROM requests').get()).toEqual({ n: 1 });
});

test('429 honours Retry-After; 500 backs off; records stay queued until acknowledged', async () => {
  const { c } = setup();
  await c.start();
  await c.enqueue(rec());
  server.faults.push({ status: 429, retryAfter: 3 });
  const r = await c.sender.flush();
  expect(r).toMatchObject({ drained: false, reason: 'backoff' });
  expect(r.retryIn).toBeGreaterThan(2000);
  expect(r.retryIn).toBeLessThanOrEqual(3000);
  expect((await c.sender.flush()).reason).toBe('backoff');
  c.sender.resume();
  expect(await c.sender.flush()).toMatchObject({ drained: true, sent: 1 });
});

test('backoff: full jitter over 1 s, 2 s, 4 s … capped at 60 s, restarting after success', async () => {
  const { c } = setup();
  await c.start();
  await c.enqueue(rec());
  // Every request answers 503; Math.random is pinned to 0.5 and the clock moves past each wait,
  // so each flush makes one attempt and reports half of its window.
  const realNow = Date.now;
  const realRandom = Math.random;
  let now = realNow();
  Date.now = () => now;
  Math.random = () => 0.5;
  try {
    const waits: (number | undefined)[] = [];
    for (let i = 0; i < 8; i++) {
      server.faults.push({ status: 503 });
      waits.push((await c.sender.flush()).retryIn);
      now += 120_000;
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(await c.sender.flush()).toMatchObject({ drained: true, sent: 1 });
    await c.enqueue(rec());
    server.faults.push({ status: 503 });
    expect((await c.sender.flush()).retryIn).toBe(500);
  } finally {
    Date.now = realNow;
    Math.random = realRandom;
  }
});

test('a network error is retried with the same event_id, and a duplicate send is stored once', async () => {
  const { c, r1 } = await oneQueued();
  server.faults.push({ reset: true });
  expect((await c.sender.flush()).drained).toBe(false);
  c.sender.resume();
  await c.sender.flush();
  expect(stored()).toEqual([r1.event_id]);
});

test('a batch whose answer was lost is asked about (POST /v1/track/known), not sent again', async () => {
  const { c, seen } = setup();
  await c.start();
  const recs = [rec(), rec(), rec()];
  await Promise.all(recs.map((r) => c.enqueue(r)));
  server.faults.push({ lostAnswer: true }); // stored, then the connection reset: the sender saw no answer
  expect((await c.sender.flush()).drained).toBe(false);
  expect(stored()).toEqual(recs.map((r) => r.event_id));
  const late = rec();
  await c.enqueue(late);
  c.sender.resume();
  expect(await c.sender.flush()).toMatchObject({ drained: true, sent: 1 });
  const copies = server.db.prepare('SELECT SUM(copies) AS n FROM events').get() as { n: number };
  expect(copies.n, 'each record reached the server once').toBe(4);
  expect(paths()).toEqual(['/v1/track/batch', '/v1/track/known', '/v1/track/batch']);
  // The records the server already had count as sent.
  expect(seen.sent.flatMap((s) => (s as { event_ids: string[] }).event_ids).sort()).toEqual([...recs, late].map((r) => r.event_id).sort());
});

test('when the server cannot be asked (5xx), the in-doubt records wait instead of going again', async () => {
  const { c } = await oneQueued();
  server.faults.push({ lostAnswer: true }, { status: 503 });
  await c.sender.flush();
  c.sender.resume();
  expect(await c.sender.flush()).toMatchObject({ drained: false, reason: 'backoff' });
  c.sender.resume();
  expect(await c.sender.flush()).toMatchObject({ drained: true });
  expect(copies()).toEqual([{ copies: 1 }]);
  expect(paths()).toEqual(['/v1/track/batch', '/v1/track/known', '/v1/track/known']);
});

test('a fresh sender that cannot ask (503) keeps a dead sender\'s marks, asks later, and sends nothing twice', async () => {
  const { c, r1 } = await oneQueued();
  // What a sender that died mid-request leaves: the server stored the batch, the id is marked in doubt.
  await postBatch(server, [r1]);
  await addDoubt(c.kv, [r1.event_id]);
  server.faults.push({ status: 503 });
  expect(await c.sender.flush()).toMatchObject({ drained: false, reason: 'backoff' });
  expect(await c.kv.get('doubt')).toContain(r1.event_id);
  c.sender.resume();
  expect(await c.sender.flush()).toMatchObject({ drained: true, sent: 0 });
  expect(copies()).toEqual([{ copies: 1 }]);
  expect(await c.queue.peek(10)).toEqual([]);
  expect(await c.kv.get('doubt'), 'resolved marks are taken off').toEqual([]);
});

test('taking marks off removes one occurrence per mark: another context\'s mark of the same id stays', async () => {
  const { c } = setup();
  await addDoubt(c.kv, ['a', 'b']);
  await addDoubt(c.kv, ['a']); // another context marks 'a' too
  await addDoubt(c.kv, [], ['a', 'b']);
  expect(await c.kv.get('doubt')).toEqual(['a']);
});

test('a server without /v1/track/known (404) gets the in-doubt records again and de-duplicates them', async () => {
  const { c } = await oneQueued();
  server.faults.push({ lostAnswer: true }, { status: 404 });
  await c.sender.flush();
  c.sender.resume();
  expect(await c.sender.flush()).toMatchObject({ drained: true, sent: 1 });
  expect(copies()).toEqual([{ copies: 2 }]);
});

test('a known answer that is not a list of ids counts as "not known": the records go again, none is taken as sent', async () => {
  const { c, r1 } = await oneQueued();
  server.faults.push({ lostAnswer: true });
  await c.sender.flush();
  // A stand-in for a server answering 200 with a string where the list belongs.
  const real = globalThis.fetch;
  globalThis.fetch = (async (url: string, init?: RequestInit) =>
    String(url).endsWith('/v1/track/known') ? new Response(JSON.stringify({ success: true, known: `${r1.event_id}` })) : real(url, init)) as typeof fetch;
  try {
    c.sender.resume();
    expect(await c.sender.flush()).toMatchObject({ drained: true, sent: 1 });
  } finally {
    globalThis.fetch = real;
  }
  expect(copies()).toEqual([{ copies: 2 }]);
});

test('POST /v1/track/known answers only the ids this key stored, and refuses bad bodies', async () => {
  const { c, r1 } = await oneQueued();
  await c.sender.flush();
  const ask = (body: unknown) =>
    fetch(`${server.url}/v1/track/known`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => [r.status, await r.json()]);
  expect(await ask({ api_key: 'pk_demo', event_ids: [r1.event_id, 'nope'] })).toEqual([200, { success: true, known: [r1.event_id] }]);
  expect((await ask({ api_key: 'pk_demo', event_ids: 'x' }))[0]).toBe(400);
  expect((await ask({ api_key: 'pk_demo', event_ids: Array(1001).fill('a') }))[1]).toMatchObject({ error: expect.stringMatching(/at most 1000/) });
  expect((await ask({ api_key: 'pk_nobody', event_ids: [r1.event_id] }))[0]).toBe(401);
});

test('batches stay under 256 KB', async () => {
  const { c } = setup();
  await c.start();
  const recs = Array.from({ length: 30 }, (_, i) => rec({ properties: { event_type: 'custom', i, pad: 'x'.repeat(30_000) } }));
  await Promise.all(recs.map((r) => c.enqueue(r)));
  await c.sender.flush();
  expect(stored()).toHaveLength(30);
  const sizes = (server.db.prepare('SELECT bytes, records FROM requests ORDER BY id').all() as { bytes: number; records: number }[]);
  expect(sizes.every((s) => s.bytes <= 256 * 1024)).toBe(true);
  expect(sizes.map((s) => s.records)).toEqual([8, 8, 8, 6]);
});
