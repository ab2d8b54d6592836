import type { Contlo } from './sdk';

/** A call the loader stub recorded: [method, arguments, resolve, reject, call time]. */
export type Call = [name: string, args: unknown[], resolve?: (v: unknown) => void, reject?: (e: unknown) => void, at?: number];

/**
 * Replays, in order, the calls the loader stub kept in localStorage on an earlier page that
 * closed before the SDK loaded, then the calls recorded on this page, settling their promises.
 */
export function replayStub(sdk: Contlo, queued: Call[], stubId?: number): void {
  let calls: Call[] = [];
  try {
    const saved = JSON.parse(localStorage.getItem('contlo_q')!) as [number, [string, unknown[], number][]] | null;
    localStorage.removeItem('contlo_q');
    if (saved && saved[0] !== stubId) calls = saved[1].map((c) => [c[0], c[1], , , c[2]]);
  } catch {
    /* storage blocked or corrupt: nothing to replay */
  }
  // Calls made before init wait for it inside the SDK, so plain order is enough.
  for (const [name, args, resolve, reject, at] of calls.concat(queued)) {
    sdk.callTime(at);
    try {
      Promise.resolve((sdk as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args)).then(resolve, reject || (() => {})); // a saved call has no caller to reject to
    } catch (e) {
      reject?.(e); // not a method, or arguments that are not a list
    }
  }
  sdk.callTime(undefined);
}
