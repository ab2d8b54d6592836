import { ContloError } from './errors';
import type { Props } from './types';

/** Largest serialized record accepted (the Track API's per-event limit). */
export const MAX_RECORD_BYTES = 32 * 1024;
const MAX_DEPTH = 10;
const toStr = Object.prototype.toString;

function walk(v: unknown, path: string, depth: number, seen: object[]): string | undefined {
  const t = typeof v;
  if (v == null || t === 'string' || t === 'boolean') return;
  if (t === 'number') return Number.isFinite(v) ? undefined : `${path} is ${v}, not a finite number`;
  if (t !== 'object') return `${path} is a ${t}, which JSON cannot carry`;
  const tag = toStr.call(v);
  if (tag === '[object Date]') return;
  if (tag !== '[object Object]' && tag !== '[object Array]') return `${path} is a ${tag.slice(8, -1)}, not plain JSON`;
  if (seen.includes(v as object)) return `${path} is a circular reference`;
  if (depth >= MAX_DEPTH) return `${path} nests deeper than ${MAX_DEPTH} levels`;
  seen.push(v as object);
  for (const k in v as Props) {
    const err = walk((v as Props)[k], `${path}.${k}`, depth + 1, seen);
    if (err) return err;
  }
  seen.pop();
}

/** Checks that `value` is a plain object of JSON-safe values; returns the problem or undefined. */
export function propsProblem(value: unknown, field: string): string | undefined {
  if (value === undefined) return;
  if (toStr.call(value) !== '[object Object]') return `${field} must be a plain object`;
  try {
    return walk(value, field, 0, []);
  } catch (e) {
    return `${field} could not be read (${(e as Error)?.message || e})`; // a throwing getter or Proxy
  }
}

/** Like propsProblem, but throws a ContloError. Returns the object (or {}) for convenience. */
export function checkProps(value: unknown, field: string): Props {
  const err = propsProblem(value, field);
  if (err) throw new ContloError(err, [field]);
  return (value as Props) || {};
}

/** UTF-8 length of a string, computed only when it could matter. */
export function byteLength(s: string): number {
  return s.length * 3 <= MAX_RECORD_BYTES ? s.length : new TextEncoder().encode(s).length;
}

/** Throws when the serialized record is over MAX_RECORD_BYTES. */
export function checkSize(rec: object): void {
  const n = byteLength(JSON.stringify(rec));
  if (n > MAX_RECORD_BYTES) throw new ContloError(`record is ${n} bytes serialized, over the 32 KB limit`, ['properties']);
}
