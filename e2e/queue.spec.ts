import { test, expect, events, requests, waitForEvents, openSite } from './fixtures';
import { queuedIds } from './reliability/drive';

declare const contlo: {
  track: (e: string, p?: unknown) => Promise<string>;
  identify: (p: unknown) => Promise<string>;
  reset: () => Promise<void>;
  flush: () => Promise<{ drained: boolean; reason?: string }>;
  on: (t: string, f: (d: unknown) => void) => void;
  anonymousId: () => string;
};
type Dropped = { reason: string; count: number; event_ids: string[] };

test('past maxQueueSize the oldest are dropped and reported; the rest are delivered', async ({ context, page, server }) => {
  await openSite(page, server, { maxQueueSize: 20, flushInterval: 60_000 });
  await context.setOffline(true);
  const { ids, dropped } = await page.evaluate(async () => {
    const dropped: Dropped[] = [];
    contlo.on('dropped', (d) => dropped.push(d as Dropped));
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => contlo.track('Overflow', { i })));
    await contlo.flush();
    return { ids, dropped };
  });
  expect(dropped).toEqual([{ reason: 'overflow', count: 10, event_ids: ids.slice(0, 10) }]);
  await context.setOffline(false);
  await page.evaluate(() => contlo.flush());
  const rows = await waitForEvents(server, 20);
  expect(rows.map((r) => r.event_id)).toEqual(ids.slice(10));
});

test('IndexedDB missing: the in-memory queue still delivers', async ({ context, page, server }) => {
  await context.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
  await openSite(page, server, { flushInterval: 100 });
  const ids = await page.evaluate(() => Promise.all(Array.from({ length: 12 }, (_, i) => contlo.track('No IDB', { i }))));
  const rows = await waitForEvents(server, 12);
  expect(rows.map((r) => r.event_id)).toEqual(ids);
});

test('IndexedDB failing to open (private mode, blocked): reopened once, then memory, and delivery goes on', async ({ context, page, server }) => {
  await context.addInitScript(() => {
    const w = window as unknown as { __opens: number };
    w.__opens = 0;
    IDBFactory.prototype.open = function () {
      w.__opens++;
      const req = {} as { error: DOMException; onerror?: () => void };
      setTimeout(() => {
        req.error = new DOMException('The user denied permission to access the database.', 'UnknownError');
        req.onerror?.();
      });
      return req as unknown as IDBOpenDBRequest;
    };
  });
  await openSite(page, server, { flushInterval: 100, debug: true });
  const ids = await page.evaluate(() => Promise.all(Array.from({ length: 5 }, (_, i) => contlo.track('Blocked IDB', { i }))));
  const rows = await waitForEvents(server, 5);
  expect(rows.map((r) => r.event_id)).toEqual(ids);
  // An open and one reopen per database (queue, key-value store) — concurrent first calls may each
  // reopen — then memory for good: no endless retrying.
  const opens = await page.evaluate(() => (window as unknown as { __opens: number }).__opens);
  expect(opens).toBeGreaterThanOrEqual(4);
  expect(opens).toBeLessThanOrEqual(8);
  await page.evaluate(() => Promise.all([contlo.track('Later'), contlo.flush()]));
  expect(await page.evaluate(() => (window as unknown as { __opens: number }).__opens)).toBe(opens);
});

test('a lost IndexedDB connection is reopened once: the queue stays durable, not in memory', async ({ context, page, server }) => {
  // The next queue transaction finds its connection closed (as when WebKit loses its IndexedDB server).
  await context.addInitScript(() => {
    const w = window as unknown as { __lose: boolean; __lost: number; __queueOpens: number };
    w.__lose = false;
    w.__lost = 0;
    w.__queueOpens = 0;
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
      if (name === 'contlo-queue') w.__queueOpens++;
      return open.call(this, name, version);
    };
    const real = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<typeof real>) {
      if (w.__lose && this.name === 'contlo-queue') {
        w.__lose = false;
        w.__lost++;
        this.close();
      }
      return real.apply(this, args);
    } as typeof real;
  });
  await openSite(page, server, { flushInterval: 100, debug: true });
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  const opens = () => page.evaluate(() => (window as unknown as { __queueOpens: number }).__queueOpens);
  await page.evaluate(() => contlo.flush()); // the queue database is open by now
  const before = await opens();
  await page.evaluate(() => ((window as unknown as { __lose: boolean }).__lose = true));
  const first = await page.evaluate(() => Promise.all(Array.from({ length: 5 }, (_, i) => contlo.track('Reopened', { i }))));
  expect(await page.evaluate(() => (window as unknown as { __lost: number }).__lost)).toBe(1);
  expect((await waitForEvents(server, 5)).map((r) => r.event_id)).toEqual(first);
  await page.evaluate(() => contlo.flush()); // the acknowledged records are out of the queue
  expect(await opens(), 'one reopen, then the new connection serves every transaction').toBe(before + 1);
  // Still IndexedDB, not memory: records queued offline are in the database.
  await context.setOffline(true);
  const kept = await page.evaluate(() => Promise.all(Array.from({ length: 3 }, (_, i) => contlo.track('Kept', { i }))));
  expect((await queuedIds(page)).sort()).toEqual([...kept].sort());
  expect(logs.filter((l) => l.includes('in memory'))).toEqual([]);
});

