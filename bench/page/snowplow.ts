// Snowplow's browser tracker with its defaults (POST, one event per request unless bursting,
// localStorage queue, cookies), tracking a self-describing event as its docs recommend.
import { newTracker, trackSelfDescribingEvent } from '@snowplow/browser-tracker';

const { cfg } = window.__bench;
newTracker('sp', cfg.endpoint, { appId: 'bench-store' });

window.__bench.use({
  ready: () => Promise.resolve(true),
  track: (i) => trackSelfDescribingEvent({ event: { schema: 'iglu:com.example/bench/jsonschema/1-0-0', data: { bench: cfg.tag, i } } }),
});
