import { stmt, type Db } from './db';
import type { ValidRecord } from './validate';

/**
 * Applies a push_subscription record: a subscription is upserted by endpoint; null
 * (unsubscribed) deletes the rows of the record's anonymous_id, or of its profile
 * when it has no anonymous_id.
 */
export function savePushSubscription(db: Db, rec: ValidRecord, profileId: number | null, now: number): void {
  if (rec.type !== 'push_subscription') return;
  if (rec.subscription) {
    stmt(
      db,
      `INSERT INTO push_subscriptions (endpoint, profile_id, anonymous_id, subscription, created_at, updated_at)
       VALUES (@endpoint, @profile_id, @anonymous_id, @subscription, @now, @now)
       ON CONFLICT(endpoint) DO UPDATE SET profile_id = excluded.profile_id, anonymous_id = excluded.anonymous_id,
         subscription = excluded.subscription, updated_at = excluded.updated_at`,
    ).run({
      endpoint: rec.subscription.endpoint,
      profile_id: profileId,
      anonymous_id: rec.anonymous_id,
      subscription: JSON.stringify(rec.subscription),
      now,
    });
  } else if (rec.anonymous_id !== null) {
    stmt(db, 'DELETE FROM push_subscriptions WHERE anonymous_id = ?').run(rec.anonymous_id);
  } else if (profileId !== null) {
    stmt(db, 'DELETE FROM push_subscriptions WHERE profile_id = ?').run(profileId);
  }
}