test('an unknown API key (401) pauses sending and keeps the records for a corrected page', async ({ context, page, server }) => {
  await page.goto(`${server.url}/test.html`);
  const errors = await page.evaluate(async () => {
    const errs: unknown[] = [];
    const c = contlo as unknown as { init: (k: string, o: unknown) => void; load: (s: string) => void };
    c.init('pk_wrong', { endpoint: location.origin, flushInterval: 100 });
    contlo.on('error', (e) => errs.push(e));
    const kept = contlo.track('Kept');
    c.load('/contlo.js');
    await kept;
    await contlo.track('Kept too');
    await contlo.flush();
    return errs;
  });
  expect(errors).toEqual([expect.objectContaining({ action: 'pause', message: expect.stringMatching(/HTTP 401/) })]);
  expect(requests(server).map((r) => r.status)).toEqual([401]);
  await page.close();
  const fixed = await context.newPage();
  await openSite(fixed, server, { flushInterval: 100 });
  const rows = await waitForEvents(server, 2);
  expect(rows.map((r) => r.event)).toEqual(['Kept', 'Kept too']);
});

test('identify attaches email and phone to later records; reset starts a new anonymous visitor', async ({ page, server }) => {
  await openSite(page, server, { flushInterval: 100, defaultCountryCode: '91' });
  const ids = await page.evaluate(async () => {
    const a1 = contlo.anonymousId();
    await contlo.track('Before');
    await contlo.identify({ email: ' Ada@Example.com ', phone_number: '098765 43210', first_name: 'Ada', plan: 'gold' });
    await contlo.track('Signed in');
    await contlo.reset();
    await contlo.track('After logout');
    return { a1, a2: contlo.anonymousId() };
  });
  const rows = await waitForEvents(server, 4);
  expect(rows.map((r) => [r.type, r.event, r.email, r.phone_number, r.anonymous_id])).toEqual([
    ['track', 'Before', null, null, ids.a1],
    ['identify', null, 'ada@example.com', '+919876543210', ids.a1],
    ['track', 'Signed in', 'ada@example.com', '+919876543210', ids.a1],
    ['track', 'After logout', null, null, ids.a2],
  ]);
  expect(ids.a2).not.toBe(ids.a1);
  const profile = server.db.prepare("SELECT first_name, properties FROM profiles WHERE email = 'ada@example.com'").get() as { first_name: string; properties: string };
  expect(profile.first_name).toBe('Ada');
  expect(JSON.parse(profile.properties)).toMatchObject({ plan: 'gold' });
});

test('the identity persists across pages and tabs of the site', async ({ context, page, server }) => {
  await openSite(page, server, { flushInterval: 100 });
  await page.evaluate(() => contlo.identify({ email: 'grace@example.com' }));
  const first = await page.evaluate(() => contlo.anonymousId());
  const other = await context.newPage();
  await openSite(other, server, { flushInterval: 100 });
  await other.evaluate(() => contlo.track('Second tab'));
  const rows = await waitForEvents(server, 2);
  expect(rows[1]).toMatchObject({ event: 'Second tab', email: 'grace@example.com', anonymous_id: first });
});

