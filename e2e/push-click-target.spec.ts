// Where a trusted notification click lands (e2e/push-click.spec.ts accepts either "focused and
// navigated" or "new window"; these tell the three cases apart by the context's pages).
import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { RunningServer } from '../demo-site/server/app';
import { notifyTest, props, type NotifyFx } from './persistent';
import { waitForEvents } from './fixtures';
import { openWithWorker, pushSession } from './push-helpers';

declare const contlo: { identify: (p: unknown) => Promise<string> };

const test = notifyTest;
type Fx = NotifyFx;
const urls = (context: BrowserContext) => context.pages().map((p) => p.url());

/** The site's tab with the SDK and worker, identified; returns a push session on `host` (default: that tab). */
async function setUp(ctx: Fx['ctx'], server: RunningServer, host?: Page) {
  await openWithWorker(ctx.page, server);
  await ctx.page.evaluate(() => contlo.identify({ email: 'target@example.com' }));
  await waitForEvents(server, 1, "type = 'identify'");
  return pushSession(host ?? ctx.page, server);
}

/** Delivers a push for `path`, clicks it in the daemon, and returns the stored Push Clicked's properties. */
async function pushAndClick(ctx: Fx['ctx'], server: RunningServer, push: Awaited<ReturnType<typeof pushSession>>, title: string, path: string) {
  await push.deliver(JSON.stringify({ title, url: path, message_id: `m-${title}` }));
  const shown = await ctx.daemon.waitFor((n) => n.summary === title);
  ctx.daemon.click(shown.id);
  const rows = await waitForEvents(server, 1, "event = 'Push Clicked'");
  expect(rows[0].email).toBe('target@example.com');
  expect(props(rows[0])).toMatchObject({ event_type: 'message', message_id: `m-${title}`, opened: `${server.url}${path}` });
  return props(rows[0]);
}

type Calls = string[];
/**
 * Spies on what the live worker does with its clients: each focus(), navigate() and openWindow()
 * call is logged ("focus <client url>", "navigate <client url> -> <url>", "openWindow <url>") and
 * then made for real. The click itself is a trusted one from the daemon; the spy only tells
 * "focused" from "navigated" where headless Chromium shows no focus change to a page.
 */
async function spyOnClients(context: BrowserContext): Promise<() => Promise<Calls>> {
  const sw = context.serviceWorkers()[0];
  await sw.evaluate(() => {
    const g = self as unknown as { __calls: string[] };
    g.__calls = [];
    const wc = WindowClient.prototype;
    const focus = wc.focus;
    const navigate = wc.navigate;
    const openWindow = Clients.prototype.openWindow;
    wc.focus = function () {
      g.__calls.push(`focus ${this.url}`);
      return focus.call(this);
    };
    wc.navigate = function (url: string | URL) {
      g.__calls.push(`navigate ${this.url} -> ${url}`);
      return navigate.call(this, url);
    };
    Clients.prototype.openWindow = function (url: string | URL) {
      g.__calls.push(`openWindow ${url}`);
      return openWindow.call(this, url);
    };
  });
  return () => sw.evaluate(() => (self as unknown as { __calls: string[] }).__calls);
}

test('a tab already showing exactly the notification URL is focused; no tab is navigated and no page opens', async ({ ctx, server }) => {
  const push = await setUp(ctx, server);
  // Another tab of the site, more recently opened and in front: the one a "focus any tab of the
  // origin and navigate it" rule would pick.
  const other = await ctx.context.newPage();
  await other.goto(`${server.url}/test.html?other`);
  await other.bringToFront();
  const calls = await spyOnClients(ctx.context);
  await pushAndClick(ctx, server, push, 'exact', '/test.html');
  await expect.poll(calls).toEqual([`focus ${server.url}/test.html`]);
  await ctx.page.waitForTimeout(500); // a new page or a navigation would show up by now
  expect(urls(ctx.context)).toEqual([`${server.url}/test.html`, `${server.url}/test.html?other`]);
});

test('a tab of the site on another URL is focused and navigated to the notification URL; no page opens', async ({ ctx, server }) => {
  const push = await setUp(ctx, server);
  const calls = await spyOnClients(ctx.context);
  await pushAndClick(ctx, server, push, 'navigate', '/test.html?landing');
  await expect.poll(() => urls(ctx.context)).toEqual([`${server.url}/test.html?landing`]);
  expect(await calls()).toEqual([`focus ${server.url}/test.html`, `navigate ${server.url}/test.html -> ${server.url}/test.html?landing`]);
  await ctx.page.waitForTimeout(500);
  expect(ctx.context.pages()).toEqual([ctx.page]);
});

test('no tab of the site open: a new window opens at the notification URL', async ({ ctx, server }) => {
  const blank = await ctx.context.newPage(); // hosts the DevTools session once the site's tab is gone
  const push = await setUp(ctx, server, blank);
  const calls = await spyOnClients(ctx.context);
  await ctx.page.close();
  expect(urls(ctx.context)).toEqual(['about:blank']);
  const opened = ctx.context.waitForEvent('page');
  await pushAndClick(ctx, server, push, 'open', '/test.html?welcome');
  const page = await opened;
  await page.waitForURL(`${server.url}/test.html?welcome`);
  expect(urls(ctx.context)).toEqual(['about:blank', `${server.url}/test.html?welcome`]);
  expect(await calls()).toEqual([`openWindow ${server.url}/test.html?welcome`]);
});
