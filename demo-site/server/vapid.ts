import fs from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';

/** The server's VAPID identity: base64url keys (65-byte public point, 32-byte private scalar) and the JWT subject. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** The subject used when neither an option nor env VAPID_SUBJECT gives one. */
export const DEFAULT_VAPID_SUBJECT = 'mailto:demo@localhost';

/** The file, inside the data dir, that keeps the key pair across restarts. */
export const VAPID_FILE = 'vapid.json';

function keyLength(b64url: unknown): number {
  return typeof b64url === 'string' && /^[A-Za-z0-9_-]+$/.test(b64url) ? Buffer.from(b64url, 'base64url').length : -1;
}

function parseKeyFile(file: string): { publicKey: string; privateKey: string } {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not readable JSON (${e instanceof Error ? e.message : String(e)}); delete it to make new VAPID keys`);
  }
  const d = (data ?? {}) as { publicKey?: unknown; privateKey?: unknown };
  const pub = d.publicKey;
  const priv = d.privateKey;
  if (keyLength(pub) !== 65 || Buffer.from(String(pub), 'base64url')[0] !== 4 || keyLength(priv) !== 32) {
    throw new Error(`${file} does not hold a P-256 VAPID key pair; delete it to make new keys (stored subscriptions then stop working)`);
  }
  return { publicKey: String(pub), privateKey: String(priv) };
}

function createKeyFile(file: string): void {
  const keys = webpush.generateVAPIDKeys();
  const text = JSON.stringify({ ...keys, created_at: new Date().toISOString() }, null, 2) + '\n';
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file); // fails with EEXIST when another process won the race: its keys are then used
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Loads the VAPID key pair from <dataDir>/vapid.json, generating and saving one on first
 * start; the subject is `subject`, else env VAPID_SUBJECT, else mailto:demo@localhost.
 */
export function loadVapidKeys(dataDir: string, subject?: string): VapidKeys {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, VAPID_FILE);
  if (!fs.existsSync(file)) createKeyFile(file);
  const keys = parseKeyFile(file);
  const sub = subject || process.env.VAPID_SUBJECT || DEFAULT_VAPID_SUBJECT;
  if (!/^(mailto:|https:\/\/)\S+$/.test(sub)) throw new Error(`VAPID subject must be a mailto: or https: URL (got ${sub})`);
  return { ...keys, subject: sub };
}
