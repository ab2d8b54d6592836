import { post, type Outcome } from './transport';
import { uuid } from './uuid';
import type { DeliveryConfig, DropInfo, Entry, Identity, WireRecord } from './types';
import type { Queue } from './queue';
import type { KV } from './kv';


/** Records older than this are dropped as expired. */
export const MAX_AGE_MS = 7 * 24 * 3600_000;
/** Upper bound of one request body. */
export const MAX_BATCH_BYTES = 256 * 1024;

/** The result of one flush attempt. */
export interface FlushResult {
  drained: boolean;
  sent: number;
  /** Why it stopped early: 'busy' (another tab sends), 'backoff', 'paused', or the last failure. */
  reason?: string;
  retryIn?: number;
}

export interface SenderDeps {
  queue: Queue;
  /** Holds the in-doubt list (key 'doubt'). */
  kv: KV;
  config: () => DeliveryConfig | undefined;
  /** Reports 'sent', 'dropped' and 'error' (the page's listeners; the worker has none). */
  emit?: (type: string, detail: unknown) => void;
  /** The wire format; undefined while it is still loading. */
  format: () => Format | undefined;
  /** Current identity, for contlo-v1 records that still lack an email or phone. */
  identity: () => Identity | undefined;
  /** Called with the event_ids the server acknowledged (or that were dropped). */
  onSettled?: (ids: string[]) => void;
}

/** One HTTP request of the wire format. */
export interface Req {
  url: string;
  body: string;
  headers?: Record<string, string>;
}

/** A wire format: how records become requests, and which queued records may go now. */
export interface Format {
  request(cfg: DeliveryConfig, entries: Entry[]): Req;
  /** From the oldest live entries, those to send next, in order (empty: they must wait). */
  pick(live: Entry[], who: Identity | undefined): Entry[];
  /** The request asking which of these event_ids the server already stored (formats whose server can tell). */
  known?(cfg: DeliveryConfig, ids: string[]): Req;
}

/** An entry's record as JSON, serialized once (measuring a batch and sending it share it). */
const json = (e: Entry): string => (e.json ??= JSON.stringify(e.rec));

/** The batch format: POST {endpoint}/v1/track/batch, up to batchSize records and 256 KB. */
export const batchFormat: Format = {
  request(cfg, entries) {
    const head = JSON.stringify({ api_key: cfg.apiKey, batch_id: uuid(), sent_at: Date.now() }).slice(0, -1);
    return { url: `${cfg.endpoint}/v1/track/batch`, body: `${head},"batch":[${entries.map(json).join(',')}]}` };
  },
  pick(live) {
    let bytes = 200;
    let n = 0;
    while (n < live.length && (bytes += json(live[n]).length + 1) <= MAX_BATCH_BYTES) n++;
    return live.slice(0, n || 1);
  },
  known: (cfg, ids) => ({ url: `${cfg.endpoint}/v1/track/known`, body: JSON.stringify({ api_key: cfg.apiKey, event_ids: ids }) }),
};

/**
 * Updates the in-doubt list in `kv`: event_ids that may have reached the server though no context
 * saw its answer. Adds `add` and takes out one occurrence of each id in `drop` (a list of marks,
 * so another context's mark of the same id stays), showing the old list to `seen`.
 */
export const addDoubt = (kv: KV, add: string[], drop: string[] = [], seen?: (old: string[]) => void) =>
  kv.update<string[]>('doubt', (was) => {
    const old = Array.isArray(was) ? was : []; // a damaged value must not abort the transaction
    seen?.(old);
    const n = new Map<string, number>();
    drop.forEach((id) => n.set(id, (n.get(id) || 0) + 1));
    return [...old.filter((id) => !(n.get(id)! > 0 && n.set(id, n.get(id)! - 1))), ...add].slice(-10_000);
  });

/**
 * The delivery loop shared by pages and the service worker: reads the oldest records,
 * sends them, and deletes them only once acknowledged. One context at a time holds the
 * `contlo-send` Web Lock; failures back off exponentially with full jitter.
 */
