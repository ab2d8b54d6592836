import { test, expect } from '@playwright/test';
import { allEvents, eventById, eventCount, recentRejects, recentRequests } from '../demo-site/server/db';
import { chargedRecord, identifyRecord, post, postBatch, request, startTestServer, trackRecord } from '../demo-site/server/testing';

test('a valid batch is accepted and every record is stored with its columns', async () => {
  const s = await startTestServer();
  try {
    const t = trackRecord({ event: 'Added to Cart', email: 'a@b.co', phone_number: '+919876543210', external_id: 'u-7' });
    const i = identifyRecord({ first_name: 'Ann' });
    const c = chargedRecord();
    const res = await postBatch(s, [t, i, c], { batch_id: 'batch-1' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ success: true, accepted: 3, duplicates: 0, rejected: [] });
    const rows = allEvents(s.db);
    expect(rows.map((r) => r.event_id)).toEqual([t.event_id, i.event_id, c.event_id]);
    const row = rows[0]!;
    expect(row).toMatchObject({
      type: 'track',
      event: 'Added to Cart',
      event_type: 'custom',
      anonymous_id: 'anon-1',
      email: 'a@b.co',
      phone_number: '+919876543210',
      external_id: 'u-7',
      device_event_time: t.device_event_time,
      batch_id: 'batch-1',
      api_key: 'pk_demo',
      copies: 1,
    });
    expect(row.properties).toEqual({ event_type: 'custom', product_id: 'p1' });
    expect(row.context).toEqual(t.context);
    expect(row.record).toEqual(t);
    expect(row.profile_id).not.toBeNull();
    expect(rows[2]!.event_type).toBe('charged');
    expect(rows[1]!.type).toBe('identify');
    const log = recentRequests(s.db, 1)[0]!;
    expect(log).toMatchObject({ path: '/v1/track/batch', status: 200, batch_id: 'batch-1', records: 3, accepted: 3, duplicates: 0, rejected: 0 });
    expect(log.bytes).toBeGreaterThan(100);
  } finally {
    await s.close();
  }
});

test('the same event_id twice is stored once with copies=2 and reported as a duplicate', async () => {
  const s = await startTestServer();
  try {
    const t = trackRecord();
    expect((await postBatch(s, [t])).json).toMatchObject({ accepted: 1, duplicates: 0 });
    const again = await postBatch(s, [t, trackRecord()]);
    expect(again.json).toMatchObject({ success: true, accepted: 1, duplicates: 1, rejected: [] });
    expect(eventCount(s.db)).toBe(2);
    expect(eventById(s.db, t.event_id as string)?.copies).toBe(2);
    // Within one batch too.
    const u = trackRecord();
    expect((await postBatch(s, [u, u, u])).json).toMatchObject({ accepted: 1, duplicates: 2 });
    expect(eventById(s.db, u.event_id as string)?.copies).toBe(3);
  } finally {
    await s.close();
  }
});

