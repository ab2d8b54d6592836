// Proves the fake notification daemon makes Chromium fire trusted notificationclick /
// notificationclose events in a service worker. Self-contained: own server, page and worker.
import { test, expect, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchWithNotifications } from './persistent';
import { buttonKey, type NotifyDaemon, type ShownNotification } from './notify-daemon';

/** What the test worker reports for each notification event. */
interface Report { type: string; action: string; isTrusted: boolean; data: unknown }

const PAGE = `<!doctype html><title>notify test</title><p>notify test</p>`;

const WORKER = `
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('message', (e) => {
  if (e.data === 'close') {
    // getNotifications() may not list a notification the daemon already shows (Chromium records it
    // as displayed a moment later), so look again for up to 5 s.
    const closeAll = async () => {
      for (let i = 0; i < 50; i++) {
        const ns = await self.registration.getNotifications();
        if (ns.length) return ns.forEach((n) => n.close());
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    e.waitUntil(closeAll());
    return;
  }
  e.waitUntil(self.registration.showNotification('Hello', {
    body: 'World',
    actions: [{ action: 'buy', title: 'Buy' }],
    data: { campaign: 'c1' },
  }));
});
function report(event) {
  event.waitUntil(fetch('/report', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: event.type, action: event.action, isTrusted: event.isTrusted, data: event.notification.data,
    }),
  }));
}
self.addEventListener('notificationclick', report);
self.addEventListener('notificationclose', report);
`;

/** Serves the page and worker on 127.0.0.1 and collects the worker's reports. */
async function startTestServer(): Promise<{ origin: string; reports: Report[]; close(): Promise<void> }> {
  const reports: Report[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/report') {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        reports.push(JSON.parse(body) as Report);
        res.writeHead(204).end();
      });
    } else if (req.url === '/sw.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(WORKER);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    reports,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

let app: Awaited<ReturnType<typeof startTestServer>>;
let launched: Awaited<ReturnType<typeof launchWithNotifications>>;
let daemon: NotifyDaemon;
let page: Page;

test.beforeEach(async () => {
  app = await startTestServer();
  launched = await launchWithNotifications();
  daemon = launched.daemon;
  await launched.context.grantPermissions(['notifications'], { origin: app.origin });
  page = launched.context.pages()[0] ?? await launched.context.newPage();
  await page.goto(app.origin);
});

test.afterEach(async () => {
  await launched?.close();
  await app?.close();
});

/** Registers the worker, asks it to show the notification, and returns what the daemon got. */
async function showNotification(): Promise<ShownNotification> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    const reg = await navigator.serviceWorker.ready;
    reg.active?.postMessage('show');
  });
  return daemon.waitFor((n) => n.summary === 'Hello');
}

/** Waits for the worker's report of a `type` event. */
async function reportOf(type: string): Promise<Report> {
  await expect.poll(() => app.reports.filter((r) => r.type === type).length, { timeout: 10_000 }).toBeGreaterThan(0);
  return app.reports.find((r) => r.type === type)!;
}

test('Chromium shows the notification through the daemon', async () => {
  const n = await showNotification();
  expect(n.summary).toBe('Hello');
  expect(n.body).toBe(`${new URL(app.origin).host}\n\nWorld`);
  // The 'buy' button arrives under its index; Chromium adds its own default and settings keys.
  expect(n.actions).toEqual([
    { key: '0', label: 'Buy' },
    { key: 'default', label: 'Activate' },
    { key: 'settings', label: 'Settings' },
  ]);
  expect(buttonKey(n, 'Buy')).toBe('0');
  expect(n.closed).toBe(false);
});

test('a default click fires a trusted notificationclick with no action', async () => {
  const n = await showNotification();
  daemon.click(n.id);
  const r = await reportOf('notificationclick');
  expect(r).toEqual({ type: 'notificationclick', action: '', isTrusted: true, data: { campaign: 'c1' } });
});

test('clicking an action button sets event.action', async () => {
  const n = await showNotification();
  daemon.click(n.id, buttonKey(n, 'Buy'));
  const r = await reportOf('notificationclick');
  expect(r).toMatchObject({ type: 'notificationclick', action: 'buy', isTrusted: true });
});

test('dismissing fires a trusted notificationclose', async () => {
  const n = await showNotification();
  daemon.dismiss(n.id);
  const r = await reportOf('notificationclose');
  expect(r).toMatchObject({ type: 'notificationclose', isTrusted: true, data: { campaign: 'c1' } });
  expect(daemon.notifications.find((x) => x.id === n.id)?.closed).toBe(true);
  expect(app.reports.filter((x) => x.type === 'notificationclick')).toEqual([]);
});

test('notification.close() in the worker reaches the daemon as CloseNotification', async () => {
  const n = await showNotification();
  await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.postMessage('close'));
  await expect.poll(() => daemon.notifications.find((x) => x.id === n.id)?.closed, { timeout: 10_000 }).toBe(true);
  // A programmatic close fires no notificationclose (the daemon's NotificationClosed(id, 3) is ignored).
  await page.waitForTimeout(300);
  expect(app.reports).toEqual([]);
});
