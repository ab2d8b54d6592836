import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { startServer } from '../demo-site/server/app';
import { pushSends, pushSubscriptions } from '../demo-site/server/db';
import { startFakePushService } from '../demo-site/server/fake-push-service';
import { MAX_PUSH_PAYLOAD_BYTES } from '../demo-site/server/push-payload';
import { identifyRecord, postBatch, request } from '../demo-site/server/testing';
import { browserJson, sendReq, storeSubscription, withPushRig } from './push-helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('a send reaches the push service encrypted and VAPID-signed, and decrypts to exactly the payload sent', async () => {
  await withPushRig(async ({ s, push }) => {
    const sub = push.subscriptionFor('ann');
    await storeSubscription(s, browserJson(sub));
    const payload = {
      title: 'Sale ✨ ends tonight',
      body: '50% off everything',
      icon: 'https://shop.test/icon.png',
      url: 'https://shop.test/sale',
      tag: 'sale',
      actions: [{ action: 'open', title: 'Shop now', url: 'https://shop.test/sale?a=1' }],
      campaign_id: 'c-1',
      require_interaction: true,
      data: { coupon: 'HALF' },
    };
    const before = Date.now() / 1000;
    const res = await sendReq(s, { anonymous_id: 'anon-1', payload });
    expect(res.status).toBe(200);
    const body = res.json as { message_id: string };
    expect(body).toMatchObject({ sent: 1, failed: 0, removed: 0 });
    expect(body.message_id).toMatch(UUID);

    expect(push.received).toHaveLength(1);
    const got = push.received[0]!;
    expect(got.endpointPath).toBe('/push/ann');
    expect(got.payload).toBe(JSON.stringify({ ...payload, message_id: body.message_id }));
    expect(got.headers['content-encoding']).toBe('aes128gcm');
    expect(got.headers.ttl).toBe('86400');
    expect(got.vapid.aud).toBe(push.url);
    expect(got.vapid.sub).toBe('mailto:demo@localhost');
    expect(got.vapid.exp).toBeGreaterThan(before);
    expect(got.vapid.exp).toBeLessThanOrEqual(before + 24 * 3600 + 1);
    expect(got.vapid.k).toBe(s.vapidPublicKey);
    expect(Buffer.from(s.vapidPublicKey, 'base64url')).toHaveLength(65);
    expect((await request(s, { path: '/api/push/vapid' })).json).toEqual({ publicKey: s.vapidPublicKey });

    const profileId = pushSubscriptions(s.db)[0]!.profile_id;
    expect(profileId).not.toBeNull();
    expect(pushSends(s.db)).toEqual([
      expect.objectContaining({ message_id: body.message_id, campaign_id: 'c-1', endpoint: sub.endpoint, profile_id: profileId, status: 201, error: null }),
    ]);

    const again = await sendReq(s, { anonymous_id: 'anon-1', ttl: 60, payload: { title: 'Hi', message_id: 'm-42' } });
    expect(again.json).toMatchObject({ sent: 1, message_id: 'm-42' });
    expect(push.received[1]!.payload).toBe('{"title":"Hi","message_id":"m-42"}');
    expect(push.received[1]!.headers.ttl).toBe('60');
  });
});

