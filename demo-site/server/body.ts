import type { IncomingMessage, ServerResponse } from 'node:http';

/** The outcome of reading a request body under a size limit. */
export type BodyResult =
  | { kind: 'ok'; body: Buffer; bytes: number }
  | { kind: 'too_large'; bytes: number }
  | { kind: 'aborted'; bytes: number };

/** Bytes of an over-limit body drained (discarded) before the connection is cut. */
const DRAIN_FACTOR = 16;

/**
 * Reads the body up to `limit` bytes. Past the limit (or with a larger Content-Length)
 * it stops buffering and resolves too_large; the rest is discarded so the client can
 * read the 413, and a body over 16× the limit gets its socket destroyed.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    let bytes = 0;
    let done = false;
    const chunks: Buffer[] = [];
    const finish = (r: BodyResult): void => {
      if (!done) {
        done = true;
        resolve(r);
      }
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) finish({ kind: 'too_large', bytes: 0 });
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (done) {
        if (bytes > limit * DRAIN_FACTOR) req.socket.destroy();
        return;
      }
      if (bytes > limit) {
        chunks.length = 0;
        finish({ kind: 'too_large', bytes });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish({ kind: 'ok', body: Buffer.concat(chunks), bytes }));
    req.on('error', () => finish({ kind: 'aborted', bytes }));
    req.on('close', () => finish({ kind: 'aborted', bytes }));
  });
}

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sends a plain-text answer. */
export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
