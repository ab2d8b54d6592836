import type { Contlo } from './sdk';

type Call = [name: string, args: unknown[], resolve?: (v: unknown) => void, reject?: (e: unknown) => void, at?: number];

/**
 * Replays, in order, the calls the loader stub kept in localStorage on an earlier page that
 * closed before the SDK loaded, then the calls recorded on this page, settling their promises.
 */
export function replayStub(sdk: Contlo, queued: Call[] | unknown[][], stubId?: number): void {
  let saved: Call[] = [];
  try {
    const raw = localStorage.getItem('contlo_q');
    if (raw) {
      localStorage.removeItem('contlo_q');
      const [id, calls] = JSON.parse(raw) as [number, [string, unknown[], number][]];
      if (id !== stubId) saved = calls.map((c) => [c[0], c[1], undefined, undefined, c[2]]);
    }
  } catch {
    /* storage blocked or corrupt: nothing to replay */
  }
  const fns = sdk as unknown as Record<string, (...a: unknown[]) => unknown>;
  // Calls made before init wait for it inside the SDK, so plain order is enough.
  const all = [...saved, ...(queued as Call[])];
  for (const [name, args, resolve, reject, at] of all) {
    const fn = fns[name];
    if (typeof fn !== 'function') continue;
    sdk.callTime(at);
    let out: unknown;
    try {
      out = fn(...(Array.isArray(args) ? args : []));
    } catch (e) {
      reject?.(e);
      continue;
    }
    Promise.resolve(out).then(resolve, reject);
  }
  sdk.callTime(undefined);
}
