import { test, expect } from '@playwright/test';
import { eventCount, recentRequests } from '../demo-site/server/db';
import { createChaos, mulberry32, parseChaos } from '../demo-site/server/faults';
import { createRateLimiter } from '../demo-site/server/ratelimit';
import { postBatch, request, startTestServer, trackRecord, type RawAnswer } from '../demo-site/server/testing';

test('an injected 500 answers the fault body, stores nothing and is consumed (FIFO)', async () => {
  const s = await startTestServer();
  try {
    s.faults.push({ status: 503 }, { status: 500 });
    const first = await postBatch(s, [trackRecord()], { batch_id: 'b-503' });
    expect(first.status).toBe(503);
    expect(first.json).toEqual({ success: false, error: 'injected fault' });
    expect(s.faults).toEqual([{ status: 500 }]);
    const second = await postBatch(s, [trackRecord()]);
    expect(second.status).toBe(500);
    expect(second.json).toEqual({ success: false, error: 'injected fault' });
    expect(s.faults).toHaveLength(0);
    expect(eventCount(s.db)).toBe(0);
    const third = await postBatch(s, [trackRecord()]);
    expect(third.status).toBe(200);
    expect(eventCount(s.db)).toBe(1);
    const log = recentRequests(s.db, 10).reverse();
    expect(log.map((r) => [r.status, r.note])).toEqual([[503, 'fault:503'], [500, 'fault:500'], [200, null]]);
    expect(log[0]!.batch_id).toBe('b-503');
    expect(log[0]!.records).toBe(1);
  } finally {
    await s.close();
  }
});

test('an injected 429 carries Retry-After; OPTIONS does not consume a fault', async () => {
  const s = await startTestServer();
  try {
    s.faults.push({ status: 429, retryAfter: 7 });
    const pre = await request(s, { method: 'OPTIONS', path: '/v1/track/batch', headers: { Origin: 'https://x.test' } });
    expect(pre.status).toBe(204);
    expect(s.faults).toHaveLength(1);
    const res = await postBatch(s, [trackRecord()]);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.headers['access-control-expose-headers']).toContain('Retry-After');
    expect(eventCount(s.db)).toBe(0);
  } finally {
    await s.close();
  }
});

test('an injected reset destroys the connection without an answer and stores nothing', async () => {
  const s = await startTestServer();
  try {
    s.faults.push({ reset: true });
    const res = await postBatch(s, [trackRecord()]);
    expect(res.error).toBe('reset');
    expect(res.status).toBe(0);
    expect(eventCount(s.db)).toBe(0);
    expect(recentRequests(s.db, 1)[0]).toMatchObject({ status: 0, note: 'fault:reset' });
    expect((await postBatch(s, [trackRecord()])).status).toBe(200);
  } finally {
    await s.close();
  }
});

test('an injected hang answers nothing and drops the socket after hangMs', async () => {
  const s = await startTestServer();
  try {
    s.faults.push({ hangMs: 400 });
    const res = await postBatch(s, [trackRecord()], {}, 5000);
    expect(res.error).toBe('reset');
    expect(res.ms).toBeGreaterThanOrEqual(380);
    expect(res.ms).toBeLessThan(4000);
    expect(eventCount(s.db)).toBe(0);
    expect(recentRequests(s.db, 1)[0]).toMatchObject({ status: 0, note: 'fault:hang' });
  } finally {
    await s.close();
  }
});

test('a delay-only fault slows the answer but the batch is stored', async () => {
  const s = await startTestServer();
  try {
    s.faults.push({ delayMs: 300 });
    const res = await postBatch(s, [trackRecord()]);
    expect(res.status).toBe(200);
    expect(res.ms).toBeGreaterThanOrEqual(280);
    expect(eventCount(s.db)).toBe(1);
    expect(recentRequests(s.db, 1)[0]).toMatchObject({ status: 200, accepted: 1, note: 'fault:delay' });
  } finally {
    await s.close();
  }
});

