// Trusted clicks and dismissals: Chromium hands notifications to a fake D-Bus notification
// daemon, which emits ActionInvoked / NotificationClosed like a desktop would.
import { expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../demo-site/server/app';
import { startFakePushService } from '../demo-site/server/fake-push-service';
import { notifyTest, props, type NotifyFx } from './persistent';
import { buttonKey } from './notify-daemon';
import { events, waitForEvents } from './fixtures';
import { openWithWorker, pushSession, shownNotifications, stubPushManager } from './push-helpers';

declare const contlo: { identify: (p: unknown) => Promise<string>; subscribePush: () => Promise<string> };

const test = notifyTest;
type Fx = NotifyFx;

async function showPush(ctx: Fx['ctx'], server: RunningServer, payload: Record<string, unknown>, initOpts = {}) {
  await openWithWorker(ctx.page, server, initOpts);
  await ctx.page.evaluate(() => contlo.identify({ email: 'clicker@example.com' }));
  const push = await pushSession(ctx.page, server);
  await push.deliver(JSON.stringify(payload));
  const shown = await ctx.daemon.waitFor((n) => n.summary === payload.title);
  await waitForEvents(server, 1, "event = 'Push Delivered'");
  return { push, shown };
}

test('a click opens the notification URL and records Push Clicked for the identified visitor', async ({ ctx, server }) => {
  const { shown } = await showPush(ctx, server, { title: 'New arrivals', body: 'Linen is back', url: '/new', message_id: 'm-10', campaign_id: 'c-10' });
  ctx.daemon.click(shown.id);
  const rows = await waitForEvents(server, 1, "event = 'Push Clicked'");
  expect(rows[0].email).toBe('clicker@example.com');
  expect(props(rows[0])).toMatchObject({ event_type: 'message', message_id: 'm-10', campaign_id: 'c-10', url: `${server.url}/new`, opened: `${server.url}/new` });
  // The site's tab was focused and navigated (it is same-origin and controlled), or a new one opened.
  await expect.poll(() => ctx.context.pages().map((p) => p.url())).toContain(`${server.url}/new`);
  await expect.poll(async () => (await shownNotifications(ctx.context.pages().find((p) => p.url().startsWith(server.url))!)).length).toBe(0);
});

test('a click on a button records its action and opens its URL', async ({ ctx, server }) => {
  const { shown } = await showPush(ctx, server, { title: 'Cart reminder', url: '/cart', message_id: 'm-11', actions: [{ action: 'checkout', title: 'Checkout', url: '/checkout' }, { action: 'later', title: 'Later' }] });
  ctx.daemon.click(shown.id, buttonKey(shown, 'Checkout'));
  const rows = await waitForEvents(server, 1, "event = 'Push Clicked'");
  expect(props(rows[0])).toMatchObject({ action: 'checkout', message_id: 'm-11', opened: `${server.url}/checkout` });
  await expect.poll(() => ctx.context.pages().map((p) => p.url())).toContain(`${server.url}/checkout`);
});

test('a dismissal records Push Dismissed', async ({ ctx, server }) => {
  const { shown } = await showPush(ctx, server, { title: 'Dismiss me', message_id: 'm-12', campaign_id: 'c-12' });
  ctx.daemon.dismiss(shown.id);
  const rows = await waitForEvents(server, 1, "event = 'Push Dismissed'");
  expect(props(rows[0])).toMatchObject({ event_type: 'message', message_id: 'm-12', campaign_id: 'c-12' });
  expect(rows[0].email).toBe('clicker@example.com');
  expect(events(server, "event = 'Push Clicked'")).toHaveLength(0);
});

test('the worker stopped between the push and the click still records the click', async ({ ctx, server }) => {
  const { push, shown } = await showPush(ctx, server, { title: 'Wake up', url: '/wake', message_id: 'm-13' });
  await push.stopWorkers();
  ctx.daemon.click(shown.id);
  const rows = await waitForEvents(server, 1, "event = 'Push Clicked'");
  expect(props(rows[0])).toMatchObject({ message_id: 'm-13', opened: `${server.url}/wake` });
});

for (const [name, url, allowed, expected] of [
  ['javascript: URL', 'javascript:alert(document.cookie)', [], '/'],
  ['data: URL', 'data:text/html,<script>alert(1)</script>', [], '/'],
  ['cross-origin URL', 'https://evil.example/phish', [], '/'],
  ['cross-origin URL in allowedOrigins', 'http://localhost:PORT/welcome', ['http://localhost:PORT'], 'http://localhost:PORT/welcome'],
] as const) {
  test(`a click on a push with a ${name} opens ${expected.startsWith('/') ? 'the site root instead' : 'it'}`, async ({ ctx, server }) => {
    const fix = (s: string) => s.replace('PORT', String(server.port));
    const { shown } = await showPush(ctx, server, { title: `Link: ${name}`, url: fix(url), message_id: 'm-x' }, { allowedOrigins: allowed.map(fix) });
    ctx.daemon.click(shown.id);
    const rows = await waitForEvents(server, 1, "event = 'Push Clicked'");
    const want = expected.startsWith('/') ? `${server.url}${expected}` : fix(expected);
    expect(props(rows[0]).opened).toBe(want);
    await expect.poll(() => ctx.context.pages().map((p) => p.url())).toContain(want);
    expect(ctx.context.pages().map((p) => p.url()).filter((u) => !u.startsWith('http'))).toEqual([]);
  });
}

test("Contlo's legacy payload: click and close are acknowledged to its URLs as well", async ({ ctx, server }) => {
  const acks: string[] = [];
  await ctx.context.route('**/ack/**', async (r) => {
    acks.push(`${new URL(r.request().url()).pathname} ${r.request().postData()}`);
    await r.fulfill({ status: 200, body: '{}' });
  });
  const legacy = { title: 'Legacy', body: 'Old shape', url: '/legacy', actions: [{ title: 'Go', link: '/go' }], open_acknowledge_url: '/ack/open', click_acknowledge_url: '/ack/click', close_acknowledge_url: '/ack/close' };
  const { shown } = await showPush(ctx, server, legacy);
  ctx.daemon.click(shown.id, buttonKey(shown, 'Go'));
  const rows = await waitForEvents(server, 1, "event = 'Push Clicked'");
  expect(props(rows[0]).opened).toBe(`${server.url}/go`);
  await expect.poll(() => acks).toEqual([`/ack/open {"short_url":"${server.url}/legacy"}`, `/ack/click {"short_url":"${server.url}/legacy"}`]);
  const push = await pushSession(ctx.page, server);
  await push.deliver(JSON.stringify({ ...legacy, title: 'Legacy 2', url: '/legacy2' }));
  const second = await ctx.daemon.waitFor((n) => n.summary === 'Legacy 2');
  ctx.daemon.dismiss(second.id);
  await waitForEvents(server, 1, "event = 'Push Dismissed'");
  await expect.poll(() => acks.slice(2).sort()).toEqual([`/ack/close {"short_url":"${server.url}/legacy2"}`, `/ack/open {"short_url":"${server.url}/legacy2"}`]);
});

test('end to end: the demo sender pushes to a subscribed browser; delivered, clicked and dismissed land on its profile', async ({ ctx, server }) => {
  const fake = await startFakePushService();
  const dataDir = mkdtempSync(join(tmpdir(), 'contlo-sender-'));
  const sender = await startServer({ port: 0, dataDir, rateLimit: false, pushAgent: fake.agent });
  try {
    const sub = fake.subscriptionFor('browser-1');
    await stubPushManager(ctx.context, { endpoint: sub.endpoint, keys: sub.keys });
    await openWithWorker(ctx.page, sender, { vapidPublicKey: sender.vapidPublicKey });
    await ctx.page.evaluate(() => contlo.identify({ email: 'buyer@example.com' }));
    expect(await ctx.page.evaluate(() => contlo.subscribePush())).toBe('subscribed');
    await expect.poll(() => sender.db.prepare('SELECT COUNT(*) n FROM push_subscriptions').get()).toEqual({ n: 1 });
    const push = await pushSession(ctx.page, sender);

    for (const [i, title] of ['Flash sale', 'Restocked'].entries()) {
      const res = await fetch(`${sender.url}/api/push/send`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'buyer@example.com', payload: { title, body: 'Tap to see', url: '/sale', campaign_id: 'camp-1' } }),
      });
      const sent = (await res.json()) as { sent: number; message_id: string };
      expect(sent.sent).toBe(1);
      // The push service decrypted exactly what was sent; hand it to the browser as the push service would.
      await expect.poll(() => fake.received.length).toBe(i + 1);
      const payload = fake.received[i].payload;
      expect(JSON.parse(payload)).toMatchObject({ title, message_id: sent.message_id, campaign_id: 'camp-1' });
      expect(fake.received[i].vapid.aud).toBe(new URL(fake.url).origin);
      await push.deliver(payload);
      const shown = await ctx.daemon.waitFor((n) => n.summary === title);
      if (i === 0) ctx.daemon.click(shown.id);
      else ctx.daemon.dismiss(shown.id);
    }
    const rows = await waitForEvents(sender, 4, "event_type = 'message' AND event LIKE 'Push %ed' AND event != 'Push Subscribed'");
    const profile = (sender.db.prepare("SELECT profile_id FROM profile_keys WHERE kind = 'email' AND value = 'buyer@example.com'").get() as { profile_id: number }).profile_id;
    expect(rows.map((r) => r.event).sort()).toEqual(['Push Clicked', 'Push Delivered', 'Push Delivered', 'Push Dismissed']);
    const owners = sender.db.prepare(`SELECT DISTINCT profile_id FROM events WHERE event IN ('Push Delivered','Push Clicked','Push Dismissed')`).all();
    expect(owners).toEqual([{ profile_id: profile }]);
  } finally {
    await sender.close();
    rmSync(dataDir, { recursive: true, force: true });
    await fake.close();
  }
});
