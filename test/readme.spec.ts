import { test, expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

// npm test builds dist/ first; these compare it with what the README promises.
const readme = readFileSync('README.md', 'utf8');

test('the README gives the Subresource Integrity hash of this dist/contlo.js (node build.mjs --update-readme)', () => {
  const sri = 'sha384-' + createHash('sha384').update(readFileSync('dist/contlo.js')).digest('base64');
  expect(readme).toContain(`contlo.load('/contlo.js', '${sri}')`);
});

test('the README size table matches this build (node build.mjs --update-readme)', () => {
  for (const f of ['loader.js', 'contlo.js', 'contlo-push.mjs', 'contlo-v1.mjs', 'contlo-sw.js', 'contlo.mjs']) {
    const buf = readFileSync(`dist/${f}`);
    expect(readme, f).toContain(`| \`dist/${f}\` |`);
    expect(readme, f).toMatch(new RegExp(`\\| \`dist/${f.replace('.', '\\.')}\` \\|[^\\n]*\\| ${buf.length} B \\| ${gzipSync(buf, { level: 9 }).length} B \\|`));
  }
});

test('the README pastes the loader as it is: calls, then load, then init', () => {
  expect(readme).toContain("<script>contlo.load('/contlo.js'); contlo.init('PUBLIC_KEY', { endpoint: 'https://track.example.com' });</script>");
  expect(readme).toMatch(/npm ci && npm start/);
  expect(readme).toMatch(/npm ci && npm test/);
});
