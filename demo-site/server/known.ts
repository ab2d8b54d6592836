import type { ApiResult } from './api';
import { stmt, type Db, type Obj } from './db';

/** Most event_ids one POST /v1/track/known may ask about. */
export const MAX_KNOWN_IDS = 1000;

/**
 * Handles POST /v1/track/known `{api_key, event_ids: [...]}` → `{success, known: [...]}`: which of
 * these event_ids this key's records already stored. The SDK asks it before re-sending records whose
 * earlier request may have arrived although its answer never came back (a tab closed or the
 * browser killed mid-flush), so the server does not receive them a second time.
 */
export function processKnown(db: Db, body: Obj, apiKey: string): ApiResult {
  const ids = body.event_ids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
    return { status: 400, body: { success: false, error: 'event_ids must be a non-empty array of strings' } };
  }
  if (ids.length > MAX_KNOWN_IDS) {
    return { status: 400, body: { success: false, error: `event_ids has ${ids.length} entries; at most ${MAX_KNOWN_IDS} are allowed` } };
  }
  const has = stmt(db, 'SELECT 1 FROM events WHERE event_id = ? AND api_key = ?');
  const known = (ids as string[]).filter((id) => has.get(id, apiKey));
  return { status: 200, body: { success: true, known }, note: `asked about ${ids.length}, ${known.length} already stored` };
}
