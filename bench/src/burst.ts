// The burst phase: one page tracks N events in one synchronous loop, timing each call; then we
// watch (until every event is stored and delivered, the time limit, or a crash) when the events
// became durable and when the collector had them, and what it cost the main thread.
import type { Browser } from '@playwright/test';
import os from 'node:os';
import type { BurstResult, PageState } from '../page/types';
import { openProbe, within } from './probe';
import type { Peer } from './peers';
import { startSession } from './session';
import type { Site } from './site';
import { mean, quantile } from './stats';

/** How a phase ended. */
export type Status = 'ok' | 'partial' | 'crashed' | 'unresponsive' | 'not-ready';

/** What one burst phase measured. */
export interface BurstOutcome {
  status: Status;
  /** Gzipped bytes of the SDK files the page fetched, and which. */
  sdkBytes: number;
  sdkFiles: string[];
  /** Calls made (fewer than asked when the loop ran past its budget). */
  calls: number;
  /** ms from the last call until the page ran its next task (the caller's task ended, with the microtasks the SDK queued in it); null: not within the limit. */
  busyMs?: number | null;
  /** Synchronous time of one track() call, µs; `block10` is the median over blocks of 10 consecutive calls ÷ 10 (finer than the 5 µs clock, robust to the odd preempted call). */
  callUs?: { median: number; p99: number; mean: number; max: number; block10: number };
  /** 1-minute load average of the machine when the burst started (other processes compete for the 2 cores). */
  load1: number;
  loopMs?: number;
  throws?: number;
  /** Renderer main-thread task time from the burst to the end of the phase, ms. */
  mainThreadMs?: number;
  /** Set when the page never became free again: mainThreadMs is then a lower bound (the whole window). */
  mainThreadAtLeast?: boolean;
  /** The long task holding the loop (the caller's burst, with any microtasks the SDK queued). */
  burstTaskMs?: number;
  /** Long tasks over 50 ms other than the caller's burst, from the burst to the end of the phase (undefined: the page never answered). */
  longTasks?: { count: number; maxMs: number; totalMs: number };
  /** ms from the last call until all N were durably stored (null: not within the limit; undefined: the SDK does not persist). */
  storedMs?: number | null;
  stored?: number;
  /** ms from the last call until the collector had all N (null: not within the limit). */
  deliveredMs?: number | null;
  delivered: number;
  copies: number;
  requests: number;
  preflights: number;
  blocked: string[];
}

