import { createEmitter, type Emitter } from './emitter';
import { batchFormat, createSender, type Format } from './batcher';
import { identityFields, loadIdentity, saveIdentity } from './identity';
import { openKV } from './kv';
import { openQueue } from './queue';
import { uuid } from './uuid';
import type { DeliveryConfig, Entry, Identity, WireRecord } from './types';

/** How many of its own unacknowledged records a context remembers for the send-on-hide path. */
const MINE_MAX = 500;

export interface ClientOptions {
  emitter?: Emitter;
  debug?: (...a: unknown[]) => void;
  /** Called after a burst of records was written. */
  onQueued?: (n: number) => void;
  /** Called whenever the identity changes (the page mirrors it for a synchronous start). */
  onIdentity?: (who: Identity) => void;
}

/**
 * The core both the page SDK and the service worker run: identity, the durable queue with
 * coalesced writes, and the sender. Window- and worker-specific code sits around it.
 */
export function createClient(opts: ClientOptions = {}) {
  const debug = opts.debug || (() => {});
  const fallback = (e: unknown) => debug('IndexedDB unavailable, keeping records in memory:', e);
  const emitter = opts.emitter || createEmitter();
  const kv = openKV(fallback);
  const queue = openQueue(fallback);
  const ctxId = uuid().slice(0, 8);
  const bc = typeof BroadcastChannel === 'function' ? new BroadcastChannel('contlo') : undefined;
  let config: DeliveryConfig | undefined;
  let format: Format | undefined;
  let who: Identity | undefined;
  let maxQueueSize = 10_000;
  let seq = 0;
  let lastT = 0;
  let pending: { entry: Entry; resolve: (id: string) => void; reject: (e: unknown) => void }[] = [];
  const mine = new Map<string, Entry>();

  const settled = (ids: string[], echo = true) => {
    for (const id of ids) mine.delete(id);
    if (echo && ids.length) bc?.postMessage({ acked: ids });
  };
  const sender = createSender({ queue, config: () => config, format: () => format, emitter, identity: () => who, onSettled: settled, debug });
  bc?.addEventListener('message', (m: MessageEvent) => {
    if (m.data?.acked) settled(m.data.acked, false);
    if (m.data?.identity) {
      who = m.data.identity;
      opts.onIdentity?.(who!);
    }
  });

  async function commit() {
    const batch = pending;
    pending = [];
    try {
      const evicted = await queue.add(batch.map((p) => p.entry), maxQueueSize);
      if (evicted.length) {
        const ids = evicted.map((e) => e.rec.event_id);
        settled(ids);
        debug('queue full, dropped the oldest', ids.length);
        emitter.emit('dropped', { reason: 'overflow', count: ids.length, event_ids: ids });
      }
      batch.forEach((p) => p.resolve(p.entry.rec.event_id));
      opts.onQueued?.(batch.length);
    } catch (e) {
      batch.forEach((p) => p.reject(e));
    }
  }

  return {
    emitter,
    kv,
    queue,
    sender,
    get identity() {
      return who;
    },
    get config() {
      return config;
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
      const initial = (who = known || who || { anonymous_id: uuid() });
      const stored = await loadIdentity(kv, initial);
      // Adopt the stored identity unless identify/reset already replaced ours meanwhile.
      if (who === initial && (!known || JSON.stringify(stored) !== JSON.stringify(known))) {
        who = stored;
        opts.onIdentity?.(stored);
      }
      return who!;
    },
    /** Replaces the identity at once (later records carry it), persists it and tells other tabs. */
    setIdentity(next: Identity): Promise<void> {
      who = next;
      opts.onIdentity?.(next);
      bc?.postMessage({ identity: next });
      return saveIdentity(kv, next);
    },
    /** Identity fields for a new record. */
    stamp: (): Identity => identityFields(who!),
    /**
     * Queues a record: synchronous up to the in-memory hand-off; one IndexedDB transaction
     * per burst of calls. Resolves with the event_id once durably written.
     */
    enqueue(rec: WireRecord): Promise<string> {
      const t = Math.max(Date.now(), lastT);
      lastT = t;
      const entry: Entry = { key: [t, seq++, ctxId], rec };
      mine.set(rec.event_id, entry);
      if (mine.size > MINE_MAX) mine.delete(mine.keys().next().value!);
      if (!pending.length) queueMicrotask(commit);
      return new Promise((resolve, reject) => pending.push({ entry, resolve, reject }));
    },
    /** This context's records not yet acknowledged nor in a request (for the send on page hide). */
    unacked: (): Entry[] => [...mine.values()].filter((e) => !sender.inFlight.has(e.rec.event_id)),
    /** Marks records acknowledged by a request made outside the sender. */
    settled,
  };
}

/** The core client's shape. */
export type Client = ReturnType<typeof createClient>;
