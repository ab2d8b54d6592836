// "A burst of calls is written in one transaction, not one per call", counted in the browser.
import { test, expect, waitForEvents, openSite } from './fixtures';

declare const contlo: {
  track: (e: unknown, p?: unknown) => Promise<string>;
  flush: () => Promise<{ drained: boolean }>;
};

type Tx = { db: string; stores: string[]; mode: string; phase: string };
declare const __tx: { log: Tx[]; phase: string };

test('100 track() calls in one task are written in one readwrite transaction on contlo-queue, and all delivered', async ({ context, page, server }) => {
  // Every IndexedDB transaction the page opens, tagged with the test's current phase.
  await context.addInitScript(() => {
    const w = window as unknown as { __tx: { log: Tx[]; phase: string } };
    w.__tx = { log: [], phase: 'load' };
    const open = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, stores: string | string[], mode?: IDBTransactionMode, opts?: IDBTransactionOptions) {
      w.__tx.log.push({ db: this.name, stores: [stores].flat(), mode: mode ?? 'readonly', phase: w.__tx.phase });
      return open.call(this, stores, mode, opts);
    } as typeof open;
  });
  await openSite(page, server, { flushInterval: 60_000 });
  const ids = await page.evaluate(async () => {
    await contlo.flush(); // whatever the load started is over before counting
    __tx.phase = 'burst';
    const p: Promise<string>[] = [];
    for (let i = 0; i < 100; i++) p.push(contlo.track('Burst', { i }));
    const out = await Promise.all(p);
    __tx.phase = 'after';
    return out;
  });
  const rows = await waitForEvents(server, 100);
  expect(rows.map((r) => r.event_id)).toEqual(ids);

  const log = await page.evaluate(() => __tx.log);
  const queueWrites = (phase: string) => log.filter((t) => t.db === 'contlo-queue' && t.mode === 'readwrite' && t.phase === phase);
  // Between the first call and the last promise resolving: exactly one write, to the queue store.
  expect(queueWrites('burst')).toEqual([{ db: 'contlo-queue', stores: ['q'], mode: 'readwrite', phase: 'burst' }]);
  // The counter works: sending them later removes acknowledged records in readwrite transactions it sees.
  await expect.poll(async () => (await page.evaluate(() => __tx.log)).filter((t) => t.db === 'contlo-queue' && t.mode === 'readwrite' && t.phase === 'after').length).toBeGreaterThan(0);
});
