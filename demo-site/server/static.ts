import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendText } from './body';

/** Where static files come from and what HTML templates get. */
export interface StaticOptions {
  distDir: string;
  publicDir: string;
  /** Values for {{NAME}} placeholders in HTML files from publicDir; CONTLO_LOADER is filled in per request. */
  vars: () => Record<string, string>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The Content-Type for a file name. */
export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Text put in place of {{CONTLO_LOADER}} when dist/loader.js has not been built. */
export const MISSING_LOADER = '/* Contlo loader not built yet: run `node build.mjs` (or `npm run build`) at the repo root. */';

/** The current text of <distDir>/loader.js, or a comment saying to build it. */
export function loaderText(distDir: string): string {
  try {
    return fs.readFileSync(path.join(distDir, 'loader.js'), 'utf8');
  } catch {
    return MISSING_LOADER;
  }
}

/** Replaces each {{NAME}} in `text` with vars[NAME] (literal replacement; unknown names are left alone). */
export function renderTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{([A-Z0-9_]+)\}\}/g, (whole: string, name: string) => (Object.hasOwn(vars, name) ? (vars[name] ?? '') : whole));
}

/** Decodes a URL path into safe relative segments; 'bad' for malformed encoding, 'traversal' for ../NUL/backslash tricks. */
export function safeSegments(rawPath: string): string[] | 'bad' | 'traversal' {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return 'bad';
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 'traversal';
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return 'traversal';
  return segments;
}

function fileIn(root: string, segments: string[]): string | null {
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  try {
    const st = fs.statSync(file);
    if (st.isFile()) return file;
    if (st.isDirectory()) {
      const index = path.join(file, 'index.html');
      return fs.statSync(index).isFile() ? index : null;
    }
  } catch {
    return null;
  }
  return null;
}

function send(req: IncomingMessage, res: ServerResponse, body: Buffer, headers: Record<string, string>): void {
  res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Serves a GET/HEAD from distDir (at the site root, no templating) or else publicDir
 * ("/" → index.html; HTML rendered as a template). Returns false when no file matches.
 */
export function serveStatic(req: IncomingMessage, res: ServerResponse, rawPath: string, opts: StaticOptions): boolean {
  const segments = safeSegments(rawPath);
  if (segments === 'bad') {
    sendText(res, 400, 'Bad request: malformed URL encoding');
    return true;
  }
  if (segments === 'traversal') {
    sendText(res, 403, 'Forbidden: path traversal refused');
    return true;
  }
  const dist = segments.length > 0 ? fileIn(opts.distDir, segments) : null;
  if (dist) {
    const headers: Record<string, string> = { 'Content-Type': mimeType(dist), 'Cache-Control': 'no-cache' };
    if (path.basename(dist) === 'contlo-sw.js') headers['Service-Worker-Allowed'] = '/';
    send(req, res, fs.readFileSync(dist), headers);
    return true;
  }
  const pub = fileIn(opts.publicDir, segments);
  if (!pub) return false;
  const type = mimeType(pub);
  let body = fs.readFileSync(pub);
  if (type.startsWith('text/html')) {
    const vars = { ...opts.vars(), CONTLO_LOADER: loaderText(opts.distDir) };
    body = Buffer.from(renderTemplate(body.toString('utf8'), vars));
  }
  send(req, res, body, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
  return true;
}
