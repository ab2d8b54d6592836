// Segment analytics-next, as its docs configure it for a site that serves the library itself:
// settings passed in (no CDN fetch), events to the collector; `segment-batching` turns on the
// documented batching delivery strategy with its default size and timeout.
import { AnalyticsBrowser } from '@segment/analytics-next';

const { cfg } = window.__bench;
const writeKey = 'bench-write-key';
const batching = cfg.peer === 'segment-batching';
const analytics = AnalyticsBrowser.load(
  { writeKey, cdnSettings: { integrations: { 'Segment.io': { apiKey: writeKey } } } },
  {
    integrations: {
      'Segment.io': {
        apiHost: new URL(cfg.endpoint).host + '/v1',
        protocol: 'http',
        ...(batching ? { deliveryStrategy: { strategy: 'batching', config: { size: 10, timeout: 5000 } } } : {}),
      },
    },
  },
);

window.__bench.use({
  ready: () => analytics.then(() => true),
  track: (i) => analytics.track('Bench', { bench: cfg.tag, i }),
});