test('vapid.json is made on first start and reused after a restart; the subject comes from the option or VAPID_SUBJECT', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contlo-vapid-'));
  const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contlo-vapid-'));
  const publicDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contlo-vapid-pub-'));
  fs.writeFileSync(path.join(publicDir, 'index.html'), '<p>{{VAPID_PUBLIC_KEY}}</p>');
  const push = await startFakePushService();
  const savedEnv = process.env.VAPID_SUBJECT;
  try {
    const first = await startServer({ port: 0, dataDir, publicDir });
    const key = first.vapidPublicKey;
    expect((await request(first, { path: '/' })).text).toBe(`<p>${key}</p>`);
    await first.close();
    const file = path.join(dataDir, 'vapid.json');
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
    expect(saved.publicKey).toBe(key);
    expect(Buffer.from(saved.privateKey, 'base64url')).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o077).toBe(0);

    const second = await startServer({ port: 0, dataDir, publicDir, pushAgent: push.agent, vapidSubject: 'mailto:ops@shop.test' });
    try {
      expect(second.vapidPublicKey).toBe(key);
      expect((await request(second, { path: '/' })).text).toBe(`<p>${key}</p>`);
      await storeSubscription(second, browserJson(push.subscriptionFor('a')));
      expect((await sendReq(second, { all: true, payload: { title: 'x' } })).json).toMatchObject({ sent: 1 });
      expect(push.received[0]!.vapid).toMatchObject({ k: key, sub: 'mailto:ops@shop.test' });
    } finally {
      await second.close();
    }

    process.env.VAPID_SUBJECT = 'https://shop.test/contact';
    const third = await startServer({ port: 0, dataDir: otherDir, pushAgent: push.agent });
    try {
      expect(third.vapidPublicKey).not.toBe(key);
      await storeSubscription(third, browserJson(push.subscriptionFor('b')));
      expect((await sendReq(third, { all: true, payload: { title: 'x' } })).json).toMatchObject({ sent: 1 });
      expect(push.received[1]!.vapid).toMatchObject({ k: third.vapidPublicKey, sub: 'https://shop.test/contact' });
    } finally {
      await third.close();
    }

    fs.writeFileSync(file, '{"publicKey":"nope"}');
    await expect(startServer({ port: 0, dataDir })).rejects.toThrow(/vapid\.json does not hold a P-256 VAPID key pair/);
  } finally {
    if (savedEnv === undefined) delete process.env.VAPID_SUBJECT;
    else process.env.VAPID_SUBJECT = savedEnv;
    await push.close();
    for (const d of [dataDir, otherDir, publicDir]) fs.rmSync(d, { recursive: true, force: true });
  }
});

for (const status of [410, 404]) {
  test(`a ${status} from the push service deletes that subscription and only that one`, async () => {
    await withPushRig(async ({ s, push }) => {
      const gone = push.subscriptionFor('gone');
      const kept = push.subscriptionFor('kept');
      await storeSubscription(s, browserJson(gone), { anonymous_id: 'anon-gone' });
      await storeSubscription(s, browserJson(kept), { anonymous_id: 'anon-kept' });
      push.respondWith(gone.endpoint, status);
      const res = await sendReq(s, { anonymous_id: 'anon-gone', payload: { title: 'Bye' } });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ sent: 0, failed: 1, removed: 1, results: [{ endpoint: gone.endpoint, status }] });
      expect(pushSubscriptions(s.db).map((r) => r.endpoint)).toEqual([kept.endpoint]);
      expect(pushSends(s.db)).toEqual([expect.objectContaining({ endpoint: gone.endpoint, status })]);
      expect((await sendReq(s, { anonymous_id: 'anon-gone', payload: { title: 'Bye' } })).status).toBe(404);
    });
  });
}

// 413: the push service found the message too large (the sender's own 4 KB check should prevent it).
for (const status of [500, 413]) {
  test(`a ${status} from the push service counts as failed, names the status and keeps the subscription`, async () => {
    await withPushRig(async ({ s, push }) => {
      const sub = push.subscriptionFor('flaky');
      await storeSubscription(s, browserJson(sub));
      push.respondWith('/push/flaky', status);
      expect((await sendReq(s, { anonymous_id: 'anon-1', payload: { title: 'One' } })).json).toMatchObject({ sent: 0, failed: 1, removed: 0 });
      expect(pushSubscriptions(s.db)).toHaveLength(1);
      expect(pushSends(s.db)[0]).toMatchObject({ status, error: `push service answered ${status}: forced ${status}` });
      expect((await sendReq(s, { anonymous_id: 'anon-1', payload: { title: 'Two' } })).json).toMatchObject({ sent: 1, failed: 0 });
      expect(push.received.map((r) => JSON.parse(r.payload).title)).toEqual(['Two']);
    });
  });
}

function payloadOfSize(bytes: number): { title: string; message_id: string; body: string } {
  const p = { title: 'Big', message_id: 'm-size', body: '' };
  p.body = 'x'.repeat(bytes - Buffer.byteLength(JSON.stringify(p)));
  return p;
}

