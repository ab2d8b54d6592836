// Bundles the harness and each peer SDK (with its few lines of page glue) from node_modules
// into bench/tmp, the way a site would ship them: minified ES modules, lazy chunks split out.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Peer } from './peers';

const browser = {
  bundle: true,
  minify: true,
  target: ['chrome100', 'firefox100', 'safari15'],
  legalComments: 'none' as const,
  logLevel: 'warning' as const,
  platform: 'browser' as const,
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** Builds bench/tmp/harness.js and bench/tmp/sdk/<bundle>/index.js for every peer but ours. */
export async function bundleAll(peers: Peer[], benchDir: string): Promise<void> {
  const tmp = path.join(benchDir, 'tmp');
  rmSync(path.join(tmp, 'sdk'), { recursive: true, force: true });
  const bundles = [...new Set(peers.map((p) => p.bundle))].filter((b) => b !== 'contlo');
  await Promise.all([
    build({ ...browser, entryPoints: [path.join(benchDir, 'page', 'harness.ts')], outfile: path.join(tmp, 'harness.js'), format: 'iife' }),
    ...bundles.map((b) =>
      build({
        ...browser,
        entryPoints: { index: path.join(benchDir, 'page', `${b}.ts`) },
        outdir: path.join(tmp, 'sdk', b),
        format: 'esm',
        splitting: true,
        chunkNames: 'chunk-[hash]',
      }),
    ),
  ]);
}
