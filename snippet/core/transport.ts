/** What the sender should do after one request. */
export type Outcome =
  | { ok: true; body: { accepted?: number; duplicates?: number; rejected?: { event_id: string; error: string }[]; known?: string[] } }
  | { ok: false; action: 'retry' | 'split' | 'drop' | 'pause'; reason: string; after?: number };

const TIMEOUT_MS = 10_000;

/** Parses Retry-After (seconds or an HTTP date) into ms, capped at 5 minutes. */
export function retryAfterMs(h: string | null, now = Date.now()): number | undefined {
  if (!h) return;
  const s = Number(h);
  const ms = Number.isFinite(s) ? s * 1000 : Date.parse(h) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 300_000) : undefined;
}

/** Maps an HTTP status to the sender's action (see README "Retries"). */
export function classify(status: number): 'ok' | 'retry' | 'split' | 'drop' | 'pause' {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505)) return 'retry';
  if (status === 413 || status === 400 || status === 422) return 'split';
  if (status === 401 || status === 403 || status === 404) return 'pause';
  return 'drop';
}

/**
 * POSTs `body` as text/plain (a CORS-simple request: no preflight, beacon-safe), abandoned after
 * 10 s. A string body gets `Content-Type: text/plain;charset=UTF-8` from fetch itself unless
 * `headers` name another. `keepalive` (only the send on page hide) lets it outlive the page.
 * Regular sends never use it: Chromium does not cancel an aborted keepalive request and may repeat
 * it on its own later, so a batch retried meanwhile would arrive twice.
 */
export async function post(url: string, body: string, headers: Record<string, string> = {}, keepalive?: boolean): Promise<Outcome> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      keepalive,
      headers,
      credentials: 'omit',
      signal: abort.signal,
    });
    const action = classify(res.status);
    let json: { error?: string } & (Outcome & { ok: true })['body'] = {};
    try {
      json = await res.json();
    } catch {
      /* a body that is not JSON still counts by its status */
    }
    if (action === 'ok') return { ok: true, body: json };
    return { ok: false, action, reason: `HTTP ${res.status}${json.error ? `: ${json.error}` : ''}`, after: retryAfterMs(res.headers.get('Retry-After')) };
  } catch (e) {
    return { ok: false, action: 'retry', reason: `network: ${e}` };
  } finally {
    clearTimeout(timer);
  }
}
