import https from 'node:https';
import { test, expect } from '@playwright/test';
import webpush from 'web-push';
import { pushSends } from '../demo-site/server/db';
import { startFakePushService, type FakePushService, type FakeSubscription } from '../demo-site/server/fake-push-service';
import { MAX_PUSH_PAYLOAD_BYTES } from '../demo-site/server/push-payload';
import { identifyRecord, postBatch, request } from '../demo-site/server/testing';
import { browserJson, sendReq, storeSubscription, withPushRig } from './push-helpers';

/** Posts a web-push request (made by generateRequestDetails, then edited) to the fake service; resolves status and body. */
function rawPush(push: FakePushService, details: webpush.RequestDetails): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(details.endpoint);
    const req = https.request(
      { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: details.headers, agent: push.agent },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(details.body ?? undefined);
  });
}

function details(sub: FakeSubscription, over: webpush.RequestOptions = {}, payload = 'hello'): webpush.RequestDetails {
  const keys = webpush.generateVAPIDKeys();
  return webpush.generateRequestDetails(browserJson(sub) as unknown as webpush.PushSubscription, payload, {
    vapidDetails: { subject: 'mailto:t@example.com', ...keys },
    ...over,
  });
}

test('the fake push service accepts a good web-push request and refuses bad VAPID, TTL, encoding and size', async () => {
  const push = await startFakePushService();
  try {
    const sub = push.subscriptionFor('s');
    expect(await rawPush(push, details(sub))).toEqual({ status: 201, text: '' });
    expect(push.received.map((r) => r.payload)).toEqual(['hello']);

    const a = webpush.generateVAPIDKeys();
    const b = webpush.generateVAPIDKeys();
    const mixed = details(sub, { vapidDetails: { subject: 'mailto:t@example.com', publicKey: a.publicKey, privateKey: b.privateKey } });
    expect(await rawPush(push, mixed)).toEqual({ status: 401, text: 'VAPID JWT signature does not verify against k' });

    const elsewhere = details({ ...sub, endpoint: sub.endpoint.replace('127.0.0.1', 'localhost') });
    const aud = await rawPush(push, elsewhere);
    expect(aud.status).toBe(401);
    expect(aud.text).toBe(`VAPID aud must be ${push.url} (got ${push.url.replace('127.0.0.1', 'localhost')})`);

    const noAuth = details(sub);
    delete noAuth.headers.Authorization;
    expect((await rawPush(push, noAuth)).status).toBe(401);

    const noTtl = details(sub);
    delete noTtl.headers.TTL;
    expect(await rawPush(push, noTtl)).toEqual({ status: 400, text: 'TTL header must be a non-negative integer' });

    const oldEncoding = details(sub);
    oldEncoding.headers['Content-Encoding'] = 'aesgcm';
    expect(await rawPush(push, oldEncoding)).toEqual({ status: 400, text: 'Content-Encoding must be aes128gcm' });

    const tampered = details(sub);
    const body = Buffer.from(tampered.body as Buffer);
    body[body.length - 1]! ^= 1;
    tampered.body = body;
    expect(await rawPush(push, tampered)).toEqual({ status: 400, text: 'payload decryption failed: Unsupported state or unable to authenticate data' });

    // The real limit: 4096 bytes of encrypted body, which is what MAX_PUSH_PAYLOAD_BYTES of plaintext becomes.
    expect((await rawPush(push, details(sub, {}, 'y'.repeat(MAX_PUSH_PAYLOAD_BYTES)))).status).toBe(201);
    expect((await rawPush(push, details(sub, {}, 'y'.repeat(MAX_PUSH_PAYLOAD_BYTES + 1)))).status).toBe(413);

    expect((await rawPush(push, details({ ...sub, endpoint: `${push.url}/push/unknown` }))).status).toBe(404);
    expect(push.received).toHaveLength(2);
    expect(push.requests.map((r) => r.status)).toEqual([201, 401, 401, 401, 400, 400, 400, 201, 413, 404]);
  } finally {
    await push.close();
  }
});

test('respondWith answers the next request to that endpoint with the given status, once', async () => {
  const push = await startFakePushService();
  try {
    const sub = push.subscriptionFor('r');
    push.respondWith('/push/r', 410);
    push.respondWith(sub.endpoint, 429);
    expect((await rawPush(push, details(sub))).status).toBe(410);
    expect((await rawPush(push, details(sub))).status).toBe(429);
    expect((await rawPush(push, details(sub))).status).toBe(201);
    expect(push.subscriptionFor('r')).toBe(sub);
  } finally {
    await push.close();
  }
});

test('bad send requests get 400, 404, 405 or 415 with an error, and send nothing', async () => {
  await withPushRig(async ({ s, push }) => {
    await storeSubscription(s, browserJson(push.subscriptionFor('a')));
    await postBatch(s, [identifyRecord({ anonymous_id: 'anon-z', email: 'zed@example.com' })]);
    const title = { title: 'T' };
    const cases: [unknown, number, string][] = [
      [{ payload: title }, 400, 'give exactly one target: profile_id, email, anonymous_id or all: true'],
      [{ all: true, email: 'a@b.co', payload: title }, 400, 'give exactly one target: profile_id, email, anonymous_id or all: true'],
      [{ all: false, payload: title }, 400, 'all must be true when given'],
      [{ profile_id: '1', payload: title }, 400, 'profile_id must be a positive integer'],
      [{ all: true }, 400, 'payload is required'],
      [{ all: true, payload: { body: 'no title' } }, 400, 'payload.title must be a non-empty string'],
      [{ all: true, payload: { title: 'T', colour: 'red' } }, 400, 'payload.colour is not a known field (put extra values in payload.data)'],
      [{ all: true, payload: { title: 'T', actions: [{ action: 'a' }] } }, 400, 'payload.actions[0].title must be a non-empty string'],
      [{ all: true, payload: title, ttl: -1 }, 400, 'ttl must be an integer number of seconds from 0 to 2419200'],
      [{ all: true, payload: title, anonymousId: 'x' }, 400, 'anonymousId is not a known field'],
      [{ email: 'nobody@example.com', payload: title }, 404, 'no push subscription for email nobody@example.com'],
      [{ email: 'zed@example.com', payload: title }, 404, 'no push subscription for email zed@example.com'],
      [{ profile_id: 999, payload: title }, 404, 'no push subscription for profile_id 999'],
      [{ anonymous_id: 'anon-none', payload: title }, 404, 'no push subscription for anonymous_id anon-none'],
    ];
    for (const [body, status, error] of cases) {
      const res = await sendReq(s, body as Record<string, unknown>);
      expect.soft({ body, status: res.status, json: res.json }).toEqual({ body, status, json: { error } });
    }
    const notJson = await sendReq(s, '{"all":true,');
    expect(notJson).toMatchObject({ status: 400, json: { error: 'body is not valid JSON' } });
    const plain = await sendReq(s, { all: true, payload: title }, 'text/plain;charset=UTF-8');
    expect(plain).toMatchObject({ status: 415, json: { error: 'Content-Type must be application/json' } });
    expect((await request(s, { path: '/api/push/send' })).status).toBe(405);
    expect((await request(s, { method: 'POST', path: '/api/push/vapid' })).status).toBe(405);
    expect(push.requests).toEqual([]);
    expect(pushSends(s.db)).toEqual([]);
    expect((await sendReq(s, { all: true, payload: title })).json).toMatchObject({ sent: 1 });
  });
});
