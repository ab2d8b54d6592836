// A local collector for one phase of one SDK: accepts that SDK's wire format on a fresh port,
// counts benchmark events by decoding what arrived, and blocks (404) and counts any other request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { marksOf } from './decode';
import type { Peer } from './peers';

/** What one collector saw. */
export interface Tally {
  /** Index of each benchmark event of this phase → Date.now() of its first arrival. */
  first: Map<number, number>;
  /** Arrivals of events that had already arrived (re-sends). */
  copies: number;
  /** Event-delivery requests. */
  requests: number;
  /** CORS preflight requests (OPTIONS). */
  preflights: number;
  /** Requests that were not event delivery ("METHOD /path"), answered 404. */
  blocked: string[];
  /** Request body bytes of delivery requests. */
  bytesIn: number;
  /** Status questions the SDK asked (ours: which records were already stored). */
  statusRequests: number;
}

/** A running collector. */
export interface Collector {
  origin: string;
  tally: Tally;
  close(): Promise<void>;
}

function cors(req: http.IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return {
    'Access-Control-Allow-Origin': origin || '*',
    ...(origin ? { 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } : {}),
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] || 'Content-Type'),
    // Chromium's cap: each page pays at most one preflight per URL and header set.
    'Access-Control-Max-Age': '7200',
    // sendBeacon / no-cors requests from the cross-origin-isolated bench page need this.
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
}

/** Starts a collector for `peer` counting the events tagged `tag`, on 127.0.0.1 and a free port. */
export async function startCollector(peer: Peer, tag: string): Promise<Collector> {
  const tally: Tally = { first: new Map(), copies: 0, requests: 0, preflights: 0, blocked: [], bytesIn: 0, statusRequests: 0 };
  /** event_ids seen in delivery bodies, for the peer's status question. */
  const seen = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method || 'GET';
      const url = req.url || '/';
      const path = url.split('?')[0] || '/';
      const headers = cors(req);
      if (method === 'OPTIONS') {
        tally.preflights++;
        res.writeHead(204, headers).end();
        return;
      }
      if (peer.status && method === 'POST' && path === peer.status.path) {
        tally.statusRequests++;
        res.writeHead(200, { ...headers, 'Content-Type': 'application/json' }).end(peer.status.answer(Buffer.concat(chunks), seen));
        return;
      }
      if (!peer.delivers(method, path)) {
        tally.blocked.push(`${method} ${path}`);
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('blocked by benchmark');
        return;
      }
      const body = Buffer.concat(chunks);
      tally.requests++;
      try {
        peer.status?.ids(body).forEach((id) => seen.add(id));
      } catch {
        /* not JSON: counted by marksOf as usual */
      }
      tally.bytesIn += body.length;
      const now = Date.now();
      let n = 0;
      let fresh = 0;
      marksOf({ url, contentType: String(req.headers['content-type'] || ''), body }, (t, i) => {
        if (t !== tag) return;
        n++;
        if (tally.first.has(i)) tally.copies++;
        else {
          tally.first.set(i, now);
          fresh++;
        }
      });
      const r = peer.reply(n, fresh);
      res.writeHead(200, { ...headers, 'Content-Type': r.type }).end(r.body);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    tally,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
