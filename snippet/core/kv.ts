import { openTx, req } from './idb';

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
  const tx = openTx('contlo-kv', 'kv', onFallback);
  return {
    get: <T>(key: string) => tx('readonly', (s) => req(s.get(key)) as () => T | undefined, () => mem.get(key) as T | undefined),
    set: (key, value) => tx('readwrite', (s) => (s.put(value, key), () => undefined), () => void mem.set(key, value)),
    update<T>(key: string, fn: (old: T | undefined) => T) {
      let next: T;
      return tx<T>(
        'readwrite',
        (s) => {
          const r = s.get(key);
          r.onsuccess = () => s.put((next = fn(r.result)), key);
          return () => next;
        },
        () => (mem.set(key, (next = fn(mem.get(key) as T | undefined))), next),
      );
    },
  };
}
