import { test, expect } from '@playwright/test';
import {
  allEvents, eventById, eventsOfProfile, liveProfiles, profileById, profileKeys, profileOf, pushSubscriptions, recentRequests,
} from '../demo-site/server/db';
import { identifyRecord, post, postBatch, pushRecord, startTestServer, trackRecord } from '../demo-site/server/testing';

test('v1 /v1/track stores a track event with a generated event_id and dedups a given one', async () => {
  const s = await startTestServer();
  try {
    const key = { 'X-API-KEY': 'pk_demo' };
    const res = await post(s, '/v1/track', { event: 'Viewed Page', email: 'v1@example.com', properties: { page: '/a' } }, key);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ success: true });
    const [row] = allEvents(s.db);
    expect(row).toMatchObject({ type: 'track', event: 'Viewed Page', email: 'v1@example.com', properties: { page: '/a' }, api_key: 'pk_demo' });
    expect(row!.event_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row!.device_event_time).toBeGreaterThan(0);
    const body = { event: 'Clicked', event_id: 'v1-fixed', phone_number: '+14155550123', device_event_time: 1732600000000 };
    expect((await post(s, '/v1/track', body, key)).json).toEqual({ success: true });
    expect((await post(s, '/v1/track', body, key)).json).toEqual({ success: true });
    expect(eventById(s.db, 'v1-fixed')).toMatchObject({ copies: 2, device_event_time: 1732600000000, phone_number: '+14155550123' });
    expect(recentRequests(s.db, 1)[0]).toMatchObject({ path: '/v1/track', status: 200, records: 1, accepted: 0, duplicates: 1 });
  } finally {
    await s.close();
  }
});

test('v1 /v1/track without email or phone, or with a bad key, is refused', async () => {
  const s = await startTestServer();
  try {
    const noContact = await post(s, '/v1/track', { event: 'Viewed Page', external_id: 'u1' }, { 'X-API-KEY': 'pk_demo' });
    expect(noContact.status).toBe(400);
    expect(noContact.json).toEqual({ success: false, error: 'email or phone_number is required' });
    const badPhone = await post(s, '/v1/track', { event: 'X', phone_number: '12345' }, { 'X-API-KEY': 'pk_demo' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.json).toMatchObject({ error: expect.stringContaining('phone_number') });
    const noEvent = await post(s, '/v1/track', { email: 'a@b.co' }, { 'X-API-KEY': 'pk_demo' });
    expect(noEvent.status).toBe(400);
    expect(noEvent.json).toMatchObject({ error: expect.stringContaining('event must be a non-empty string') });
    expect((await post(s, '/v1/track', { event: 'X', email: 'a@b.co' })).status).toBe(401);
    expect((await post(s, '/v1/track', { event: 'X', email: 'a@b.co' }, { 'X-API-KEY': 'pk_wrong' })).status).toBe(401);
    expect(allEvents(s.db)).toHaveLength(0);
  } finally {
    await s.close();
  }
});

test('v1 /v1/identify stores an identify event and updates the profile', async () => {
  const s = await startTestServer();
  try {
    const key = { 'X-API-KEY': 'pk_demo' };
    const body = {
      first_name: 'Asha', last_name: 'Rao', email: 'Asha@Example.com', phone_number: '+919876543210',
      city: 'Pune', country: 'IN', zip: '411001', custom_properties: { tier: 'gold' }, anonymous_id: 'anon-v1',
    };
    const res = await post(s, '/v1/identify', body, key);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ success: true });
    const [row] = allEvents(s.db);
    expect(row).toMatchObject({ type: 'identify', email: 'Asha@Example.com', anonymous_id: 'anon-v1', profile_properties: { tier: 'gold' } });
    const p = profileOf(s.db, 'email', 'asha@example.com');
    expect(p).toMatchObject({ first_name: 'Asha', last_name: 'Rao', city: 'Pune', country: 'IN', zip: '411001', phone_number: '+919876543210' });
    expect(p!.properties).toEqual({ tier: 'gold' });
    expect(profileOf(s.db, 'anonymous_id', 'anon-v1')?.id).toBe(p!.id);
    expect(row!.profile_id).toBe(p!.id);
    const missing = await post(s, '/v1/identify', { first_name: 'Nobody' }, key);
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ success: false, error: 'email or phone_number is required' });
  } finally {
    await s.close();
  }
});

