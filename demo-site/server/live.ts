import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from './db';

/** What one ingest call changed, as told to live pages. */
export interface IngestNotice {
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Profiles that received new events. */
  profiles: number[];
  /** Event names newly stored. */
  events: string[];
}

type Listener = (n: IngestNotice) => void;

const listeners = new WeakMap<Db, Set<Listener>>();

/** Calls `fn` after every ingest into `db`; returns the function that stops it. */
export function onIngest(db: Db, fn: Listener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

/** True when something listens to ingests into `db` (so callers can skip building a notice). */
export function hasListeners(db: Db): boolean {
  return (listeners.get(db)?.size ?? 0) > 0;
}

/** Tells every listener of `db` what an ingest stored (a throwing listener cannot break ingest). */
export function notifyIngest(db: Db, n: IngestNotice): void {
  for (const fn of listeners.get(db) ?? []) {
    try {
      fn(n);
    } catch (e) {
      console.error('contlo server: live listener failed', e);
    }
  }
}

/** Seconds between keep-alive comments on an idle stream. */
const HEARTBEAT_MS = 20_000;

/**
 * GET /api/stream: a text/event-stream that sends an `ingest` event (JSON IngestNotice) after
 * every ingest, and a comment every 20 s so proxies keep it open.
 */
export function handleStream(db: Db, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  if (req.method === 'HEAD') return void res.end();
  res.write('retry: 2000\n: connected\n\n');
  const stop = onIngest(db, (n) => res.write(`event: ingest\ndata: ${JSON.stringify(n)}\n\n`));
  const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  beat.unref();
  res.on('close', () => {
    stop();
    clearInterval(beat);
  });
}