test("format 'contlo-v1': one POST per record to /v1/track and /v1/identify; records wait for an email or phone", async ({ page, server }) => {
  await openSite(page, server, { flushInterval: 100, format: 'contlo-v1' });
  const r = await page.evaluate(async () => {
    await contlo.track('Anonymous browse');
    return contlo.flush();
  });
  expect(r).toMatchObject({ drained: false, reason: 'no email or phone yet' });
  expect(events(server)).toHaveLength(0);
  await page.evaluate(async () => {
    await contlo.identify({ email: 'v1@example.com', first_name: 'Vee' });
    await contlo.track('Known browse', { product_id: 'p1' });
  });
  const rows = await waitForEvents(server, 3);
  expect(rows.map((x) => [x.event ?? x.type, x.email])).toEqual([
    ['Anonymous browse', 'v1@example.com'],
    ['identify', 'v1@example.com'],
    ['Known browse', 'v1@example.com'],
  ]);
  const paths = server.db.prepare("SELECT path FROM requests WHERE status = 200 ORDER BY id").all() as { path: string }[];
  expect(paths.map((p) => p.path)).toEqual(['/v1/track', '/v1/identify', '/v1/track']);
});

test("format 'contlo-v1': records an earlier page left are sent on load, without a new call; a v1 module that failed to load is fetched again when back online", async ({ context, page, server }) => {
  await openSite(page, server, { flushInterval: 60_000, format: 'contlo-v1' });
  // Settled first (format loaded, the load's flush done), so the next flush is the 60 s timer's.
  await expect.poll(() => page.evaluate(() => contlo.flush().then((r) => r.drained))).toBe(true);
  const left = await page.evaluate(async () => [await contlo.identify({ email: 'left@example.com' }), await contlo.track('Left behind')]);
  await page.close({ runBeforeUnload: false }); // the v1 format has no send on hide: both stay queued
  expect(events(server)).toHaveLength(0);

  const next = await context.newPage();
  // The module arrives after the load's first flush attempt, which must not be the last one.
  await next.route('**/contlo-v1.mjs*', async (r) => (await new Promise((ok) => setTimeout(ok, 700)), r.continue()));
  await openSite(next, server, { flushInterval: 200, format: 'contlo-v1' });
  const rows = await waitForEvents(server, 2);
  expect(rows.map((r) => r.event_id)).toEqual(left);

  // Offline at load: the module cannot be fetched; once back online it is, and the page delivers.
  await next.close(); // only the third page may send now
  const third = await context.newPage();
  await third.route('**/contlo-v1.mjs*', (r) => r.abort('internetdisconnected'), { times: 1 });
  await openSite(third, server, { flushInterval: 200, format: 'contlo-v1' });
  const id = await third.evaluate(() => contlo.track('After a failed module load'));
  await third.evaluate(() => dispatchEvent(new Event('online')));
  await expect.poll(() => events(server).map((r) => r.event_id)).toContain(id);
});

test('two SDK instances on one page (ESM createContlo) never overwrite each other\'s queued records', async ({ page, server }) => {
  await page.goto(`${server.url}/test.html`);
  const ids = await page.evaluate(async () => {
    type Sdk = { init(k: string, o: unknown): Promise<void>; track(e: string, p: unknown): Promise<string>; charged(d: unknown): Promise<string> };
    const m = (await import('/contlo.mjs' as string)) as { createContlo(): Sdk };
    const [a, b] = [m.createContlo(), m.createContlo()];
    await Promise.all([a, b].map((s) => s.init('pk_demo', { endpoint: location.origin, flushInterval: 100 })));
    const out: Promise<string>[] = [];
    // In lockstep: both instances queue in the same millisecond with the same sequence numbers.
    for (let i = 0; i < 50; i++) out.push(a.track('Twin', { who: 'a', i }), b.track('Twin', { who: 'b', i }));
    // The ESM build validates Charged too: it rejects a bad call and stores a good one, normalized.
    const bad = await a.charged({ transaction_id: 'T-esm' }).catch((e: Error) => e.message);
    const good = await a.charged({ transaction_id: 'T-esm', transaction_value: 1, currency: 'eur', product_id: 'p', variant_id: 'v', email: 'esm@example.com' });
    return { ids: await Promise.all(out), bad, good };
  });
  expect(new Set(ids.ids).size).toBe(100);
  const rows = await waitForEvents(server, 100, "event = 'Twin'");
  expect(rows.map((r) => r.event_id).sort()).toEqual([...ids.ids].sort());
  expect(ids.bad).toContain('currency is required');
  const charged = await waitForEvents(server, 1, "event = 'Charged'");
  expect(charged.map((r) => r.event_id)).toEqual([ids.good]);
  expect(JSON.parse(charged[0].properties!)).toMatchObject({ currency: 'EUR', product_ids: ['p'] });
});
