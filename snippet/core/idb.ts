import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';

/** Runs `fn` on one object store in one transaction; resolves with its result once the transaction committed. */
export type Run = <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => () => T) => Promise<T>;

/**
 * Opens (lazily) the database `db` with its single object store, through idb-keyval.
 * A failed transaction reopens the connection once and retries before the error surfaces
 * (WebKit's "Connection to Indexed Database server lost").
 */
export function idbRunner(db: string, store = 'q'): Run {
  let use: UseStore | undefined;
  return async function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => () => T): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        use ||= createStore(db, store);
        return await use(mode, (s) => {
          const result = fn(s);
          return promisifyRequest(s.transaction).then(result);
        });
      } catch (e) {
        use = undefined;
        if (attempt) throw e;
      }
    }
  };
}

/** Resolves a request's result into a slot read after the transaction commits. */
export function req<T>(r: IDBRequest<T>): () => T {
  return () => r.result;
}