test('a payload over the 4 KB limit is refused with its size named and nothing is sent; one at the limit gets through', async () => {
  await withPushRig(async ({ s, push }) => {
    await storeSubscription(s, browserJson(push.subscriptionFor('a')));
    const big = { title: 'Big', message_id: 'm-big', body: 'é'.repeat(2600) };
    const bytes = Buffer.byteLength(JSON.stringify(big));
    expect(bytes).toBeGreaterThan(5000);
    const res = await sendReq(s, { all: true, payload: big });
    expect(res.status).toBe(400);
    expect((res.json as { error: string }).error).toMatch(new RegExp(`^push payload is ${bytes} bytes, over the 4 KB limit`));
    const over = await sendReq(s, { all: true, payload: payloadOfSize(MAX_PUSH_PAYLOAD_BYTES + 1) });
    expect((over.json as { error: string }).error).toContain(`push payload is ${MAX_PUSH_PAYLOAD_BYTES + 1} bytes`);
    expect(push.requests).toEqual([]);
    expect(pushSends(s.db)).toEqual([]);

    const edge = payloadOfSize(MAX_PUSH_PAYLOAD_BYTES);
    expect((await sendReq(s, { all: true, payload: edge })).json).toMatchObject({ sent: 1 });
    expect(push.received[0]!.payload).toBe(JSON.stringify(edge));
    expect(push.received[0]!.headers['content-length']).toBe('4096');
  });
});

test('all: true reaches every subscription once; email and profile_id reach only that person', async () => {
  await withPushRig(async ({ s, push }) => {
    const [a, b, c] = ['a', 'b', 'c'].map((n) => push.subscriptionFor(n));
    await storeSubscription(s, browserJson(a!), { anonymous_id: 'anon-a' });
    await storeSubscription(s, browserJson(b!), { anonymous_id: 'anon-b' });
    await storeSubscription(s, browserJson(c!), { anonymous_id: 'anon-c' });
    await postBatch(s, [identifyRecord({ anonymous_id: 'anon-a', email: 'Ann@Example.com' }), identifyRecord({ anonymous_id: 'anon-c', email: 'cy@example.com' })]);

    const all = await sendReq(s, { all: true, payload: { title: 'Everyone' } });
    expect(all.json).toMatchObject({ sent: 3, failed: 0, removed: 0 });
    expect(push.received.map((r) => r.endpointPath).sort()).toEqual(['/push/a', '/push/b', '/push/c']);

    push.received.length = 0;
    expect((await sendReq(s, { email: 'ann@example.com', payload: { title: 'Ann' } })).json).toMatchObject({ sent: 1 });
    const cProfile = pushSubscriptions(s.db).find((r) => r.endpoint === c!.endpoint)!.profile_id;
    expect((await sendReq(s, { profile_id: cProfile, payload: { title: 'Cy' } })).json).toMatchObject({ sent: 1 });
    expect(push.received.map((r) => [r.endpointPath, JSON.parse(r.payload).title])).toEqual([
      ['/push/a', 'Ann'],
      ['/push/c', 'Cy'],
    ]);
  });
});

test('a subscription with a wrong auth secret or key fails decryption at the push service (400) and is kept', async () => {
  await withPushRig(async ({ s, push }) => {
    const good = push.subscriptionFor('good');
    const badAuth = push.subscriptionFor('bad-auth');
    const badKey = push.subscriptionFor('bad-key');
    await storeSubscription(s, browserJson(good));
    await storeSubscription(s, { ...browserJson(badAuth), keys: { ...badAuth.keys, auth: randomBytes(16).toString('base64url') } });
    await storeSubscription(s, { ...browserJson(badKey), keys: { ...badKey.keys, p256dh: push.subscriptionFor('other').keys.p256dh } });
    const res = await sendReq(s, { all: true, payload: { title: 'Secret' } });
    expect(res.json).toMatchObject({ sent: 1, failed: 2, removed: 0 });
    const results = (res.json as { results: { endpoint: string; status: number; error?: string }[] }).results;
    for (const bad of [badAuth, badKey]) {
      const r = results.find((x) => x.endpoint === bad.endpoint)!;
      expect(r.status).toBe(400);
      expect(r.error).toMatch(/^push service answered 400: payload decryption failed/);
    }
    expect(push.received.map((r) => r.endpointPath)).toEqual(['/push/good']);
    expect(pushSubscriptions(s.db)).toHaveLength(3);
  });
});
