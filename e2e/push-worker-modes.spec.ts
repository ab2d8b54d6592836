// The worker outside the usual setup: imported into a site's own worker (hosted mode, README
// "Adding the service worker"), and woken for a push with no page of the site open.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../demo-site/server/app';
import { test, expect, events, waitForEvents } from './fixtures';
import { launchWithNotifications, props } from './persistent';
import { openWithWorker, pushOutcomes, pushSession } from './push-helpers';

declare const contlo: { identify: (p: unknown) => Promise<string> };

/** A site's own worker as the README shows it, with its own notification and click handler. */
const HOST_WORKER = `
self.contloHosted = true;
importScripts('/contlo-sw.js');
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('message', (e) => e.waitUntil(self.registration.showNotification('Host note', { data: { mine: true } })));
self.addEventListener('notificationclick', (e) => {
  if (e.notification.data && e.notification.data.mine) new BroadcastChannel('host').postMessage('host click');
});
`;

test('hosted mode: a site worker that importScripts our worker records Push Delivered, and leaves its own notification clicks alone', async () => {
  // The demo server serves publicDir files at the root; this one adds the host worker to the test page.
  const publicDir = mkdtempSync(join(tmpdir(), 'contlo-hosted-public-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'contlo-hosted-data-'));
  copyFileSync('demo-site/public/test.html', join(publicDir, 'test.html'));
  writeFileSync(join(publicDir, 'host-sw.js'), HOST_WORKER);
  const server = await startServer({ port: 0, dataDir, publicDir, rateLimit: false });
  const l = await launchWithNotifications();
  try {
    const page = l.context.pages()[0] ?? (await l.context.newPage());
    await openWithWorker(page, server, { serviceWorker: '/host-sw.js' });
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}/host-sw.js`);
    await page.evaluate(() => contlo.identify({ email: 'hosted@example.com' }));
    const push = await pushSession(page, server);
    await push.deliver(JSON.stringify({ title: 'Hosted push', url: '/test.html?from-push', message_id: 'm-hosted' }));
    await l.daemon.waitFor((n) => n.summary === 'Hosted push');
    const rows = await waitForEvents(server, 1, "event = 'Push Delivered'");
    expect(props(rows[0])).toMatchObject({ event_type: 'message', message_id: 'm-hosted', url: `${server.url}/test.html?from-push` });
    expect(rows[0].email).toBe('hosted@example.com');

    // The host's own notification: its click reaches the host's handler, and ours neither records
    // it nor opens anything.
    await page.evaluate(() => {
      const w = window as unknown as { __host: string[] };
      w.__host = [];
      new BroadcastChannel('host').onmessage = (e) => w.__host.push(e.data);
    });
    await page.evaluate(async () => (await navigator.serviceWorker.ready).active!.postMessage('show'));
    const own = await l.daemon.waitFor((n) => n.summary === 'Host note');
    l.daemon.click(own.id);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __host: string[] }).__host)).toEqual(['host click']);
    // A barrier: a click on one of our notifications (its URL the open tab's, so nothing opens). The
    // worker handles clicks in order, so had ours recorded the host's click, it would be stored first.
    await push.deliver(JSON.stringify({ title: 'Barrier', url: '/test.html', message_id: 'm-barrier' }));
    l.daemon.click((await l.daemon.waitFor((n) => n.summary === 'Barrier')).id);
    await waitForEvents(server, 1, "event = 'Push Clicked'");
    expect(events(server, "event = 'Push Clicked'").map((r) => props(r).message_id)).toEqual(['m-barrier']);
    expect(l.context.pages().map((p) => p.url())).toEqual([`${server.url}/test.html`]);
  } finally {
    await l.close();
    await server.close();
    rmSync(publicDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('no page of the site open: a stopped worker woken by a push records Push Delivered for the identity the page set', async ({ context, page, server }) => {
  await openWithWorker(page, server);
  await page.evaluate(() => contlo.identify({ email: 'away@example.com' }));
  const [who] = await waitForEvents(server, 1, "type = 'identify'");
  // The DevTools session lives on a blank page, so the site's tab can go.
  const blank = await context.newPage();
  const push = await pushSession(blank, server);
  const outcomes = await pushOutcomes(push.cdp);
  const status: string[] = [];
  push.cdp.on('ServiceWorker.workerVersionUpdated', (e) => e.versions.forEach((v) => status.push(v.runningStatus)));
  await page.close();
  expect(context.pages().map((p) => p.url())).toEqual(['about:blank']);
  await push.stopWorkers();
  await expect.poll(() => status.at(-1)).toBe('stopped');
  const stoppedAt = status.length;

  await push.deliver(JSON.stringify({ title: 'While away', message_id: 'm-away' }));
  await expect.poll(() => outcomes).toEqual(['Success']);
  const rows = await waitForEvents(server, 1, "event = 'Push Delivered'");
  expect(props(rows[0])).toMatchObject({ event_type: 'message', message_id: 'm-away' });
  expect([rows[0].email, rows[0].anonymous_id]).toEqual(['away@example.com', who.anonymous_id]);
  expect(status.slice(stoppedAt)).toContain('running'); // started again for the push
  expect(context.pages().map((p) => p.url())).toEqual(['about:blank']);
});
