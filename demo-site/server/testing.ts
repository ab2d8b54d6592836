import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startServer, type RunningServer, type ServerOptions } from './app';
import type { Obj } from './db';

/** A server started on a random port with a fresh temp data dir, removed again on close. */
export interface TestServer extends RunningServer {
  dataDir: string;
}

/** Starts a server for one test (port 0, temp dataDir); close() also deletes the dir. */
export async function startTestServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contlo-server-test-'));
  const s = await startServer({ port: 0, ...opts, dataDir });
  return {
    ...s,
    dataDir,
    async close() {
      await s.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A raw HTTP answer, or how the connection failed. */
export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
  /** 'reset' when the connection closed without an answer, 'timeout' when none came in time. */
  error?: 'reset' | 'timeout';
  ms: number;
}

/** Options for one raw request. */
export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A string or object (JSON-encoded) body; an array of strings is sent chunked, piece by piece. */
  body?: string | Obj | string[];
  timeoutMs?: number;
}

/** Sends one request on a fresh connection with node:http, exactly as given (no path normalisation). */
export function request(server: { port: number }, r: RawRequest): Promise<RawAnswer> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Omit<RawAnswer, 'ms'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...a, ms: Date.now() - started });
    };
    const fail = (error: 'reset' | 'timeout'): void => done({ status: 0, headers: {}, text: '', json: undefined, error });
    const chunks = Array.isArray(r.body) ? r.body : r.body === undefined ? [] : [typeof r.body === 'string' ? r.body : JSON.stringify(r.body)];
    const headers: Record<string, string> = { ...r.headers };
    if (!Array.isArray(r.body)) headers['Content-Length'] = String(chunks.reduce((n, c) => n + Buffer.byteLength(c), 0));
    const req = http.request(
      { host: '127.0.0.1', port: server.port, method: r.method ?? 'GET', path: r.path, headers, agent: false },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('error', () => fail('reset'));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          done({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    const timer = setTimeout(() => {
      fail('timeout');
      req.destroy();
    }, r.timeoutMs ?? 10_000);
    req.on('error', () => fail('reset'));
    for (const c of chunks) req.write(c);
    req.end();
  });
}

/** POSTs a JSON body to a path. */
export function post(server: { port: number }, p: string, body: Obj | string, headers: Record<string, string> = {}, timeoutMs?: number): Promise<RawAnswer> {
  return request(server, { method: 'POST', path: p, body, headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers }, timeoutMs });
}

/** POSTs a /v1/track/batch body with the given records (api key pk_demo unless given). */
export function postBatch(server: { port: number }, batch: unknown[], extra: Obj = {}, timeoutMs?: number): Promise<RawAnswer> {
  return post(server, '/v1/track/batch', { api_key: 'pk_demo', batch_id: randomUUID(), sent_at: Date.now(), batch, ...extra }, {}, timeoutMs);
}

/** A valid track record, with overrides. */
export function trackRecord(over: Obj = {}): Obj {
  return {
    type: 'track',
    event_id: randomUUID(),
    event: 'Viewed Product',
    anonymous_id: 'anon-1',
    properties: { event_type: 'custom', product_id: 'p1' },
    profile_properties: {},
    device_event_time: Date.now(),
    context: { page: { url: 'https://shop.test/p1', path: '/p1', referrer: '', title: 'P1' }, user_agent: 'test', library: { name: 'contlo-test', version: '0' } },
    ...over,
  };
}

/** A valid identify record, with overrides. */
export function identifyRecord(over: Obj = {}): Obj {
  return { type: 'identify', event_id: randomUUID(), anonymous_id: 'anon-1', email: 'ann@example.com', device_event_time: Date.now(), ...over };
}

/** A valid push_subscription record (subscribed), with overrides. */
export function pushRecord(over: Obj = {}): Obj {
  return {
    type: 'push_subscription',
    event_id: randomUUID(),
    anonymous_id: 'anon-1',
    subscription: { endpoint: 'https://push.example.com/send/abc', expirationTime: null, keys: { p256dh: 'BNc-key', auth: 'auth-secret' } },
    device_event_time: Date.now(),
    ...over,
  };
}

/** A valid Charged track record, with property overrides. */
export function chargedRecord(props: Obj = {}, over: Obj = {}): Obj {
  return trackRecord({
    event: 'Charged',
    email: 'buyer@example.com',
    properties: {
      event_type: 'charged',
      transaction_id: 'T-1',
      transaction_value: 499.5,
      currency: 'INR',
      product_ids: ['p1'],
      variant_ids: ['v1'],
      ...props,
    },
    ...over,
  });
}
