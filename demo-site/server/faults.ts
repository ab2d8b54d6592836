import type { ChaosOptions, FaultSpec } from './app';

/** What a fault spec does instead of normal handling (after any delay), or null to go on normally. */
export type FaultAction =
  | { kind: 'reset' }
  | { kind: 'hang'; ms: number }
  | { kind: 'status'; status: number; retryAfter?: number }
  | null;

/** The JSON body of an injected status fault. */
export const FAULT_BODY = { success: false, error: 'injected fault' } as const;

/** How long a chaos hang keeps the socket before destroying it. */
export const CHAOS_HANG_MS = 15_000;

/** Mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHAOS_FAULTS: readonly FaultSpec[] = [
  { status: 500 },
  { status: 503 },
  { status: 429, retryAfter: 1 },
  { status: 413 },
  { hangMs: CHAOS_HANG_MS },
  { reset: true },
];

/** A seeded roller: each call (one per /v1 POST) returns a fault with probability `rate`, else undefined. */
export function createChaos(opts: ChaosOptions): () => FaultSpec | undefined {
  const next = mulberry32(opts.seed);
  return () => {
    if (next() >= opts.rate) return undefined;
    const pick = CHAOS_FAULTS[Math.floor(next() * CHAOS_FAULTS.length)] ?? CHAOS_FAULTS[0];
    return { ...pick };
  };
}

/** Parses "seed=1,rate=0.3,latency=20" (CONTLO_CHAOS) into chaos options; undefined when empty. */
export function parseChaos(text: string | undefined): ChaosOptions | undefined {
  if (!text || !text.trim()) return undefined;
  const fields = new Map<string, number>();
  for (const part of text.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    const n = Number(v);
    if (!k || v === undefined || !Number.isFinite(n)) throw new Error(`CONTLO_CHAOS: cannot read "${part}" (want seed=1,rate=0.3,latency=20)`);
    fields.set(k, n);
  }
  const rate = fields.get('rate') ?? 0.2;
  if (rate < 0 || rate > 1) throw new Error('CONTLO_CHAOS: rate must be between 0 and 1');
  return { seed: fields.get('seed') ?? 1, rate, latencyMs: fields.get('latency') ?? fields.get('latencyMs') };
}

/** What a spec does after its delay: reset beats hang beats status. */
export function faultAction(spec: FaultSpec): FaultAction {
  if (spec.reset) return { kind: 'reset' };
  if (spec.hangMs !== undefined) return { kind: 'hang', ms: spec.hangMs };
  if (spec.status !== undefined) return { kind: 'status', status: spec.status, retryAfter: spec.retryAfter };
  return null;
}

/** Cancellable sleeps, so closing the server does not wait for hangs. */
export interface Timers {
  sleep(ms: number): Promise<void>;
  cancelAll(): void;
}

/** Creates a set of cancellable sleeps; cancelAll resolves every pending one at once. */
export function createTimers(): Timers {
  const pending = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: () => void }>();
  return {
    sleep(ms) {
      return new Promise<void>((resolve) => {
        const entry = {
          resolve,
          timer: setTimeout(() => {
            pending.delete(entry);
            resolve();
          }, ms),
        };
        pending.add(entry);
      });
    },
    cancelAll() {
      for (const e of pending) {
        clearTimeout(e.timer);
        e.resolve();
      }
      pending.clear();
    },
  };
}
