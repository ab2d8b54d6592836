import { randomUUID } from 'node:crypto';
import type { ApiResult } from './api';
import type { Db, Obj } from './db';
import { ingest } from './store';
import { validateRecord } from './validate';

function hasContact(body: Obj): boolean {
  const ok = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';
  return ok(body.email) || ok(body.phone_number);
}

function pick(body: Obj, fields: string[]): Obj {
  const out: Obj = {};
  for (const f of fields) if (body[f] !== undefined && body[f] !== null) out[f] = body[f];
  return out;
}

function storeOne(db: Db, record: Obj, apiKey: string, now: number): ApiResult {
  const v = validateRecord(record);
  if (!v.ok) return { status: 400, body: { success: false, error: v.error }, log: { accepted: 0, duplicates: 0, rejected: 1 } };
  const r = ingest(db, [record], { apiKey, batchId: null, receivedAt: now });
  return { status: 200, body: { success: true }, log: { accepted: r.accepted, duplicates: r.duplicates, rejected: 0 } };
}

const MISSING_CONTACT: ApiResult = { status: 400, body: { success: false, error: 'email or phone_number is required' } };

/** Handles Contlo's own POST /v1/track body: one event, email or phone_number mandatory. */
export function processV1Track(db: Db, body: Obj, apiKey: string, now: number): ApiResult {
  if (!hasContact(body)) return MISSING_CONTACT;
  const record: Obj = {
    type: 'track',
    event_id: body.event_id ?? randomUUID(),
    device_event_time: body.device_event_time ?? now,
    ...pick(body, ['event', 'anonymous_id', 'email', 'phone_number', 'external_id', 'properties', 'profile_properties', 'context']),
  };
  return storeOne(db, record, apiKey, now);
}

/** Handles Contlo's own POST /v1/identify body: stored as an identify event plus a profile update. */
export function processV1Identify(db: Db, body: Obj, apiKey: string, now: number): ApiResult {
  if (!hasContact(body)) return MISSING_CONTACT;
  const record: Obj = {
    type: 'identify',
    event_id: body.event_id ?? randomUUID(),
    device_event_time: body.device_event_time ?? now,
    ...pick(body, ['anonymous_id', 'email', 'phone_number', 'external_id', 'first_name', 'last_name', 'city', 'country', 'zip']),
  };
  if (body.custom_properties !== undefined && body.custom_properties !== null) record.profile_properties = body.custom_properties;
  return storeOne(db, record, apiKey, now);
}
