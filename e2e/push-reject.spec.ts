// A push whose showNotification rejects (the notification permission was revoked after the
// worker registered) must not count as delivered: the worker queues Push Delivered before it
// shows (so a worker stopped at that moment cannot lose it) and takes it back on a rejection.
import { test, expect, events, waitForEvents } from './fixtures';
import { openWithWorker, pushOutcomes, pushSession, shownNotifications } from './push-helpers';
import { queuedIds } from './reliability/drive';
import { props } from './persistent';

declare const contlo: { identify: (p: unknown) => Promise<string>; flush: () => Promise<unknown> };

test('permission revoked: showNotification rejects, nothing is shown and Push Delivered is taken back out of the queue', async ({ context, page, server }) => {
  await openWithWorker(page, server);
  await page.evaluate(() => contlo.identify({ email: 'revoked@example.com' }));
  await waitForEvents(server, 1, "type = 'identify'");
  const push = await pushSession(page, server);
  const outcomes = await pushOutcomes(push.cdp);

  // Revoked (back to 'default'): Chromium still runs the push event (DevTools delivers it past the
  // permission check a real push service would meet), and showNotification rejects with a TypeError.
  await context.clearPermissions();
  expect(await page.evaluate(() => Notification.permission)).toBe('default');
  await push.deliver(JSON.stringify({ title: 'Never shown', message_id: 'm-rejected' }));
  await expect.poll(() => outcomes).toEqual(['waitUntil Rejected']);
  expect(await shownNotifications(page)).toEqual([]);
  // The record queued before showing is gone again (without the fix it waits here for the next flush).
  await expect.poll(() => queuedIds(page)).toEqual([]);

  // Granted again, a bad payload still shows the generic notification, and its flush (which drains
  // the whole queue) carries only its own Push Delivered.
  await context.grantPermissions(['notifications'], { origin: server.url });
  await push.deliver('{"title": "oops');
  await expect.poll(() => outcomes).toEqual(['waitUntil Rejected', 'Success']);
  const notes = await shownNotifications(page);
  expect(notes.map((n) => [n.title, n.body])).toEqual([['127.0.0.1', 'You have a new notification.']]);
  await waitForEvents(server, 1, "event = 'Push Delivered'");
  await page.evaluate(() => contlo.flush());
  const delivered = events(server, "event = 'Push Delivered'");
  expect(delivered.map((r) => [props(r).message_id ?? null, r.email])).toEqual([[null, 'revoked@example.com']]);
  expect(await queuedIds(page)).toEqual([]);
});
