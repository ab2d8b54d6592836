import { normalizeKey, profileById, stmt, type Db, type KeyKind, type Obj } from './db';
import { TRAITS, type ValidRecord } from './validate';

/** The identifiers a record carries, normalised as profile_keys stores them. */
export function identifiersOf(rec: ValidRecord): { kind: KeyKind; value: string }[] {
  const out: { kind: KeyKind; value: string }[] = [];
  for (const kind of ['anonymous_id', 'email', 'phone_number', 'external_id'] as const) {
    const v = rec[kind];
    if (v !== null && v.trim() !== '') out.push({ kind, value: normalizeKey(kind, v) });
  }
  return out;
}

function createProfile(db: Db, now: number): number {
  const info = stmt(db, "INSERT INTO profiles (properties, created_at, updated_at) VALUES ('{}', ?, ?)").run(now, now);
  return Number(info.lastInsertRowid);
}

const SCALARS = ['email', 'phone_number', 'external_id', ...TRAITS] as const;

/** Folds profile `from` into `into`: keys, events and subscriptions move; gaps in `into` are filled from `from`. */
export function mergeProfile(db: Db, from: number, into: number, now: number): void {
  const a = profileById(db, into);
  const b = profileById(db, from);
  if (!a || !b || from === into) return;
  const merged: Obj = {};
  for (const f of SCALARS) merged[f] = a[f] ?? b[f];
  stmt(
    db,
    `UPDATE profiles SET email = @email, phone_number = @phone_number, external_id = @external_id,
       first_name = @first_name, last_name = @last_name, city = @city, country = @country, zip = @zip,
       properties = @properties, updated_at = @now WHERE id = @id`,
  ).run({ ...merged, properties: JSON.stringify({ ...b.properties, ...a.properties }), now, id: into });
  stmt(db, 'UPDATE profile_keys SET profile_id = ? WHERE profile_id = ?').run(into, from);
  stmt(db, 'UPDATE events SET profile_id = ? WHERE profile_id = ?').run(into, from);
  stmt(db, 'UPDATE push_subscriptions SET profile_id = ? WHERE profile_id = ?').run(into, from);
  stmt(db, 'UPDATE profiles SET merged_into = ? WHERE merged_into = ?').run(into, from);
  stmt(db, 'UPDATE profiles SET merged_into = ?, updated_at = ? WHERE id = ?').run(into, now, from);
}

/** Writes what a record says about its person onto the profile (latest value wins; properties merge shallowly). */
export function updateProfile(db: Db, profileId: number, rec: ValidRecord, now: number): void {
  const p = profileById(db, profileId);
  if (!p) return;
  const props = rec.profile_properties ? { ...p.properties, ...rec.profile_properties } : p.properties;
  stmt(
    db,
    `UPDATE profiles SET email = COALESCE(@email, email), phone_number = COALESCE(@phone_number, phone_number),
       external_id = COALESCE(@external_id, external_id), first_name = COALESCE(@first_name, first_name),
       last_name = COALESCE(@last_name, last_name), city = COALESCE(@city, city), country = COALESCE(@country, country),
       zip = COALESCE(@zip, zip), properties = @properties, updated_at = @now WHERE id = @id`,
  ).run({
    email: rec.email,
    phone_number: rec.phone_number,
    external_id: rec.external_id,
    first_name: rec.traits.first_name ?? null,
    last_name: rec.traits.last_name ?? null,
    city: rec.traits.city ?? null,
    country: rec.traits.country ?? null,
    zip: rec.traits.zip ?? null,
    properties: JSON.stringify(props),
    now,
    id: profileId,
  });
}

/**
 * Finds or creates the profile for a record: looks up each identifier, merges several
 * distinct profiles into the oldest, attaches all identifiers and applies the record's
 * profile fields. Returns the profile id, or null for a record with no identifier.
 */
export function stitch(db: Db, rec: ValidRecord, now: number): number | null {
  const keys = identifiersOf(rec);
  if (keys.length === 0) return null;
  const found = new Set<number>();
  for (const k of keys) {
    const row = stmt(db, 'SELECT profile_id FROM profile_keys WHERE kind = ? AND value = ?').get(k.kind, k.value) as
      | { profile_id: number }
      | undefined;
    if (row) found.add(row.profile_id);
  }
  const ids = [...found].sort((x, y) => x - y);
  const target = ids[0] ?? createProfile(db, now);
  for (const other of ids.slice(1)) mergeProfile(db, other, target, now);
  for (const k of keys) {
    stmt(db, 'INSERT OR IGNORE INTO profile_keys (kind, value, profile_id) VALUES (?, ?, ?)').run(k.kind, k.value, target);
  }
  updateProfile(db, target, rec, now);
  return target;
}