test('bad records are rejected with messages naming the field while good ones are stored', async () => {
  const s = await startTestServer();
  try {
    const good = trackRecord();
    const longId = 'x'.repeat(101);
    const batch = [
      good,
      'not a record',
      trackRecord({ event_id: undefined }),
      trackRecord({ event_id: 42 }),
      trackRecord({ event_id: longId }),
      trackRecord({ event_id: 'bad-type', type: 'page' }),
      trackRecord({ event_id: 'no-event', event: '' }),
      trackRecord({ event_id: 'long-event', event: 'e'.repeat(256) }),
      trackRecord({ event_id: 'bad-time', device_event_time: -5 }),
      trackRecord({ event_id: 'bad-email', email: 'not-an-email' }),
      trackRecord({ event_id: 'bad-phone', phone_number: '09876543210' }),
      trackRecord({ event_id: 'bad-props', properties: [1, 2] }),
      trackRecord({ event_id: 'big', properties: { blob: 'z'.repeat(33 * 1024) } }),
      chargedRecord({ transaction_id: '', currency: 'inr', product_ids: [], variant_ids: undefined }, { event_id: 'charged-bad', email: undefined }),
      identifyRecord({ event_id: 'bad-name', first_name: 7 }),
    ];
    const res = await postBatch(s, batch);
    expect(res.status).toBe(200);
    const body = res.json as { accepted: number; rejected: { event_id: string; error: string }[] };
    expect(body.accepted).toBe(1);
    const errors = new Map(body.rejected.map((r) => [r.event_id, r.error]));
    expect(body.rejected).toHaveLength(batch.length - 1);
    expect(body.rejected[0]).toEqual({ event_id: '', error: expect.stringContaining('record must be a JSON object') });
    expect(body.rejected[1]).toEqual({ event_id: '', error: expect.stringContaining('event_id is required') });
    expect(errors.get('42')).toContain('event_id must be a string');
    expect(errors.get(longId)).toContain('event_id must be at most 100 characters');
    expect(errors.get('bad-type')).toContain('type must be one of track, identify, push_subscription');
    expect(errors.get('no-event')).toContain('event must be a non-empty string');
    expect(errors.get('long-event')).toContain('event must be at most 255 characters');
    expect(errors.get('bad-time')).toContain('device_event_time');
    expect(errors.get('bad-email')).toContain('email');
    expect(errors.get('bad-phone')).toContain('phone_number must be E.164');
    expect(errors.get('bad-props')).toContain('properties must be an object');
    expect(errors.get('big')).toMatch(/over the 32768-byte limit/);
    expect(errors.get('bad-name')).toContain('first_name must be a string');
    const charged = errors.get('charged-bad') ?? '';
    for (const f of ['transaction_id', 'currency', 'product_ids', 'variant_ids', 'email or phone_number']) expect(charged).toContain(f);
    expect(charged).not.toContain('transaction_value');

    expect(allEvents(s.db).map((e) => e.event_id)).toEqual([good.event_id]);
    const rejects = recentRejects(s.db, 100);
    expect(rejects).toHaveLength(batch.length - 1);
    const stored = rejects.find((r) => r.event_id === 'bad-phone')!;
    expect(stored.api_key).toBe('pk_demo');
    expect(JSON.parse(stored.record ?? '{}')).toMatchObject({ phone_number: '09876543210' });
    expect(recentRequests(s.db, 1)[0]).toMatchObject({ status: 200, accepted: 1, rejected: batch.length - 1 });
  } finally {
    await s.close();
  }
});

test('a Charged event with every required field is accepted; event_type "charged" alone triggers the checks', async () => {
  const s = await startTestServer();
  try {
    const ok = chargedRecord();
    const byType = trackRecord({ event: 'Order Placed', properties: { event_type: 'charged' } });
    const res = await postBatch(s, [ok, byType]);
    const body = res.json as { accepted: number; rejected: { event_id: string; error: string }[] };
    expect(body.accepted).toBe(1);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0]!.event_id).toBe(byType.event_id);
    expect(body.rejected[0]!.error).toContain('properties.transaction_value must be a finite number');
  } finally {
    await s.close();
  }
});

test('malformed batches get 400 and nothing is stored', async () => {
  const s = await startTestServer();
  try {
    const cases: [string | Record<string, unknown>, string][] = [
      ['{"api_key":"pk_demo","batch":[', 'not valid JSON'],
      ['[1,2]', 'JSON object'],
      [{ api_key: 'pk_demo', batch: {} }, 'non-empty array'],
      [{ api_key: 'pk_demo', batch: [] }, 'non-empty array'],
      [{ api_key: 'pk_demo' }, 'non-empty array'],
      [{ api_key: 'pk_demo', batch: Array.from({ length: 1001 }, () => trackRecord()) }, 'at most 1000'],
    ];
    for (const [body, message] of cases) {
      const res = await post(s, '/v1/track/batch', body);
      expect(res.status, message).toBe(400);
      expect(res.json).toEqual({ success: false, error: expect.stringContaining(message) });
    }
    expect(eventCount(s.db)).toBe(0);
    expect(recentRequests(s.db, 100).map((r) => r.status)).toEqual(cases.map(() => 400));
  } finally {
    await s.close();
  }
});

