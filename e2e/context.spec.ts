// What each track() record takes from the moment of the call: the page's URL (also when a
// single-page app changes it between two calls of one task) and the caller's properties.
import { test, expect, waitForEvents, openSite } from './fixtures';

declare const contlo: { track: (e: string, p?: unknown, pp?: unknown) => Promise<string> };

test('the page context follows pushState, replaceState and fragment changes between calls of one task', async ({ page, server }) => {
  await openSite(page, server, { flushInterval: 100 });
  await page.evaluate(() => {
    contlo.track('A');
    history.pushState(null, '', '/spa/one');
    contlo.track('B');
    history.replaceState(null, '', '/spa/two?x=1');
    contlo.track('C');
    location.hash = 'part';
    contlo.track('D');
  });
  const rows = await waitForEvents(server, 4);
  const ctx = server.db.prepare('SELECT event, context FROM events ORDER BY seq').all() as { event: string; context: string }[];
  const where = ctx.map((r) => {
    const u = new URL(JSON.parse(r.context).page.url);
    return u.pathname + u.search + u.hash;
  });
  expect(rows.map((r) => r.event)).toEqual(['A', 'B', 'C', 'D']);
  expect(where).toEqual(['/test.html', '/spa/one', '/spa/two?x=1', '/spa/two?x=1#part']);
});

test('track() sends the properties as they were at the call, whatever the caller changes next', async ({ page, server }) => {
  await openSite(page, server, { flushInterval: 100 });
  await page.evaluate(() => {
    const props: Record<string, unknown> = { price: 10 };
    const profile: Record<string, unknown> = { tier: 'gold' };
    contlo.track('Snapshot', props, profile);
    props.price = 99;
    props.added = true;
    profile.tier = 'lead';
  });
  await waitForEvents(server, 1);
  const row = server.db.prepare('SELECT properties, profile_properties FROM events').get() as { properties: string; profile_properties: string };
  expect(JSON.parse(row.properties)).toEqual({ price: 10, event_type: 'custom' });
  expect(JSON.parse(row.profile_properties)).toEqual({ tier: 'gold' });
});
