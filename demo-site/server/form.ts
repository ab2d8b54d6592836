import type { IncomingMessage } from 'node:http';
import { readBody } from './body';

/** Largest form body the dashboard accepts. */
const FORM_LIMIT = 32 * 1024;

/** A parsed form POST, or why it was refused (with the HTTP status to answer). */
export type FormResult = { ok: true; fields: URLSearchParams } | { ok: false; status: number; error: string };

/**
 * True unless the request plainly comes from another site: a browser's Origin (or
 * Sec-Fetch-Site) must match this host, so a page elsewhere cannot post the dashboard's forms.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Reads an application/x-www-form-urlencoded POST from this origin. */
export async function readForm(req: IncomingMessage): Promise<FormResult> {
  if (!sameOrigin(req)) return { ok: false, status: 403, error: 'cross-origin form posts are refused' };
  const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return { ok: false, status: 415, error: 'expected a form (application/x-www-form-urlencoded)' };
  const body = await readBody(req, FORM_LIMIT);
  if (body.kind === 'too_large') return { ok: false, status: 413, error: 'form too large' };
  if (body.kind === 'aborted') return { ok: false, status: 400, error: 'request aborted' };
  return { ok: true, fields: new URLSearchParams(body.body.toString('utf8')) };
}
