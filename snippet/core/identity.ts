import type { KV } from './kv';
import type { Identity } from './types';

const KEY = 'identity';

/** Loads the persisted identity, storing `fallback` (atomically, so tabs agree) on first use. */
export function loadIdentity(kv: KV, fallback: Identity): Promise<Identity> {
  return kv.update<Identity>(KEY, (old) => (old && old.anonymous_id ? old : fallback));
}

/** Persists the identity so other tabs and the service worker attribute records to the same person. */
export function saveIdentity(kv: KV, who: Identity): Promise<void> {
  return kv.set(KEY, who);
}
