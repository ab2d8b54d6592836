/** A JSON-safe bag of properties. */
export type Props = Record<string, unknown>;

/** One record as it travels in a batch (see README "Wire format"). */
export interface WireRecord {
  type: 'track' | 'identify' | 'push_subscription';
  event_id: string;
  anonymous_id: string;
  email?: string;
  phone_number?: string;
  external_id?: string;
  event?: string;
  properties?: Props;
  profile_properties?: Props;
  device_event_time: number;
  context?: Props;
  [field: string]: unknown;
}

/** Queue key: [enqueue time ms, sequence, context id] — unique across tabs and the worker, FIFO by time. */
export type QueueKey = [number, number, string];

/** A queued record with its key. */
export interface Entry {
  key: QueueKey;
  rec: WireRecord;
  /** The record's JSON, once serialized for sending. */
  json?: string;
}

/** Who the records are attributed to; persisted so the service worker sees the same person. */
export interface Identity {
  anonymous_id: string;
  email?: string;
  phone_number?: string;
  external_id?: string;
}

/** Delivery settings shared by the page and the service worker. */
export interface DeliveryConfig {
  apiKey: string;
  endpoint: string;
  batchSize: number;
  format: 'batch' | 'contlo-v1';
  allowedOrigins?: string[];
}

/** Payload of the 'dropped' event. */
export interface DropInfo {
  reason: string;
  count: number;
  event_ids: string[];
  /** For rejects, the server's reason per record, in the order of event_ids. */
  errors?: string[];
}
