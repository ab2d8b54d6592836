// Mixpanel's core bundle (its README's choice for sites without session replay), batching on
// (the default), JSON payloads (what its own API hosts are sent; other hosts get base64).
import mixpanel from 'mixpanel-browser/src/loaders/loader-module-core';

const { cfg } = window.__bench;
let loaded!: () => void;
const ready = new Promise<void>((r) => (loaded = r));
mixpanel.init('bench-token', { api_host: cfg.endpoint, api_payload_format: 'json', loaded: () => loaded() });

window.__bench.use({
  ready: () => ready,
  track: (i) => mixpanel.track('Bench', { bench: cfg.tag, i }),
});
