import fs from 'node:fs';
import path from 'node:path';
import { recentEvents, recentRejects, recentRequests, stmt, type Db, type RejectRow, type RequestRow, type StoredEvent } from './db';

/** How far back "the snippet is sending" looks. */
export const RECENT_MS = 5 * 60 * 1000;

/** The verdict at the top of /verify. */
export type VerifyState = 'receiving' | 'bad_key' | 'rejecting' | 'idle' | 'never';

/** What /verify shows. */
export interface VerifyData {
  origin: string;
  state: VerifyState;
  recent: { requests: number; accepted: number; rejected: number; unauthorized: number; last: number | null };
  lastEver: number | null;
  otherOrigins: { origin: string; requests: number; last: number }[];
  files: { name: string; ok: boolean }[];
  apiKeys: string[];
  requests: RequestRow[];
  events: StoredEvent[];
  rejects: RejectRow[];
}

function state(r: VerifyData['recent'], lastEver: number | null): VerifyState {
  if (r.accepted > 0 && r.rejected === 0) return 'receiving';
  if (r.unauthorized > 0 && r.accepted === 0) return 'bad_key';
  if (r.rejected > 0) return 'rejecting';
  if (r.accepted > 0) return 'receiving';
  return lastEver === null ? 'never' : 'idle';
}

/** Gathers the integration status for the snippet on `origin` (e.g. "http://localhost:8080"). */
export function verifyData(db: Db, origin: string, distDir: string, now = Date.now()): VerifyData {
  const since = now - RECENT_MS;
  const recent = stmt(
    db,
    `SELECT COUNT(*) AS requests, COALESCE(SUM(accepted), 0) AS accepted, COALESCE(SUM(rejected), 0) AS rejected,
       COALESCE(SUM(status = 401), 0) AS unauthorized, MAX(at) AS last
     FROM requests WHERE origin = ? AND at >= ?`,
  ).get(origin, since) as VerifyData['recent'];
  const lastEver = (stmt(db, 'SELECT MAX(at) AS at FROM requests WHERE origin = ?').get(origin) as { at: number | null }).at;
  const otherOrigins = stmt(
    db,
    `SELECT COALESCE(origin, '(no Origin header)') AS origin, COUNT(*) AS requests, MAX(at) AS last FROM requests
     WHERE origin IS NOT ? GROUP BY origin ORDER BY last DESC LIMIT 5`,
  ).all(origin) as VerifyData['otherOrigins'];
  const files = ['loader.js', 'contlo.js', 'contlo-sw.js'].map((name) => ({ name, ok: fs.existsSync(path.join(distDir, name)) }));
  const apiKeys = (stmt(db, 'SELECT key FROM api_keys WHERE active = 1 ORDER BY created_at, key').all() as { key: string }[]).map((r) => r.key);
  return {
    origin,
    state: state(recent, lastEver),
    recent,
    lastEver,
    otherOrigins,
    files,
    apiKeys,
    requests: recentRequests(db, 10),
    events: recentEvents(db, 12),
    rejects: recentRejects(db, 10),
  };
}
