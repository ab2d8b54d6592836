import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { postBatch, request, startTestServer, trackRecord, type TestServer } from '../demo-site/server/testing';
import { renderTemplate, safeSegments } from '../demo-site/server/static';

const LOADER = '/* loader */ window.contlo = window.contlo || []; var price = "$&$1$$";';

function site(): { root: string; distDir: string; publicDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'contlo-site-'));
  const distDir = path.join(root, 'dist');
  const publicDir = path.join(root, 'public');
  fs.mkdirSync(distDir);
  fs.mkdirSync(path.join(publicDir, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'secret.txt'), 'TOP-SECRET');
  fs.writeFileSync(path.join(distDir, 'loader.js'), LOADER);
  fs.writeFileSync(path.join(distDir, 'contlo.js'), 'console.log("sdk")');
  fs.writeFileSync(path.join(distDir, 'contlo.mjs'), 'export const x = 1;');
  fs.writeFileSync(path.join(distDir, 'contlo.js.map'), '{"version":3}');
  fs.writeFileSync(path.join(distDir, 'contlo-sw.js'), 'self.addEventListener("push", () => {});');
  fs.writeFileSync(
    path.join(publicDir, 'index.html'),
    '<!doctype html><script>{{CONTLO_LOADER}}</script><p data-key="{{API_KEY}}" data-vapid="{{VAPID_PUBLIC_KEY}}" data-endpoint="{{ENDPOINT}}">{{UNKNOWN}}</p>',
  );
  fs.writeFileSync(path.join(publicDir, 'style.css'), 'body{color:red}');
  fs.writeFileSync(path.join(publicDir, 'sub', 'page.html'), '<p>{{API_KEY}}</p>');
  return { root, distDir, publicDir };
}

async function withSite(fn: (s: TestServer, dirs: ReturnType<typeof site>) => Promise<void>, apiKeys?: string[]): Promise<void> {
  const dirs = site();
  const s = await startTestServer({ distDir: dirs.distDir, publicDir: dirs.publicDir, apiKeys });
  try {
    await fn(s, dirs);
  } finally {
    await s.close();
    fs.rmSync(dirs.root, { recursive: true, force: true });
  }
}

test('dist files are served at the site root with MIME types, no-cache and the service-worker scope header', async () => {
  await withSite(async (s) => {
    const js = await request(s, { path: '/contlo.js' });
    expect(js.status).toBe(200);
    expect(js.text).toBe('console.log("sdk")');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('no-cache');
    expect(js.headers['service-worker-allowed']).toBeUndefined();
    expect((await request(s, { path: '/contlo.mjs' })).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await request(s, { path: '/contlo.js.map' })).headers['content-type']).toBe('application/json; charset=utf-8');
    const sw = await request(s, { path: '/contlo-sw.js?v=2' });
    expect(sw.status).toBe(200);
    expect(sw.headers['service-worker-allowed']).toBe('/');
    const loader = await request(s, { path: '/loader.js' });
    expect(loader.text).toBe(LOADER);
    const head = await request(s, { method: 'HEAD', path: '/contlo.js' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers['content-length']).toBe(String('console.log("sdk")'.length));
  });
});

