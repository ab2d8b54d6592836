import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { decryptAes128gcm, verifyVapidAuth, type VapidClaims } from './web-push-verify';

/** A browser-like push subscription on the fake service, with the private key that decrypts its messages. */
export interface FakeSubscription {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
  /** The receiver's P-256 private key, base64url. */
  privateKey: string;
}

/** A push message the fake service accepted (201), decrypted. */
export interface ReceivedPush {
  endpointPath: string;
  headers: IncomingHttpHeaders;
  payload: string;
  vapid: VapidClaims;
}

/** Every POST the fake service answered, with its status and, for a refusal, why. */
export interface FakePushRequest {
  endpointPath: string;
  status: number;
  reason?: string;
}

/** A running fake push service. */
export interface FakePushService {
  /** The origin, https://127.0.0.1:<port> (also the VAPID aud it demands). */
  url: string;
  /** Its self-signed certificate (PEM). */
  ca: string;
  /** An HTTPS agent trusting that certificate. */
  agent: https.Agent;
  received: ReceivedPush[];
  requests: FakePushRequest[];
  /** Creates (or returns the existing) subscription called `name` (default: a fresh uuid). */
  subscriptionFor(name?: string): FakeSubscription;
  /** Makes the next POST to this endpoint (path or full URL) get `status`, unchecked; calls queue up. */
  respondWith(endpointPath: string, status: number): void;
  close(): Promise<void>;
}

/** Largest push message body accepted (RFC 8030 §7.2); bigger ones get 413 like real push services. */
const MAX_BODY = 4096;
const URGENCIES = ['very-low', 'low', 'normal', 'high'];

async function selfSignedCert(): Promise<{ key: string; cert: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-push-cert-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ]);
    return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readAll(req: IncomingMessage, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n <= cap) parts.push(c);
    });
    req.on('end', () => resolve(n > cap ? Buffer.alloc(cap + 1) : Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Checks a request's headers and body; returns the failing status and reason, or the decrypted message. */
function check(req: IncomingMessage, body: Buffer, origin: string, sub: FakeSubscription): { status: number; reason: string } | ReceivedPush {
  const vapid = verifyVapidAuth(header(req, 'authorization'), origin);
  if (!vapid.ok) return { status: 401, reason: vapid.reason };
  const ttl = header(req, 'ttl');
  if (ttl === undefined || !/^\d+$/.test(ttl)) return { status: 400, reason: 'TTL header must be a non-negative integer' };
  const urgency = header(req, 'urgency');
  if (urgency !== undefined && !URGENCIES.includes(urgency)) return { status: 400, reason: `bad Urgency ${urgency}` };
  if (header(req, 'content-encoding') !== 'aes128gcm') return { status: 400, reason: 'Content-Encoding must be aes128gcm' };
  if (body.length > MAX_BODY) return { status: 413, reason: `push message body is over ${MAX_BODY} bytes` };
  let plain: Buffer;
  try {
    plain = decryptAes128gcm(body, Buffer.from(sub.privateKey, 'base64url'), Buffer.from(sub.keys.auth, 'base64url'));
  } catch (e) {
    return { status: 400, reason: `payload decryption failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  const endpointPath = new URL(sub.endpoint).pathname;
  return { endpointPath, headers: req.headers, payload: plain.toString('utf8'), vapid: vapid.value };
}

/**
 * Starts an HTTPS push service on 127.0.0.1 (port 0, self-signed certificate made with the
 * openssl CLI) that verifies VAPID, TTL and aes128gcm, decrypts each message with the
 * subscription's keys and records it: 201, or 400/401/404/413 with a reason.
 */
export async function startFakePushService(): Promise<FakePushService> {
  const { key, cert } = await selfSignedCert();
  const subs = new Map<string, FakeSubscription>();
  const queued = new Map<string, number[]>();
  const received: ReceivedPush[] = [];
  const requests: FakePushRequest[] = [];
  let origin = '';

  const answer = (res: ServerResponse, endpointPath: string, status: number, reason?: string): void => {
    requests.push(reason === undefined ? { endpointPath, status } : { endpointPath, status, reason });
    const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
    if (status === 201) headers.Location = `${origin}/message/${randomUUID()}`;
    res.writeHead(status, headers);
    res.end(reason ?? '');
  };

  const server = https.createServer({ key, cert }, (req, res) => {
    const endpointPath = (req.url ?? '/').split('?')[0] ?? '/';
    readAll(req, MAX_BODY * 4).then(
      (body) => {
        if (req.method !== 'POST') return answer(res, endpointPath, 405, 'use POST');
        const forced = queued.get(endpointPath)?.shift();
        if (forced !== undefined) return answer(res, endpointPath, forced, `forced ${forced}`);
        const sub = subs.get(endpointPath);
        if (!sub) return answer(res, endpointPath, 404, 'no such subscription');
        const r = check(req, body, origin, sub);
        if ('reason' in r) return answer(res, endpointPath, r.status, r.reason);
        received.push(r);
        answer(res, endpointPath, 201);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = new https.Agent({ ca: cert });

  return {
    url: origin,
    ca: cert,
    agent,
    received,
    requests,
    subscriptionFor(name?: string) {
      const p = `/push/${encodeURIComponent(name ?? randomUUID())}`;
      const existing = subs.get(p);
      if (existing) return existing;
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const sub: FakeSubscription = {
        endpoint: origin + p,
        expirationTime: null,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
        privateKey: ecdh.getPrivateKey().toString('base64url'),
      };
      subs.set(p, sub);
      return sub;
    },
    respondWith(endpointPath: string, status: number) {
      const p = endpointPath.startsWith('https://') ? new URL(endpointPath).pathname : endpointPath;
      queued.set(p, [...(queued.get(p) ?? []), status]);
    },
    async close() {
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agent.destroy();
      await done;
    },
  };
}
