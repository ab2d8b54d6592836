// Minimal failing scenario (SDK bug, see the reliability report): a request the SDK abandoned at
// its 10 s timeout is not really abandoned. Regular flushes are sent with fetch keepalive, and
// Chromium does not cancel a keepalive request when its AbortSignal fires; when the server later
// closes that connection without an answer (a proxy's idle timeout, a restart), Chromium re-sends
// the same POST on its own. By then the SDK has re-sent the batch, so every record arrives twice.
import { openSite } from '../fixtures';
import { burst } from './drive';
import { expect, expectReliable, test } from './fixture';
import { finish, LISTEN_DROPS } from './ledger';

const HANG_MS = 12_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a request abandoned at the client timeout does not arrive again later', async ({ page, server, ledger }) => {
  test.setTimeout(60_000);
  await openSite(page, server, { flushInterval: 300 }, LISTEN_DROPS);
  // One delivered batch first, so the next request goes on a reused (keep-alive) connection.
  await burst(page, { tag: 'abandoned', count: 10, chunk: 10, mix: false });
  await expect.poll(() => server.db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 10 });
  // The next batch hangs past the SDK's 10 s timeout; then the server drops the connection.
  server.faults.push({ hangMs: HANG_MS });
  const hungAt = Date.now();
  await burst(page, { tag: 'abandoned', from: 10, count: 20, chunk: 20, mix: false });
  await sleep(HANG_MS - (Date.now() - hungAt) + 1500);
  const batches = () => server.db.prepare("SELECT batch_id, note, status FROM requests WHERE batch_id IS NOT NULL ORDER BY id").all() as { batch_id: string; note: string | null; status: number }[];
  const hung = batches().find((b) => b.note?.endsWith(':hang'));
  const row = await finish(server, ledger, 'abandoned-request', {
    page,
    notes: () => [`a batch hung ${HANG_MS} ms (client timeout 10 s); that same batch_id reached the server ${batches().filter((b) => b.batch_id === hung?.batch_id).length}× in all`],
  });
  expect(hung, 'a batch was held').toBeDefined();
  expectReliable(row, server);
});
