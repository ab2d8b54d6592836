/** The SQLite schema, created on first start (every statement is IF NOT EXISTS). */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS api_keys (
  key TEXT PRIMARY KEY,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT UNIQUE NOT NULL,
  type TEXT NOT NULL,
  event TEXT,
  event_type TEXT,
  anonymous_id TEXT,
  email TEXT,
  phone_number TEXT,
  external_id TEXT,
  profile_id INTEGER,
  properties TEXT,
  profile_properties TEXT,
  context TEXT,
  record TEXT NOT NULL,
  device_event_time INTEGER,
  received_at INTEGER NOT NULL,
  batch_id TEXT,
  api_key TEXT,
  copies INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS events_profile ON events(profile_id);
CREATE INDEX IF NOT EXISTS events_anonymous ON events(anonymous_id);
CREATE TABLE IF NOT EXISTS profiles (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT,
  phone_number TEXT,
  external_id TEXT,
  first_name TEXT,
  last_name TEXT,
  city TEXT,
  country TEXT,
  zip TEXT,
  properties TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  merged_into INTEGER NULL
);
CREATE TABLE IF NOT EXISTS profile_keys (
  kind TEXT NOT NULL CHECK (kind IN ('anonymous_id', 'email', 'phone_number', 'external_id')),
  value TEXT NOT NULL,
  profile_id INTEGER NOT NULL,
  PRIMARY KEY (kind, value)
);
CREATE INDEX IF NOT EXISTS profile_keys_profile ON profile_keys(profile_id);
CREATE TABLE IF NOT EXISTS push_subscriptions (
  endpoint TEXT PRIMARY KEY,
  profile_id INTEGER,
  anonymous_id TEXT,
  subscription TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS rejects (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  error TEXT NOT NULL,
  record TEXT,
  api_key TEXT,
  batch_id TEXT
);
CREATE TABLE IF NOT EXISTS requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  batch_id TEXT,
  records INTEGER,
  accepted INTEGER,
  duplicates INTEGER,
  rejected INTEGER,
  bytes INTEGER,
  origin TEXT,
  api_key TEXT,
  note TEXT
);
CREATE TABLE IF NOT EXISTS push_sends (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  message_id TEXT NOT NULL,
  campaign_id TEXT,
  endpoint TEXT NOT NULL,
  profile_id INTEGER,
  status INTEGER NOT NULL,
  error TEXT
);
CREATE INDEX IF NOT EXISTS push_sends_message ON push_sends(message_id);
CREATE INDEX IF NOT EXISTS push_sends_campaign ON push_sends(campaign_id);
CREATE TABLE IF NOT EXISTS campaigns (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  payload TEXT NOT NULL,
  audience TEXT NOT NULL,
  message_id TEXT,
  created_at INTEGER NOT NULL,
  error TEXT
);
`;
