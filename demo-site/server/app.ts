import http from 'node:http';
import type https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type Database from 'better-sqlite3';
import { handleApi, type ApiContext } from './api';
import { sendJson, sendText } from './body';
import { openDb, recentEvents, setApiKeys } from './db';
import { handleDemoGet, handleDemoPost, type DemoContext } from './demo-routes';
import { renderEventsPage } from './events-page';
import { createChaos, createTimers } from './faults';
import { handlePushApi, type PushApiContext } from './push-api';
import { createRateLimiter } from './ratelimit';
import { loaderText, serveStatic } from './static';
import { loadVapidKeys } from './vapid';

/** A fault the next POST to /v1/* suffers (tests push these onto RunningServer.faults). */
export interface FaultSpec {
  status?: number;
  retryAfter?: number;
  hangMs?: number;
  reset?: boolean;
  delayMs?: number;
  /** Store the request as usual, then reset the connection instead of answering (the answer is lost on the way back). */
  lostAnswer?: boolean;
}

/** Seeded random faults on /v1 POSTs (500, 503, 429, 413, hang, reset) plus latency on every request. */
export interface ChaosOptions {
  seed: number;
  rate: number;
  latencyMs?: number;
}

/** How to start the demo Track API server. */
export interface ServerOptions {
  port?: number;
  host?: string;
  dataDir: string;
  apiKeys?: string[];
  distDir?: string;
  publicDir?: string;
  bodyLimit?: number;
  chaos?: ChaosOptions;
  rateLimit?: { perSecond: number; burst: number } | false;
  log?: boolean;
  /** VAPID JWT subject (default env VAPID_SUBJECT, else mailto:demo@localhost). */
  vapidSubject?: string;
  /** HTTPS agent for every web-push request (tests pass one trusting a fake push service's certificate). */
  pushAgent?: https.Agent;
}

/** A started server. */
export interface RunningServer {
  url: string;
  port: number;
  db: Database.Database;
  faults: FaultSpec[];
  /** The VAPID public key (base64url) browsers subscribe with, kept in <dataDir>/vapid.json. */
  vapidPublicKey: string;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function logLine(req: http.IncomingMessage, res: http.ServerResponse, started: number): void {
  const ms = Date.now() - started;
  const status = res.headersSent ? res.statusCode : 0;
  console.log(`${new Date(started).toISOString()} ${req.method} ${req.url} ${status || '---'} ${ms}ms`);
}

/** Starts the server (SQLite at <dataDir>/contlo.db) and resolves once it listens. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const root = process.cwd();
  const apiKeys = opts.apiKeys && opts.apiKeys.length > 0 ? opts.apiKeys : ['pk_demo'];
  const distDir = path.resolve(opts.distDir ?? path.join(root, 'dist'));
  const publicDir = path.resolve(opts.publicDir ?? path.join(root, 'demo-site', 'public'));
  const host = opts.host ?? '127.0.0.1';
  const vapid = loadVapidKeys(opts.dataDir, opts.vapidSubject);
  const db = openDb(opts.dataDir);
  setApiKeys(db, apiKeys);

  let closed = false;
  const timers = createTimers();
  const faults: FaultSpec[] = [];
  const rl = opts.rateLimit === undefined ? { perSecond: 200, burst: 400 } : opts.rateLimit;
  const ctx: ApiContext = {
    db,
    faults,
    chaos: opts.chaos ? createChaos(opts.chaos) : undefined,
    limiter: rl ? createRateLimiter(rl.perSecond, rl.burst) : undefined,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    timers,
    isClosed: () => closed,
  };
  const push: PushApiContext = { db, vapid, agent: opts.pushAgent, isClosed: () => closed };
  const staticOpts = {
    distDir,
    publicDir,
    vars: () => ({ API_KEY: apiKeys[0] ?? '', VAPID_PUBLIC_KEY: vapid.publicKey, ENDPOINT: '' }),
  };
  const demo: DemoContext = {
    db,
    push,
    distDir,
    apiKey: () => apiKeys[0] ?? '',
    snippet: () => ({ loader: loaderText(distDir), apiKey: apiKeys[0] ?? '', vapidPublicKey: vapid.publicKey }),
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const rawPath = url.split('?')[0] ?? '/';
    if (opts.chaos?.latencyMs) await timers.sleep(opts.chaos.latencyMs);
    if (closed) return void req.socket.destroy();
    if (rawPath === '/v1' || rawPath.startsWith('/v1/')) return handleApi(ctx, req, res, rawPath);
    if (rawPath.startsWith('/api/push/') && (await handlePushApi(push, req, res, rawPath))) return;
    if (req.method === 'POST' && (await handleDemoPost(demo, req, res, rawPath))) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 404, 'Not found');
    if (rawPath === '/api/events') {
      const asked = Number(new URL(url, 'http://localhost').searchParams.get('limit') ?? 50);
      const limit = Number.isFinite(asked) ? Math.min(1000, Math.max(1, Math.floor(asked))) : 50;
      return sendJson(res, 200, recentEvents(db, limit), { 'Cache-Control': 'no-store' });
    }
    if (rawPath === '/events' || rawPath === '/events/') {
      const html = renderEventsPage(recentEvents(db, 100));
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return void res.end(req.method === 'HEAD' ? undefined : html);
    }
    if (serveStatic(req, res, rawPath, staticOpts)) return;
    if (!handleDemoGet(demo, req, res, rawPath, new URL(url, 'http://localhost'))) sendText(res, 404, 'Not found');
  }

  const server = http.createServer((req, res) => {
    const started = Date.now();
    if (opts.log) res.on('close', () => logLine(req, res, started));
    handle(req, res).catch((e: unknown) => {
      if (closed) return void req.socket.destroy();
      console.error('contlo server: request failed', e);
      if (!res.headersSent) sendText(res, 500, 'Internal server error');
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    db,
    faults,
    vapidPublicKey: vapid.publicKey,
    async close() {
      if (closed) return;
      closed = true;
      timers.cancelAll();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
      db.close();
    },
  };
}
