import { addDoubt, batchFormat } from './core/batcher';
import { post } from './core/transport';
import { nav } from './context';
import type { Client } from './core/client';
import type { DeliveryConfig, Entry, Identity } from './core/types';

/** How many of its own unacknowledged records a tab remembers for the send on page hide. */
const MINE_MAX = 500;

/**
 * Links this tab to the others (BroadcastChannel 'contlo'): identity changes and acknowledged
 * event_ids travel between tabs, and the worker's drops arrive here; the tab's own unacknowledged
 * records are kept for the send on hide.
 */
export function linkTabs(getClient: () => Client | undefined, emit: (type: string, detail: unknown) => void) {
  const mine = new Map<string, Entry>();
  /** Of those, the records whose IndexedDB write has not committed yet, oldest first. */
  const unstored: Entry[] = [];
  const bc = typeof BroadcastChannel === 'function' ? new BroadcastChannel('contlo') : undefined;
  const forget = (ids: string[]) => ids.forEach((id) => mine.delete(id));
  bc?.addEventListener('message', ({ data }: MessageEvent) => {
    if (data?.acked) forget(data.acked);
    if (data?.sw) emit(data.sw[0], data.sw[1]); // the service worker's sent / dropped / error
    if (data?.identity) {
      getClient()?.setIdentity(data.identity, true);
      mirror.write(data.identity);
    }
  });
  return {
    mine,
    unstored,
    onEnqueue(e: Entry) {
      unstored.push(e);
      mine.set(e.rec.event_id, e);
      if (mine.size > MINE_MAX) mine.delete(mine.keys().next().value!);
    },
    onSettled(ids: string[]) {
      forget(ids);
      bc?.postMessage({ acked: ids });
    },
    onIdentity(who: Identity) {
      mirror.write(who);
      bc?.postMessage({ identity: who });
    },
  };
}

const DOUBT_KEY = 'contlo_doubt';

/** Rewrites the localStorage in-doubt list with `fn`; returns what it held. */
function hideDoubt(fn: (ids: string[]) => string[]): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(DOUBT_KEY)!); // missing: null
    const ids: string[] = Array.isArray(v) ? v : [];
    const next = fn(ids); // only ever adds or takes out: the same length means no change, and no write
    if (next.length != ids.length) localStorage.setItem(DOUBT_KEY, JSON.stringify(next.slice(-2000)));
    return ids;
  } catch {
    return []; // storage blocked or corrupt: such records are re-sent and the server de-duplicates them
  }
}

/**
 * Moves the event_ids pages sent on hide without seeing the answer (localStorage: written at once,
 * even as a page goes) into the sender's in-doubt list, so they are asked about before being sent
 * again.
 */
export function adoptDoubt(c: Client): Promise<unknown> {
  const ids = hideDoubt(() => []);
  return ids.length ? addDoubt(c.kv, ids) : Promise.resolve();
}

