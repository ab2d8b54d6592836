// The SDKs the benchmark compares: how each one is bundled and configured (page glue in
// bench/page/), which collector requests count as event delivery, what the collector answers,
// and where (if anywhere) the SDK persists its queue in the page.

/** One SDK under test. */
export interface Peer {
  id: string;
  label: string;
  /** Directory under bench/tmp/sdk/ holding the bundle (peers sharing a bundle share it). */
  bundle: string;
  /** Event-delivery requests; anything else reaching the collector is blocked and counted. */
  delivers(method: string, path: string): boolean;
  /** The collector's answer to a delivery request that carried `events` benchmark events (`fresh` new ones). */
  reply(events: number, fresh: number): { type: string; body: string };
  /** localStorage keys holding the SDK's persisted queue (none: it keeps events in memory only). */
  storage?: RegExp;
  /** IndexedDB persistence whose completion track()'s promise reports (ours). */
  durablePromise?: boolean;
  /** The configuration, as recorded in results.json. */
  config: string;
  /**
   * A status question the SDK may ask (ours: POST /v1/track/known, which of these event_ids were
   * stored): answered from the event_ids `ids` extracts from delivery bodies. Not event delivery,
   * not blocked.
   */
  status?: { path: string; ids(body: Buffer): string[]; answer(body: Buffer, seen: Set<string>): string };
}

const json = (o: unknown) => ({ type: 'application/json', body: JSON.stringify(o) });

/** The SDK of this repository. */
export const OURS: Peer = {
  id: 'contlo',
  label: 'Contlo (ours)',
  bundle: 'contlo',
  delivers: (m, p) => m === 'POST' && p === '/v1/track/batch',
  reply: (n, fresh) => json({ success: true, accepted: fresh, duplicates: n - fresh, rejected: [] }),
  durablePromise: true,
  config: "dist/loader.js inline, contlo.load('/contlo.js'), init(key, {endpoint}) with defaults",
  status: {
    path: '/v1/track/known',
    ids: (body) => (JSON.parse(body.toString()).batch as { event_id: string }[]).map((r) => r.event_id),
    answer: (body, seen) => JSON.stringify({ success: true, known: (JSON.parse(body.toString()).event_ids as string[]).filter((id) => seen.has(id)) }),
  },
};

/** Every SDK, ours first. */
export const PEERS: Peer[] = [
  OURS,
  {
    id: 'segment',
    label: 'Segment',
    bundle: 'segment',
    delivers: (m, p) => m === 'POST' && /^\/v1\/(t|p|i|g|a|s|b|batch)$/.test(p),
    reply: () => json({ success: true }),
    config: '@segment/analytics-next AnalyticsBrowser.load with cdnSettings (no CDN fetch), apiHost = collector, standard delivery',
  },
  {
    id: 'segment-batching',
    label: 'Segment (batching)',
    bundle: 'segment',
    delivers: (m, p) => m === 'POST' && /^\/v1\/(t|p|i|g|a|s|b|batch)$/.test(p),
    reply: () => json({ success: true }),
    config: "as Segment, plus deliveryStrategy {strategy: 'batching', config: {size: 10, timeout: 5000}} (the documented defaults)",
  },
  {
    id: 'snowplow',
    label: 'Snowplow',
    bundle: 'snowplow',
    delivers: (m, p) => (m === 'POST' && p === '/com.snowplowanalytics.snowplow/tp2') || (m === 'GET' && p === '/i'),
    reply: () => ({ type: 'text/plain', body: 'ok' }),
    storage: /^snowplowOutQueue_/,
    config: "@snowplow/browser-tracker newTracker('sp', collector, {appId}) with defaults (POST, localStorage queue), trackSelfDescribingEvent",
  },
  {
    id: 'mixpanel',
    label: 'Mixpanel',
    bundle: 'mixpanel',
    delivers: (m, p) => (m === 'POST' || m === 'GET') && /^\/(track|engage|groups)\/?$/.test(p),
    reply: () => ({ type: 'text/plain', body: '1' }),
    storage: /^__mpq_/,
    config: "mixpanel-browser core loader (no session replay), init(token, {api_host: collector, api_payload_format: 'json'}) — JSON is what its own hosts get",
  },
  {
    id: 'posthog',
    label: 'PostHog',
    bundle: 'posthog',
    delivers: (m, p) => m === 'POST' && /^\/(e|batch|capture|track|i\/v0\/e)\/?$/.test(p),
    reply: () => json({ status: 1 }),
    config:
      'posthog-js init(key, {api_host: collector, opt_out_useragent_filter: true, rate_limiting: {events_per_second: 10000, events_burst_limit: 10000}}), other options default',
  },
];
