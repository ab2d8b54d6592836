// Turns one HTTP request an SDK sent into the benchmark events it carries, whatever the peer's
// wire format: JSON, gzip (PostHog's gzip-js), form-encoded `data=` (Mixpanel), base64, or
// query parameters (GET pixels).
import { gunzipSync } from 'node:zlib';
import { findMarks, type OnMark } from './marks';

/** The raw parts of a request that may carry events. */
export interface RawRequest {
  url: string;
  contentType: string;
  body: Buffer;
}

function bodyText(body: Buffer): string {
  if (body.length > 2 && body[0] === 0x1f && body[1] === 0x8b) {
    try {
      return gunzipSync(body).toString('utf8');
    } catch {
      return '';
    }
  }
  return body.toString('utf8');
}

/** Reports every benchmark event in a request's URL parameters and body. */
export function marksOf(req: RawRequest, found: OnMark): void {
  const q = req.url.indexOf('?');
  if (q >= 0) for (const [, v] of new URLSearchParams(req.url.slice(q + 1))) findMarks(v, found);
  if (!req.body.length) return;
  const text = bodyText(req.body);
  const t = text.trimStart();
  if (t[0] === '{' || t[0] === '[') return findMarks(t, found);
  if (/x-www-form-urlencoded/i.test(req.contentType) || /^[\w$-]+=/.test(t)) {
    for (const [, v] of new URLSearchParams(t)) findMarks(v, found);
    return;
  }
  findMarks(t, found);
}
