import { openTx, req } from './idb';
import type { Entry, QueueKey, WireRecord } from './types';

/** The durable FIFO of records waiting for delivery, shared by every tab and the service worker. */
export interface Queue {
  /** Writes records in one transaction; past `max`, the oldest are removed and returned. */
  add(entries: Entry[], max: number): Promise<Entry[]>;
  /** The oldest `n` entries, in queue order. */
  peek(n: number): Promise<Entry[]>;
  /** Removes entries by key (after the server acknowledged them). */
  remove(keys: QueueKey[]): Promise<void>;
  size(): Promise<number>;
  /** 'idb' while IndexedDB works, 'memory' after falling back. */
  readonly mode: 'idb' | 'memory';
}

const memCmp = (a: QueueKey, b: QueueKey) => a[0] - b[0] || a[1] - b[1] || +(a[2] > b[2]) - +(a[2] < b[2]);

/** An in-memory queue with the same behaviour, used when IndexedDB is unavailable. */
function memoryOps() {
  const items: Entry[] = [];
  return {
    add(entries: Entry[], max: number): Entry[] {
      items.push(...entries);
      items.sort((a, b) => memCmp(a.key, b.key));
      return items.splice(0, Math.max(0, items.length - max));
    },
    peek: (n: number) => items.slice(0, n),
    remove(keys: QueueKey[]) {
      for (const k of keys) {
        const i = items.findIndex((e) => !memCmp(e.key, k));
        if (i >= 0) items.splice(i, 1);
      }
    },
    size: () => items.length,
  };
}

/**
 * Opens the queue database `contlo-queue` (one object store, keys [time, seq, context]).
 * If IndexedDB is missing or fails even after one reopen, the queue switches to memory,
 * carrying over the write that failed, and calls `onFallback`.
 */
export function openQueue(onFallback: (e: unknown) => void = () => {}): Queue {
  const mem = memoryOps();
  const { tx, idb } = openTx('contlo-queue', 'q', onFallback);
  return {
    get mode() {
      return idb() ? 'idb' : 'memory';
    },
    add: (entries, max) =>
      tx(
        'readwrite',
        (s) => {
          for (const e of entries) s.put(e.rec, e.key);
          let evicted: Entry[] = [];
          const count = s.count();
          count.onsuccess = () => {
            const over = count.result - max;
            if (over <= 0) return;
            const ks = s.getAllKeys(null, over);
            const vs = s.getAll(null, over);
            vs.onsuccess = () => {
              evicted = vs.result.map((rec: WireRecord, i) => ({ key: ks.result[i] as QueueKey, rec }));
              for (const e of evicted) s.delete(e.key);
            };
          };
          return () => evicted;
        },
        () => mem.add(entries, max),
      ),
    peek: (n) =>
      tx(
        'readonly',
        (s) => {
          const ks = req(s.getAllKeys(null, n));
          const vs = req(s.getAll(null, n));
          return () => vs().map((rec: WireRecord, i) => ({ key: ks()[i] as QueueKey, rec }));
        },
        () => mem.peek(n),
      ),
    remove: (keys) => tx('readwrite', (s) => (keys.forEach((k) => s.delete(k)), () => undefined), () => mem.remove(keys)),
    size: () => tx('readonly', (s) => req(s.count()), () => mem.size()),
  };
}
