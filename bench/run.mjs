// `npm run bench` entry: compiles bench/src (TypeScript) with esbuild into bench/tmp and runs it.
// Options: --runs N (default 3), --events N (10000), --limit S (10 s for storing and delivery after the last call), --loop S (30 s budget for the 10,000-call loop), --reopen-wait S (10),
// --only segment,snowplow (ours always runs).
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';

const out = 'bench/tmp/bench.mjs';
await build({
  entryPoints: ['bench/src/main.ts'],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
await import(pathToFileURL(out).href);
