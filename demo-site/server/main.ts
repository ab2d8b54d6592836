import path from 'node:path';
import { startServer } from './app';
import { parseChaos } from './faults';

/** CLI entry: reads PORT, HOST, DATA_DIR, CONTLO_API_KEYS, CONTLO_CHAOS and starts the demo server with request logging. */
async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const root = process.cwd();
  const port = Number(env.PORT ?? 8080);
  const host = env.HOST || '127.0.0.1';
  const dataDir = path.resolve(root, env.DATA_DIR || 'data');
  const apiKeys = (env.CONTLO_API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const chaos = parseChaos(env.CONTLO_CHAOS);
  const server = await startServer({
    port: Number.isFinite(port) ? port : 8080,
    host,
    dataDir,
    apiKeys: apiKeys.length > 0 ? apiKeys : undefined,
    distDir: path.join(root, 'dist'),
    publicDir: path.join(root, 'demo-site', 'public'),
    chaos,
    log: true,
  });
  const key = apiKeys[0] ?? 'pk_demo';
  const base = `http://localhost:${server.port}`;
  console.log(`Contlo demo: ${base}  (API key ${key}, data in ${env.DATA_DIR || './data'})`);
  console.log(`  store ${base}/  ·  audience ${base}/audience  ·  insights ${base}/insights`);
  console.log(`  campaigns ${base}/campaigns  ·  orders ${base}/orders  ·  verify ${base}/verify`);
  if (chaos) console.log(`Chaos on: seed=${chaos.seed} rate=${chaos.rate} latency=${chaos.latencyMs ?? 0}ms`);
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