test('stitching: anonymous event, then identify with the same anonymous_id + email, then an email-only event make one profile', async () => {
  const s = await startTestServer();
  try {
    const anon = trackRecord({ anonymous_id: 'anon-A' });
    await postBatch(s, [anon]);
    const first = profileOf(s.db, 'anonymous_id', 'anon-A');
    expect(first).toBeDefined();
    expect(first!.email).toBeNull();
    const ident = identifyRecord({ anonymous_id: 'anon-A', email: 'ann@example.com', first_name: 'Ann', profile_properties: { plan: 'pro' } });
    await postBatch(s, [ident]);
    const byEmail = await post(s, '/v1/track', { event: 'Purchased Gift Card', email: 'ANN@example.com' }, { 'X-API-KEY': 'pk_demo' });
    expect(byEmail.status).toBe(200);
    const profiles = liveProfiles(s.db);
    expect(profiles).toHaveLength(1);
    expect(profiles[0]).toMatchObject({ id: first!.id, email: 'ANN@example.com', first_name: 'Ann', properties: { plan: 'pro' } });
    expect(eventsOfProfile(s.db, first!.id).map((e) => e.type)).toEqual(['track', 'identify', 'track']);
    expect(profileKeys(s.db, first!.id)).toEqual([
      { kind: 'anonymous_id', value: 'anon-A' },
      { kind: 'email', value: 'ann@example.com' },
    ]);
  } finally {
    await s.close();
  }
});

test('stitching merges two existing profiles into the oldest and moves their keys and events', async () => {
  const s = await startTestServer();
  try {
    await postBatch(s, [trackRecord({ anonymous_id: 'anon-old', event: 'First Visit' })]);
    await postBatch(s, [trackRecord({ anonymous_id: 'anon-new', email: 'bob@example.com', event: 'Second Device' })]);
    const older = profileOf(s.db, 'anonymous_id', 'anon-old')!;
    const newer = profileOf(s.db, 'email', 'bob@example.com')!;
    expect(newer.id).not.toBe(older.id);
    await postBatch(s, [identifyRecord({ anonymous_id: 'anon-old', email: 'bob@example.com', city: 'Leeds' })]);
    expect(liveProfiles(s.db).map((p) => p.id)).toEqual([older.id]);
    expect(profileById(s.db, newer.id)!.merged_into).toBe(older.id);
    expect(profileOf(s.db, 'anonymous_id', 'anon-new')!.id).toBe(older.id);
    const merged = profileById(s.db, older.id)!;
    expect(merged).toMatchObject({ email: 'bob@example.com', city: 'Leeds', merged_into: null });
    expect(eventsOfProfile(s.db, older.id).map((e) => e.event ?? e.type)).toEqual(['First Visit', 'Second Device', 'identify']);
    expect(eventsOfProfile(s.db, newer.id)).toHaveLength(0);
  } finally {
    await s.close();
  }
});

test('push_subscription upserts by endpoint and null deletes that anonymous_id\'s rows', async () => {
  const s = await startTestServer();
  try {
    const sub = pushRecord({ anonymous_id: 'anon-P' });
    expect((await postBatch(s, [sub])).json).toMatchObject({ accepted: 1 });
    let rows = pushSubscriptions(s.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ endpoint: 'https://push.example.com/send/abc', anonymous_id: 'anon-P' });
    expect(rows[0]!.profile_id).toBe(profileOf(s.db, 'anonymous_id', 'anon-P')!.id);
    const renewed = pushRecord({
      anonymous_id: 'anon-P',
      subscription: { endpoint: 'https://push.example.com/send/abc', expirationTime: null, keys: { p256dh: 'new-key', auth: 'new-auth' } },
    });
    const other = pushRecord({
      anonymous_id: 'anon-Q',
      subscription: { endpoint: 'https://push.example.com/send/q', expirationTime: null, keys: { p256dh: 'q', auth: 'q' } },
    });
    await postBatch(s, [renewed, other]);
    rows = pushSubscriptions(s.db);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.anonymous_id === 'anon-P')!.subscription).toMatchObject({ keys: { p256dh: 'new-key', auth: 'new-auth' } });
    const off = pushRecord({ anonymous_id: 'anon-P', subscription: null });
    expect((await postBatch(s, [off])).json).toMatchObject({ accepted: 1, rejected: [] });
    expect(pushSubscriptions(s.db).map((r) => r.anonymous_id)).toEqual(['anon-Q']);
    expect(allEvents(s.db).filter((e) => e.type === 'push_subscription')).toHaveLength(4);
  } finally {
    await s.close();
  }
});

test('invalid push_subscription records are rejected with the field named', async () => {
  const s = await startTestServer();
  try {
    const res = await postBatch(s, [
      pushRecord({ event_id: 'http', subscription: { endpoint: 'http://push.example.com/x', keys: { p256dh: 'a', auth: 'b' } } }),
      pushRecord({ event_id: 'nokeys', subscription: { endpoint: 'https://push.example.com/x' } }),
      pushRecord({ event_id: 'missing', subscription: undefined }),
    ]);
    const errors = new Map((res.json as { rejected: { event_id: string; error: string }[] }).rejected.map((r) => [r.event_id, r.error]));
    expect(errors.get('http')).toContain('subscription.endpoint must be an https URL');
    expect(errors.get('nokeys')).toContain('subscription.keys.p256dh');
    expect(errors.get('nokeys')).toContain('subscription.keys.auth');
    expect(errors.get('missing')).toContain('subscription is required');
    expect(pushSubscriptions(s.db)).toHaveLength(0);
    expect(allEvents(s.db)).toHaveLength(0);
  } finally {
    await s.close();
  }
});
