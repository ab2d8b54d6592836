// Finds benchmark events inside whatever an SDK wrote: the `{bench: tag, i: n}` properties every
// benchmark event carries, wherever its wire format or storage nests them — plain JSON, JSON
// inside a JSON string (Snowplow's ue_pr), base64 JSON (Snowplow's ue_px, Mixpanel's data).
// Runs in Node (collector, storage probe) and is pure, so it has no DOM or Buffer dependency.

/** Called with the phase tag and index of each benchmark event found. */
export type OnMark = (tag: string, i: number) => void;

const B64 = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
const utf8 = new TextDecoder();

/** Decodes standard or URL-safe base64 into text; undefined when it is not base64. */
export function fromBase64(s: string): string | undefined {
  if (!B64.test(s)) return undefined;
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '='));
    const bytes = new Uint8Array(bin.length);
    for (let k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Parses a string that holds JSON or base64-encoded JSON; undefined for anything else. */
export function parseEmbedded(s: string): unknown {
  const t = s.trimStart();
  const c = t[0];
  const text = c === '{' || c === '[' ? t : fromBase64(t);
  if (text === undefined || (text[0] !== '{' && text[0] !== '[')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Walks a decoded value and reports every benchmark event in it. */
export function findMarks(v: unknown, found: OnMark, depth = 0): void {
  if (depth > 24 || v === null) return;
  if (typeof v === 'string') {
    if (v.length < 16) return;
    const inner = parseEmbedded(v);
    if (inner !== undefined) findMarks(inner, found, depth + 1);
    return;
  }
  if (typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) findMarks(x, found, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.bench === 'string' && typeof o.i === 'number') return found(o.bench, o.i);
  for (const k in o) findMarks(o[k], found, depth + 1);
}
