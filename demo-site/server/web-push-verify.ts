import { createDecipheriv, createECDH, createPublicKey, hkdfSync, verify } from 'node:crypto';

/** The claims of a verified VAPID JWT, plus the public key `k` it was checked against. */
export interface VapidClaims {
  aud: string;
  sub: string;
  exp: number;
  k: string;
}

/** A check that passed with a value, or failed with a reason. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const MAX_VAPID_EXPIRY_S = 24 * 60 * 60;

function b64json(part: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Splits `vapid t=<jwt>, k=<key>` into its parameters (RFC 8292 §3). */
function authParams(header: string | undefined): Record<string, string> | null {
  const m = /^vapid\s+(.+)$/i.exec(header?.trim() ?? '');
  if (!m?.[1]) return null;
  const out: Record<string, string> = {};
  for (const part of m[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return out;
}

/**
 * Verifies an `Authorization: vapid t=<JWT>, k=<key>` header: ES256 signature valid for k,
 * aud equal to `origin`, exp in the future and at most 24 h ahead, sub a mailto:/https: URL.
 */
export function verifyVapidAuth(header: string | undefined, origin: string, nowMs = Date.now()): Checked<VapidClaims> {
  const p = authParams(header);
  if (!p?.t || !p.k) return { ok: false, reason: 'Authorization must be "vapid t=<JWT>, k=<public key>"' };
  const [h, c, s] = p.t.split('.');
  if (!h || !c || !s || p.t.split('.').length !== 3) return { ok: false, reason: 'VAPID t is not a JWS compact JWT' };
  const head = b64json(h);
  const claims = b64json(c);
  if (!head || !claims) return { ok: false, reason: 'VAPID JWT header or claims are not base64url JSON' };
  if (head.alg !== 'ES256') return { ok: false, reason: `VAPID JWT alg must be ES256 (got ${String(head.alg)})` };
  const k = Buffer.from(p.k, 'base64url');
  if (k.length !== 65 || k[0] !== 4) return { ok: false, reason: 'VAPID k must be a 65-byte uncompressed P-256 point' };
  let valid = false;
  try {
    const jwk = { kty: 'EC', crv: 'P-256', x: k.subarray(1, 33).toString('base64url'), y: k.subarray(33).toString('base64url') };
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    valid = verify('sha256', Buffer.from(`${h}.${c}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
  } catch (e) {
    return { ok: false, reason: `VAPID k is not a usable P-256 key (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!valid) return { ok: false, reason: 'VAPID JWT signature does not verify against k' };
  const { aud, sub, exp } = claims;
  if (aud !== origin) return { ok: false, reason: `VAPID aud must be ${origin} (got ${String(aud)})` };
  const now = nowMs / 1000;
  if (typeof exp !== 'number' || exp <= now) return { ok: false, reason: 'VAPID exp is missing or in the past' };
  if (exp > now + MAX_VAPID_EXPIRY_S) return { ok: false, reason: 'VAPID exp is more than 24 hours ahead' };
  if (typeof sub !== 'string' || !/^(mailto:|https:)/.test(sub)) return { ok: false, reason: 'VAPID sub must be a mailto: or https: URL' };
  return { ok: true, value: { aud, sub, exp, k: p.k } };
}

function hkdf(ikm: Buffer, salt: Buffer, info: Buffer | string, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, typeof info === 'string' ? Buffer.from(info) : info, length));
}

function unpad(record: Buffer, last: boolean): Buffer {
  let end = record.length - 1;
  while (end >= 0 && record[end] === 0) end--;
  if (end < 0 || record[end] !== (last ? 2 : 1)) throw new Error('bad padding delimiter');
  return record.subarray(0, end);
}

/**
 * Decrypts an RFC 8291 `aes128gcm` push message body with the receiver's P-256 private key
 * and auth secret: ECDH, HKDF for the IKM, HKDF for key and nonce, AES-128-GCM per record.
 * Throws (GCM authentication failure, bad header or padding) when it cannot.
 */
export function decryptAes128gcm(body: Buffer, uaPrivateKey: Buffer, authSecret: Buffer): Buffer {
  if (body.length < 21) throw new Error('body is shorter than the aes128gcm header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20] ?? 0;
  const senderKey = body.subarray(21, 21 + idlen);
  if (idlen !== 65 || senderKey[0] !== 4) throw new Error('keyid must be the sender\'s 65-byte uncompressed public key');
  if (rs < 18) throw new Error(`record size ${rs} is too small`);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(uaPrivateKey);
  const secret = ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderKey]);
  const ikm = hkdf(secret, authSecret, keyInfo, 32);
  const cek = hkdf(ikm, salt, 'Content-Encoding: aes128gcm\0', 16);
  const nonce = hkdf(ikm, salt, 'Content-Encoding: nonce\0', 12);
  const data = body.subarray(21 + idlen);
  if (data.length === 0) throw new Error('no encrypted record');
  const out: Buffer[] = [];
  for (let seq = 0, at = 0; at < data.length; seq++, at += rs) {
    const rec = data.subarray(at, at + rs);
    if (rec.length < 17) throw new Error('record is shorter than its tag');
    const iv = Buffer.from(nonce);
    iv.writeUInt32BE((iv.readUInt32BE(8) ^ seq) >>> 0, 8);
    const d = createDecipheriv('aes-128-gcm', cek, iv);
    d.setAuthTag(rec.subarray(rec.length - 16));
    const plain = Buffer.concat([d.update(rec.subarray(0, rec.length - 16)), d.final()]);
    out.push(unpad(plain, at + rs >= data.length));
  }
  return Buffer.concat(out);
}
