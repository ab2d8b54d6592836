// IndexedDB unavailable: one tab has no indexedDB at all, another has it failing on every open
// (private mode, blocked). Their in-memory queues still deliver everything while the pages live,
// through a few failures.
import { openSite } from '../fixtures';
import { burst } from './drive';
import { expect, expectReliable, test } from './fixture';
import { drain, finish, LISTEN_DROPS } from './ledger';

test('IndexedDB missing or failing: the in-memory fallback delivers every record once', async ({ context, server, ledger }) => {
  test.setTimeout(90_000);
  const [missing, blocked] = [await context.newPage(), await context.newPage()];
  await missing.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
  await blocked.addInitScript(() => {
    IDBFactory.prototype.open = function () {
      const req = {} as { error: DOMException; onerror?: () => void };
      setTimeout(() => {
        req.error = new DOMException('The user denied permission to access the database.', 'UnknownError');
        req.onerror?.();
      });
      return req as unknown as IDBOpenDBRequest;
    };
  });
  server.faults.push({ status: 503 }, { reset: true }, { status: 429, retryAfter: 1 }, { status: 500 }, { status: 413 });
  for (const tab of [missing, blocked]) await openSite(tab, server, { flushInterval: 300 }, LISTEN_DROPS);
  const ids = await Promise.all([missing, blocked].map((tab, i) => burst(tab, { tag: `mem${i}`, count: 300, chunk: 10, pauseMs: 10 })));
  expect(ids.flat()).toHaveLength(600);
  // Both pages live until their memory queues are empty.
  expect(await drain(blocked)).toBe(true);
  const row = await finish(server, ledger, 'no-indexeddb', { page: missing, notes: () => ['one tab without indexedDB, one with every open failing; 5 faults injected'] });
  expectReliable(row, server);
});
