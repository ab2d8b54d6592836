import type { Obj } from './db';
import { isObj } from './validate';

/** A notification button: `action` is the id the service worker sees, `url` where a click goes. */
export interface PushAction {
  action: string;
  title: string;
  url?: string;
}

/** What the server pushes (JSON-encoded, then encrypted) to the service worker. */
export interface PushPayload {
  title: string;
  body?: string;
  icon?: string;
  image?: string;
  badge?: string;
  url?: string;
  tag?: string;
  actions?: PushAction[];
  message_id?: string;
  campaign_id?: string;
  require_interaction?: boolean;
  data?: Obj;
}

/** Largest encrypted push message body push services must accept (RFC 8030 §7.2; FCM, Mozilla and Apple cap it here). */
export const MAX_PUSH_MESSAGE_BYTES = 4096;

/** aes128gcm overhead of one record: 86-byte header (salt, rs, keyid length, 65-byte key), 1 delimiter byte, 16-byte tag. */
export const AES128GCM_OVERHEAD = 86 + 1 + 16;

/** Largest payload JSON (UTF-8 bytes) that still fits in a 4096-byte encrypted push message: 3993. */
export const MAX_PUSH_PAYLOAD_BYTES = MAX_PUSH_MESSAGE_BYTES - AES128GCM_OVERHEAD;

/** A push request the server refuses before sending anything (bad target or payload); the HTTP API answers 400. */
export class PushRequestError extends Error {
  override name = 'PushRequestError';
}

const STRINGS = ['title', 'body', 'icon', 'image', 'badge', 'url', 'tag', 'message_id', 'campaign_id'] as const;
const KNOWN: readonly string[] = [...STRINGS, 'actions', 'require_interaction', 'data'];

function checkActions(v: unknown, errors: string[]): void {
  if (!Array.isArray(v)) return void errors.push('payload.actions must be an array');
  v.forEach((a: unknown, i) => {
    if (!isObj(a)) return void errors.push(`payload.actions[${i}] must be an object`);
    for (const f of ['action', 'title']) {
      if (typeof a[f] !== 'string' || a[f] === '') errors.push(`payload.actions[${i}].${f} must be a non-empty string`);
    }
    if (a.url !== undefined && typeof a.url !== 'string') errors.push(`payload.actions[${i}].url must be a string`);
    for (const k of Object.keys(a)) if (!['action', 'title', 'url'].includes(k)) errors.push(`payload.actions[${i}].${k} is not a known field`);
  });
}

/** Checks a JSON value is a PushPayload (title required, known fields only, right types); errors joined with "; ". */
export function validatePushPayload(v: unknown): { ok: true; payload: PushPayload } | { ok: false; error: string } {
  if (!isObj(v)) return { ok: false, error: 'payload must be a JSON object' };
  const errors: string[] = [];
  if (typeof v.title !== 'string' || v.title.trim() === '') errors.push('payload.title must be a non-empty string');
  for (const f of STRINGS) if (v[f] !== undefined && typeof v[f] !== 'string') errors.push(`payload.${f} must be a string`);
  if (v.actions !== undefined) checkActions(v.actions, errors);
  if (v.require_interaction !== undefined && typeof v.require_interaction !== 'boolean') {
    errors.push('payload.require_interaction must be a boolean');
  }
  if (v.data !== undefined && !isObj(v.data)) errors.push('payload.data must be an object');
  for (const k of Object.keys(v)) if (!KNOWN.includes(k)) errors.push(`payload.${k} is not a known field (put extra values in payload.data)`);
  return errors.length > 0 ? { ok: false, error: errors.join('; ') } : { ok: true, payload: v as unknown as PushPayload };
}

/** Encodes a payload as sent, refusing it (PushRequestError naming the size) when it is over the push size limit. */
export function encodePayload(payload: PushPayload): string {
  const json = JSON.stringify(payload);
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_PUSH_PAYLOAD_BYTES) {
    throw new PushRequestError(
      `push payload is ${bytes} bytes, over the 4 KB limit (at most ${MAX_PUSH_PAYLOAD_BYTES} bytes of JSON fit in a ` +
        `${MAX_PUSH_MESSAGE_BYTES}-byte encrypted push message)`,
    );
  }
  return json;
}
