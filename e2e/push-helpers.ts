// Helpers for push tests: register the worker through the SDK, deliver pushes through the
// DevTools protocol (no push service is reachable here), and stub pushManager.subscribe.
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import type { RunningServer } from '../demo-site/server/app';
import { openSite, type InitOpts } from './fixtures';

/** A subscription as a test made it in Node (endpoint and keys). */
export interface FakeSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * Makes pushManager.subscribe/getSubscription answer with `sub` (kept across reloads in localStorage
 * `__fake_push_sub`, with the applicationServerKey it was made with as `key`: a byte array). Each
 * call is logged in localStorage `__fake_push_calls`: "subscribe <key bytes joined by ,>",
 * "unsubscribe <endpoint>". With localStorage `__fake_push_fail` set, the next subscribe fails;
 * with `__fake_push_slow` set, the next getSubscription answers 300 ms late. `__fake_push_gets`
 * counts getSubscription calls.
 */
export async function stubPushManager(context: BrowserContext, sub: FakeSubscription): Promise<void> {
  await context.addInitScript((s) => {
    const KEY = '__fake_push_sub';
    const log = (call: string) => localStorage.setItem('__fake_push_calls', JSON.stringify([...JSON.parse(localStorage.getItem('__fake_push_calls') || '[]'), call]));
    type Stored = FakeSubscription & { key?: number[] };
    const make = (json: Stored) => ({
      endpoint: json.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: json.key ? new Uint8Array(json.key).buffer : null },
      toJSON: () => ({ endpoint: json.endpoint, expirationTime: null, keys: json.keys }),
      getKey: () => null,
      unsubscribe: async () => {
        log(`unsubscribe ${json.endpoint}`);
        localStorage.removeItem(KEY);
        return true;
      },
    });
    PushManager.prototype.subscribe = async function (opts?: PushSubscriptionOptionsInit) {
      const k = opts?.applicationServerKey;
      const key = typeof k === 'string' || !k ? [] : [...new Uint8Array(ArrayBuffer.isView(k) ? k.buffer.slice(k.byteOffset, k.byteOffset + k.byteLength) : k)];
      log(`subscribe ${typeof k === 'string' ? `string ${k}` : key.join()}`);
      if (localStorage.getItem('__fake_push_fail')) {
        localStorage.removeItem('__fake_push_fail'); // fails once, as an unreachable push service does
        throw new DOMException('Registration failed - push service error', 'AbortError');
      }
      // `__fake_push_next` (a FakeSubscription), when set, is what this subscribe makes instead of `sub`.
      const next = localStorage.getItem('__fake_push_next');
      localStorage.removeItem('__fake_push_next');
      const stored: Stored = { ...(next ? JSON.parse(next) : s), key };
      localStorage.setItem(KEY, JSON.stringify(stored));
      return make(stored) as unknown as PushSubscription;
    };
    PushManager.prototype.getSubscription = async function () {
      localStorage.setItem('__fake_push_gets', String(Number(localStorage.getItem('__fake_push_gets')) + 1));
      const v = localStorage.getItem(KEY);
      // `__fake_push_slow`: this once, the answer (read now) arrives 300 ms later, as a slow browser's would.
      if (localStorage.getItem('__fake_push_slow')) {
        localStorage.removeItem('__fake_push_slow');
        await new Promise((r) => setTimeout(r, 300));
      }
      return (v ? make(JSON.parse(v)) : null) as unknown as PushSubscription | null;
    };
  }, sub);
}

/** The stub's log of subscribe/unsubscribe calls (see stubPushManager). */
export async function pushCalls(page: Page): Promise<string[]> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('__fake_push_calls') || '[]'));
}

/** A page with the SDK and its service worker registered and controlling the page. */
export async function openWithWorker(page: Page, server: RunningServer, opts: InitOpts = {}): Promise<void> {
  await page.context().grantPermissions(['notifications'], { origin: server.url });
  await openSite(page, server, { serviceWorker: '/contlo-sw.js', flushInterval: 200, ...opts });
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
}

/** A DevTools session that can deliver pushes to the site's worker and stop workers. */
export async function pushSession(page: Page, server: RunningServer): Promise<{ cdp: CDPSession; deliver(data: string): Promise<void>; stopWorkers(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  const regs = new Map<string, string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
    for (const r of e.registrations) if (!r.isDeleted) regs.set(r.scopeURL, r.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  const scope = `${server.url}/`;
  const deadline = Date.now() + 5000;
  while (!regs.has(scope) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const registrationId = regs.get(scope);
  if (!registrationId) throw new Error(`no service worker registration for ${scope}; saw ${[...regs.keys()].join(', ')}`);
  return {
    cdp,
    deliver: async (data) => {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId, data });
    },
    stopWorkers: async () => {
      await cdp.send('ServiceWorker.stopAllWorkers');
    },
  };
}

/** The notifications the site's worker currently shows (title, body, data). */
export function shownNotifications(page: Page): Promise<{ title: string; body: string; tag: string; data: Record<string, unknown>; actions: { action: string; title: string }[] }[]> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return (await reg.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      data: n.data,
      actions: ((n as unknown as { actions?: { action: string; title: string }[] }).actions || []).map((a) => ({ action: a.action, title: a.title })),
    }));
  });
}

/**
 * Records how each push event ended, from DevTools' Background Services log ("Push event
 * completed": 'Success', 'waitUntil Rejected', ...), in order: deliverPushMessage itself returns
 * before the worker ran. `cdp` is any page session of the browser context.
 */
export async function pushOutcomes(cdp: CDPSession): Promise<string[]> {
  const outcomes: string[] = [];
  cdp.on('BackgroundService.backgroundServiceEventReceived', ({ backgroundServiceEvent: e }) => {
    if (e.eventName === 'Push event completed') outcomes.push(e.eventMetadata.find((m) => m.key === 'Status')?.value ?? '?');
  });
  await cdp.send('BackgroundService.startObserving', { service: 'pushMessaging' });
  await cdp.send('BackgroundService.setRecording', { shouldRecord: true, service: 'pushMessaging' });
  return outcomes;
}

/**
 * Resolves once the SDK's check of the subscription on this load has finished: it called
 * getSubscription under the 'contlo-push' lock, and the lock is free again.
 */
export async function pushCheckDone(page: Page): Promise<void> {
  await page.waitForFunction(() => Number(localStorage.getItem('__fake_push_gets')) > 0);
  await page.evaluate(() => navigator.locks.request('contlo-push', () => undefined));
}
