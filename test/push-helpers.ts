import { expect } from '@playwright/test';
import { startFakePushService, type FakePushService, type FakeSubscription } from '../demo-site/server/fake-push-service';
import { postBatch, pushRecord, request, startTestServer, type RawAnswer, type TestServer } from '../demo-site/server/testing';
import type { Obj } from '../demo-site/server/db';

/** A test server whose web-push requests trust the fake push service, and that service. */
export interface PushRig {
  s: TestServer;
  push: FakePushService;
}

/** Runs `fn` with a fresh server and fake push service, closing both afterwards. */
export async function withPushRig(fn: (rig: PushRig) => Promise<void>): Promise<void> {
  const push = await startFakePushService();
  const s = await startTestServer({ pushAgent: push.agent });
  try {
    await fn({ s, push });
  } finally {
    await s.close();
    await push.close();
  }
}

/** The subscription as the browser's PushSubscription.toJSON() gives it (no private key). */
export function browserJson(sub: FakeSubscription): Obj {
  return { endpoint: sub.endpoint, expirationTime: null, keys: { ...sub.keys } };
}

/** Stores a subscription through /v1/track/batch, as the SDK does (record fields overridable). */
export async function storeSubscription(s: { port: number }, subscription: Obj, over: Obj = {}): Promise<void> {
  const res = await postBatch(s, [pushRecord({ subscription, ...over })]);
  expect(res.json).toEqual({ success: true, accepted: 1, duplicates: 0, rejected: [] });
}

/** POSTs JSON to /api/push/send. */
export function sendReq(s: { port: number }, body: Obj | string, contentType = 'application/json'): Promise<RawAnswer> {
  return request(s, { method: 'POST', path: '/api/push/send', headers: { 'Content-Type': contentType }, body });
}
