// Minimal failing scenario (SDK bug, see the reliability report): the service worker stopped right
// after it showed a notification. The notification was shown, so its Push Delivered must be
// recorded; the push handler only queues it after showNotification resolved *and* after reading
// the stored config and identity, so a stop in that window loses it (never queued, never sent).
import { launchWithNotifications } from '../persistent';
import { openWithWorker, pushSession } from '../push-helpers';
import { expect, expectReliable, test } from './fixture';
import { queuedIds } from './drive';
import { createLedger, finish } from './ledger';
import { nextPageDelivers } from './messages';

const PUSHES = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('service worker stopped right after showing a notification: its Push Delivered is still recorded', async ({ server }) => {
  test.setTimeout(90_000);
  const l = await launchWithNotifications();
  const ledger = createLedger();
  try {
    const page = l.context.pages()[0] ?? (await l.context.newPage());
    await openWithWorker(page, server);
    const push = await pushSession(page, server);
    const probe = await l.context.newPage();
    await probe.goto(`${server.url}/test.html`);
    const left = new Set<string>();
    const shown: string[] = [];
    for (let i = 0; i < PUSHES; i++) {
      await push.deliver(JSON.stringify({ title: `Shown ${i}`, message_id: `s-${i}` }));
      await l.daemon.waitFor((n) => n.summary === `Shown ${i}`);
      shown.push(`Push Delivered s-${i}`);
      // The browser stops the worker (shutdown, crash, memory pressure) just after it showed it.
      await push.stopWorkers();
      await sleep(200);
      for (const id of await queuedIds(probe)) left.add(id);
    }
    // Whatever the worker queued goes out with the next page load.
    const { site, twice } = await nextPageDelivers(l.context, server, ledger, shown, 10_000);
    const row = await finish(server, ledger, 'worker-stop-at-show', { page: site, timeoutMs: 2000, notes: () => [`${PUSHES} notifications shown, worker stopped right after each`] });
    expect(twice).toEqual([]);
    expectReliable(row, server, left);
  } finally {
    await l.close();
  }
});
