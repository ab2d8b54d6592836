import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { BATCHES, INIT, PAGE, PUSH, URLS } from '../e2e/bad-input-catalogue';

test('docs/BAD-INPUT.md lists every catalogued kind (regenerate with node scripts/bad-input-doc.mjs)', () => {
  const doc = readFileSync('docs/BAD-INPUT.md', 'utf8');
  const kinds = [...PAGE, ...INIT, ...PUSH, ...URLS, ...BATCHES].map((r) => r[0]);
  expect(kinds.length).toBeGreaterThanOrEqual(50);
  for (const k of kinds) expect(doc, k).toContain(`| ${k.replace(/\|/g, '\\|')} |`);
  expect(doc).toContain(`${kinds.length} kinds in all.`);
});
