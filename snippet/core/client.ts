import { batchFormat, createSender, type Format } from './batcher';
import { loadIdentity, saveIdentity } from './identity';
import { openKV } from './kv';
import { openQueue } from './queue';
import { randomUUID } from './uuid';
import type { DeliveryConfig, Entry, Identity, WireRecord } from './types';

export interface ClientOptions {
  /** Where 'sent', 'dropped' and 'error' go (the page's emitter). */
  emit?: (type: string, detail: unknown) => void;
  /** Called once IndexedDB proved unusable: from then on the queue lives in this context's memory. */
  onMemory?: (e: unknown) => void;
  /** Called after a burst of records was written. */
  onQueued?: (n: number) => void;
  /** Called whenever this context changes the identity (the page mirrors it and tells other tabs). */
  onIdentity?: (who: Identity) => void;
  /** Called with each record as it is queued. */
  onEnqueue?: (e: Entry) => void;
  /** Called with the event_ids that left the queue (acknowledged or dropped). */
  onSettled?: (ids: string[]) => void;
}

/**
 * The core both the page SDK and the service worker run: identity, the durable queue with
 * coalesced writes, and the sender. Window- and worker-specific code sits around it.
 */
export function createClient(opts: ClientOptions = {}) {
  const kv = openKV(opts.onMemory);
  const queue = openQueue(opts.onMemory);
  const ctxId = randomUUID().slice(0, 8); // fully random: two clients on one page must never share chunk keys
  let config: DeliveryConfig | undefined;
  let format: Format | undefined;
  let who: Identity | undefined;
  let maxQueueSize = 10_000;
  let seq = 0;
  let lastT = 0;
  /** Records waiting for the next write, and the promises handed out for them. */
  let pending: Entry[] = [];
  let handed: Promise<string>[] = [];
  let written: Promise<unknown>;
  let done: (write: Promise<unknown>) => void;
  const settled = (ids: string[]) => ids.length && opts.onSettled?.(ids);
  const sender = createSender({ queue, kv, config: () => config, format: () => format, emit: opts.emit, identity: () => who, onSettled: settled });

  /** Writes the records queued since the last write, in one transaction. */
  async function commit() {
    const batch = pending;
    const promises = handed;
    const settle = done;
    pending = [];
    handed = [];
    const add = queue.add(batch, maxQueueSize);
    settle(add);
    try {
      const evicted = await add;
      if (evicted.length) {
        const ids = evicted.map((e) => e.rec.event_id);
        settled(ids);
        opts.emit?.('dropped', { reason: 'overflow', count: ids.length, event_ids: ids });
      }
      opts.onQueued?.(batch.length);
    } catch {
      promises.forEach((p) => p.catch(() => {})); // they reject too: never an unhandledrejection in the host page
    }
  }

  return {
    kv,
    queue,
    sender,
    get identity() {
      return who;
    },
    /** Sets delivery config, the queue bound and the wire format (contlo-v1's module once loaded). */
    configure(c: DeliveryConfig, max: number, fmt?: Format) {
      config = c;
      maxQueueSize = max;
      format = c.format === 'batch' ? batchFormat : fmt;
    },
    /**
     * Starts with `known` (the page's synchronous mirror) or a fresh anonymous_id so records can be
     * queued at once, then reconciles with the persisted identity, which wins if it differs.
     */
    async start(known?: Identity): Promise<Identity> {
      const initial = (who = known || who || { anonymous_id: randomUUID() });
      const stored = await loadIdentity(kv, initial);
      // Adopt the stored identity unless identify/reset already replaced ours meanwhile.
      if (who === initial && (!known || JSON.stringify(stored) !== JSON.stringify(known))) {
        who = stored;
        opts.onIdentity?.(stored);
      }
      return who!;
    },
    /**
     * Replaces the identity at once (later records carry it), persists it and tells other tabs;
     * `adopted`: another tab set it (already persisted), only take it.
     */
    setIdentity(next: Identity, adopted?: boolean): Promise<void> {
      who = next;
      return adopted ? Promise.resolve() : (opts.onIdentity?.(next), saveIdentity(kv, next));
    },
    /**
     * Queues a record (`t`: now, in ms): synchronous up to the in-memory hand-off; one IndexedDB
     * transaction per burst of calls. Resolves with the event_id once durably written.
     */
    enqueue(rec: WireRecord, t = Date.now()): Promise<string> {
      const entry: Entry = { key: [(lastT = Math.max(t, lastT)), seq++, ctxId], rec };
      opts.onEnqueue?.(entry);
      if (!pending.length) {
        written = new Promise((r) => (done = r));
        queueMicrotask(commit);
      }
      pending.push(entry);
      const p = written.then(() => rec.event_id);
      handed.push(p);
      return p;
    },
  };
}

/** The core client's shape. */
export type Client = ReturnType<typeof createClient>;
