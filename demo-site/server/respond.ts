import type { IncomingMessage, ServerResponse } from 'node:http';

/** Sends a page (HTML unless `type` says otherwise), without a body for HEAD. */
export function sendPage(req: IncomingMessage, res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8', cache = 'no-store'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': cache });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Answers a form POST with 303 See Other to `location` (post/redirect/get). */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, 'Content-Length': 0, 'Cache-Control': 'no-store' });
  res.end();
}
