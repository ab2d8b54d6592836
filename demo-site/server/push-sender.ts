import type https from 'node:https';
import { randomUUID } from 'node:crypto';
import webpush from 'web-push';
import { profileOf, stmt, type Db, type Obj, type PushSubscriptionRow } from './db';
import { encodePayload, PushRequestError, type PushPayload } from './push-payload';
import type { VapidKeys } from './vapid';

/** Whom to push to: exactly one of the fields. */
export interface PushTarget {
  profileId?: number;
  email?: string;
  anonymousId?: string;
  all?: boolean;
}

/** What sending needs from the server: its database, VAPID identity and (for tests) an HTTPS agent. */
export interface PushContext {
  db: Db;
  vapid: VapidKeys;
  agent?: https.Agent;
}

/** Per-call options: an agent overriding the context's, and the push TTL in seconds (default 1 day). */
export interface SendOptions {
  agent?: https.Agent;
  ttl?: number;
}

/** The outcome for one subscription: the push service's status (0 when it gave no HTTP answer). */
export interface PushResult {
  endpoint: string;
  status: number;
  error?: string;
}

/** The outcome of one sendPush: counts, the message_id used and one result per subscription. */
export interface SendSummary {
  message_id: string;
  sent: number;
  failed: number;
  removed: number;
  results: PushResult[];
}

/** Default TTL (seconds) a push service keeps an undelivered message. */
export const DEFAULT_PUSH_TTL = 24 * 60 * 60;

/** How many push-service requests run at once. */
const PARALLEL = 8;

/** Per-request timeout for the push service (ms). */
const TIMEOUT_MS = 10_000;

interface StoredSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

function rows(db: Db, sql: string, ...args: unknown[]): PushSubscriptionRow[] {
  return (stmt(db, sql).all(...args) as Obj[]).map((r) => ({
    ...(r as unknown as PushSubscriptionRow),
    subscription: JSON.parse(String(r.subscription)) as Obj,
  }));
}

function liveProfileId(db: Db, id: number): number {
  const seen = new Set<number>();
  let cur = id;
  for (;;) {
    const row = stmt(db, 'SELECT merged_into FROM profiles WHERE id = ?').get(cur) as { merged_into: number | null } | undefined;
    if (!row || row.merged_into === null || seen.has(cur)) return cur;
    seen.add(cur);
    cur = row.merged_into;
  }
}

/** Describes a target for messages, e.g. "email ann@example.com". */
export function describeTarget(t: PushTarget): string {
  if (t.all) return 'all subscriptions';
  if (t.profileId !== undefined) return `profile_id ${t.profileId}`;
  if (t.email !== undefined) return `email ${t.email}`;
  return `anonymous_id ${t.anonymousId ?? ''}`;
}

/** The stored subscriptions of a target (a merged profile id follows to its live profile); PushRequestError unless exactly one field is set. */
export function targetSubscriptions(db: Db, t: PushTarget): PushSubscriptionRow[] {
  const set = [t.profileId !== undefined, t.email !== undefined, t.anonymousId !== undefined, t.all === true].filter(Boolean).length;
  if (set !== 1) throw new PushRequestError('give exactly one target: profile_id, email, anonymous_id or all: true');
  const order = 'ORDER BY created_at, endpoint';
  if (t.all) return rows(db, `SELECT * FROM push_subscriptions ${order}`);
  if (t.anonymousId !== undefined) return rows(db, `SELECT * FROM push_subscriptions WHERE anonymous_id = ? ${order}`, t.anonymousId);
  const id = t.profileId !== undefined ? liveProfileId(db, t.profileId) : profileOf(db, 'email', t.email ?? '')?.id;
  return id === undefined ? [] : rows(db, `SELECT * FROM push_subscriptions WHERE profile_id = ? ${order}`, id);
}

async function deliver(ctx: PushContext, sub: StoredSubscription, json: string, opts: SendOptions): Promise<PushResult> {
  const { subject, publicKey, privateKey } = ctx.vapid;
  try {
    const r = await webpush.sendNotification(sub, json, {
      vapidDetails: { subject, publicKey, privateKey },
      TTL: opts.ttl ?? DEFAULT_PUSH_TTL,
      agent: opts.agent ?? ctx.agent,
      timeout: TIMEOUT_MS,
    });
    return { endpoint: sub.endpoint, status: r.statusCode };
  } catch (e) {
    if (e instanceof webpush.WebPushError) {
      const body = String(e.body ?? '').slice(0, 300);
      return { endpoint: sub.endpoint, status: e.statusCode, error: `push service answered ${e.statusCode}${body ? `: ${body}` : ''}` };
    }
    return { endpoint: sub.endpoint, status: 0, error: e instanceof Error ? e.message : String(e) };
  }
}

async function inParallel<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Sends `payload` (message_id filled in when absent) with web-push to every stored
 * subscription of `target`, logging each attempt in push_sends; a 404/410 from the push
 * service deletes that subscription. Throws PushRequestError, sending nothing, for a
 * payload over the size limit or a target without exactly one field.
 */
export async function sendPush(ctx: PushContext, target: PushTarget, payload: PushPayload, opts: SendOptions = {}): Promise<SendSummary> {
  const full: PushPayload = { ...payload, message_id: payload.message_id || randomUUID() };
  const messageId = full.message_id as string;
  const json = encodePayload(full);
  const subs = targetSubscriptions(ctx.db, target);
  const summary: SendSummary = { message_id: messageId, sent: 0, failed: 0, removed: 0, results: [] };
  summary.results = await inParallel(subs, PARALLEL, async (row) => {
    const r = await deliver(ctx, { endpoint: row.endpoint, keys: row.subscription.keys as StoredSubscription['keys'] }, json, opts);
    if (!ctx.db.open) return r;
    stmt(
      ctx.db,
      'INSERT INTO push_sends (at, message_id, campaign_id, endpoint, profile_id, status, error) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(Date.now(), messageId, full.campaign_id ?? null, row.endpoint, row.profile_id, r.status, r.error ?? null);
    if (r.status === 404 || r.status === 410) {
      summary.removed += stmt(ctx.db, 'DELETE FROM push_subscriptions WHERE endpoint = ?').run(row.endpoint).changes;
    }
    return r;
  });
  for (const r of summary.results) {
    if (r.status >= 200 && r.status < 300) summary.sent++;
    else summary.failed++;
  }
  return summary;
}