export function createSender(d: SenderDeps) {
  let attempt = 0;
  let backoffUntil = 0;
  let paused = '';
  /** The records of this context's current read: in a request now or about to be. */
  let sending: Entry[] = [];
  /** The last request got no answer, or a 5xx/429/408 one: the server may have stored it. */
  let unsure = false;
  /** The in-doubt marks this drain's current read owns: its own, and the earlier ones it asked about. */
  let marked: string[] = [];

  /** Removes acknowledged or dropped entries; reports them as `type` ('sent' or 'dropped'). */
  const settle = async (entries: Entry[], type: string, info?: Omit<DropInfo, 'count' | 'event_ids'>) => {
    if (!entries.length) return;
    await d.queue.remove(entries);
    const ids = entries.map((e) => e.rec.event_id);
    d.onSettled?.(ids);
    d.emit?.(type, { ...info, count: ids.length, event_ids: ids });
  };

  /** Sends entries; on 413/400 splits in halves down to single records. False when delivery must pause. */
  async function send(cfg: DeliveryConfig, fmt: Format, entries: Entry[]): Promise<number | false> {
    const { url, body, headers } = fmt.request(cfg, entries);
    const out: Outcome = await post(url, body, headers);
    unsure = !out.ok && out.action === 'retry';
    if (out.ok) {
      attempt = 0;
      const rejected = out.body.rejected || [];
      const bad = new Map(rejected.map((r) => [r.event_id, r.error]));
      const good = entries.filter((e) => !bad.has(e.rec.event_id));
      const rej = entries.filter((e) => bad.has(e.rec.event_id));
      await settle(good, 'sent');
      await settle(rej, 'dropped', { reason: 'rejected', errors: rej.map((e) => bad.get(e.rec.event_id)!) });
      return good.length;
    }
    if (out.action === 'split' && entries.length > 1) {
      const half = Math.ceil(entries.length / 2);
      const a = await send(cfg, fmt, entries.slice(0, half));
      if (a === false) return false;
      const b = await send(cfg, fmt, entries.slice(half));
      return b === false ? false : a + b;
    }
    if (out.action === 'split' || out.action === 'drop') {
      await settle(entries, 'dropped', { reason: out.reason.startsWith('HTTP 413') ? 'too_large' : 'invalid', errors: [out.reason] });
      return 0;
    }
    d.emit?.('error', { message: out.reason, action: out.action });
    if (out.action === 'pause') {
      paused = out.reason;
      return false;
    }
    return backoff(out.after);
  }

  /** Waits before the next attempt: exponential, full jitter, at least `after` ms. */
  function backoff(after = 0): false {
    const jitter = Math.random() * Math.min(60_000, 1000 * 2 ** attempt++);
    backoffUntil = Date.now() + Math.max(after, jitter);
    return false;
  }

  /**
   * The next batch (undefined: queue empty; false: back off), expired records dropped on the way. Reads several
   * batches' worth at once into `ahead` (one IndexedDB read per few requests, not per request).
   */
  async function nextBatch(cfg: DeliveryConfig, fmt: Format, ahead: Entry[]): Promise<Entry[] | false | undefined> {
    if (!ahead.length) {
      let entries = await d.queue.peek(cfg.batchSize * 4);
      if (!entries.length) return;
      const now = Date.now();
      const old = (e: Entry) => now - e.key[0] > MAX_AGE_MS;
      await settle(entries.filter(old), 'dropped', { reason: 'expired' });
      entries = entries.filter((e) => !old(e));
      const rest = fmt.known ? await notKnown(cfg, fmt.known, entries) : entries;
      if (!rest) return false;
      ahead.push(...rest);
      sending = ahead.slice();
      if (!ahead.length) return nextBatch(cfg, fmt, ahead);
    }
    const batch = fmt.pick(ahead.slice(0, cfg.batchSize), d.identity());
    ahead.splice(0, ahead.length, ...ahead.filter((e) => !batch.includes(e)));
    return batch;
  }
  /**
   * Marks `entries` as in doubt before they are sent (so a context that dies mid-request leaves a
   * trace), and first asks the server about those an earlier sender left in doubt: the ones it
   * already stored are settled as sent instead of being sent again. Returns the rest (false: the
   * server could not be asked now).
   */
  async function notKnown(cfg: DeliveryConfig, known: NonNullable<Format['known']>, entries: Entry[]): Promise<Entry[] | false> {
    const id = (e: Entry) => e.rec.event_id;
    const ids = entries.map(id);
    const here = new Set(ids);
    let ask: string[] = [];
    // The marks of this drain's previous read are all answered (a read comes once they are sent).
    await addDoubt(d.kv, ids, marked, (old) => (ask = old.filter((x) => here.has(x))));
    marked = [...ids, ...ask];
    const stored: string[] = [];
    const uniq = [...new Set(ask)];
    for (let i = 0; i < uniq.length; i += 1000) {
      const q = known(cfg, uniq.slice(i, i + 1000));
      const out = await post(q.url, q.body);
      // No answer or a 5xx/429: ask again later rather than risk a second copy (and keep every mark).
      // A server that cannot tell (404, 400) gets the records again and de-duplicates them itself.
      if (!out.ok && out.action === 'retry') return (unsure = true), backoff(out.after);
      if (out.ok && Array.isArray(out.body.known)) stored.push(...out.body.known); // anything else: not known
    }
    unsure = false; // every mark on this read is resolved now
    const has = (e: Entry) => stored.includes(id(e));
    await settle(entries.filter(has), 'sent');
    return entries.filter((e) => !has(e));
  }

  async function drain(): Promise<FlushResult> {
    let sent = 0;
    const ahead: Entry[] = [];
    marked = [];
    const stop = async (reason?: string): Promise<FlushResult> => {
      // What this drain sent is not in doubt unless its last request went unanswered.
      sending = [];
      if (marked.length && !unsure) await addDoubt(d.kv, [], marked);
      const retryIn = backoffUntil - Date.now();
      return { drained: !reason, sent, reason, retryIn: retryIn > 0 ? retryIn : undefined };
    };
    for (;;) {
      const cfg = d.config();
      const fmt = d.format();
      if (!cfg || !fmt) return stop('not initialised');
      if (paused) return stop(paused);
      if (backoffUntil > Date.now()) return stop('backoff');
      const batch = await nextBatch(cfg, fmt, ahead);
      if (batch === false) return stop('backoff');
      if (!batch) return stop();
      if (!batch.length) return stop('no email or phone yet');
      const n = await send(cfg, fmt, batch);
      if (n === false) return stop(paused || 'backoff');
      sent += n;
    }
  }

  return {
    /** The records of the read in flight (the page's send on hide leaves them to this sender). */
    get sending() {
      return sending;
    },
    /** Drains the queue under the cross-tab lock; `wait` queues behind another holder instead of skipping. */
    flush(wait = false): Promise<FlushResult> {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      if (!locks) return drain();
      // request() resolves with the callback's settled value; the DOM typings nest the promise.
      return locks.request('contlo-send', { ifAvailable: !wait }, (lock) =>
        lock ? drain() : { drained: false, sent: 0, reason: 'busy' },
      ) as Promise<unknown> as Promise<FlushResult>;
    },
    /** Ends the current backoff (the network came back); a 401/403 pause stays. */
    resume() {
      backoffUntil = 0;
      attempt = 0;
    },
  };
}
