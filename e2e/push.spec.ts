import { test, expect, events, waitForEvents } from './fixtures';
import { openWithWorker, pushSession, shownNotifications, stubPushManager } from './push-helpers';
import { props } from './persistent';

declare const contlo: {
  identify: (p: unknown) => Promise<string>;
  subscribePush: () => Promise<string>;
  unsubscribePush: () => Promise<boolean>;
  flush: () => Promise<unknown>;
};
const fakeSub = { endpoint: 'https://push.example.test/send/abc123', keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' } };

test('subscribePush stores the subscription and a Push Subscribed message event; unsubscribePush removes it', async ({ context, page, server }) => {
  await stubPushManager(context, fakeSub);
  await openWithWorker(page, server, { vapidPublicKey: 'BOt8kHGEYmNfbbzkH2UCY9yAaBd4bqU3hJv2l6gXrGkqD7X1_nZ6V4w8pQYtWz0mJ2rTsyV6u0fG3dI0nLkE5aA' });
  await page.evaluate(() => contlo.identify({ email: 'sub@example.com' }));
  expect(await page.evaluate(() => contlo.subscribePush())).toBe('subscribed');
  const rows = await waitForEvents(server, 3);
  expect(rows.map((r) => r.event ?? r.type)).toEqual(['identify', 'push_subscription', 'Push Subscribed']);
  expect(props(rows[2]).event_type).toBe('message');
  expect(rows[1].email).toBe('sub@example.com');
  const stored = server.db.prepare('SELECT endpoint, subscription FROM push_subscriptions').all() as { endpoint: string; subscription: string }[];
  expect(stored.map((s) => s.endpoint)).toEqual([fakeSub.endpoint]);
  expect(JSON.parse(stored[0].subscription).keys).toEqual(fakeSub.keys);

  // Reloading sends nothing new: the subscription did not change.
  await page.reload();
  await openWithWorker(page, server);
  await page.evaluate(() => contlo.flush());
  expect(events(server)).toHaveLength(3);

  expect(await page.evaluate(() => contlo.unsubscribePush())).toBe(true);
  const after = await waitForEvents(server, 5);
  expect(after.slice(3).map((r) => r.event ?? r.type)).toEqual(['push_subscription', 'Push Unsubscribed']);
  expect(server.db.prepare('SELECT COUNT(*) n FROM push_subscriptions').get()).toEqual({ n: 0 });
});

test('a subscription changed outside the SDK is re-sent on the next load', async ({ context, page, server }) => {
  await stubPushManager(context, fakeSub);
  await openWithWorker(page, server, { vapidPublicKey: 'BOt8kHGEYmNfbbzkH2UCY9yAaBd4bqU3hJv2l6gXrGkqD7X1_nZ6V4w8pQYtWz0mJ2rTsyV6u0fG3dI0nLkE5aA' });
  await page.evaluate(() => contlo.subscribePush());
  await waitForEvents(server, 2);
  // The browser rotated the subscription (as push services do).
  await page.evaluate(() => localStorage.setItem('__fake_push_sub', JSON.stringify({ endpoint: 'https://push.example.test/send/rotated', keys: { p256dh: 'x', auth: 'y' } })));
  await page.reload();
  await openWithWorker(page, server);
  await waitForEvents(server, 3);
  const stored = server.db.prepare('SELECT endpoint FROM push_subscriptions ORDER BY updated_at').all() as { endpoint: string }[];
  expect(stored.map((s) => s.endpoint)).toContain('https://push.example.test/send/rotated');
});

test('permission denied and dismissed are reported as message events', async ({ context, page, server }) => {
  await context.addInitScript(() => {
    const w = window as unknown as { __answer: NotificationPermission };
    w.__answer = 'denied';
    Object.defineProperty(Notification, 'permission', { get: () => 'default' });
    Notification.requestPermission = async () => w.__answer;
  });
  await openWithWorker(page, server, { vapidPublicKey: 'BOt8kHGEYmNfbbzkH2UCY9yAaBd4bqU3hJv2l6gXrGkqD7X1_nZ6V4w8pQYtWz0mJ2rTsyV6u0fG3dI0nLkE5aA' });
  expect(await page.evaluate(() => contlo.subscribePush())).toBe('denied');
  await page.evaluate(() => ((window as unknown as { __answer: string }).__answer = 'default'));
  expect(await page.evaluate(() => contlo.subscribePush())).toBe('dismissed');
  const rows = await waitForEvents(server, 2);
  expect(rows.map((r) => [r.event, props(r).event_type])).toEqual([
    ['Push Permission Denied', 'message'],
    ['Push Permission Dismissed', 'message'],
  ]);
});

const SHAPES: [string, string, { title: string; body?: string }, Record<string, unknown>][] = [
  [
    'ours',
    JSON.stringify({ title: 'Sale ends tonight', body: '20% off linen', url: '/sale', tag: 't1', message_id: 'm-1', campaign_id: 'c-1', actions: [{ action: 'shop', title: 'Shop now', url: '/shop' }] }),
    { title: 'Sale ends tonight', body: '20% off linen' },
    { message_id: 'm-1', campaign_id: 'c-1', url: '/sale' },
  ],
  [
    'Declarative Web Push',
    JSON.stringify({ web_push: 8030, notification: { title: 'Back in stock', body: 'Canvas sneakers', navigate: '/p/102', data: { message_id: 'm-2', campaign_id: 'c-2' } } }),
    { title: 'Back in stock', body: 'Canvas sneakers' },
    { message_id: 'm-2', campaign_id: 'c-2', url: '/p/102' },
  ],
  [
    'Contlo legacy',
    JSON.stringify({ title: 'Your cart misses you', body: 'Complete your order', url: '/cart', actions: [{ title: 'Checkout', link: '/checkout' }], open_acknowledge_url: '/ack/open', click_acknowledge_url: '/ack/click', close_acknowledge_url: '/ack/close' }),
    { title: 'Your cart misses you', body: 'Complete your order' },
    { message_id: null, campaign_id: null, url: '/cart' },
  ],
  ['no payload', '', { title: '127.0.0.1', body: 'You have a new notification.' }, { message_id: null, url: '/' }],
  ['broken JSON', '{"title": "oops', { title: '127.0.0.1', body: 'You have a new notification.' }, { message_id: null, url: '/' }],
  ['unknown shape', JSON.stringify({ hello: 'world' }), { title: '127.0.0.1', body: 'You have a new notification.' }, { message_id: null, url: '/' }],
  ['HTML in the text', JSON.stringify({ title: '<b>Bold</b> & <img src=x onerror=alert(1)>', body: '<script>alert(1)</script>' }), { title: '<b>Bold</b> & <img src=x onerror=alert(1)>', body: '<script>alert(1)</script>' }, {}],
];

for (const [name, data, shown, recorded] of SHAPES) {
  test(`push payload (${name}): a notification is shown and Push Delivered reaches the Track API`, async ({ context, page, server }) => {
    const acks: string[] = [];
    await context.route('**/ack/**', async (r) => {
      acks.push(`${new URL(r.request().url()).pathname} ${r.request().postData()}`);
      await r.fulfill({ status: 200, body: '{}' });
    });
    await openWithWorker(page, server);
    await page.evaluate(() => contlo.identify({ email: 'pushed@example.com' }));
    const push = await pushSession(page, server);
    await push.deliver(data);
    const rows = await waitForEvents(server, 1, "event = 'Push Delivered'");
    expect(rows).toHaveLength(1);
    const p = props(rows[0]);
    expect(p.event_type).toBe('message');
    for (const [k, v] of Object.entries(recorded)) expect(p[k] ?? null, k).toBe(typeof v === 'string' && v.startsWith('/') ? `${server.url}${v}` : v);
    expect(rows[0].email).toBe('pushed@example.com');
    const notes = await shownNotifications(page);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject(shown);
    if (name === 'Contlo legacy') {
      expect(notes[0].tag).toBe('/cartComplete your orderYour cart misses you');
      expect(acks).toEqual([`/ack/open {"short_url":"${server.url}/cart"}`]);
    }
  });
}

test('offline during the push: Push Delivered arrives after reconnecting', async ({ context, page, server }) => {
  await openWithWorker(page, server);
  const push = await pushSession(page, server);
  await context.setOffline(true);
  await push.deliver(JSON.stringify({ title: 'Offline push', message_id: 'm-off' }));
  await expect.poll(async () => (await shownNotifications(page)).length, { timeout: 15_000 }).toBe(1);
  await new Promise((r) => setTimeout(r, 500));
  expect(events(server, "event = 'Push Delivered'")).toHaveLength(0);
  await context.setOffline(false);
  const rows = await waitForEvents(server, 1, "event = 'Push Delivered'");
  expect(props(rows[0]).message_id).toBe('m-off');
});

test('pushsubscriptionchange: the new subscription is queued and stored (re-subscribing with the old options when none is given)', async ({ page, server, context }) => {
  await openWithWorker(page, server);
  const sw = context.serviceWorkers()[0];
  // Chromium never fires this event itself; a synthetic one runs our handler (its waitUntil throws, being untrusted).
  await sw.evaluate(() => {
    const e = new ExtendableEvent('pushsubscriptionchange');
    Object.defineProperty(e, 'newSubscription', { value: { toJSON: () => ({ endpoint: 'https://push.example.test/new-1', expirationTime: null, keys: { p256dh: 'k1', auth: 'a1' } }) } });
    try {
      self.dispatchEvent(e);
    } catch {
      /* untrusted */
    }
  });
  await waitForEvents(server, 1, "type = 'push_subscription'");
  await sw.evaluate(() => {
    const pm = (self as unknown as ServiceWorkerGlobalScope).registration.pushManager;
    const w = self as unknown as { __opts?: unknown };
    pm.subscribe = async (opts?: PushSubscriptionOptionsInit) => {
      w.__opts = opts;
      return { toJSON: () => ({ endpoint: 'https://push.example.test/new-2', expirationTime: null, keys: { p256dh: 'k2', auth: 'a2' } }) } as unknown as PushSubscription;
    };
    const e = new ExtendableEvent('pushsubscriptionchange');
    Object.defineProperty(e, 'oldSubscription', { value: { options: { userVisibleOnly: true, applicationServerKey: 'old-key' } } });
    try {
      self.dispatchEvent(e);
    } catch {
      /* untrusted */
    }
  });
  await waitForEvents(server, 2, "type = 'push_subscription'");
  expect(await sw.evaluate(() => (self as unknown as { __opts?: unknown }).__opts)).toEqual({ userVisibleOnly: true, applicationServerKey: 'old-key' });
  const endpoints = (server.db.prepare('SELECT endpoint FROM push_subscriptions ORDER BY created_at').all() as { endpoint: string }[]).map((r) => r.endpoint);
  expect(endpoints).toEqual(['https://push.example.test/new-1', 'https://push.example.test/new-2']);
});
