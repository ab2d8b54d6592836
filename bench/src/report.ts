// Formats the summary: the figures table, the ratio table, the targets, as Markdown (printed
// and written to bench/RESULTS.md).
import type { Machine } from './machine';
import { machineLine } from './machine';
import type { MedianFigures, Target } from './summary';

/** One SDK's medians and, for peers, their ratios to ours. */
export interface Row {
  id: string;
  label: string;
  fig: MedianFigures;
  ratios?: Partial<Record<string, number>>;
}

/** What the tables need besides the rows. */
export interface ReportInput {
  rows: Row[];
  targets: Target[];
  machine: Machine;
  runs: number;
  /** Range of the load averages seen, e.g. "1.2–6.8". */
  loads: string;
  n: number;
  limitMs: number;
}

const num = (v: number | undefined, d = 0) => (v === undefined ? '—' : v === Infinity ? 'never' : v.toFixed(d));
const ms = (v: number | undefined, limitMs: number) => (v === undefined ? '—' : v === Infinity ? `> ${limitMs / 1000} s` : `${Math.round(v).toLocaleString('en-US')}`);
const x = (v: number | undefined) =>
  v === undefined ? '—' : v === Infinity ? '∞' : v >= 100 ? `${Math.round(v)}×` : v >= 0.1 ? `${v.toFixed(v >= 10 ? 0 : 1)}×` : `${v.toPrecision(1)}×`;

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The Markdown report. */
export function renderReport(r: ReportInput): string {
  const cost = table(
    ['SDK', 'gzip KB', 'track() median µs', 'per call in 10-call blocks µs', 'p99 µs', 'mean µs', 'main thread ms per 1k events', 'page busy after loop ms', 'other long tasks > 50 ms (longest ms)'],
    r.rows.map(({ label, fig: f }) => [
      label,
      num(f.kb, 1),
      num(f.callMedianUs, 1),
      num(f.callBlockUs, 1),
      num(f.callP99Us, 0),
      num(f.callMeanUs, 2),
      (f.mainAtLeast ? '≥ ' : '') + num(f.mainMsPer1k, 0),
      ms(f.busyMs, r.limitMs),
      `${num(f.longTasks)} (${num(f.longMaxMs)})`,
    ]),
  );
  const delivery = table(
    ['SDK', 'stored ms', 'delivered ms', 'delivered', 'requests per 1k events', 'lost of 100 on close-and-reopen', 'blocked requests', 'status per run'],
    r.rows.map(({ label, fig: f }) => [
      label,
      ms(f.storedMs, r.limitMs),
      ms(f.deliveredMs, r.limitMs),
      `${num(f.delivered)} / ${r.n.toLocaleString('en-US')}`,
      num(f.reqPer1k, 1),
      num(f.lost),
      num(f.blocked),
      f.status,
    ]),
  );
  const peers = r.rows.filter((row) => row.ratios);
  const ratios = table(
    ['ours vs', 'gzip bytes', 'track() in 10-call blocks', 'track() mean', 'track() p99', 'main thread in all', 'page busy after loop', 'stored', 'delivered', 'requests per event'],
    peers.map(({ label, fig, ratios: q = {} }) => [label, x(q.kb), x(q.callBlockUs), x(q.callMeanUs), x(q.callP99Us), (fig.mainAtLeast ? '≥ ' : '') + x(q.mainMsPer1k), x(q.busyMs), x(q.storedMs), x(q.deliveredMs), x(q.reqPer1k)]),
  );
  const targets = table(
    ['target', 'measured (median)', 'met', 'runs met'],
    r.targets.map((t) => [t.name, t.measured, t.met ? 'yes' : '**no**', t.runsMet]),
  );
  return [
    `Medians of ${r.runs} run(s); ${r.n.toLocaleString('en-US')} \`track()\` calls per burst; time limit ${r.limitMs / 1000} s per phase.`,
    `Machine: ${machineLine(r.machine)}; 1-minute load average during the bursts ${r.loads}.`,
    '',
    cost,
    '',
    delivery,
    '',
    'Ratios are peer ÷ ours, each taken within one run, median over runs (> 1: ours is smaller or faster; ∞: the peer never got there within the limit, or ours measured 0).',
    '',
    ratios,
    '',
    targets,
    '',
    '“stored”: every event in the SDK’s persistent queue or already acknowledged (ours: every `track()` promise settled; others: localStorage polled every ~300 ms; — : the SDK keeps its queue in memory). “main thread”: renderer main-thread task time (DevTools `TaskDuration`) from the burst until everything was delivered or the time limit, per 1,000 events; ≥: the page never became free, so the whole window is a lower bound. “page busy after loop”: from the last call until the page ran its next task (the caller’s task ended along with the microtasks the SDK queued in it). `performance.now()` has 5 µs resolution (cross-origin-isolated page), so per-call medians are multiples of 5 µs; the mean (loop time ÷ calls) is exact but takes in every call the OS preempted; “per call in 10-call blocks” is the median over blocks of 10 consecutive calls ÷ 10 (finer than the clock, robust to preemption). “other long tasks” —: the page never answered (its main thread was saturated until the limit). “blocked”: requests that were not event delivery, answered 404 by the collector or unresolvable for Chromium. See bench/README.md for the method.',
  ].join('\n');
}
