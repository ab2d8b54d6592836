// Turns the raw outcomes of each run into per-run figures, medians over runs, ratios of each
// peer to ours measured within the same run, and the targets.
import type { BurstOutcome } from './burst';
import type { ReopenOutcome } from './reopen';

/** Both phases of one SDK in one run. */
export interface PeerRun {
  burst: BurstOutcome;
  reopen: ReopenOutcome;
}

/** One run: the order the SDKs ran in and their outcomes. */
export interface RunResult {
  run: number;
  order: string[];
  peers: Record<string, PeerRun>;
}

/** The figures of one SDK in one run (null: not reached within the limit; undefined: not applicable). */
export interface Figures {
  kb: number;
  callMedianUs?: number;
  callP99Us?: number;
  callMeanUs?: number;
  callBlockUs?: number;
  mainMsPer1k?: number;
  /** mainMsPer1k is a lower bound (the page never became free). */
  mainAtLeast?: boolean;
  busyMs?: number | null;
  longTasks?: number;
  longMaxMs?: number;
  storedMs?: number | null;
  deliveredMs: number | null;
  delivered: number;
  reqPer1k?: number;
  lost: number | null;
  blocked: number;
  load1: number;
  status: string;
}

/** Names of the figures that are compared as ratios (peer ÷ ours; > 1: ours is smaller). */
export const RATIO_KEYS = ['kb', 'callBlockUs', 'callMeanUs', 'callP99Us', 'mainMsPer1k', 'busyMs', 'storedMs', 'deliveredMs', 'reqPer1k'] as const;
type RatioKey = (typeof RATIO_KEYS)[number];

/** The figures of one SDK's run. */
export function figuresOf(r: PeerRun, n: number): Figures {
  const b = r.burst;
  const cut = b.callUs && b.calls < n ? `loop cut at ${b.calls} calls` : '';
  const status = [b.status, cut, r.reopen.status !== 'ok' ? `reopen ${r.reopen.status}` : ''].filter(Boolean).join(', ');
  return {
    kb: b.sdkBytes / 1024,
    callMedianUs: b.callUs?.median,
    callP99Us: b.callUs?.p99,
    callMeanUs: b.callUs?.mean,
    callBlockUs: b.callUs?.block10,
    mainMsPer1k: b.mainThreadMs === undefined || !b.calls ? undefined : b.mainThreadMs / (b.calls / 1000),
    mainAtLeast: b.mainThreadAtLeast,
    busyMs: b.busyMs,
    longTasks: b.longTasks?.count,
    longMaxMs: b.longTasks?.maxMs,
    storedMs: b.storedMs,
    deliveredMs: b.deliveredMs ?? null,
    delivered: b.delivered,
    reqPer1k: b.delivered ? ((b.requests + b.preflights) / b.delivered) * 1000 : undefined,
    lost: r.reopen.lost,
    blocked: b.blocked.length + r.reopen.blocked.length,
    load1: b.load1,
    status,
  };
}

/** Median where null counts as "never" (Infinity) and undefined is skipped. */
export function medianOf(xs: (number | null | undefined)[]): number | undefined {
  const d = xs.filter((x) => x !== undefined).map((x) => (x === null ? Infinity : x)) as number[];
  if (!d.length) return undefined;
  d.sort((a, b) => a - b);
  const m = d.length >> 1;
  return d.length % 2 ? d[m] : (d[m - 1]! + d[m]!) / 2;
}

/** Medians over runs of one SDK's figures. */
export type MedianFigures = { [K in keyof Figures]: Figures[K] extends string ? string : Figures[K] extends boolean | undefined ? boolean : number | undefined };

/** Medians of every numeric figure; statuses are listed per run. */
export function mediansOf(runs: Figures[]): MedianFigures {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(runs[0] || {}) as (keyof Figures)[];
  for (const k of keys) {
    if (k === 'status') out[k] = runs.map((r) => r.status).join(' · ');
    else if (k === 'mainAtLeast') out[k] = runs.some((r) => r.mainAtLeast);
    else out[k] = medianOf(runs.map((r) => r[k] as number | null | undefined));
  }
  return out as MedianFigures;
}

