// Types shared by the page harness and each SDK's page glue.

/** What each SDK's page glue registers with the harness. */
export interface Adapter {
  /** Resolves once the SDK is loaded and initialised. */
  ready(): Promise<unknown>;
  /** Tracks benchmark event number `i` (the harness times this call). */
  track(i: number): unknown;
  /** True when track() returns a promise that settles once the event is durably stored (ours). */
  durablePromise?: boolean;
}

/** The phase a page belongs to, read from its URL. */
export interface BenchConfig {
  peer: string;
  /** The collector's origin. */
  endpoint: string;
  /** Tag carried by every benchmark event of this phase. */
  tag: string;
}

/** What the burst reports (key '<tag>:burst'). */
export interface BurstResult {
  /** performance.now() at the start and end of the synchronous loop. */
  loopStart: number;
  loopEnd: number;
  /** Date.now() right after the last call. */
  lastCallAt: number;
  /** Calls made: n, or fewer when the loop ran past its time budget. */
  calls: number;
  /** Synchronous duration of each call in ms (5 µs resolution, jittered). */
  durations: number[];
  /** Calls that threw. */
  errors: number;
}

/** What state() reports. */
export interface PageState {
  /** Date.now() when every track() promise had settled, and how many were fulfilled (ours). */
  durable?: { at: number; ok: number };
  /** Long tasks seen so far: [startTime, duration] in ms. */
  longTasks: [number, number][];
}

/** The harness on window.__bench. */
export interface Harness {
  cfg: BenchConfig;
  use(a: Adapter): void;
  ready(): Promise<boolean>;
  /** Schedules a task tracking events 0…n-1 in one synchronous loop (cut once it ran `budgetMs`); results arrive as reports. */
  start(n: number, budgetMs: number): void;
  fire(n: number): number;
  state(): PageState;
}

declare global {
  interface Window {
    __bench: Harness;
  }
}
