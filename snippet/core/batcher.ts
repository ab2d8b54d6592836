import { post, type Outcome } from './transport';
import { uuid } from './uuid';
import type { DeliveryConfig, DropInfo, Entry, Identity, WireRecord } from './types';
import type { Queue } from './queue';


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
};

/**
 * The delivery loop shared by pages and the service worker: reads the oldest records,
 * sends them, and deletes them only once acknowledged. One context at a time holds the
 * `contlo-send` Web Lock; failures back off exponentially with full jitter.
 */
export function createSender(d: SenderDeps) {
  let attempt = 0;
  let backoffUntil = 0;
  let paused = '';
  /** event_ids of records currently in a request from this context. */
  let sending: Entry[] = [];

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
    sending = entries;
    const out: Outcome = await post(url, body, headers);
    sending = [];
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
    attempt++;
    const jitter = Math.random() * Math.min(60_000, 1000 * 2 ** attempt);
    backoffUntil = Date.now() + Math.max(out.after ?? 0, jitter);
    return false;
  }

  /**
   * The next batch (undefined: queue empty), expired records dropped on the way. Reads several
   * batches' worth at once into `ahead` (one IndexedDB read per few requests, not per request).
   */
  async function nextBatch(cfg: DeliveryConfig, fmt: Format, ahead: Entry[]): Promise<Entry[] | undefined> {
    if (!ahead.length) {
      const entries = await d.queue.peek(cfg.batchSize * 4);
      if (!entries.length) return;
      const now = Date.now();
      const old = (e: Entry) => now - e.key[0] > MAX_AGE_MS;
      await settle(entries.filter(old), 'dropped', { reason: 'expired' });
      ahead.push(...entries.filter((e) => !old(e)));
      if (!ahead.length) return nextBatch(cfg, fmt, ahead);
    }
    const batch = fmt.pick(ahead.slice(0, cfg.batchSize), d.identity());
    ahead.splice(0, ahead.length, ...ahead.filter((e) => !batch.includes(e)));
    return batch;
  }
  async function drain(): Promise<FlushResult> {
    let sent = 0;
    const ahead: Entry[] = [];
    const stop = (reason?: string): FlushResult => {
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
      if (!batch) return stop();
      if (!batch.length) return stop('no email or phone yet');
      const n = await send(cfg, fmt, batch);
      if (n === false) return stop(paused || 'backoff');
      sent += n;
    }
  }

  return {
    /** The entries of the request in flight now, if any. */
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
    /** Acknowledged elsewhere (keepalive on hide): remove these keys. */
    ack: (entries: Entry[]) => d.queue.remove(entries),
  };
}
