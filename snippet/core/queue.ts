import { openTx } from './idb';
import type { Entry, QueueKey, WireRecord } from './types';

/** The durable FIFO of records waiting for delivery, shared by every tab and the service worker. */
export interface Queue {
  /** Writes records in one transaction; past `max`, the oldest are removed and returned. */
  add(entries: Entry[], max: number): Promise<Entry[]>;
  /** The oldest `n` entries, in queue order. */
  peek(n: number): Promise<Entry[]>;
  /** Removes these entries (after the server acknowledged them, or when dropped). */
  remove(entries: Entry[]): Promise<void>;
}

/**
 * Records per stored value. A burst is written as a few arrays of records rather than one value
 * per record: IndexedDB's cost is per request, so 10,000 records take 100 puts, not 10,000.
 */
export const CHUNK = 100;
/** Key of the record counter; strings sort before the array keys of the chunks. */
const COUNT = 'n';
const ids = (entries: Entry[]) => new Set(entries.map((e) => e.rec.event_id));

/** An in-memory queue with the same behaviour, used when IndexedDB is unavailable (only this context adds, in order). */
function memoryOps() {
  let items: Entry[] = [];
  return {
    add(entries: Entry[], max: number): Entry[] {
      items.push(...entries);
      return items.splice(0, Math.max(0, items.length - max));
    },
    peek: (n: number) => items.slice(0, n),
    remove(entries: Entry[]) {
      const gone = ids(entries);
      items = items.filter((e) => !gone.has(e.rec.event_id));
    },
  };
}

/**
 * Walks the chunks oldest first, calling `visit` with each chunk's key and records until it
 * returns true.
 */
function eachChunk(s: IDBObjectStore, visit: (key: QueueKey, recs: WireRecord[], c: IDBCursorWithValue) => boolean | void): void {
  const cur = s.openCursor(IDBKeyRange.lowerBound([]));
  cur.onsuccess = () => {
    const c = cur.result;
    if (c && !visit(c.primaryKey as QueueKey, c.value, c)) c.continue();
  };
}

/**
 * Opens the queue database `contlo-queue`: one object store of chunks (arrays of records) keyed
 * [enqueue time, sequence, context id], so every tab and the worker share one FIFO, plus a record
 * counter. If IndexedDB is missing or fails even after one reopen, the queue lives in memory.
 * An entry's `key` is the key of the chunk holding it.
 */
export function openQueue(onFallback: (e: unknown) => void = () => {}): Queue {
  const mem = memoryOps();
  const tx = openTx('contlo-queue', 'q', onFallback);
  return {
    add: (entries, max) =>
      tx(
        'readwrite',
        (s) => {
          for (let i = 0; i < entries.length; i += CHUNK) {
            const part = entries.slice(i, i + CHUNK);
            part.forEach((e) => (e.key = part[0].key));
            s.put(part.map((e) => e.rec), part[0].key);
          }
          const evicted: Entry[] = [];
          const count = s.get(COUNT);
          count.onsuccess = () => {
            const total = (count.result || 0) + entries.length;
            let over = total - max;
            s.put(Math.min(total, max), COUNT);
            if (over > 0)
              eachChunk(s, (key, recs, c) => {
                const out = recs.slice(0, over);
                evicted.push(...out.map((rec) => ({ key, rec })));
                over -= out.length;
                if (out.length === recs.length) c.delete();
                else c.update(recs.slice(out.length));
                return over <= 0;
              });
          };
          return () => evicted;
        },
        () => mem.add(entries, max),
      ),
    peek: (n) =>
      tx(
        'readonly',
        (s) => {
          const out: Entry[] = [];
          eachChunk(s, (key, recs) => {
            for (const rec of recs) if (out.length < n) out.push({ key, rec });
            return out.length >= n;
          });
          return () => out;
        },
        () => mem.peek(n),
      ),
    remove: (entries) =>
      tx(
        'readwrite',
        (s) => {
          const gone = ids(entries);
          const chunks = new Map(entries.map((e) => [String(e.key), e.key]));
          let removed = 0;
          for (const key of chunks.values()) {
            const r = s.get(key);
            r.onsuccess = () => {
              const recs: WireRecord[] | undefined = r.result;
              if (!recs) return;
              const left = recs.filter((rec) => !gone.has(rec.event_id));
              removed += recs.length - left.length;
              if (left.length) s.put(left, key);
              else s.delete(key);
            };
          }
          // Requested after every chunk read above, so its success comes after theirs.
          const count = s.get(COUNT);
          count.onsuccess = () => s.put(Math.max(0, (count.result || 0) - removed), COUNT);
          return () => undefined;
        },
        () => mem.remove(entries),
      ),
  };
}
