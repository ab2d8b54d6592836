import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './body';
import type { Obj } from './db';
import { PushRequestError, validatePushPayload } from './push-payload';
import { describeTarget, sendPush, type PushContext, type PushTarget } from './push-sender';
import { isObj } from './validate';

/** What the push admin routes need from the running server. */
export interface PushApiContext extends PushContext {
  isClosed(): boolean;
}

/** Largest accepted POST /api/push/send body. */
const BODY_LIMIT = 64 * 1024;

/** Longest TTL (seconds) a send may ask for: four weeks, web-push's default. */
const MAX_TTL = 28 * 24 * 60 * 60;

const FIELDS = ['profile_id', 'email', 'anonymous_id', 'all', 'payload', 'ttl'];

type Parsed = { ok: true; target: PushTarget; payload: unknown; ttl?: number } | { ok: false; error: string };

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/** Reads the target, payload and ttl of a send request body. */
function parseSend(body: Obj): Parsed {
  const errors: string[] = [];
  const target: PushTarget = {};
  if (body.profile_id !== undefined) {
    if (Number.isSafeInteger(body.profile_id) && (body.profile_id as number) > 0) target.profileId = body.profile_id as number;
    else errors.push('profile_id must be a positive integer');
  }
  if (body.email !== undefined) {
    if (nonEmpty(body.email)) target.email = body.email;
    else errors.push('email must be a non-empty string');
  }
  if (body.anonymous_id !== undefined) {
    if (nonEmpty(body.anonymous_id)) target.anonymousId = body.anonymous_id;
    else errors.push('anonymous_id must be a non-empty string');
  }
  if (body.all !== undefined) {
    if (body.all === true) target.all = true;
    else errors.push('all must be true when given');
  }
  const ttl = body.ttl;
  if (ttl !== undefined && !(Number.isSafeInteger(ttl) && (ttl as number) >= 0 && (ttl as number) <= MAX_TTL)) {
    errors.push(`ttl must be an integer number of seconds from 0 to ${MAX_TTL}`);
  }
  if (body.payload === undefined) errors.push('payload is required');
  for (const k of Object.keys(body)) if (!FIELDS.includes(k)) errors.push(`${k} is not a known field`);
  if (errors.length > 0) return { ok: false, error: errors.join('; ') };
  return { ok: true, target, payload: body.payload, ttl: ttl as number | undefined };
}

async function send(ctx: PushApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  // Requiring application/json makes a cross-site form or no-cors fetch unable to trigger a send (it would need a preflight).
  if (type !== 'application/json') return sendJson(res, 415, { error: 'Content-Type must be application/json' });
  const body = await readBody(req, BODY_LIMIT);
  if (ctx.isClosed() || body.kind === 'aborted') return void req.socket.destroy();
  if (body.kind === 'too_large') return sendJson(res, 413, { error: `body is over the ${BODY_LIMIT}-byte limit` });
  let json: unknown;
  try {
    json = JSON.parse(body.body.toString('utf8'));
  } catch {
    return sendJson(res, 400, { error: 'body is not valid JSON' });
  }
  if (!isObj(json)) return sendJson(res, 400, { error: 'body must be a JSON object' });
  const parsed = parseSend(json);
  if (!parsed.ok) return sendJson(res, 400, { error: parsed.error });
  const payload = validatePushPayload(parsed.payload);
  if (!payload.ok) return sendJson(res, 400, { error: payload.error });
  try {
    const r = await sendPush(ctx, parsed.target, payload.payload, { ttl: parsed.ttl });
    if (ctx.isClosed()) return void req.socket.destroy();
    if (r.results.length === 0) return sendJson(res, 404, { error: `no push subscription for ${describeTarget(parsed.target)}` });
    sendJson(res, 200, { sent: r.sent, failed: r.failed, removed: r.removed, message_id: r.message_id, results: r.results });
  } catch (e) {
    if (e instanceof PushRequestError) return sendJson(res, 400, { error: e.message });
    throw e;
  }
}

/**
 * Handles the push admin routes (GET /api/push/vapid, POST /api/push/send); returns false
 * for any other path so the caller can go on routing.
 */
export async function handlePushApi(ctx: PushApiContext, req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<boolean> {
  const noStore = { 'Cache-Control': 'no-store' };
  if (rawPath === '/api/push/vapid') {
    if (req.method !== 'GET' && req.method !== 'HEAD') sendJson(res, 405, { error: 'use GET' }, { Allow: 'GET, HEAD' });
    else sendJson(res, 200, { publicKey: ctx.vapid.publicKey }, noStore);
    return true;
  }
  if (rawPath === '/api/push/send') {
    if (req.method !== 'POST') sendJson(res, 405, { error: 'use POST' }, { Allow: 'POST' });
    else await send(ctx, req, res);
    return true;
  }
  return false;
}