/** peer ÷ ours for one run's figure (Infinity when ours is 0 or the peer never got there). */
function ratio(peer: number | null | undefined, ours: number | null | undefined): number | undefined {
  if (peer === undefined || ours === undefined || ours === null) return undefined;
  if (peer === null) return Infinity;
  if (ours === 0) return peer === 0 ? 1 : Infinity;
  return peer / ours;
}

/** Median over runs of peer ÷ ours, each ratio taken within one run. */
export function ratiosOf(ours: Figures[], peer: Figures[]): Partial<Record<RatioKey, number>> {
  const out: Partial<Record<RatioKey, number>> = {};
  for (const k of RATIO_KEYS) {
    const m = medianOf(ours.map((o, i) => ratio(peer[i]?.[k], o[k])));
    if (m !== undefined) out[k] = m;
  }
  return out;
}

/** One of the targets and whether the median run met it. */
export interface Target {
  name: string;
  measured: string;
  met: boolean;
  /** Runs that met it, of all runs. */
  runsMet: string;
}

/** The smallest value of a figure among the peers in each run (the fastest peer's). */
function fastest(peers: Figures[][], k: 'callMeanUs' | 'callBlockUs' | 'mainMsPer1k', runs: number): (number | undefined)[] {
  return Array.from({ length: runs }, (_, i) => {
    const vs = peers.map((p) => p[i]?.[k]).filter((v): v is number => v !== undefined);
    return vs.length ? Math.min(...vs) : undefined;
  });
}

/** Checks the targets against our figures and the fastest peer's in the same run. */
export function targetsOf(ours: Figures[], peers: Figures[][]): Target[] {
  const fastCall = fastest(peers, 'callMeanUs', ours.length);
  const fastBlock = fastest(peers, 'callBlockUs', ours.length);
  const fastMain = fastest(peers, 'mainMsPer1k', ours.length);
  const check = (name: string, f: (o: Figures, i: number) => number | null | undefined, ok: (v: number) => boolean, show: (v: number) => string): Target => {
    const per = ours.map((o, i) => f(o, i));
    const m = medianOf(per);
    return {
      name,
      measured: m === undefined ? 'n/a' : show(m),
      met: m !== undefined && ok(m),
      runsMet: `${per.filter((v) => v !== undefined && ok(v === null ? Infinity : v)).length}/${per.length}`,
    };
  };
  const ms = (v: number) => (v === Infinity ? 'not within the limit' : `${Math.round(v)} ms`);
  return [
    check('track() median ≤ 5 µs', (o) => o.callMedianUs, (v) => v <= 5, (v) => `${v.toFixed(1)} µs`),
    check('≥ 10× less synchronous time per track() than the fastest peer: mean of all 10,000 calls, same run', (o, i) => ratio(fastCall[i], o.callMeanUs), (v) => v >= 10, (v) => `${v.toFixed(1)}×`),
    check('… the same, typical call: median of 10-call blocks, same run', (o, i) => ratio(fastBlock[i], o.callBlockUs), (v) => v >= 10, (v) => `${v.toFixed(1)}×`),
    check('≥ 10× less main-thread time in all than the fastest peer (burst until delivered, same run)', (o, i) => ratio(fastMain[i], o.mainMsPer1k), (v) => v >= 10, (v) => `${v.toFixed(1)}×`),
    check('≤ 20 requests per 1,000 events', (o) => o.reqPer1k, (v) => v <= 20, (v) => v.toFixed(1)),
    check('10,000 events durably stored ≤ 300 ms after the last call', (o) => o.storedMs, (v) => v <= 300, ms),
    check('all 10,000 delivered ≤ 3 s after the last call', (o) => o.deliveredMs, (v) => v <= 3000, ms),
    check('no long task over 50 ms besides the caller’s burst', (o) => o.longTasks, (v) => v === 0, (v) => `${v} (longest ${Math.round(medianOf(ours.map((o) => o.longMaxMs)) || 0)} ms)`),
    check('0 events lost on close-and-reopen', (o) => o.lost, (v) => v === 0, (v) => String(v)),
  ];
}
