import type { IncomingMessage, ServerResponse } from 'node:http';

/** Sets the CORS headers every /v1 answer carries: the request Origin echoed (or *), Vary: Origin. */
export function setCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin && origin !== 'null' ? origin : '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
}

/** Answers a CORS preflight with 204. */
export function answerPreflight(res: ServerResponse): void {
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Content-Type, X-API-KEY',
    'Access-Control-Max-Age': '600',
  });
  res.end();
}
