// One SDK's page in a fresh browser context, with its own collector: opens the bench page,
// notices renderer crashes, and counts every request that went anywhere but the site or the
// collector (Chromium resolves no other host and sends IP literals to a dead proxy, so none leaves the machine).
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { startCollector, type Collector } from './collector';
import type { Peer } from './peers';
import { within } from './probe';
import type { Site } from './site';

/** A context, its collector and what went wrong so far. */
export interface Session {
  peer: Peer;
  tag: string;
  context: BrowserContext;
  collector: Collector;
  url: string;
  /** Set when a page of this session crashed. */
  crashed: boolean;
  /** Requests to hosts other than the site and the collector. */
  external: string[];
  /** Opens the bench page in a new tab and waits until the SDK is ready; false if it never was. */
  open(readyMs: number): Promise<{ page: Page; ready: boolean }>;
  /** Non-delivery requests: the collector's 404s and the external ones. */
  blocked(): string[];
  close(): Promise<void>;
}

/** Starts a session for one phase of one SDK. */
export async function startSession(browser: Browser, site: Site, peer: Peer, tag: string): Promise<Session> {
  const collector = await startCollector(peer, tag);
  const context = await browser.newContext();
  const q = new URLSearchParams({ peer: peer.id, endpoint: collector.origin, tag });
  const s: Session = {
    peer,
    tag,
    context,
    collector,
    url: `${site.origin}/p/${peer.id}?${q}`,
    crashed: false,
    external: [],
    async open(readyMs) {
      const page = await context.newPage();
      page.on('crash', () => (s.crashed = true));
      const loaded = await within(page.goto(s.url, { waitUntil: 'load', timeout: readyMs }), readyMs);
      if (!loaded) return { page, ready: false };
      const ready = await within(page.evaluate(() => window.__bench.ready()), readyMs);
      return { page, ready: ready === true };
    },
    blocked: () => [...collector.tally.blocked, ...s.external],
    async close() {
      await within(context.close(), 10_000);
      await collector.close();
    },
  };
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(site.origin + '/') && !u.startsWith(collector.origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) s.external.push(`${r.method()} ${u.slice(0, 120)}`);
  });
  return s;
}
