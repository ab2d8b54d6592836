// Overflow: more than maxQueueSize records while the Track API is down. Exactly the overflow (the
// oldest) is reported through 'dropped' with reason 'overflow'; the rest is delivered once it is back.
import { openSite } from '../fixtures';
import { burst } from './drive';
import { expect, expectReliable, test } from './fixture';
import { finish, LISTEN_DROPS } from './ledger';

const MAX = 200;
const COUNT = 500;

test('overflow while the server is down: exactly the overflow dropped and reported, the rest delivered', async ({ page, server, ledger }) => {
  test.setTimeout(90_000);
  // Down: every request has its connection reset, until the list is cleared.
  server.faults.push(...Array.from({ length: 1000 }, () => ({ reset: true })));
  await openSite(page, server, { maxQueueSize: MAX, flushInterval: 300 }, LISTEN_DROPS);
  const ids = await burst(page, { tag: 'over', count: COUNT, chunk: 20, pauseMs: 10 });
  expect(ids).toHaveLength(COUNT);
  const attempts = 1000 - server.faults.length;
  expect(server.db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 0 });
  server.faults.length = 0;
  const row = await finish(server, ledger, 'overflow', {
    page,
    notes: () => [`maxQueueSize ${MAX}, ${COUNT} queued while down (${attempts} refused attempts)`],
  });
  expectReliable(row, server);
  // Exactly the overflow, the oldest records, reported with its reason; exactly the newest MAX stored.
  expect(row.dropped).toBe(COUNT - MAX);
  expect(ids.slice(0, COUNT - MAX).every((id) => ledger.dropped.get(id) === 'overflow')).toBe(true);
  const stored = (server.db.prepare('SELECT event_id FROM events ORDER BY seq').all() as { event_id: string }[]).map((r) => r.event_id);
  expect(stored).toEqual(ids.slice(COUNT - MAX));
});
