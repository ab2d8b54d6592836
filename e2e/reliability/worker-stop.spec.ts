// The service worker stopped while it flushes message events: pushes are shown, clicked and
// dismissed (trusted, through the fake D-Bus notification daemon); on some of them the worker is
// stopped while its request is in flight to a slow or hanging Track API. Every shown notification
// gets exactly one Push Delivered, every click one Push Clicked, every dismissal one Push Dismissed.
import type { FaultSpec } from '../../demo-site/server/app';
import { launchWithNotifications } from '../persistent';
import { openWithWorker, pushSession } from '../push-helpers';
import { expect, expectReliable, test } from './fixture';
import { queuedIds } from './drive';
import { createLedger, exposeLedger, finish, inDoubt, LISTEN_DROPS } from './ledger';
import { nextPageDelivers, waitStored } from './messages';

const PUSHES = 24;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('service worker stopped while it flushes message events: each shown, clicked, dismissed recorded once', async ({ server }) => {
  test.setTimeout(120_000);
  const l = await launchWithNotifications();
  const ledger = createLedger();
  try {
    await exposeLedger(l.context, ledger);
    const page = l.context.pages()[0] ?? (await l.context.newPage());
    await openWithWorker(page, server);
    await page.evaluate(LISTEN_DROPS);
    const identified = await page.evaluate(() => (window as unknown as { contlo: { identify(p: unknown): Promise<string> } }).contlo.identify({ email: 'sw@example.com' }));
    ledger.told.add(identified);
    // The page is idle from here on: only the worker sends.
    await expect.poll(() => server.db.prepare('SELECT COUNT(*) AS n FROM events WHERE event_id = ?').get(identified)).toEqual({ n: 1 });
    const push = await pushSession(page, server);
    // A stub-only tab of the site to read the queue from without sending anything.
    const probe = await l.context.newPage();
    await probe.goto(`${server.url}/test.html`);
    const left = new Set<string>();
    const doubt = new Set<string>();
    const expected: string[] = [];
    let stops = 0;
    /**
     * Once everything earlier is stored (so no other event is between showing and queueing:
     * worker-stop-at-show.spec.ts covers that window), runs `act` with `fault` armed; when the
     * worker's request has taken it (in flight), stops the worker, waits for the held request to
     * end, and notes what the worker left queued (the next event re-sends it).
     */
    const stopMidFlush = async (fault: FaultSpec, act: () => Promise<unknown>) => {
      await waitStored(server, expected, 15_000);
      server.faults.push(fault);
      await act();
      const deadline = Date.now() + 5000;
      while (server.faults.length && Date.now() < deadline) await sleep(5);
      if (server.faults.length) return void (server.faults.length = 0);
      await push.stopWorkers();
      stops++;
      await sleep((fault.delayMs ?? fault.hangMs ?? 0) + 300);
      const queued = await queuedIds(probe);
      queued.forEach((id) => left.add(id));
      inDoubt(server, queued).forEach((id) => doubt.add(id));
    };
    for (let i = 0; i < PUSHES; i++) {
      const title = `Reliability ${i}`;
      const payload = JSON.stringify({ title, body: 'b', url: '/test.html?landing', message_id: `m-${i}`, campaign_id: 'c-rel' });
      const show = async () => {
        await push.deliver(payload);
        return l.daemon.waitFor((n) => n.summary === title);
      };
      if (i % 3 === 0) await stopMidFlush(i % 2 ? { hangMs: 1500 } : { delayMs: 800 }, show);
      else await show();
      expected.push(`Push Delivered m-${i}`);
    }
    for (let i = 0; i < PUSHES; i += 2) {
      const n = await l.daemon.waitFor((x) => x.summary === `Reliability ${i}`);
      const act = async () => (i % 4 === 0 ? l.daemon.click(n.id) : l.daemon.dismiss(n.id));
      if (i % 6 === 0) await stopMidFlush({ delayMs: 800 }, act);
      else {
        await act();
        await sleep(100);
      }
      expected.push(`${i % 4 === 0 ? 'Push Clicked' : 'Push Dismissed'} m-${i}`);
    }
    // What the stopped worker left queued goes out with the next page load.
    await sleep(1500);
    for (const id of await queuedIds(probe)) left.add(id);
    const { site, twice } = await nextPageDelivers(l.context, server, ledger, expected, 30_000);
    const row = await finish(server, ledger, 'worker-stop', {
      page: site,
      timeoutMs: 2000,
      notes: () => [`${PUSHES} pushes, ${PUSHES / 2} clicks/dismissals; worker stopped ${stops}× mid-flush, leaving ${doubt.size} records queued that the server already had`],
    });
    expect(twice, 'message events recorded twice under different event_ids').toEqual([]);
    expectReliable(row, server, left);
  } finally {
    await l.close();
  }
});
