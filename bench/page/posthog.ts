// posthog-js with its defaults, except: headless Chromium is not a bot here
// (opt_out_useragent_filter), and the client-side rate limit (10 events/s, bursts of 100) is
// raised so that every SDK is asked to deliver all 10,000 events.
import posthog from 'posthog-js';

const { cfg } = window.__bench;
let loaded!: () => void;
const ready = new Promise<void>((r) => (loaded = r));
posthog.init('phc_bench_key', {
  api_host: cfg.endpoint,
  opt_out_useragent_filter: true,
  rate_limiting: { events_per_second: 10_000, events_burst_limit: 10_000 },
  loaded: () => loaded(),
});

window.__bench.use({
  ready: () => ready,
  track: (i) => posthog.capture('Bench', { bench: cfg.tag, i }),
});
