import { stmt, type Db } from './db';
import { hasListeners, notifyIngest } from './live';
import { stitch } from './profiles';
import { savePushSubscription } from './push';
import { validateRecord, type ValidRecord } from './validate';

/** Where a batch came from. */
export interface IngestMeta {
  apiKey: string;
  batchId: string | null;
  receivedAt: number;
}

/** One record the server refused, as reported to the client. */
export interface Rejection {
  event_id: string;
  error: string;
}

/** What happened to a batch's records. */
export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
}

function json(v: unknown): string | null {
  return v === null || v === undefined ? null : JSON.stringify(v);
}

/** Stores one valid record (dedup by event_id, profile stitching, push rows); returns whether it was new. */
export function storeRecord(db: Db, rec: ValidRecord, meta: IngestMeta): 'accepted' | 'duplicate' {
  const info = stmt(
    db,
    `INSERT OR IGNORE INTO events (event_id, type, event, event_type, anonymous_id, email, phone_number, external_id,
       properties, profile_properties, context, record, device_event_time, received_at, batch_id, api_key)
     VALUES (@event_id, @type, @event, @event_type, @anonymous_id, @email, @phone_number, @external_id,
       @properties, @profile_properties, @context, @record, @device_event_time, @received_at, @batch_id, @api_key)`,
  ).run({
    event_id: rec.event_id,
    type: rec.type,
    event: rec.event,
    event_type: typeof rec.properties?.event_type === 'string' ? rec.properties.event_type : null,
    anonymous_id: rec.anonymous_id,
    email: rec.email,
    phone_number: rec.phone_number,
    external_id: rec.external_id,
    properties: json(rec.properties),
    profile_properties: json(rec.profile_properties),
    context: json(rec.context),
    record: JSON.stringify(rec.raw),
    device_event_time: Math.round(rec.device_event_time),
    received_at: meta.receivedAt,
    batch_id: meta.batchId,
    api_key: meta.apiKey,
  });
  if (info.changes === 0) {
    stmt(db, 'UPDATE events SET copies = copies + 1 WHERE event_id = ?').run(rec.event_id);
    return 'duplicate';
  }
  const profileId = stitch(db, rec, meta.receivedAt);
  stmt(db, 'UPDATE events SET profile_id = ? WHERE seq = ?').run(profileId, info.lastInsertRowid);
  savePushSubscription(db, rec, profileId, meta.receivedAt);
  return 'accepted';
}

function storeReject(db: Db, r: Rejection, record: unknown, meta: IngestMeta): void {
  let text: string | null;
  try {
    text = JSON.stringify(record) ?? null;
  } catch {
    text = null;
  }
  stmt(db, 'INSERT INTO rejects (at, event_id, error, record, api_key, batch_id) VALUES (?, ?, ?, ?, ?, ?)').run(
    meta.receivedAt,
    r.event_id,
    r.error,
    text,
    meta.apiKey,
    meta.batchId,
  );
}

function touchedProfiles(db: Db, records: unknown[]): number[] {
  const ids = new Set<number>();
  for (const r of records) {
    const id = typeof r === 'object' && r !== null ? (r as { event_id?: unknown }).event_id : undefined;
    if (typeof id !== 'string') continue;
    const row = stmt(db, 'SELECT profile_id FROM events WHERE event_id = ?').get(id) as { profile_id: number | null } | undefined;
    if (row?.profile_id != null) ids.add(row.profile_id);
  }
  return [...ids];
}

/** Validates and stores a batch of raw records in one transaction. */
export function ingest(db: Db, records: unknown[], meta: IngestMeta): IngestResult {
  const result: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  const events = new Set<string>();
  db.transaction(() => {
    for (const raw of records) {
      const v = validateRecord(raw);
      if (!v.ok) {
        const r = { event_id: v.event_id, error: v.error };
        result.rejected.push(r);
        storeReject(db, r, raw, meta);
      } else if (storeRecord(db, v.record, meta) === 'accepted') {
        result.accepted++;
        events.add(v.record.event ?? v.record.type);
      } else result.duplicates++;
    }
  })();
  if (!hasListeners(db)) return result;
  notifyIngest(db, {
    accepted: result.accepted,
    duplicates: result.duplicates,
    rejected: result.rejected.length,
    profiles: result.accepted > 0 ? touchedProfiles(db, records) : [],
    events: [...events],
  });
  return result;
}
