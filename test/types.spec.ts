import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

test('a bundler user can import dist/contlo.mjs with its type declarations, and misuse is a type error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'contlo-types-'));
  const mjs = resolve('dist/contlo.mjs');
  const tsc = (code: string) => {
    writeFileSync(join(dir, 'use.ts'), code);
    try {
      execFileSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'esnext', '--moduleResolution', 'bundler', '--target', 'es2022', '--lib', 'es2022,dom', '--skipLibCheck', join(dir, 'use.ts')], { stdio: 'pipe' });
      return '';
    } catch (e) {
      return String((e as { stdout: Buffer }).stdout);
    }
  };
  const ok = `import contlo, { ContloError, type InitOptions, type FlushResult } from '${mjs}';
const o: InitOptions = { endpoint: 'https://track.example.com', batchSize: 10 };
void contlo.init('pk_live', o);
const id: Promise<string> = contlo.track('Added to Cart', { product_id: 'p1' });
void contlo.charged({ transaction_id: 't', transaction_value: 1, currency: 'INR', product_ids: ['p'], variant_ids: ['v'] });
const off: () => unknown = contlo.on('dropped', (d) => console.log(d));
const f: Promise<FlushResult> = contlo.flush();
void [id, off, f, new ContloError('x')];`;
  expect(tsc(ok)).toBe('');
  expect(tsc(`import contlo from '${mjs}';\nvoid contlo.init('pk', { batchSize: 'ten' });`)).toMatch(/TS2322: Type 'string' is not assignable to type 'number'/);
});
