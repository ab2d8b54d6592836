import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultSpec } from './app';
import { processBatch } from './batch';
import { readBody, sendJson } from './body';
import { answerPreflight, setCorsHeaders } from './cors';
import { isApiKey, logRequest, type Db, type Obj, type RequestLog } from './db';
import { FAULT_BODY, faultAction, type Timers } from './faults';
import type { RateLimiter } from './ratelimit';
import { processKnown } from './known';
import { processV1Identify, processV1Track } from './v1';
import { isObj } from './validate';

/** What a /v1 route answers, plus the counts for the requests log. */
export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  log?: { accepted: number; duplicates: number; rejected: number };
  /** A note for the requests log (shown on /verify). */
  note?: string;
}

/** Handles an authenticated, parsed JSON body for one /v1 route. */
export type RouteHandler = (db: Db, body: Obj, apiKey: string, now: number) => ApiResult;

const ROUTES = new Map<string, RouteHandler>([
  ['/v1/track/batch', processBatch],
  ['/v1/track/known', processKnown],
  ['/v1/track', processV1Track],
  ['/v1/identify', processV1Identify],
]);

/** What the /v1 handler needs from the running server. */
export interface ApiContext {
  db: Db;
  faults: FaultSpec[];
  chaos?: () => FaultSpec | undefined;
  limiter?: RateLimiter;
  bodyLimit: number;
  timers: Timers;
  isClosed(): boolean;
}

type Parsed = { ok: true; value: unknown } | { ok: false };

function parse(body: Buffer): Parsed {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

function apiKeyOf(obj: Obj, req: IncomingMessage): string | null {
  if (typeof obj.api_key === 'string' && obj.api_key !== '') return obj.api_key;
  const h = req.headers['x-api-key'];
  const v = Array.isArray(h) ? h[0] : h;
  return v ? v : null;
}

function error(status: number, message: string): ApiResult {
  return { status, body: { success: false, error: message } };
}

/** Handles every request under /v1/: CORS, preflight, faults and chaos, body limit, auth, rate limit, routing, logging. */
export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  setCorsHeaders(req, res);
  const route = ROUTES.get(pathname);
  if (!route) return sendJson(res, 404, { success: false, error: `no such endpoint: ${pathname}` });
  if (req.method === 'OPTIONS') return answerPreflight(res);
  if (req.method !== 'POST') {
    return sendJson(res, 405, { success: false, error: `${req.method} not allowed; use POST` }, { Allow: 'POST, OPTIONS' });
  }

  const at = Date.now();
  const injected = ctx.faults.shift();
  const chaos = injected ? undefined : ctx.chaos?.();
  const fault = injected ?? chaos;
  const source = injected ? 'fault' : 'chaos';
  const log: RequestLog = {
    at, path: pathname, status: 0, batch_id: null, records: null, accepted: null, duplicates: null,
    rejected: null, bytes: null, origin: req.headers.origin ?? null, api_key: null, note: null,
  };
  const record = (status: number, note?: string): void => {
    log.status = status;
    if (note) log.note = note;
    if (!ctx.isClosed()) logRequest(ctx.db, log);
  };
  const answer = (r: ApiResult, note?: string): void => {
    sendJson(res, r.status, r.body, r.headers);
    if (r.log) Object.assign(log, r.log);
    record(r.status, note);
  };

  const body = await readBody(req, ctx.bodyLimit);
  log.bytes = body.bytes;
  if (ctx.isClosed()) return void req.socket.destroy();
  if (body.kind === 'aborted') return record(0, 'client aborted');
  if (body.kind === 'too_large') return answer(error(413, `body is over the ${ctx.bodyLimit}-byte limit`));

  const parsed = parse(body.body);
  const obj = parsed.ok && isObj(parsed.value) ? parsed.value : null;
  if (obj) {
    log.batch_id = typeof obj.batch_id === 'string' ? obj.batch_id : null;
    // The batch and known routes carry no single record (v1 routes carry one each).
    log.records = Array.isArray(obj.batch) ? obj.batch.length : pathname.startsWith('/v1/track/') ? null : 1;
    log.api_key = apiKeyOf(obj, req);
  }

  if (fault) {
    if (fault.delayMs) await ctx.timers.sleep(fault.delayMs);
    if (ctx.isClosed()) return void req.socket.destroy();
    const action = faultAction(fault);
    if (action?.kind === 'reset') {
      record(0, `${source}:reset`);
      return void req.socket.destroy();
    }
    if (action?.kind === 'hang') {
      record(0, `${source}:hang`);
      await ctx.timers.sleep(action.ms);
      return void req.socket.destroy();
    }
    if (action?.kind === 'status') {
      const headers: Record<string, string> = action.retryAfter !== undefined ? { 'Retry-After': String(action.retryAfter) } : {};
      return answer({ status: action.status, body: FAULT_BODY, headers }, `${source}:${action.status}`);
    }
  }

  if (!parsed.ok) return answer(error(400, 'body is not valid JSON'));
  if (!obj) return answer(error(400, 'body must be a JSON object'));
  const key = log.api_key;
  if (!key) return answer(error(401, 'missing api_key (in the body, or the X-API-KEY header)'));
  if (!isApiKey(ctx.db, key)) return answer(error(401, 'unknown api_key'));
  const wait = ctx.limiter?.take(key, at) ?? 0;
  if (wait > 0) {
    return answer({ ...error(429, 'rate limit exceeded'), headers: { 'Retry-After': String(wait) } }, 'rate-limited');
  }
  let result: ApiResult;
  try {
    result = route(ctx.db, obj, key, at);
  } catch (e) {
    if (ctx.isClosed()) return void req.socket.destroy();
    console.error('contlo server: storing failed', e);
    result = error(500, 'internal error while storing');
  }
  if (fault?.lostAnswer) {
    if (result.log) Object.assign(log, result.log);
    record(0, `${source}:lost-answer`);
    return void req.socket.destroy();
  }
  answer(result, fault?.delayMs ? `${source}:delay` : result.note);
}
