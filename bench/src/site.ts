// The benchmark's web site: the same small store page for every SDK (cross-origin isolated, so
// performance.now() has 5 µs instead of 100 µs resolution), the harness, and the SDK files, served
// gzip-compressed. Counts the compressed bytes of every SDK file a page fetched.
import http from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { Peer } from './peers';

/** Where the site finds its files. */
export interface SiteFiles {
  /** bench/tmp: harness.js and sdk/<bundle>/… */
  tmp: string;
  /** The repository's dist/ (our SDK). */
  dist: string;
}

/** The running site. */
export interface Site {
  origin: string;
  /** Gzipped bytes of each SDK file served since the last reset, by "bundle/file". */
  served: Map<string, number>;
  /** Resolves with the value a page's report worker posted under `key` ('<tag>:<kind>'). */
  report(key: string): Promise<unknown>;
  close(): Promise<void>;
}

const REPORT_WORKER = "onmessage = (e) => fetch('/report', { method: 'POST', body: e.data });";

function receiveReport(req: http.IncomingMessage, res: http.ServerResponse, slot: (tag: string) => { value?: unknown; wait: ((v: unknown) => void)[] }): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.writeHead(204).end();
    try {
      const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { key: string; value: unknown };
      const s = slot(v.key);
      s.value = v.value;
      s.wait.splice(0).forEach((w) => w(v.value));
    } catch {
      /* a malformed report is ignored; the phase then times out */
    }
  });
}

const gzCache = new Map<string, Buffer>();

function gz(file: string): Buffer {
  let b = gzCache.get(file);
  if (!b) gzCache.set(file, (b = gzipSync(readFileSync(file), { level: 9 })));
  return b;
}

function page(peer: Peer, loader: string): string {
  const sdk =
    peer.bundle === 'contlo'
      ? `<script>${loader}</script>
<script>
contlo.init('pk_bench', { endpoint: __bench.cfg.endpoint });
contlo.load('/sdk/contlo/contlo.js');
__bench.use({
  durablePromise: true,
  ready: function () { return new Promise(function (r) { (function w() { window.contlo.version ? r(window.contlo.flush()) : setTimeout(w, 5); })(); }); },
  track: function (i) { return window.contlo.track('Bench', { bench: __bench.cfg.tag, i: i }); }
});
</script>`
      : `<script type="module" src="/sdk/${peer.bundle}/index.js"></script>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bench store — product</title>
<script src="/harness.js"></script>
${sdk}
</head><body><main><h1>Linen shirt</h1><p>₹1,499 · In stock</p><button>Add to cart</button></main></body></html>`;
}

/** Starts the site on localhost (a secure context) and a free port. */
export async function startSite(peers: Peer[], files: SiteFiles): Promise<Site> {
  const served = new Map<string, number>();
  const loader = readFileSync(path.join(files.dist, 'loader.js'), 'utf8');
  const byId = new Map(peers.map((p) => [p.id, p]));
  const reports = new Map<string, { value?: unknown; wait: ((v: unknown) => void)[] }>();
  const slot = (tag: string) => reports.get(tag) || (reports.set(tag, { wait: [] }), reports.get(tag)!);
  const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  const server = http.createServer((req, res) => {
    const p = (req.url || '/').split('?')[0] || '/';
    if (p === '/report' && req.method === 'POST') return void receiveReport(req, res, slot);
    if (p === '/report-worker.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript', ...isolation });
      return void res.end(REPORT_WORKER);
    }
    const peer = p.startsWith('/p/') ? byId.get(p.slice(3)) : undefined;
    if (peer) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...isolation });
      return void res.end(page(peer, loader));
    }
    let file: string | undefined;
    let key: string | undefined;
    const m = /^\/sdk\/([\w-]+)\/([\w.-]+)$/.exec(p);
    if (m) {
      key = `${m[1]}/${m[2]}`;
      file = m[1] === 'contlo' ? path.join(files.dist, m[2]!) : path.join(files.tmp, 'sdk', m[1]!, m[2]!);
    } else if (p === '/harness.js') file = path.join(files.tmp, 'harness.js');
    if (!file || !existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return void res.end('not found');
    }
    const body = gz(file);
    if (key) served.set(key, (served.get(key) || 0) + body.length);
    res.writeHead(200, {
      'Content-Type': file.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8',
      'Content-Encoding': 'gzip',
      'Cache-Control': 'max-age=3600',
      ...isolation,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    served,
    report: (tag) => {
      const s = slot(tag);
      return s.value !== undefined ? Promise.resolve(s.value) : new Promise((r) => s.wait.push(r));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