test('close() does not wait for a hanging request', async () => {
  const s = await startTestServer();
  s.faults.push({ hangMs: 60_000 });
  const pending = postBatch(s, [trackRecord()], {}, 20_000);
  await expect.poll(() => recentRequests(s.db, 1).length).toBe(1);
  const t0 = Date.now();
  await s.close();
  expect(Date.now() - t0).toBeLessThan(2000);
  expect((await pending).error).toBe('reset');
});

function outcome(a: RawAnswer): string {
  return a.error ?? String(a.status);
}

async function chaosRun(seed: number, n: number): Promise<{ outcomes: string[]; stored: number }> {
  const s = await startTestServer({ chaos: { seed, rate: 0.5 }, rateLimit: false });
  try {
    const outcomes: string[] = [];
    for (let i = 0; i < n; i++) outcomes.push(outcome(await postBatch(s, [trackRecord()], {}, 600)));
    return { outcomes, stored: eventCount(s.db) };
  } finally {
    await s.close();
  }
}

test('chaos with the same seed gives the same sequence of outcomes; another seed differs', async () => {
  const a = await chaosRun(7, 24);
  const b = await chaosRun(7, 24);
  const c = await chaosRun(8, 24);
  expect(a.outcomes).toEqual(b.outcomes);
  expect(c.outcomes).not.toEqual(a.outcomes);
  const faults = a.outcomes.filter((o) => o !== '200');
  expect(faults.length).toBeGreaterThan(3);
  expect(faults.length).toBeLessThan(24);
  for (const o of faults) expect(['500', '503', '429', '413', 'timeout', 'reset']).toContain(o);
  expect(a.stored).toBe(a.outcomes.filter((o) => o === '200').length);
});

test('chaos rolls match the seeded PRNG: rate 0 never faults, rate 1 always does', () => {
  const r1 = mulberry32(123);
  const r2 = mulberry32(123);
  const xs = Array.from({ length: 5 }, () => r1());
  expect(Array.from({ length: 5 }, () => r2())).toEqual(xs);
  for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  const never = createChaos({ seed: 1, rate: 0 });
  const always = createChaos({ seed: 1, rate: 1 });
  for (let i = 0; i < 50; i++) {
    expect(never()).toBeUndefined();
    expect(always()).toBeDefined();
  }
  expect(parseChaos('seed=3, rate=0.25, latency=20')).toEqual({ seed: 3, rate: 0.25, latencyMs: 20 });
  expect(parseChaos('')).toBeUndefined();
  expect(() => parseChaos('seed=x')).toThrow(/CONTLO_CHAOS/);
});

test('chaos latency is added to every request', async () => {
  const s = await startTestServer({ chaos: { seed: 1, rate: 0, latencyMs: 250 } });
  try {
    const res = await request(s, { path: '/api/events' });
    expect(res.status).toBe(200);
    expect(res.ms).toBeGreaterThanOrEqual(230);
  } finally {
    await s.close();
  }
});

test('the per-key rate limit answers 429 with Retry-After and stores nothing for those requests', async () => {
  const s = await startTestServer({ apiKeys: ['pk_demo', 'pk_other'], rateLimit: { perSecond: 1, burst: 3 } });
  try {
    const statuses: number[] = [];
    let limited: RawAnswer | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await postBatch(s, [trackRecord()]);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited?.json).toMatchObject({ success: false, error: 'rate limit exceeded' });
    expect(eventCount(s.db)).toBe(3);
    expect((await postBatch(s, [trackRecord()], { api_key: 'pk_other' })).status).toBe(200);
    const logged = recentRequests(s.db, 10).filter((r) => r.status === 429);
    expect(logged).toHaveLength(2);
    expect(logged[0]!.note).toBe('rate-limited');
  } finally {
    await s.close();
  }
});

test('the token bucket refills at perSecond', () => {
  const rl = createRateLimiter(2, 2);
  expect([rl.take('k', 0), rl.take('k', 0), rl.take('k', 0)]).toEqual([0, 0, 1]);
  expect(rl.take('k', 499)).toBe(1);
  expect(rl.take('k', 500)).toBe(0);
  expect(rl.take('other', 500)).toBe(0);
});
