import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';

/**
 * Runs `fn` on one object store in one transaction (its result read once the transaction
 * committed), or `memFn` once IndexedDB proved unusable.
 */
export type Tx = <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => () => T, memFn: () => T) => Promise<T>;

/**
 * Opens (lazily, through idb-keyval) database `db` with its single object store. A failed
 * transaction reopens the connection once and retries (WebKit's "Connection to Indexed Database
 * server lost"); if that fails too, or IndexedDB is missing, every later call runs `memFn`
 * instead and `onFallback` is told once.
 */
export function openTx(db: string, store: string, onFallback: (e: unknown) => void): Tx {
  let use: UseStore | undefined;
  let ok = typeof indexedDB !== 'undefined';
  if (!ok) onFallback('no IndexedDB');
  return async (mode, fn, memFn) => {
    for (let attempt = 0; ok; attempt++) {
      try {
        use ||= createStore(db, store);
        return await use(mode, (s) => {
          const result = fn(s);
          return promisifyRequest(s.transaction).then(result);
        });
      } catch (e) {
        use = undefined;
        if (attempt) {
          ok = false;
          onFallback(e);
        }
      }
    }
    return memFn();
  };
}

/** Reads a request's result once its transaction committed. */
export function req<T>(r: IDBRequest<T>): () => T {
  return () => r.result;
}