test('HTML from publicDir is a template: loader text, first API key, the server VAPID key, empty endpoint', async () => {
  await withSite(async (s) => {
    const home = await request(s, { path: '/' });
    expect(home.status).toBe(200);
    expect(s.vapidPublicKey).toMatch(/^B[A-Za-z0-9_-]{86}$/);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.text).toBe(
      `<!doctype html><script>${LOADER}</script><p data-key="pk_first" data-vapid="${s.vapidPublicKey}" data-endpoint="">{{UNKNOWN}}</p>`,
    );
    expect((await request(s, { path: '/index.html' })).text).toBe(home.text);
    expect((await request(s, { path: '/sub/page.html' })).text).toBe('<p>pk_first</p>');
    const css = await request(s, { path: '/style.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.text).toBe('body{color:red}');
  }, ['pk_first', 'pk_second']);
});

test('the loader is read on every request, and a missing one becomes a comment saying to build', async () => {
  await withSite(async (s, dirs) => {
    fs.writeFileSync(path.join(dirs.distDir, 'loader.js'), 'var v = 2;');
    expect((await request(s, { path: '/' })).text).toContain('<script>var v = 2;</script>');
    fs.rmSync(path.join(dirs.distDir, 'loader.js'));
    const home = await request(s, { path: '/' });
    expect(home.status).toBe(200);
    expect(home.text).toMatch(/<script>\/\*[^*]*node build\.mjs[^*]*\*\/<\/script>/);
  });
});

test('path traversal and malformed paths are refused and never leak files outside the roots', async () => {
  await withSite(async (s) => {
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/sub/..%2f..%2fsecret.txt',
      '/sub/%2e%2e%5c%2e%2e%5csecret.txt',
      '/..%5csecret.txt',
      '/style.css%00.html',
      '/%E0%A4%A',
    ];
    for (const p of attempts) {
      const res = await request(s, { path: p });
      expect([400, 403, 404], p).toContain(res.status);
      expect(res.text, p).not.toContain('TOP-SECRET');
    }
    expect((await request(s, { path: '/..%2fsecret.txt' })).status).toBe(403);
    expect((await request(s, { path: '/%E0%A4%A' })).status).toBe(400);
    expect(safeSegments('/a/%2e%2e/b')).toBe('traversal');
    expect(safeSegments('/a/./b/')).toEqual(['a', 'b']);
  });
});

test('unknown files and non-GET methods outside /v1 are 404', async () => {
  await withSite(async (s) => {
    expect((await request(s, { path: '/nope.html' })).status).toBe(404);
    expect((await request(s, { path: '/sub/missing.js' })).status).toBe(404);
    expect((await request(s, { method: 'POST', path: '/', body: 'x' })).status).toBe(404);
    expect((await request(s, { method: 'DELETE', path: '/contlo.js' })).status).toBe(404);
  });
});

test('/api/events returns the most recent events newest first, honouring limit', async () => {
  const s = await startTestServer();
  try {
    const recs = [trackRecord({ event: 'one' }), trackRecord({ event: 'two' }), trackRecord({ event: 'three' })];
    await postBatch(s, recs);
    const res = await request(s, { path: '/api/events?limit=2' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const events = res.json as { event: string; properties: unknown; seq: number }[];
    expect(events.map((e) => e.event)).toEqual(['three', 'two']);
    expect(events[0]!.properties).toEqual({ event_type: 'custom', product_id: 'p1' });
    expect(((await request(s, { path: '/api/events' })).json as unknown[]).length).toBe(3);
  } finally {
    await s.close();
  }
});

test('/events renders an HTML table with everything escaped, updated live instead of by a meta refresh', async () => {
  const s = await startTestServer();
  try {
    await postBatch(s, [
      trackRecord({ event: '<script>alert(1)</script>', email: 'x@y.co', anonymous_id: 'abcdef0123456789', properties: { note: '"q" & <b>' } }),
    ]);
    const res = await request(s, { path: '/events' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).not.toContain('http-equiv="refresh"');
    expect(res.text).toContain('<script src="/assets/live.js" defer></script>');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('&lt;b&gt;');
    expect(res.text).toContain('x@y.co');
    expect(res.text).toContain('>abcdef01<');
    expect(res.text).toMatch(/<tr data-seq="1"><td data-label="seq" class="mono">#1<\/td>/);
  } finally {
    await s.close();
  }
});

test('renderTemplate replaces known names literally and leaves unknown ones', () => {
  expect(renderTemplate('{{A}}-{{B}}-{{A}}', { A: '$&x', B: '' })).toBe('$&x--$&x');
  expect(renderTemplate('{{C}}', { A: '1' })).toBe('{{C}}');
});
