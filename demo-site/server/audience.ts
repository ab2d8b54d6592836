import { chargesOf, byCurrency, type Charge } from './charges';
import { eventsOfProfile, profileById, profileKeys, stmt, type Db, type KeyKind, type Profile, type StoredEvent } from './db';

/** Which profiles the Audience list shows. */
export type AudienceFilter = 'all' | 'known' | 'anonymous' | 'customers' | 'subscribers';

/** The filters in the order the page offers them. */
export const FILTERS: [AudienceFilter, string][] = [
  ['all', 'All'],
  ['known', 'Known'],
  ['anonymous', 'Anonymous'],
  ['customers', 'Customers'],
  ['subscribers', 'Push subscribers'],
];

/** One row of the Audience list. */
export interface ProfileSummary extends Pick<Profile, 'id' | 'email' | 'phone_number' | 'external_id' | 'first_name' | 'last_name' | 'city' | 'created_at'> {
  anonymous_id: string | null;
  event_count: number;
  last_seen: number | null;
  charged_count: number;
  subscribed: number;
}

const CHARGED = "(e.event = 'Charged' OR e.event_type = 'charged')";

const WHERE: Record<AudienceFilter, string> = {
  all: '1 = 1',
  known: '(p.email IS NOT NULL OR p.phone_number IS NOT NULL)',
  anonymous: '(p.email IS NULL AND p.phone_number IS NULL AND p.external_id IS NULL)',
  customers: `EXISTS (SELECT 1 FROM events e WHERE e.profile_id = p.id AND ${CHARGED})`,
  subscribers: 'EXISTS (SELECT 1 FROM push_subscriptions s WHERE s.profile_id = p.id)',
};

function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Live profiles matching a search (email, phone, name, city or any identifier) and filter, most recently active first. */
export function searchProfiles(db: Db, q: string, filter: AudienceFilter, limit = 100): { rows: ProfileSummary[]; total: number } {
  const match = `p.merged_into IS NULL AND ${WHERE[filter]} AND (@q = '' OR p.email LIKE @like ESCAPE '\\' OR p.phone_number LIKE @like ESCAPE '\\'
    OR COALESCE(p.first_name, '') || ' ' || COALESCE(p.last_name, '') LIKE @like ESCAPE '\\' OR p.city LIKE @like ESCAPE '\\'
    OR EXISTS (SELECT 1 FROM profile_keys k WHERE k.profile_id = p.id AND k.value LIKE @like ESCAPE '\\'))`;
  const params = { q: q.trim(), like: `%${escapeLike(q.trim())}%` };
  const total = (stmt(db, `SELECT COUNT(*) AS n FROM profiles p WHERE ${match}`).get(params) as { n: number }).n;
  const rows = stmt(
    db,
    `SELECT p.id, p.email, p.phone_number, p.external_id, p.first_name, p.last_name, p.city, p.created_at,
       (SELECT MIN(value) FROM profile_keys k WHERE k.profile_id = p.id AND k.kind = 'anonymous_id') AS anonymous_id,
       (SELECT COUNT(*) FROM events e WHERE e.profile_id = p.id) AS event_count,
       (SELECT MAX(e.received_at) FROM events e WHERE e.profile_id = p.id) AS last_seen,
       (SELECT COUNT(*) FROM events e WHERE e.profile_id = p.id AND ${CHARGED}) AS charged_count,
       EXISTS (SELECT 1 FROM push_subscriptions s WHERE s.profile_id = p.id) AS subscribed
     FROM profiles p WHERE ${match}
     ORDER BY last_seen IS NULL, last_seen DESC, p.id DESC LIMIT @limit`,
  ).all({ ...params, limit }) as ProfileSummary[];
  return { rows, total };
}

/** How many live profiles each filter matches. */
export function filterCounts(db: Db): Record<AudienceFilter, number> {
  const out = {} as Record<AudienceFilter, number>;
  for (const [f] of FILTERS) {
    out[f] = (stmt(db, `SELECT COUNT(*) AS n FROM profiles p WHERE p.merged_into IS NULL AND ${WHERE[f]}`).get() as { n: number }).n;
  }
  return out;
}

/** How a timeline entry is told apart. */
export type EventKind = 'charged' | 'message' | 'custom' | 'identify' | 'subscription';

/** The kind of a stored event: Charged, a message (push) event, a custom event, an identify or a push subscription. */
export function kindOf(e: Pick<StoredEvent, 'type' | 'event' | 'event_type'>): EventKind {
  if (e.type === 'identify') return 'identify';
  if (e.type === 'push_subscription') return 'subscription';
  if (e.event === 'Charged' || e.event_type === 'charged') return 'charged';
  if (e.event_type === 'message') return 'message';
  return 'custom';
}

/** Everything the profile page shows. */
export interface ProfileDetail {
  profile: Profile;
  keys: { kind: KeyKind; value: string }[];
  /** Newest first (at most 500). */
  events: StoredEvent[];
  eventCount: number;
  charges: Charge[];
  revenue: { currency: string; amount: number; count: number }[];
  subscriptions: { endpoint: string; created_at: number }[];
}

/** The live profile an id ends up in after merges (or undefined for an unknown id). */
export function resolveProfileId(db: Db, id: number): number | undefined {
  const seen = new Set<number>();
  let p = profileById(db, id);
  while (p && p.merged_into !== null && !seen.has(p.id)) {
    seen.add(p.id);
    p = profileById(db, p.merged_into);
  }
  return p?.id;
}

/** The profile page's data for a live profile id. */
export function profileDetail(db: Db, id: number): ProfileDetail | undefined {
  const profile = profileById(db, id);
  if (!profile) return undefined;
  const all = eventsOfProfile(db, id);
  const charges = chargesOf(db, id);
  return {
    profile,
    keys: profileKeys(db, id),
    events: all.slice(-500).reverse(),
    eventCount: all.length,
    charges,
    revenue: byCurrency(charges),
    subscriptions: stmt(db, 'SELECT endpoint, created_at FROM push_subscriptions WHERE profile_id = ? ORDER BY created_at').all(id) as {
      endpoint: string;
      created_at: number;
    }[],
  };
}

/** A profile's display name: its name, else email, else phone, else "Anonymous visitor". */
export function displayName(p: { first_name: string | null; last_name: string | null; email: string | null; phone_number: string | null }): string {
  const name = [p.first_name, p.last_name].filter(Boolean).join(' ');
  return name || p.email || p.phone_number || 'Anonymous visitor';
}
