// Builds the browser bundles (dist/) and the demo server (dist-server/), then prints each
// bundle's raw and gzipped size and the Subresource Integrity hash of dist/contlo.js.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { minify } from 'terser';

const quiet = process.argv.includes('--quiet');
const browser = { bundle: true, minify: true, target: ['chrome100', 'firefox100', 'safari15'], legalComments: 'none', logLevel: 'warning' };

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
/**
 * esbuild bundles and minifies; terser then takes a second pass over each browser bundle (its
 * multi-pass compressor and top-level mangling save 3-5 % more gzipped bytes, and every visitor
 * pays for those bytes). Source maps are carried through both steps.
 */
async function bundle(opts) {
  const r = await build({ ...browser, ...opts, sourcemap: opts.sourcemap && 'linked', write: false });
  const file = (ext) => r.outputFiles.find((f) => f.path.endsWith(ext))?.text;
  const name = opts.outfile.split('/').pop();
  const out = await minify(file(name), {
    ecma: 2020,
    module: opts.format === 'esm',
    toplevel: true,
    compress: { passes: 3 },
    // hidden: the map is written but not linked from the file (the worker: every visitor's browser
    // re-fetches it, and its 5 KB budget has no room for the link; load the map in DevTools by hand).
    sourceMap: opts.sourcemap ? { content: file('.map'), url: opts.sourcemap === 'hidden' ? undefined : `${name}.map` } : false,
  });
  writeFileSync(opts.outfile, out.code);
  if (out.map) writeFileSync(`${opts.outfile}.map`, out.map);
}

/** In the worker bundle, the core's uuid() is service-worker/uuid.ts (no fallback for insecure pages). */
const workerUuid = {
  name: 'worker-uuid',
  setup(b) {
    b.onResolve({ filter: /\/uuid$/ }, () => ({ path: new URL('service-worker/uuid.ts', import.meta.url).pathname }));
  },
};

await Promise.all([
  bundle({ entryPoints: ['snippet/loader.ts'], outfile: 'dist/loader.js', format: 'iife' }),
  bundle({ entryPoints: ['snippet/index.ts'], outfile: 'dist/contlo.js', format: 'iife', sourcemap: 'linked' }),
  bundle({ entryPoints: ['snippet/esm.ts'], outfile: 'dist/contlo.mjs', format: 'esm', sourcemap: 'linked' }),
  bundle({ entryPoints: ['snippet/push.ts'], outfile: 'dist/contlo-push.mjs', format: 'esm', sourcemap: 'linked' }),
  bundle({ entryPoints: ['snippet/core/v1.ts'], outfile: 'dist/contlo-v1.mjs', format: 'esm', sourcemap: 'linked' }),
  bundle({ entryPoints: ['service-worker/sw.ts'], outfile: 'dist/contlo-sw.js', format: 'iife', sourcemap: 'hidden', plugins: [workerUuid] }),
  build({
    entryPoints: ['demo-site/server/main.ts'],
    outfile: 'dist-server/server.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  }),
]);

// Type declarations for bundler users: dist/contlo.d.ts re-exports the generated ones.
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], { stdio: 'inherit' });
const dts = "export * from './types/esm';\nexport { default } from './types/esm';\n";
writeFileSync('dist/contlo.d.ts', dts);
writeFileSync('dist/contlo.d.mts', dts); // what TypeScript looks for next to contlo.mjs

/** Raw and gzipped sizes of a built file. */
export function sizes(file) {
  const buf = readFileSync(file);
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

const sri = 'sha384-' + createHash('sha384').update(readFileSync('dist/contlo.js')).digest('base64');
writeFileSync('dist/sri.txt', sri + '\n');
const files = ['loader.js', 'contlo.js', 'contlo-push.mjs', 'contlo-v1.mjs', 'contlo.mjs', 'contlo-sw.js'];
if (!quiet) {
  for (const f of files) {
    const s = sizes(`dist/${f}`);
    console.log(`dist/${f.padEnd(15)} ${String(s.raw).padStart(6)} B  ${String(s.gzip).padStart(5)} B gzipped`);
  }
  console.log(`SRI dist/contlo.js: ${sri}`);
}

/** The README blocks this build owns: the sizes table and the SRI hash (test/readme.spec.ts checks them). */
function readmeBlocks() {
  const row = (f, what) => `| \`dist/${f}\` | ${what} | ${sizes(`dist/${f}`).raw} B | ${sizes(`dist/${f}`).gzip} B |`;
  return {
    sizes: [
      '| file | what | minified | gzipped |',
      '| --- | --- | --- | --- |',
      row('loader.js', 'the paste-in stub'),
      row('contlo.js', 'the SDK, every page'),
      row('contlo-push.mjs', 'lazy: pages that use push'),
      row('contlo-v1.mjs', "lazy: format 'contlo-v1' only"),
      row('contlo-sw.js', 'the service worker'),
      row('contlo.mjs', 'ESM build for bundlers (push and v1 included)'),
    ].join('\n'),
    sri: `\`\`\`js\ncontlo.load('/contlo.js', '${sri}');\n\`\`\``,
  };
}
if (process.argv.includes('--update-readme')) {
  let readme = readFileSync('README.md', 'utf8');
  for (const [name, body] of Object.entries(readmeBlocks())) {
    readme = readme.replace(new RegExp(`(<!-- build:${name} -->)[\\s\\S]*?(<!-- /build:${name} -->)`), (_, a, b) => `${a}\n${body}\n${b}`);
  }
  writeFileSync('README.md', readme);
  console.log('README.md: sizes and SRI updated');
}
