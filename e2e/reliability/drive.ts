// Page-side drivers: bursts of track / identify / charged calls whose resolved event_ids are
// reported to the ledger as they resolve (window.__relTold), chunk by chunk.
import type { BrowserContext, Page } from '@playwright/test';

/** One burst of calls in a page. */
export interface Burst {
  /** Tags every record (properties.tag) and names its transactions. */
  tag: string;
  count: number;
  /** Calls made together (one IndexedDB transaction), default 10. */
  chunk?: number;
  /** Pause between chunks in ms, default 0. */
  pauseMs?: number;
  /** Index of the first call (properties.i), default 0. */
  from?: number;
  /** Mix identify (every 100th, first included) and charged (every 20th) calls in, default true. */
  mix?: boolean;
}

/**
 * Makes `count` calls in the page, chunk by chunk, and resolves with the event_ids that resolved,
 * in call order. Each chunk's ids are reported to the ledger as soon as they resolve, so a scenario
 * that kills the page mid-burst still knows which calls were acknowledged as queued.
 */
export function burst(page: Page, b: Burst): Promise<string[]> {
  return page.evaluate(async (s) => {
    type Api = {
      track(e: string, p?: unknown): Promise<string>;
      identify(p: unknown): Promise<string>;
      charged(d: unknown): Promise<string>;
    };
    const w = window as unknown as { contlo: Api; __relTold(ids: string[]): Promise<void> };
    const call = (i: number): Promise<string> => {
      if (s.mix && i % 100 === 0) return w.contlo.identify({ email: `${s.tag}@example.com`, first_name: s.tag });
      if (s.mix && i % 20 === 10) {
        return w.contlo.charged({
          transaction_id: `${s.tag}-${i}`, transaction_value: 10 + i, currency: 'INR',
          product_ids: [`p-${i}`], variant_ids: [`v-${i}`], email: `${s.tag}@example.com`, tag: s.tag, i,
        });
      }
      return w.contlo.track('Viewed Product', { tag: s.tag, i, product_id: `p-${i % 40}` });
    };
    const ids: string[] = [];
    for (let i = s.from; i < s.from + s.count; i += s.chunk) {
      const calls: Promise<string>[] = [];
      for (let j = i; j < Math.min(s.from + s.count, i + s.chunk); j++) calls.push(call(j));
      const got = (await Promise.allSettled(calls)).flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      ids.push(...got);
      void w.__relTold(got);
      if (s.pauseMs) await new Promise((r) => setTimeout(r, s.pauseMs));
    }
    return ids;
  }, { tag: b.tag, count: b.count, chunk: b.chunk ?? 10, pauseMs: b.pauseMs ?? 0, from: b.from ?? 0, mix: b.mix ?? true });
}

/** Starts a burst without waiting for it (the page may be closed or killed under it); errors are ignored. */
export function burstInBackground(page: Page, b: Burst): Promise<string[]> {
  const p = burst(page, b);
  p.catch(() => {});
  return p;
}

/**
 * The event_ids in the shared IndexedDB queue (`contlo-queue`), read without the SDK: call it on a
 * page of the site that has not loaded the SDK (test.html before contlo.load), so nothing is sent.
 */
export function queuedIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('contlo-queue');
        let absent = false;
        // No queue yet: do not create an empty database the SDK would then find without its store.
        open.onupgradeneeded = () => {
          absent = true;
          open.transaction?.abort();
        };
        open.onerror = () => (absent ? resolve([]) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('q')) return (db.close(), resolve([]));
          const all = db.transaction('q').objectStore('q').getAll();
          all.onsuccess = () => {
            db.close();
            // A value is one record, or a chunk (array) of records; other values (a counter) are skipped.
            const recs = (all.result as unknown[]).flatMap((v) => (Array.isArray(v) ? v : [v])) as { event_id?: unknown }[];
            resolve(recs.flatMap((r) => (r && typeof r.event_id === 'string' ? [r.event_id] : [])));
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/** Opens the site's stub-only page in a new tab just long enough to read the queue's event_ids (nothing is sent). */
export async function leftInQueue(context: BrowserContext, siteUrl: string): Promise<string[]> {
  const page = await context.newPage();
  try {
    await page.goto(`${siteUrl}/test.html`);
    return await queuedIds(page);
  } finally {
    await page.close();
  }
}
