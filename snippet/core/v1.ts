// Contlo's public v1 API as a wire format (format: 'contlo-v1'): one request per record, with the
// key in a header. Loaded lazily by pages that choose it; the worker bundles it.
import type { Format } from './batcher';

/** POST /v1/track and /v1/identify, one record each; records wait until they have an email or phone. */
export const v1Format: Format = {
  request(cfg, [e]) {
    const { type, anonymous_id, context, ...rest } = e.rec;
    return {
      url: `${cfg.endpoint}/v1/${type === 'identify' ? 'identify' : 'track'}`,
      body: JSON.stringify(rest),
      headers: { 'Content-Type': 'application/json', 'X-API-KEY': cfg.apiKey },
    };
  },
  pick(live, who) {
    for (const e of live) {
      const r = e.rec;
      if (!r.email && !r.phone_number && who?.anonymous_id === r.anonymous_id) {
        if (who.email) r.email = who.email;
        if (who.phone_number) r.phone_number = who.phone_number;
      }
      if (r.email || r.phone_number) return [e];
    }
    return [];
  },
};