/** Limits and sizes of a burst. */
export interface BurstOptions {
  n: number;
  /** Time budget of the synchronous loop. */
  loopMs: number;
  /** Time allowed after the last call for storing and delivery. */
  limitMs: number;
  readyMs: number;
  settleMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the burst phase for one SDK in a fresh context. */
export async function burstPhase(browser: Browser, site: Site, peer: Peer, tag: string, o: BurstOptions): Promise<BurstOutcome> {
  const s = await startSession(browser, site, peer, tag);
  const { tally } = s.collector;
  site.served.clear();
  const out: BurstOutcome = { status: 'ok', load1: Math.round(os.loadavg()[0]! * 100) / 100, sdkBytes: 0, sdkFiles: [], calls: 0, delivered: 0, copies: 0, requests: 0, preflights: 0, blocked: [] };
  try {
    const { page, ready } = await s.open(o.readyMs);
    if (!ready) {
      out.status = s.crashed ? 'crashed' : 'not-ready';
      return out;
    }
    const probe = await openProbe(page);
    await sleep(o.settleMs);
    const req0 = tally.requests + tally.statusRequests;
    const pre0 = tally.preflights;
    const task0 = await probe.taskMs();
    const key = (kind: string) => site.report(`${tag}:${kind}`);
    let freeAt: number | undefined;
    let durable: PageState['durable'];
    key('free').then((v) => (freeAt = (v as { at: number }).at));
    key('durable').then((v) => (durable = v as PageState['durable']));
    await within(page.evaluate(([n, budget]) => window.__bench.start(n, budget), [o.n, o.loopMs] as const), 5000);
    const burst = (await within(key('burst'), o.loopMs + 10_000)) as BurstResult | undefined;
    const storedAt = new Map<number, number>();
    let lastCallAt = Date.now();
    if (!burst) out.status = s.crashed ? 'crashed' : 'unresponsive';
    else {
      lastCallAt = burst.lastCallAt;
      summarizeCalls(out, burst);
      const n = burst.calls;
      const deadline = lastCallAt + o.limitMs;
      for (let k = 0; Date.now() < deadline && !s.crashed; k++) {
        // localStorage is read through DevTools only while the page is free (it would wait otherwise).
        if (peer.storage && freeAt !== undefined && k % 3 === 0 && storedCount(storedAt, tally.first, n) < n) {
          const seen = await probe.stored(new URL(s.url).origin, peer.storage, tag);
          const t = Date.now();
          for (const i of seen || []) if (!storedAt.has(i)) storedAt.set(i, t);
        }
        const storedKnown = peer.durablePromise ? !!durable : peer.storage ? storedCount(storedAt, tally.first, n) >= n : true;
        if (tally.first.size >= n && storedKnown && freeAt !== undefined) break;
        await sleep(100);
      }
      out.busyMs = freeAt === undefined ? null : Math.max(0, freeAt - lastCallAt);
      if (s.crashed) out.status = 'crashed';
      else if (freeAt === undefined) out.status = 'unresponsive';
      else if (tally.first.size < n) out.status = 'partial';
    }
    const live = !s.crashed && freeAt !== undefined;
    const task1 = live ? await probe.taskMs() : undefined;
    if (task0 !== undefined && task1 !== undefined) out.mainThreadMs = task1 - task0;
    else if (burst && !s.crashed && freeAt === undefined) {
      out.mainThreadMs = burst.loopEnd - burst.loopStart + (Date.now() - lastCallAt);
      out.mainThreadAtLeast = true;
    }
    const state = live ? await within(page.evaluate(() => window.__bench.state()), 5000) : undefined;
    if (burst && state) summarizeLongTasks(out, burst, state);
    out.requests = tally.requests + tally.statusRequests - req0; // ours' status questions count too
    out.preflights = tally.preflights - pre0;
    const n = burst?.calls ?? o.n;
    storedFigures(out, peer, n, lastCallAt, durable, storedAt, tally.first);
    deliveredFigures(out, n, lastCallAt, tally.first);
  } finally {
    out.copies = tally.copies;
    out.blocked = s.blocked();
    for (const [k, v] of site.served) {
      if (!k.startsWith(peer.bundle + '/') || k.endsWith('.map')) continue;
      out.sdkBytes += v;
      out.sdkFiles.push(k);
    }
    await s.close();
  }
  return out;
}

function summarizeCalls(out: BurstOutcome, b: BurstResult): void {
  const us = b.durations.map((d) => d * 1000);
  const blocks: number[] = [];
  for (let i = 0; i + 10 <= us.length; i += 10) blocks.push(us.slice(i, i + 10).reduce((x, y) => x + y, 0) / 10);
  out.callUs = { median: quantile(us, 0.5)!, p99: quantile(us, 0.99)!, mean: mean(us)!, max: Math.max(...us), block10: quantile(blocks, 0.5) ?? mean(us)! };
  out.loopMs = b.loopEnd - b.loopStart;
  out.calls = b.calls;
  out.throws = b.errors;
}

function summarizeLongTasks(out: BurstOutcome, b: BurstResult, st: PageState): void {
  out.longTasks = { count: 0, maxMs: 0, totalMs: 0 };
  for (const [start, dur] of st.longTasks) {
    if (start + dur < b.loopStart) continue;
    if (start <= b.loopStart && start + dur >= b.loopEnd) {
      out.burstTaskMs = dur;
      continue;
    }
    out.longTasks.count++;
    out.longTasks.totalMs += dur;
    out.longTasks.maxMs = Math.max(out.longTasks.maxMs, dur);
  }
}

/** Events durable by now: in the SDK's storage at some poll, or acknowledged by the collector. */
function storedCount(storedAt: Map<number, number>, deliveredAt: Map<number, number>, n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (storedAt.has(i) || deliveredAt.has(i)) c++;
  return c;
}

function storedFigures(
  out: BurstOutcome,
  peer: Peer,
  n: number,
  lastCallAt: number,
  durable: PageState['durable'],
  storedAt: Map<number, number>,
  deliveredAt: Map<number, number>,
): void {
  if (peer.durablePromise) {
    out.stored = durable?.ok ?? 0;
    out.storedMs = durable && durable.ok >= n ? durable.at - lastCallAt : null;
    return;
  }
  if (!peer.storage) return;
  let last = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const t = Math.min(storedAt.get(i) ?? Infinity, deliveredAt.get(i) ?? Infinity);
    if (t === Infinity) continue;
    c++;
    last = Math.max(last, t);
  }
  out.stored = c;
  out.storedMs = c >= n ? Math.max(0, last - lastCallAt) : null;
}

function deliveredFigures(out: BurstOutcome, n: number, lastCallAt: number, deliveredAt: Map<number, number>): void {
  let last = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const t = deliveredAt.get(i);
    if (t === undefined) continue;
    c++;
    last = Math.max(last, t);
  }
  out.delivered = c;
  out.deliveredMs = c >= n ? Math.max(0, last - lastCallAt) : null;
}
