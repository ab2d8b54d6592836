// The page on one origin, the Track API on another: delivery works with no CORS preflight.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { test, expect, events, requests, waitForEvents, openSite } from './fixtures';
import type { RunningServer } from '../demo-site/server/app';

declare const contlo: {
  track: (e: unknown, p?: unknown) => Promise<string>;
  flush: () => Promise<{ drained: boolean }>;
};

type Seen = { method: string; path: string; origin: string | undefined; type?: string };

/**
 * Records every HTTP request that reaches `server` (OPTIONS included, which the requests table
 * does not log), through Node's built-in 'http.server.request.start' channel; returns the list
 * and a function that stops recording.
 */
function watchServer(server: RunningServer): { seen: Seen[]; stop: () => void } {
  const seen: Seen[] = [];
  const onStart = (m: unknown) => {
    const req = (m as { request: IncomingMessage }).request;
    if (req.socket.localPort !== server.port) return;
    seen.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0], origin: req.headers.origin, type: req.headers['content-type'] });
  };
  subscribe('http.server.request.start', onStart);
  return { seen, stop: () => unsubscribe('http.server.request.start', onStart) };
}

/** The same server under another origin: the page is on 127.0.0.1, the API on localhost. */
const otherOrigin = (server: RunningServer) => `http://localhost:${server.port}`;

test('cross-origin endpoint: events stored exactly once, and the browser sent no preflight', async ({ page, server }) => {
  const watch = watchServer(server);
  try {
    const endpoint = otherOrigin(server);
    expect(new URL(endpoint).origin).not.toBe(new URL(server.url).origin);
    await openSite(page, server, { endpoint, batchSize: 10, flushInterval: 100 });
    const ids = await page.evaluate(async () => {
      const out = await Promise.all(Array.from({ length: 25 }, (_, i) => contlo.track('Cross-origin', { i })));
      await contlo.flush();
      return out;
    });
    const rows = await waitForEvents(server, 25);
    expect(rows.map((r) => r.event_id)).toEqual(ids);
    expect(rows.every((r) => r.copies === 1)).toBe(true);

    const api = watch.seen.filter((s) => s.path.startsWith('/v1/'));
    expect(api.length).toBeGreaterThanOrEqual(3);
    expect(api.filter((s) => s.method !== 'POST')).toEqual([]);
    // Each request really was cross-origin: the browser named the page's origin.
    expect(new Set(api.map((s) => s.origin))).toEqual(new Set([server.url]));
    // The body is a string, so fetch labels it text/plain (CORS-safelisted) without the SDK naming it.
    expect(new Set(api.map((s) => s.type))).toEqual(new Set(['text/plain;charset=UTF-8']));
    expect(new Set(requests(server).map((r) => r.status))).toEqual(new Set([200]));

    // The watch does see a preflight when the browser sends one (a JSON content type is not CORS-simple).
    const status = await page.evaluate(
      (url) => fetch(`${url}/v1/track/known`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"api_key":"pk_demo","event_ids":["probe"]}' }).then((r) => r.status),
      endpoint,
    );
    expect(status).toBe(200);
    expect(watch.seen.filter((s) => s.method === 'OPTIONS').map((s) => s.path)).toEqual(['/v1/track/known']);
  } finally {
    watch.stop();
  }
});

test('cross-origin endpoint: the keepalive send as the tab closes needs no preflight either', async ({ context, server }) => {
  const watch = watchServer(server);
  try {
    const page = await context.newPage();
    await openSite(page, server, { endpoint: otherOrigin(server), flushInterval: 60_000 });
    // Not awaited: the tab closes right after the calls, so the send on hide carries them.
    await page.evaluate(() => {
      for (let i = 0; i < 8; i++) contlo.track('Closing cross-origin', { i });
    });
    await page.close({ runBeforeUnload: false });
    const rows = await waitForEvents(server, 8);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(8);
    expect(rows.every((r) => r.copies === 1)).toBe(true);
    const api = watch.seen.filter((s) => s.path.startsWith('/v1/'));
    expect(api.length).toBeGreaterThan(0);
    expect(api.filter((s) => s.method !== 'POST')).toEqual([]);
    expect(new Set(api.map((s) => s.origin))).toEqual(new Set([server.url]));
    expect(events(server)).toHaveLength(8);
  } finally {
    watch.stop();
  }
});
