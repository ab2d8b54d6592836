import { idbRunner, req } from './idb';

/** A small persistent key-value store (identity, config) with an in-memory fallback. */
export interface KV {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /** Atomically reads and replaces a value. */
  update<T>(key: string, fn: (old: T | undefined) => T): Promise<T>;
}

/** Opens the shared key-value database `contlo-kv`, falling back to memory if IndexedDB fails. */
export function openKV(onFallback: (e: unknown) => void = () => {}): KV {
  const mem = new Map<string, unknown>();
  let run = typeof indexedDB === 'undefined' ? undefined : idbRunner('contlo-kv', 'kv');
  async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => () => T, memFn: () => T): Promise<T> {
    if (run) {
      try {
        return await run(mode, fn);
      } catch (e) {
        run = undefined;
        onFallback(e);
      }
    }
    return memFn();
  }
  const kv: KV = {
    get: <T>(key: string) => tx('readonly', (s) => req(s.get(key)) as () => T | undefined, () => mem.get(key) as T | undefined),
    set: (key, value) => tx('readwrite', (s) => (s.put(value, key), () => undefined), () => void mem.set(key, value)),
    update<T>(key: string, fn: (old: T | undefined) => T) {
      return tx<T>(
        'readwrite',
        (s) => {
          let next: T;
          const r = s.get(key);
          r.onsuccess = () => s.put((next = fn(r.result as T | undefined)), key);
          return () => next;
        },
        () => {
          const next = fn(mem.get(key) as T | undefined);
          mem.set(key, next);
          return next;
        },
      );
    },
  };
  return kv;
}
