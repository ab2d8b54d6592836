import { ContloError } from './errors';
import type { Props } from './types';

/** Largest serialized record accepted (the Track API's per-event limit). */
export const MAX_RECORD_BYTES = 32 * 1024;
const MAX_DEPTH = 10;
const toStr = Object.prototype.toString;
/** Characters counted so far by the current walk: an upper bound of the JSON length (numbers ≤ 24). */
let chars = 0;

/** Finds the first non-JSON value; the path is built only on the way back from a problem. */
function walk(v: unknown, depth: number, seen: object[]): [path: string, problem: string] | undefined {
  const t = typeof v;
  chars += t === 'string' ? (v as string).length + 2 : 24;
  if (v == null || t === 'string' || t === 'boolean') return;
  if (t === 'number') return Number.isFinite(v) ? undefined : ['', ` is ${v}, not a finite number`];
  if (t !== 'object') return ['', ` is a ${t}, which JSON cannot carry`];
  const tag = toStr.call(v);
  if (tag === '[object Date]') return;
  if (tag !== '[object Object]' && tag !== '[object Array]') return ['', ` is a ${tag.slice(8, -1)}, not plain JSON`];
  if (seen.includes(v as object)) return ['', ' is a circular reference'];
  if (depth >= MAX_DEPTH) return ['', ` nests deeper than ${MAX_DEPTH} levels`];
  seen.push(v as object);
  for (const k in v as Props) {
    chars += k.length + 4;
    const err = walk((v as Props)[k], depth + 1, seen);
    if (err) return [`.${k}${err[0]}`, err[1]];
  }
  seen.pop();
}

/**
 * Checks that `value` is undefined or a plain object of JSON-safe values. Returns the problem,
 * or the estimated length of its JSON (an upper bound for ASCII, used to skip exact size checks).
 */
export function propsProblem(value: unknown, field: string): string | number {
  chars = 0;
  if (value === undefined) return 0;
  if (toStr.call(value) !== '[object Object]') return `${field} must be a plain object`;
  try {
    const err = walk(value, 0, []);
    return err ? field + err[0] + err[1] : chars;
  } catch (e) {
    return `${field} could not be read (${(e as Error)?.message || e})`; // a throwing getter or Proxy
  }
}

/** Like propsProblem, but throws a ContloError; returns the estimated JSON length. */
export function checkProps(value: unknown, field: string): number {
  const r = propsProblem(value, field);
  if (typeof r === 'string') throw new ContloError(r, [field]);
  return r;
}

/**
 * Throws when the record is over MAX_RECORD_BYTES serialized. `estimate` (characters, from the
 * walks) lets small records skip serializing: a UTF-8 character is at most 3 bytes.
 */
export function checkSize(rec: object, estimate = Infinity): void {
  if (estimate * 6 <= MAX_RECORD_BYTES) return; // JSON escapes grow a character to 6 at most
  const n = new TextEncoder().encode(JSON.stringify(rec)).length;
  if (n > MAX_RECORD_BYTES) throw new ContloError(`record is ${n} bytes serialized, over the 32 KB limit`, ['properties']);
}
