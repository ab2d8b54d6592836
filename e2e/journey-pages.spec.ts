// The demo's server-rendered pages without a browser: the store carries the snippet as the README
// shows, the dashboard's numbers, order lifecycle events, campaign form checks, the live stream,
// and escaping of whatever the Track API received.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { chargedRecord, identifyRecord, postBatch, request, startTestServer, trackRecord, type TestServer } from '../demo-site/server/testing';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

async function withServer(fn: (s: TestServer) => Promise<void>): Promise<void> {
  const s = await startTestServer({ rateLimit: false });
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

function postForm(s: TestServer, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return request(s, { method: 'POST', path, body: new URLSearchParams(fields).toString(), headers: { ...FORM, Origin: s.url, ...headers } });
}

test('every store page carries the snippet exactly as the README shows, and unknown products are 404', async () => {
  await withServer(async (s) => {
    const loader = readFileSync('dist/loader.js', 'utf8');
    const init = `contlo.load('/contlo.js'); contlo.init('pk_demo', { endpoint: location.origin, serviceWorker: '/contlo-sw.js', vapidPublicKey: '${s.vapidPublicKey}' });`;
    for (const path of ['/', '/collections/clothing', '/products/copper-water-bottle', '/cart', '/checkout', '/checkout/thank-you', '/account']) {
      const page = await request(s, { path });
      expect(page.status, path).toBe(200);
      expect(page.text, path).toContain(`<script>${loader}</script>\n<script>${init}</script>`);
      expect(page.text, path).toContain('<script src="/assets/shop.js" defer></script>');
    }
    const product = await request(s, { path: '/products/copper-water-bottle' });
    expect(product.text).toContain('"variant_id":"801202"');
    expect((await request(s, { path: '/products/nope' })).status).toBe(404);
    expect((await request(s, { path: '/shop/img/copper-water-bottle.svg' })).headers['content-type']).toBe('image/svg+xml');
    // Dashboard pages do not track.
    for (const path of ['/audience', '/insights', '/campaigns', '/orders', '/verify']) {
      const page = await request(s, { path });
      expect(page.status, path).toBe(200);
      expect(page.text, path).not.toContain(loader);
    }
  });
});

test('insights: revenue per currency, one count per transaction_id, paying users, repeat purchasers and the funnel', async () => {
  await withServer(async (s) => {
    const ann = { email: 'ann@example.com', anonymous_id: 'anon-ann' };
    await postBatch(s, [
      trackRecord({ ...ann, event: 'Viewed Product' }),
      trackRecord({ ...ann, event: 'Added to Cart' }),
      trackRecord({ ...ann, event: 'Started Checkout' }),
      chargedRecord({ transaction_id: 'T-1', transaction_value: 1000, currency: 'INR' }, ann),
      chargedRecord({ transaction_id: 'T-1', transaction_value: 1000, currency: 'INR' }, ann),
      chargedRecord({ transaction_id: 'T-2', transaction_value: 500.5, currency: 'INR' }, ann),
      chargedRecord({ transaction_id: 'T-3', transaction_value: 20, currency: 'USD' }, { email: 'bob@example.com', anonymous_id: 'anon-bob' }),
      trackRecord({ anonymous_id: 'anon-carl', event: 'Viewed Product' }),
    ]);
    const page = (await request(s, { path: '/insights' })).text;
    const stat = (id: string) => new RegExp(`data-testid="${id}"><span class="stat-label">[^<]+</span><span class="stat-value">([^<]+)<`).exec(page)?.[1];
    expect(stat('revenue')).toBe('₹1,500.50 + $20');
    expect(stat('transactions')).toBe('3');
    expect(stat('paying-users')).toBe('2');
    expect(stat('repeat')).toBe('1');
    expect(page).toContain('Customers <strong>2</strong>');
    expect(page).toContain('Non-customers <strong>1</strong>');
    const funnel = [...page.matchAll(/<span class="funnel-label">([^<]+)<\/span>[\s\S]*?<strong>(\d+)<\/strong>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(funnel).toEqual(['Viewed Product 2', 'Added to Cart 1', 'Started Checkout 1', 'Charged 1']);
  });
});

test('audience: search, filters, the customer badge and a timeline that tells event kinds apart', async () => {
  await withServer(async (s) => {
    await postBatch(s, [
      identifyRecord({ anonymous_id: 'a1', email: 'dev@example.com', first_name: 'Dev' }),
      chargedRecord({}, { anonymous_id: 'a1', email: 'dev@example.com' }),
      trackRecord({ anonymous_id: 'a1', event: 'Push Clicked', properties: { event_type: 'message', campaign_id: 'c-1', action: 'open' } }),
      trackRecord({ anonymous_id: 'a2', event: 'Viewed Product' }),
    ]);
    const all = (await request(s, { path: '/audience' })).text;
    expect(all).toContain('2 profiles.');
    expect((await request(s, { path: '/audience?q=DEV%40' })).text).toContain('1 profile.');
    expect((await request(s, { path: '/audience?filter=anonymous' })).text).toMatch(/1 profile\.[\s\S]*Anonymous visitor/);
    const customers = (await request(s, { path: '/audience?filter=customers' })).text;
    expect(customers).toContain('1 profile.');
    expect(customers).toContain('badge-customer');
    const id = /href="\/audience\/(\d+)">Dev</.exec(all)?.[1];
    const profile = (await request(s, { path: `/audience/${id}` })).text;
    for (const kind of ['identify', 'charged', 'message']) expect(profile).toContain(`class="tl tl-${kind}"`);
    expect(profile).toContain('Customer</span>');
    expect((await request(s, { path: `/audience/${id}?kind=message` })).text).not.toContain('class="tl tl-charged"');
    expect((await request(s, { path: '/audience/999' })).status).toBe(404);
  });
});

test('order lifecycle: the buttons store events through ingest with the customer identity; impossible steps and foreign posts are refused', async () => {
  await withServer(async (s) => {
    await postBatch(s, [chargedRecord({ transaction_id: 'T-9', order_id: 'KL-9', transaction_value: 899 }, { email: 'buyer@example.com' })]);
    expect((await request(s, { path: '/orders' })).text).toContain('data-order="KL-9"');
    const skip = await postForm(s, '/orders/KL-9/events', { event: 'Order Delivered' });
    expect(skip.status).toBe(303);
    expect(skip.headers.location).toContain('error=not_allowed');
    for (const event of ['Fulfilled Order', 'Order in Transit', 'Order Delivered', 'Refunded Order']) {
      const r = await postForm(s, '/orders/KL-9/events', { event });
      expect(r.headers.location, event).toContain(`done=${encodeURIComponent(event).replace(/%20/g, '+')}`);
    }
    const rows = s.db.prepare("SELECT event, email, properties, context FROM events WHERE json_extract(properties, '$.order_id') = 'KL-9' AND event != 'Charged' ORDER BY seq").all() as { event: string; email: string; properties: string; context: string }[];
    expect(rows.map((r) => r.event)).toEqual(['Fulfilled Order', 'Order in Transit', 'Order Delivered', 'Refunded Order']);
    for (const r of rows) {
      expect(r.email).toBe('buyer@example.com');
      expect(JSON.parse(r.properties)).toMatchObject({ event_type: 'custom', order_id: 'KL-9', transaction_id: 'T-9', currency: 'INR' });
      expect(JSON.parse(r.context)).toMatchObject({ library: { name: 'demo-backend' } });
    }
    expect(JSON.parse(rows[3]!.properties)).toMatchObject({ refund_value: 899 });
    expect((await request(s, { path: '/orders' })).text).toMatch(/data-status>Refunded</);
    expect((await postForm(s, '/orders/KL-9/events', { event: 'Fulfilled Order' }, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await postForm(s, '/orders/KL-nope/events', { event: 'Fulfilled Order' })).headers.location).toContain('error=unknown_order');
  });
});

test('order lifecycle: Cancel stores Cancelled Order for the buyer\'s profile only, shows on their profile page, and leaves only Refund', async () => {
  await withServer(async (s) => {
    await postBatch(s, [
      chargedRecord({ transaction_id: 'T-21', order_id: 'KL-21', transaction_value: 1299 }, { email: 'meera@example.com', anonymous_id: 'anon-meera' }),
      chargedRecord({ transaction_id: 'T-22', order_id: 'KL-22', transaction_value: 649 }, { email: 'ravi@example.com', anonymous_id: 'anon-ravi' }),
    ]);
    const profileOf = (email: string) => (s.db.prepare("SELECT profile_id AS id FROM events WHERE email = ? AND event = 'Charged'").get(email) as { id: number }).id;
    const meera = profileOf('meera@example.com');
    const ravi = profileOf('ravi@example.com');
    expect(meera).not.toBe(ravi);
    const orders = (await request(s, { path: '/orders' })).text;
    expect(orders).toMatch(/data-order="KL-21"[\s\S]*?name="event" value="Cancelled Order"><button[^>]*>Cancel</);

    const r = await postForm(s, '/orders/KL-21/events', { event: 'Cancelled Order' });
    expect(r.status).toBe(303);
    expect(r.headers.location).toContain('done=Cancelled+Order');
    const rows = s.db.prepare("SELECT email, profile_id, properties FROM events WHERE event = 'Cancelled Order'").all() as { email: string; profile_id: number; properties: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: 'meera@example.com', profile_id: meera });
    expect(JSON.parse(rows[0]!.properties)).toMatchObject({ event_type: 'custom', order_id: 'KL-21', transaction_id: 'T-21', currency: 'INR' });

    const page = (await request(s, { path: `/audience/${meera}` })).text;
    expect(page).toMatch(/<li class="tl tl-custom"[^>]*>\s*<div class="tl-head"><span class="badge badge-custom">Custom<\/span><strong>Cancelled Order<\/strong><span class="tl-sum">KL-21<\/span>/);
    expect(page).toContain('Properties · server');
    expect((await request(s, { path: `/audience/${ravi}` })).text).not.toContain('Cancelled Order');
    const after = (await request(s, { path: '/orders' })).text;
    const kl21 = /<tr data-order="KL-21">[\s\S]*?<\/tr>/.exec(after)?.[0] ?? '';
    expect(kl21).toContain('data-status>Cancelled<');
    expect(kl21).toContain('Cancelled Order <span class="muted">');
    expect([...kl21.matchAll(/name="event" value="([^"]+)"/g)].map((m) => m[1])).toEqual(['Refunded Order']);
    expect(after).toMatch(/<tr data-order="KL-22">[\s\S]*?data-status>Placed</);
  });
});

test('campaign form: bad links and empty audiences are refused with reasons, nothing is sent', async () => {
  await withServer(async (s) => {
    const bad = await postForm(s, '/campaigns', { to: 'all', title: '', url: 'javascript:alert(1)', button1_url: '/x' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Title is required.');
    expect(bad.text).toContain('Link must be a path on this site');
    expect(bad.text).toContain('Button 1 needs a label.');
    expect(bad.text).toContain('value="javascript:alert(1)"');
    const nobody = await postForm(s, '/campaigns', { to: 'all', title: 'Hello' });
    expect(nobody.status).toBe(400);
    expect(nobody.text).toContain('that audience has no push subscription');
    expect(s.db.prepare('SELECT COUNT(*) AS n FROM campaigns').get()).toEqual({ n: 0 });
  });
});

test('/api/stream sends an ingest event naming the profiles that got events', async () => {
  await withServer(async (s) => {
    const got = new Promise<string>((resolve, reject) => {
      const req = http.get(`${s.url}/api/stream`, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString('utf8');
          if (text.includes('connected')) void postBatch(s, [trackRecord({ anonymous_id: 'live-1', event: 'Viewed Product' })]);
          const m = /event: ingest\ndata: (.*)\n\n/.exec(text);
          if (m) {
            req.destroy();
            resolve(m[1]!);
          }
        });
      });
      req.on('error', reject);
    });
    expect(JSON.parse(await got)).toMatchObject({ accepted: 1, rejected: 0, profiles: [1], events: ['Viewed Product'] });
  });
});

test('whatever the Track API received is escaped on every dashboard page', async () => {
  await withServer(async (s) => {
    const evil = '<img src=x onerror=alert(1)>';
    await postBatch(s, [
      identifyRecord({ anonymous_id: 'x1', email: 'x@example.com', first_name: evil, profile_properties: { [evil]: evil } }),
      chargedRecord({ transaction_id: evil, order_id: evil, product_ids: [evil], product_names: [evil] }, { anonymous_id: 'x1', email: 'x@example.com' }),
      trackRecord({ anonymous_id: 'x1', event: evil, properties: { event_type: 'custom', note: evil } }),
      { type: 'track', event_id: evil, event: evil },
    ]);
    for (const path of ['/audience', '/audience/1', `/audience?q=${encodeURIComponent(evil)}`, '/insights', '/orders', '/verify', '/campaigns', '/events']) {
      const page = (await request(s, { path })).text;
      expect(page, path).not.toContain(evil);
      expect(page, path).not.toMatch(/<img src=x/);
    }
    expect((await request(s, { path: '/audience/1' })).text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect((await request(s, { path: '/verify' })).text).toContain('Rejected records');
  });
});
