// Reads a page from outside through the DevTools protocol, so the measuring costs the SDK's
// page as little as possible: the renderer main thread's total task time, and what the SDK
// keeps in localStorage.
import type { CDPSession, Page } from '@playwright/test';
import { findMarks } from './marks';

/** Resolves with the value, or undefined once `ms` passed (the page may be frozen or gone). */
export function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)));
  return Promise.race([p.catch(() => undefined), late]).finally(() => clearTimeout(timer));
}

/** A DevTools session on one page. */
export interface Probe {
  /** Total main-thread task time of the page's renderer so far, in ms (undefined if it did not answer). */
  taskMs(): Promise<number | undefined>;
  /** Indices of the benchmark events tagged `tag` now in localStorage keys matching `keys`. */
  stored(origin: string, keys: RegExp, tag: string): Promise<number[] | undefined>;
}

/** Opens a probe on `page`. */
export async function openProbe(page: Page): Promise<Probe> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    async taskMs() {
      const r = await within(cdp.send('Performance.getMetrics'), 5000);
      const m = r?.metrics.find((x) => x.name === 'TaskDuration');
      return m ? m.value * 1000 : undefined;
    },
    async stored(origin, keys, tag) {
      const r = await within(cdp.send('DOMStorage.getDOMStorageItems', { storageId: { securityOrigin: origin, isLocalStorage: true } }), 2000);
      if (!r) return undefined;
      const found = new Set<number>();
      for (const [k, v] of r.entries) if (k !== undefined && v !== undefined && keys.test(k)) findMarks(v, (t, i) => t === tag && found.add(i));
      return [...found];
    },
  };
}
