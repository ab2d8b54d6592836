import type { ApiResult } from './api';
import type { Db, Obj } from './db';
import { ingest } from './store';
import { MAX_BATCH_RECORDS } from './validate';

/** Handles a parsed POST /v1/track/batch body (already authenticated). */
export function processBatch(db: Db, body: Obj, apiKey: string, now: number): ApiResult {
  const batch = body.batch;
  if (!Array.isArray(batch) || batch.length === 0) {
    return { status: 400, body: { success: false, error: 'batch must be a non-empty array of records' } };
  }
  if (batch.length > MAX_BATCH_RECORDS) {
    return {
      status: 400,
      body: { success: false, error: `batch has ${batch.length} records; at most ${MAX_BATCH_RECORDS} are allowed` },
    };
  }
  const batchId = typeof body.batch_id === 'string' ? body.batch_id : null;
  const r = ingest(db, batch, { apiKey, batchId, receivedAt: now });
  return {
    status: 200,
    body: { success: true, accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected },
    log: { accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected.length },
  };
}
