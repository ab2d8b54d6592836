// The page harness (bench/tmp/harness.js), loaded before any SDK: watches long tasks, runs the
// burst as an ordinary task of the page, times each synchronous track() call, and reports.
// Reports leave through a worker's fetch to the site, so they reach the bench even when the SDK
// then holds the main thread for seconds (microtasks it queued run in the caller's task).
import type { Adapter, BurstResult, Harness, PageState } from './types';

const q = new URLSearchParams(location.search);
const cfg = { peer: q.get('peer') || '', endpoint: q.get('endpoint') || '', tag: q.get('tag') || '' };
const state: PageState = { longTasks: [] };
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
} catch {
  /* no long-task support: reported as none */
}

const reporter = new Worker('/report-worker.js');
const send = (kind: string, value: unknown) => reporter.postMessage(JSON.stringify({ key: `${cfg.tag}:${kind}`, value }));

let use!: (a: Adapter) => void;
const adapter = new Promise<Adapter>((r) => (use = r));
let current: Adapter | undefined;
adapter.then((a) => (current = a));

function need(): Adapter {
  if (!current) throw new Error('SDK not ready');
  return current;
}

/** The burst: n calls in one loop (cut once it ran budgetMs), then reports 'burst', 'free' and (ours) 'durable'. */
function burst(n: number, budgetMs: number): void {
  const a = need();
  const d = new Float64Array(n);
  const promises: unknown[] | undefined = a.durablePromise ? new Array(n) : undefined;
  let errors = 0;
  let calls = 0;
  const loopStart = performance.now();
  for (; calls < n; calls++) {
    const s = performance.now();
    try {
      const r = a.track(calls);
      if (promises) promises[calls] = r;
    } catch {
      errors++;
    }
    d[calls] = performance.now() - s;
    if (calls % 100 === 99 && performance.now() - loopStart > budgetMs) {
      calls++;
      break;
    }
  }
  const loopEnd = performance.now();
  const lastCallAt = Date.now();
  const out: BurstResult = { loopStart, loopEnd, lastCallAt, calls, durations: Array.from(d.subarray(0, calls)), errors };
  send('burst', out);
  // Runs once the caller's task, and the microtasks the SDK queued in it, are over.
  const ch = new MessageChannel();
  ch.port1.onmessage = () => send('free', { at: Date.now() });
  ch.port2.postMessage(0);
  if (promises)
    Promise.allSettled(promises.slice(0, calls)).then((rs) => {
      state.durable = { at: Date.now(), ok: rs.filter((r) => r.status === 'fulfilled').length };
      send('durable', state.durable);
    });
}

const harness: Harness = {
  cfg,
  use: (a) => use(a),
  async ready() {
    await (await adapter).ready();
    return true;
  },
  start(n, budgetMs) {
    need();
    setTimeout(() => burst(n, budgetMs), 0);
  },
  fire(n) {
    const a = need();
    let errors = 0;
    for (let i = 0; i < n; i++) {
      try {
        a.track(i);
      } catch {
        errors++;
      }
    }
    return errors;
  },
  state: () => ({ durable: state.durable, longTasks: state.longTasks.slice() }),
};
window.__bench = harness;
