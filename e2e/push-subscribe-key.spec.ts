// subscribePush and the VAPID key: it subscribes with the configured key, keeps a subscription
// made with that key, replaces one made with another (the server's keys were regenerated), and
// answers 'unsupported' in a browser without the Push API.
import type { Page } from '@playwright/test';
import { test, expect, events, waitForEvents, openSite, watchRejections } from './fixtures';
import { openWithWorker, pushCalls, pushCheckDone, stubPushManager } from './push-helpers';
import type { RunningServer } from '../demo-site/server/app';

declare const contlo: {
  subscribePush: () => Promise<string>;
  unsubscribePush: () => Promise<boolean>;
  track: (e: string, p?: unknown) => Promise<string>;
  flush: () => Promise<unknown>;
};
const fakeSub = { endpoint: 'https://push.example.test/send/new-key', keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' } };
const OLD_KEY = 'BOt8kHGEYmNfbbzkH2UCY9yAaBd4bqU3hJv2l6gXrGkqD7X1_nZ6V4w8pQYtWz0mJ2rTsyV6u0fG3dI0nLkE5aA';
const bytes = (b64url: string) => [...Buffer.from(b64url, 'base64url')].join();
const endpoints = (server: RunningServer) =>
  (server.db.prepare('SELECT endpoint FROM push_subscriptions ORDER BY endpoint').all() as { endpoint: string }[]).map((r) => r.endpoint);

test('subscribePush passes the configured vapidPublicKey as applicationServerKey, and keeps a subscription made with it', async ({ context, page, server }) => {
  await stubPushManager(context, fakeSub);
  await openWithWorker(page, server, { vapidPublicKey: server.vapidPublicKey });
  expect(await page.evaluate(() => contlo.subscribePush())).toBe('subscribed');
  expect(await pushCalls(page)).toEqual([`subscribe ${bytes(server.vapidPublicKey)}`]);
  await expect.poll(() => endpoints(server)).toEqual([fakeSub.endpoint]);
  // Asked again: the subscription has the right key, so it is kept (no unsubscribe, no new subscribe).
  expect(await page.evaluate(() => contlo.subscribePush())).toBe('subscribed');
  expect(await pushCalls(page)).toEqual([`subscribe ${bytes(server.vapidPublicKey)}`]);
});

/** A subscription this browser made with the server's previous VAPID keys. */
const old = { endpoint: 'https://push.example.test/send/old-key', keys: { p256dh: 'old-p256dh', auth: 'old-auth' }, key: [...Buffer.from(OLD_KEY, 'base64url')] };
/** The new subscription (made with the configured key) is stored with its keys. */
async function expectNewStored(server: RunningServer) {
  await expect.poll(() => endpoints(server)).toContain(fakeSub.endpoint);
  const stored = server.db.prepare('SELECT subscription FROM push_subscriptions WHERE endpoint = ?').get(fakeSub.endpoint) as { subscription: string };
  expect(JSON.parse(stored.subscription).keys).toEqual(fakeSub.keys);
}

const newSub = { endpoint: 'https://push.example.test/send/after-rotation', keys: { p256dh: 'rotated-p256dh', auth: 'rotated-auth' } };
/** The key the stub's current subscription was made with, as text (see stubPushManager). */
const stubKey = (page: Page) => page.evaluate(() => (JSON.parse(localStorage.getItem('__fake_push_sub') || 'null')?.key ?? []).join());

/** Subscribes through the SDK with the server's previous VAPID key, then reloads with the current one. */
async function subscribedWithOldKey(page: Page, server: RunningServer, before?: (page: Page) => Promise<unknown>) {
  await openWithWorker(page, server, { vapidPublicKey: OLD_KEY });
  expect(await page.evaluate(() => contlo.subscribePush())).toBe('subscribed');
  await expect.poll(() => endpoints(server)).toEqual([fakeSub.endpoint]);
  await before?.(page);
  await page.reload();
  await openWithWorker(page, server, { vapidPublicKey: server.vapidPublicKey });
}

test('on load, with permission granted, a subscription this SDK made with keys since changed is replaced', async ({ context, page, server }) => {
  await stubPushManager(context, fakeSub);
  await subscribedWithOldKey(page, server, (p) => p.evaluate((n) => localStorage.setItem('__fake_push_next', JSON.stringify(n)), newSub));
  await expect.poll(() => pushCalls(page)).toEqual([`subscribe ${bytes(OLD_KEY)}`, `unsubscribe ${fakeSub.endpoint}`, `subscribe ${bytes(server.vapidPublicKey)}`]);
  expect(await stubKey(page)).toBe(bytes(server.vapidPublicKey));
  await expect.poll(() => endpoints(server)).toContain(newSub.endpoint);
});

test('on load, a subscription another push provider made (not with a key this SDK used) is left alone', async ({ context, page, server }) => {
  await stubPushManager(context, fakeSub);
  await openWithWorker(page, server, { vapidPublicKey: server.vapidPublicKey });
  await page.evaluate((o) => localStorage.setItem('__fake_push_sub', JSON.stringify(o)), old);
  await page.reload();
  await openWithWorker(page, server, { vapidPublicKey: server.vapidPublicKey });
  // The load reports what the browser has (after deciding not to replace it) ...
  await expect.poll(() => endpoints(server)).toEqual([old.endpoint]);
  // ... and never unsubscribed it.
  expect(await pushCalls(page)).toEqual([]);
  expect(await stubKey(page)).toBe(bytes(OLD_KEY));
});

test('a replacement cut short (unsubscribed, then subscribe failed) is finished on the next load', async ({ context, page, server }) => {
  await stubPushManager(context, fakeSub);
  await subscribedWithOldKey(page, server, (p) => p.evaluate(() => localStorage.setItem('__fake_push_fail', '1')));
  const tried = [`subscribe ${bytes(OLD_KEY)}`, `unsubscribe ${fakeSub.endpoint}`, `subscribe ${bytes(server.vapidPublicKey)}`];
  await expect.poll(() => pushCalls(page)).toEqual(tried);
  expect(await stubKey(page)).toBe(''); // no subscription left
  await page.evaluate((n) => localStorage.setItem('__fake_push_next', JSON.stringify(n)), newSub);
  await page.reload();
  await openWithWorker(page, server, { vapidPublicKey: server.vapidPublicKey });
  await expect.poll(() => pushCalls(page)).toEqual([...tried, `subscribe ${bytes(server.vapidPublicKey)}`]);
  await expect.poll(() => endpoints(server)).toContain(newSub.endpoint);
  expect(await stubKey(page)).toBe(bytes(server.vapidPublicKey));
});

test('subscribePush unsubscribes a subscription made with another VAPID key and replaces it', async ({ context, page, server }) => {
  await stubPushManager(context, fakeSub);
  await openWithWorker(page, server, { vapidPublicKey: server.vapidPublicKey });
  // Permission back to "default": the load reports the old subscription as it is (no prompt on load).
  await page.evaluate((o) => localStorage.setItem('__fake_push_sub', JSON.stringify(o)), old);
  await context.clearPermissions();
  await page.reload();
  await openSite(page, server, { serviceWorker: '/contlo-sw.js', flushInterval: 200, vapidPublicKey: server.vapidPublicKey });
  await expect.poll(() => endpoints(server)).toEqual([old.endpoint]);
  expect(await pushCalls(page)).toEqual([]);

  await context.grantPermissions(['notifications'], { origin: server.url });
  expect(await page.evaluate(() => contlo.subscribePush())).toBe('subscribed');
  expect(await pushCalls(page)).toEqual([`unsubscribe ${old.endpoint}`, `subscribe ${bytes(server.vapidPublicKey)}`]);
  const rows = await waitForEvents(server, 3);
  expect(rows.map((r) => r.event ?? r.type)).toEqual(['push_subscription', 'push_subscription', 'Push Subscribed']);
  // The old row stays until its push service answers 404/410.
  await expectNewStored(server);
});

test('unsubscribePush after a replacement was cut short: the next load does not subscribe again', async ({ context, page, server }) => {
  await stubPushManager(context, fakeSub);
  await subscribedWithOldKey(page, server, (p) => p.evaluate(() => localStorage.setItem('__fake_push_fail', '1')));
  const tried = [`subscribe ${bytes(OLD_KEY)}`, `unsubscribe ${fakeSub.endpoint}`, `subscribe ${bytes(server.vapidPublicKey)}`];
  await expect.poll(() => pushCalls(page)).toEqual(tried);
  expect(await page.evaluate(() => contlo.unsubscribePush())).toBe(false); // nothing left to unsubscribe
  await page.evaluate(() => localStorage.removeItem('__fake_push_gets'));
  await page.reload();
  await openWithWorker(page, server, { vapidPublicKey: server.vapidPublicKey });
  await pushCheckDone(page);
  expect(await pushCalls(page)).toEqual(tried);
  expect(await stubKey(page)).toBe('');
});

test('unsubscribePush during the load\'s subscription check: the browser and the server both end unsubscribed', async ({ context, page, server }) => {
  await stubPushManager(context, fakeSub);
  await openWithWorker(page, server, { vapidPublicKey: server.vapidPublicKey });
  expect(await page.evaluate(() => contlo.subscribePush())).toBe('subscribed');
  await expect.poll(() => endpoints(server)).toEqual([fakeSub.endpoint]);
  // The load's check reads the subscription slowly; the page unsubscribes meanwhile.
  await page.evaluate(() => localStorage.setItem('__fake_push_slow', '1'));
  await page.reload();
  await openWithWorker(page, server, { vapidPublicKey: server.vapidPublicKey });
  expect(await page.evaluate(() => contlo.unsubscribePush())).toBe(true);
  await page.waitForTimeout(600); // past the slow answer: the check has reported whatever it would
  await page.evaluate(() => contlo.flush());
  const subs = server.db.prepare("SELECT record FROM events WHERE type = 'push_subscription' ORDER BY seq").all() as { record: string }[];
  expect(JSON.parse(subs.at(-1)!.record).subscription, 'the last subscription record').toBeNull();
  await expect.poll(() => endpoints(server)).toEqual([]);
});

test('a browser without PushManager and Notification: subscribePush resolves "unsupported", nothing throws, no worker is registered', async ({ context, page, server }) => {
  await watchRejections(context);
  await context.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    delete w.PushManager;
    delete w.Notification;
  });
  await openSite(page, server, { serviceWorker: '/contlo-sw.js', vapidPublicKey: server.vapidPublicKey, flushInterval: 200 });
  expect(await page.evaluate(() => 'PushManager' in window || 'Notification' in window)).toBe(false);
  expect(await page.evaluate(() => contlo.subscribePush())).toBe('unsupported');
  await page.evaluate(() => contlo.track('After push check'));
  await waitForEvents(server, 1, "event = 'After push check'");
  await page.evaluate(() => contlo.flush());
  expect(events(server).map((r) => r.event ?? r.type)).toEqual(['After push check']);
  expect(endpoints(server)).toEqual([]);
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length))).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __rejections: string[] }).__rejections)).toEqual([]);
});

test('the push module failing to load (offline at page load) is loaded again on the next use, from a new URL', async ({ context, page, server }) => {
  await watchRejections(context);
  await stubPushManager(context, fakeSub);
  await context.grantPermissions(['notifications'], { origin: server.url });
  const urls: string[] = [];
  page.on('request', (r) => r.url().includes('contlo-push.mjs') && urls.push(r.url()));
  await page.route('**/contlo-push.mjs*', (r) => r.abort('internetdisconnected'));
  await openSite(page, server, { serviceWorker: '/contlo-sw.js', vapidPublicKey: server.vapidPublicKey, flushInterval: 200 });
  const first = await page.evaluate(() => contlo.subscribePush().then(String, (e: Error) => `rejected: ${e.message}`));
  expect(first).toMatch(/^rejected: .*contlo-push\.mjs/);
  await page.unroute('**/contlo-push.mjs*');
  expect(await page.evaluate(() => contlo.subscribePush())).toBe('subscribed');
  await expect.poll(() => endpoints(server)).toEqual([fakeSub.endpoint]);
  expect(new Set(urls).size).toBeGreaterThan(1); // the retry asked for another URL
  expect(await page.evaluate(() => (window as unknown as { __rejections: string[] }).__rejections)).toEqual([]);
});