/** A localStorage copy of the identity, read once at init so the SDK can start synchronously. */
export const mirror = {
  read(): Identity | undefined {
    try {
      const v = JSON.parse(localStorage.getItem('contlo_id')!); // missing: null
      return v && typeof v.anonymous_id === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  },
  write(who: Identity): void {
    try {
      localStorage.setItem('contlo_id', JSON.stringify(who));
    } catch {
      /* storage blocked: IndexedDB remains the source of truth */
    }
  },
};

/**
 * Window-only flush triggers: a timer every `interval` ms while anything is queued, at once when
 * a batch fills, on `online`, on load, and a keepalive send when the page is hidden.
 */
export function watchPage(c: Client, cfg: DeliveryConfig, tabs: ReturnType<typeof linkTabs>, interval: number, batchSize: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sinceFlush = 0;
  let running = false;

  const schedule = (ms: number) => {
    if (timer === undefined) timer = setTimeout(tick, ms);
  };
  async function tick() {
    timer = undefined;
    if (running) return;
    running = true;
    sinceFlush = 0;
    try {
      const r = await c.sender.flush(false);
      if (!r.drained) schedule(Math.max(interval, r.retryIn || 0)); // 'not initialised' too: the contlo-v1 module may still be loading
    } catch {
      schedule(interval);
    } finally {
      running = false;
    }
  }
  // Leaving for another page of this site (Navigation API, where supported): that page's SDK sends
  // what is queued, so a keepalive send now would only make the server see it twice. Only records
  // whose IndexedDB write may not finish before the page goes are sent.
  let leaving = false;
  nav?.addEventListener('navigate', (e) => {
    const d = (e as Event & { destination: { url: string; sameDocument: boolean } }).destination;
    leaving = !d.sameDocument && new URL(d.url).origin === location.origin;
  });
  nav?.addEventListener('navigateerror', () => (leaving = false));
  addEventListener('pageshow', () => (leaving = false)); // back from the back/forward cache
  const hide = () => {
    sendOnHide(c, cfg, tabs, leaving);
  };
  addEventListener('pagehide', hide);
  addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && hide());
  // Another tab sent on hide: its records must be asked about before this tab sends them again.
  addEventListener('storage', (e: StorageEvent) => e.key === DOUBT_KEY && e.newValue && adoptDoubt(c));
  addEventListener('online', () => {
    c.sender.resume();
    clearTimeout(timer);
    timer = undefined;
    tick();
  });
  return {
    /** Called after records were written. */
    queued(n: number) {
      tabs.unstored.splice(0, n); // writes commit in the order records were queued
      sinceFlush += n;
      if (sinceFlush >= batchSize && !running) {
        clearTimeout(timer);
        timer = undefined;
        tick();
      } else schedule(interval);
    },
    /** First flush after init: sends what earlier visits left. */
    kick: () => adoptDoubt(c).then(tick),
  };
}

/** event_ids sent by sendOnHide and not answered yet (a second hide must not send them again). */
const hideSent = new Set<string>();
/** All in-flight keepalive bodies of a page share one 64 KiB budget; these sends keep under 60 KB. */
const KEEPALIVE_BUDGET = 60_000;
let keepaliveBytes = 0;

/**
 * When the page is going away: sends this tab's unacknowledged records with keepalive, in bodies
 * of at most 30 KB and within the page's keepalive budget, leaving out the sender's current read.
 * They stay queued until acknowledged; if the answer never arrives, they are in doubt, and the
 * next sender asks the server about them before sending them again.
 */
export function sendOnHide(c: Client, cfg: DeliveryConfig, tabs: ReturnType<typeof linkTabs>, unstoredOnly?: boolean): number {
  if (cfg.format !== 'batch') return 0;
  const busy = new Set([...hideSent, ...c.sender.sending.map((e) => e.rec.event_id)]);
  const left = (unstoredOnly ? tabs.unstored : [...tabs.mine.values()]).filter((e) => !busy.has(e.rec.event_id));
  let sent = 0;
  while (left.length) {
    const chunk = left.splice(0, 40);
    let req = batchFormat.request(cfg, chunk);
    let bytes: number;
    while ((bytes = new Blob([req.body]).size) > 30_000 && chunk.length > 1) {
      left.unshift(...chunk.splice(chunk.length >> 1));
      req = batchFormat.request(cfg, chunk);
    }
    if (bytes > 30_000) continue;
    if (keepaliveBytes + bytes > KEEPALIVE_BUDGET) break;
    keepaliveBytes += bytes;
    const ids = chunk.map((e) => e.rec.event_id);
    ids.forEach((id) => hideSent.add(id));
    // In doubt until answered: in localStorage for a page that goes away (an IndexedDB write started
    // now may never commit), and in IndexedDB for the worker and for this tab if it lives on.
    hideDoubt((old) => [...old, ...ids]);
    const marked = addDoubt(c.kv, ids);
    sent += chunk.length;
    post(req.url, req.body, {}, true).then((out) => {
      keepaliveBytes -= bytes;
      ids.forEach((id) => hideSent.delete(id));
      if (!out.ok) return;
      const done = new Set(ids);
      hideDoubt((old) => old.filter((id) => !done.has(id)));
      c.queue.remove(chunk).then(() => tabs.onSettled(ids));
      marked.then(() => addDoubt(c.kv, [], ids));
    });
  }
  return sent;
}