test('a missing or unknown api_key gets 401; configured keys work', async () => {
  const s = await startTestServer({ apiKeys: ['pk_one', 'pk_two'] });
  try {
    const none = await post(s, '/v1/track/batch', { batch: [trackRecord()] });
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ success: false, error: expect.stringContaining('missing api_key') });
    const wrong = await postBatch(s, [trackRecord()]);
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ success: false, error: 'unknown api_key' });
    expect(eventCount(s.db)).toBe(0);
    const ok = await postBatch(s, [trackRecord()], { api_key: 'pk_two' });
    expect(ok.status).toBe(200);
    expect(allEvents(s.db)[0]!.api_key).toBe('pk_two');
    expect(recentRequests(s.db, 10).map((r) => r.status)).toEqual([200, 401, 401]);
  } finally {
    await s.close();
  }
});

test('a body over the limit gets 413, declared or chunked, and nothing is stored', async () => {
  const s = await startTestServer({ bodyLimit: 4096 });
  try {
    const big = [trackRecord({ properties: { blob: 'x'.repeat(5000) } })];
    const declared = await postBatch(s, big);
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ success: false, error: expect.stringContaining('4096') });
    const text = JSON.stringify({ api_key: 'pk_demo', batch: big });
    const chunked = await request(s, { method: 'POST', path: '/v1/track/batch', body: [text.slice(0, 3000), text.slice(3000)] });
    expect(chunked.status).toBe(413);
    expect(eventCount(s.db)).toBe(0);
    expect(recentRequests(s.db, 10).map((r) => r.status)).toEqual([413, 413]);
    const small = await postBatch(s, [trackRecord()]);
    expect(small.status).toBe(200);
  } finally {
    await s.close();
  }
});

test('the default 1 MiB limit answers 413 to a 2 MiB upload that fetch can read', async () => {
  const s = await startTestServer();
  try {
    const body = JSON.stringify({ api_key: 'pk_demo', batch: [trackRecord({ properties: { blob: 'y'.repeat(2 * 1024 * 1024) } })] });
    const res = await fetch(`${s.url}/v1/track/batch`, { method: 'POST', body, headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ success: false });
    expect(eventCount(s.db)).toBe(0);
  } finally {
    await s.close();
  }
});

test('CORS: preflight answers 204 with the allowed methods and headers; answers echo the Origin', async () => {
  const s = await startTestServer();
  try {
    const pre = await request(s, {
      method: 'OPTIONS',
      path: '/v1/track/batch',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(pre.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
    expect(pre.headers['access-control-allow-headers']).toBe('Content-Type, X-API-KEY');
    expect(pre.headers['access-control-max-age']).toBe('600');
    expect(pre.headers.vary).toBe('Origin');
    const withOrigin = await post(s, '/v1/track/batch', { api_key: 'pk_demo', batch: [trackRecord()] }, { Origin: 'https://shop.example' });
    expect(withOrigin.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(withOrigin.headers.vary).toBe('Origin');
    const noOrigin = await postBatch(s, [trackRecord()]);
    expect(noOrigin.headers['access-control-allow-origin']).toBe('*');
    const denied = await post(s, '/v1/track/batch', { api_key: 'nope', batch: [trackRecord()] }, { Origin: 'https://shop.example' });
    expect(denied.status).toBe(401);
    expect(denied.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(recentRequests(s.db, 10).map((r) => r.origin)).toEqual(['https://shop.example', null, 'https://shop.example']);
  } finally {
    await s.close();
  }
});

test('wrong methods on /v1 get 405 and unknown /v1 paths 404', async () => {
  const s = await startTestServer();
  try {
    const get = await request(s, { path: '/v1/track/batch' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST, OPTIONS');
    expect((await request(s, { method: 'PUT', path: '/v1/identify', body: '{}' })).status).toBe(405);
    expect((await post(s, '/v1/nope', { api_key: 'pk_demo' })).status).toBe(404);
    expect(recentRequests(s.db, 10)).toHaveLength(0);
  } finally {
    await s.close();
  }
});
