import { readFileSync } from 'node:fs';
import { test, expect, waitForEvents } from './fixtures';
import { openWithWorker, pushSession } from './push-helpers';

declare const contlo: {
  track: (e: string, p?: unknown) => Promise<string>;
  identify: (p: unknown) => Promise<string>;
  flush: () => Promise<unknown>;
};

test('works under a strict Content Security Policy: no eval, no inline script without the nonce, worker and lazy modules from self', async ({ page, server }) => {
  const loader = readFileSync('dist/loader.js', 'utf8');
  const csp = "default-src 'self'; script-src 'self' 'nonce-r4nd0m'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'";
  await page.route('**/csp.html', (r) =>
    r.fulfill({
      contentType: 'text/html',
      headers: { 'Content-Security-Policy': csp },
      body: `<!doctype html><html><head><script nonce="r4nd0m">${loader}</script>
<script nonce="r4nd0m">contlo.load('/contlo.js'); contlo.init('pk_demo', { endpoint: location.origin, flushInterval: 100, serviceWorker: '/contlo-sw.js', format: 'batch' });</script>
</head><body>CSP page</body></html>`,
    }),
  );
  const violations: string[] = [];
  page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
  await page.addInitScript(() => addEventListener('securitypolicyviolation', (e: SecurityPolicyViolationEvent) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
  await page.context().grantPermissions(['notifications'], { origin: server.url });
  await page.goto(`${server.url}/csp.html`);
  await page.waitForFunction(() => (window as unknown as { contlo: { version?: string } }).contlo.version);
  await page.evaluate(async () => {
    await contlo.identify({ email: 'csp@example.com' });
    await contlo.track('Under CSP');
    await navigator.serviceWorker.ready;
  });
  const rows = await waitForEvents(server, 2);
  expect(rows.map((r) => r.event ?? r.type)).toEqual(['identify', 'Under CSP']);
  // The lazily loaded push module also loads under this policy.
  await page.evaluate(() => (window as unknown as { contlo: { unsubscribePush: () => Promise<boolean> } }).contlo.unsubscribePush());
  expect(violations.filter((v) => /CSP|Content Security Policy|Refused/.test(v))).toEqual([]);
});

test('the bundles contain no eval and no Function constructor', () => {
  for (const f of ['loader.js', 'contlo.js', 'contlo.mjs', 'contlo-push.mjs', 'contlo-v1.mjs', 'contlo-sw.js']) {
    const src = readFileSync(`dist/${f}`, 'utf8');
    expect(src, f).not.toMatch(/\beval\s*\(|new Function\s*\(|\bFunction\s*\(\s*['"`]|setTimeout\s*\(\s*['"`]/);
  }
});

test('no personal data in any URL the SDK or its worker requests', async ({ context, page, server }) => {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  await openWithWorker(page, server, { flushInterval: 100 });
  await page.evaluate(async () => {
    await contlo.identify({ email: 'private.person@example.com', phone_number: '+919876543210', first_name: 'Priya' });
    await contlo.track('Viewed Product', { product_id: 'p1' });
    await contlo.flush();
  });
  const push = await pushSession(page, server);
  await push.deliver(JSON.stringify({ title: 'Hi', url: '/x' }));
  await waitForEvents(server, 3);
  expect(urls.length).toBeGreaterThan(3);
  for (const u of urls) {
    expect(u).not.toMatch(/private|example\.com|919876543210|Priya|%40/i);
    const { pathname, search } = new URL(u);
    if (pathname.startsWith('/v1/')) expect(search).toBe('');
  }
});

test('contlo.load with the build\'s SRI hash loads the SDK; a wrong hash is refused by the browser', async ({ page, server }) => {
  const sri = readFileSync('dist/sri.txt', 'utf8').trim();
  await page.goto(`${server.url}/test.html`);
  const ok = await page.evaluate(async (hash) => {
    const c = (window as unknown as { contlo: { init: (k: string, o: unknown) => void; load: (s: string, i?: string) => void; version?: string } }).contlo;
    c.init('pk_demo', { endpoint: location.origin, flushInterval: 100 });
    const id = contlo.track('Pinned');
    c.load('/contlo.js', hash);
    return id;
  }, sri);
  await waitForEvents(server, 1, `event_id = '${ok}'`);
  const bad = await page.context().newPage();
  await bad.goto(`${server.url}/test.html`);
  const errors: string[] = [];
  bad.on('console', (m) => errors.push(m.text()));
  const loaded = await bad.evaluate(async () => {
    const c = (window as unknown as { contlo: { load: (s: string, i?: string) => void; version?: string } }).contlo;
    c.load('/contlo.js', 'sha384-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await new Promise((r) => setTimeout(r, 500));
    return !!c.version;
  });
  expect(loaded).toBe(false);
  expect(errors.join('\n')).toMatch(/integrity/i);
});
