import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA } from './schema';

/** An open better-sqlite3 database handle. */
export type Db = Database.Database;

/** A JSON object (plain, non-null, non-array). */
export type Obj = Record<string, unknown>;

/** The identifier kinds a profile can be found by. */
export type KeyKind = 'anonymous_id' | 'email' | 'phone_number' | 'external_id';

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** Returns the prepared statement for `sql` on `db`, preparing it once. */
export function stmt(db: Db, sql: string): Database.Statement {
  let byDb = statements.get(db);
  if (!byDb) statements.set(db, (byDb = new Map()));
  let s = byDb.get(sql);
  if (!s) byDb.set(sql, (s = db.prepare(sql)));
  return s;
}

/** Opens (creating if needed) <dataDir>/contlo.db in WAL mode with the schema in place. */
export function openDb(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'contlo.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}

/** Makes exactly `keys` the active API keys (older keys stay in the table, inactive). */
export function setApiKeys(db: Db, keys: string[], now = Date.now()): void {
  db.transaction(() => {
    stmt(db, 'UPDATE api_keys SET active = 0').run();
    for (const key of keys) {
      stmt(db, 'INSERT INTO api_keys (key, active, created_at) VALUES (?, 1, ?) ON CONFLICT(key) DO UPDATE SET active = 1').run(key, now);
    }
  })();
}

/** True when `key` is an active API key. */
export function isApiKey(db: Db, key: string): boolean {
  return stmt(db, 'SELECT 1 FROM api_keys WHERE key = ? AND active = 1').get(key) !== undefined;
}

/** Normalises an identifier the way profile_keys stores it (emails lower-cased, all trimmed). */
export function normalizeKey(kind: KeyKind, value: string): string {
  const v = value.trim();
  return kind === 'email' ? v.toLowerCase() : v;
}

/** A stored event with its JSON columns parsed. */
export interface StoredEvent {
  seq: number;
  event_id: string;
  type: string;
  event: string | null;
  event_type: string | null;
  anonymous_id: string | null;
  email: string | null;
  phone_number: string | null;
  external_id: string | null;
  profile_id: number | null;
  properties: Obj | null;
  profile_properties: Obj | null;
  context: Obj | null;
  record: Obj;
  device_event_time: number | null;
  received_at: number;
  batch_id: string | null;
  api_key: string | null;
  copies: number;
}

/** A profile row with its properties parsed. */
export interface Profile {
  id: number;
  email: string | null;
  phone_number: string | null;
  external_id: string | null;
  first_name: string | null;
  last_name: string | null;
  city: string | null;
  country: string | null;
  zip: string | null;
  properties: Obj;
  created_at: number;
  updated_at: number;
  merged_into: number | null;
}

/** A push_subscriptions row with the subscription parsed. */
export interface PushSubscriptionRow {
  endpoint: string;
  profile_id: number | null;
  anonymous_id: string | null;
  subscription: Obj;
  created_at: number;
  updated_at: number;
}

/** A push_sends row: one attempt to deliver one message to one subscription (status 0: no HTTP answer). */
export interface PushSendRow {
  id: number;
  at: number;
  message_id: string;
  campaign_id: string | null;
  endpoint: string;
  profile_id: number | null;
  status: number;
  error: string | null;
}

/** A requests-log row. */
export interface RequestRow {
  id: number;
  at: number;
  path: string;
  status: number;
  batch_id: string | null;
  records: number | null;
  accepted: number | null;
  duplicates: number | null;
  rejected: number | null;
  bytes: number | null;
  origin: string | null;
  api_key: string | null;
  note: string | null;
}

/** A rejects row (the record column left as JSON text: it may not be an object). */
export interface RejectRow {
  id: number;
  at: number;
  event_id: string;
  error: string;
  record: string | null;
  api_key: string | null;
  batch_id: string | null;
}

function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toEvent(row: Obj): StoredEvent {
  return {
    ...(row as unknown as StoredEvent),
    properties: parseJson<Obj | null>(row.properties, null),
    profile_properties: parseJson<Obj | null>(row.profile_properties, null),
    context: parseJson<Obj | null>(row.context, null),
    record: parseJson<Obj>(row.record, {}),
  };
}

function toProfile(row: Obj | undefined): Profile | undefined {
  if (!row) return undefined;
  return { ...(row as unknown as Profile), properties: parseJson<Obj>(row.properties, {}) };
}

/** The most recent `limit` stored events, newest first. */
export function recentEvents(db: Db, limit = 50): StoredEvent[] {
  const rows = stmt(db, 'SELECT * FROM events ORDER BY seq DESC LIMIT ?').all(limit) as Obj[];
  return rows.map(toEvent);
}

/** All stored events in arrival order. */
export function allEvents(db: Db): StoredEvent[] {
  return (stmt(db, 'SELECT * FROM events ORDER BY seq').all() as Obj[]).map(toEvent);
}

/** The stored event with this event_id, if any. */
export function eventById(db: Db, eventId: string): StoredEvent | undefined {
  const row = stmt(db, 'SELECT * FROM events WHERE event_id = ?').get(eventId) as Obj | undefined;
  return row ? toEvent(row) : undefined;
}

/** Number of stored (distinct) events. */
export function eventCount(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
}

/** The events attached to a profile, in arrival order. */
export function eventsOfProfile(db: Db, profileId: number): StoredEvent[] {
  return (stmt(db, 'SELECT * FROM events WHERE profile_id = ? ORDER BY seq').all(profileId) as Obj[]).map(toEvent);
}

/** The (live) profile an identifier belongs to, if any. */
export function profileOf(db: Db, kind: KeyKind, value: string): Profile | undefined {
  const row = stmt(db, 'SELECT p.* FROM profile_keys k JOIN profiles p ON p.id = k.profile_id WHERE k.kind = ? AND k.value = ?')
    .get(kind, normalizeKey(kind, value)) as Obj | undefined;
  return toProfile(row);
}

/** The profile with this id (merged or not), if any. */
export function profileById(db: Db, id: number): Profile | undefined {
  return toProfile(stmt(db, 'SELECT * FROM profiles WHERE id = ?').get(id) as Obj | undefined);
}

/** Profiles not merged into another, oldest first. */
export function liveProfiles(db: Db): Profile[] {
  const rows = stmt(db, 'SELECT * FROM profiles WHERE merged_into IS NULL ORDER BY id').all() as Obj[];
  return rows.map((r) => toProfile(r) as Profile);
}

/** The identifiers attached to a profile. */
export function profileKeys(db: Db, profileId: number): { kind: KeyKind; value: string }[] {
  return stmt(db, 'SELECT kind, value FROM profile_keys WHERE profile_id = ? ORDER BY kind, value').all(profileId) as {
    kind: KeyKind;
    value: string;
  }[];
}

/** All stored push subscriptions, oldest first. */
export function pushSubscriptions(db: Db): PushSubscriptionRow[] {
  const rows = stmt(db, 'SELECT * FROM push_subscriptions ORDER BY created_at, endpoint').all() as Obj[];
  return rows.map((r) => ({ ...(r as unknown as PushSubscriptionRow), subscription: parseJson<Obj>(r.subscription, {}) }));
}

/** Logged push sends in order, all of them or those of one message_id. */
export function pushSends(db: Db, messageId?: string): PushSendRow[] {
  if (messageId === undefined) return stmt(db, 'SELECT * FROM push_sends ORDER BY id').all() as PushSendRow[];
  return stmt(db, 'SELECT * FROM push_sends WHERE message_id = ? ORDER BY id').all(messageId) as PushSendRow[];
}

/** The most recent `limit` logged /v1 requests, newest first. */
export function recentRequests(db: Db, limit = 50): RequestRow[] {
  return stmt(db, 'SELECT * FROM requests ORDER BY id DESC LIMIT ?').all(limit) as RequestRow[];
}

/** The most recent `limit` rejected records, newest first. */
export function recentRejects(db: Db, limit = 50): RejectRow[] {
  return stmt(db, 'SELECT * FROM rejects ORDER BY id DESC LIMIT ?').all(limit) as RejectRow[];
}

/** What one /v1 request log entry records (id is assigned by the table). */
export type RequestLog = Omit<RequestRow, 'id'>;

/** Appends one entry to the requests log. */
export function logRequest(db: Db, e: RequestLog): void {
  stmt(
    db,
    `INSERT INTO requests (at, path, status, batch_id, records, accepted, duplicates, rejected, bytes, origin, api_key, note)
     VALUES (@at, @path, @status, @batch_id, @records, @accepted, @duplicates, @rejected, @bytes, @origin, @api_key, @note)`,
  ).run(e);
}
