// `npm run bench`: bundles the peer SDKs, serves the bench store and one collector per phase,
// and drives Chromium through each SDK's burst and close-and-reopen phases, run after run;
// prints the table and writes bench/results.json and bench/RESULTS.md.
import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumArgs } from '../../playwright.config';
import { bundleAll } from './bundle';
import { burstPhase } from './burst';
import { describeMachine } from './machine';
import { OURS, PEERS } from './peers';
import { reopenPhase } from './reopen';
import { renderReport, type Row } from './report';
import { startSite } from './site';
import { figuresOf, mediansOf, ratiosOf, targetsOf, type RunResult } from './summary';

const root = process.cwd();
const benchDir = path.join(root, 'bench');
const { values: a } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    events: { type: 'string', default: '10000' },
    limit: { type: 'string', default: '10' },
    loop: { type: 'string', default: '30' },
    'reopen-wait': { type: 'string', default: '10' },
    only: { type: 'string' },
  },
});
const runs = Math.max(1, Number(a.runs));
const n = Math.max(1, Number(a.events));
const limitMs = Number(a.limit) * 1000;
const only = a.only ? a.only.split(',') : undefined;
const peers = PEERS.filter((p) => p === OURS || !only || only.includes(p.id));

/** Every host but the local ones is unresolvable, and any IP literal goes to a dead proxy. */
const offline = ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1', '--proxy-server=127.0.0.1:9'];
const log = (s: string) => process.stderr.write(s + '\n');

/** Counts each distinct blocked request. */
function countLines(lines: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of lines) out[l] = (out[l] || 0) + 1;
  return out;
}

async function main(): Promise<void> {
  log('bundling peer SDKs into bench/tmp …');
  await bundleAll(peers, benchDir);
  const site = await startSite(peers, { tmp: path.join(benchDir, 'tmp'), dist: path.join(root, 'dist') });
  const results: RunResult[] = [];
  let chromiumVersion = '';
  const launch = () => chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: [...chromiumArgs, ...offline] });
  try {
    for (let run = 1; run <= runs; run++) {
      const order = peers.map((_, i) => peers[(i + run - 1) % peers.length]!);
      const result: RunResult = { run, order: order.map((p) => p.id), peers: {} };
      for (const peer of order) {
        // A fresh browser per SDK: a peer that crashes or exhausts the renderer cannot slow the next.
        const browser = await launch();
        chromiumVersion = browser.version();
        try {
          const salt = Math.random().toString(36).slice(2, 8);
          const burst = await burstPhase(browser, site, peer, `r${run}-${peer.id}-burst-${salt}`, { n, loopMs: Number(a.loop) * 1000, limitMs, readyMs: 15_000, settleMs: 1000 });
          log(`run ${run}/${runs} ${peer.id.padEnd(17)} burst: ${burst.status}, delivered ${burst.delivered}/${n}` + (burst.deliveredMs != null ? ` in ${burst.deliveredMs} ms` : '') + `, track() mean ${burst.callUs?.mean.toFixed(2) ?? '—'} µs, load ${burst.load1}`);
          const reopen = await reopenPhase(browser, site, peer, `r${run}-${peer.id}-reopen-${salt}`, { n: 100, closeAfterMs: 50, waitMs: Number(a['reopen-wait']) * 1000, readyMs: 15_000, settleMs: 1000 });
          log(`run ${run}/${runs} ${peer.id.padEnd(17)} close-and-reopen: ${reopen.status}, lost ${reopen.lost ?? '—'}/100`);
          result.peers[peer.id] = { burst, reopen };
        } finally {
          await browser.close().catch(() => {});
        }
      }
      results.push(result);
    }
  } finally {
    await site.close();
  }

  const fig = (id: string) => results.map((r) => figuresOf(r.peers[id]!, n));
  const ours = fig(OURS.id);
  const rows: Row[] = peers.map((p) => ({ id: p.id, label: p.label, fig: mediansOf(fig(p.id)), ratios: p === OURS ? undefined : ratiosOf(ours, fig(p.id)) }));
  const targets = targetsOf(ours, peers.filter((p) => p !== OURS).map((p) => fig(p.id)));
  const require = createRequire(import.meta.url);
  const playwright = (require('@playwright/test/package.json') as { version: string }).version;
  const machine = describeMachine(chromiumVersion, playwright);
  const loads = results.flatMap((r) => Object.values(r.peers).map((p) => p.burst.load1));
  const report = renderReport({ rows, targets, machine, runs, n, limitMs, loads: `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}` });
  const raw = results.map((r) => ({
    ...r,
    peers: Object.fromEntries(Object.entries(r.peers).map(([id, p]) => [id, { burst: { ...p.burst, blocked: countLines(p.burst.blocked) }, reopen: { ...p.reopen, blocked: countLines(p.reopen.blocked) } }])),
  }));
  const options = { runs, events: n, loopBudgetMs: Number(a.loop) * 1000, limitMs, reopenWaitMs: Number(a['reopen-wait']) * 1000, closeAfterMs: 50, reopenEvents: 100 };
  const config = Object.fromEntries(peers.map((p) => [p.id, p.config]));
  const summary = Object.fromEntries(rows.map((r) => [r.id, { figures: r.fig, ratiosPeerOverOurs: r.ratios }]));
  writeFileSync(path.join(benchDir, 'results.json'), JSON.stringify({ machine, options, config, summary, targets, runs: raw }, null, 2) + '\n');
  writeFileSync(path.join(benchDir, 'RESULTS.md'), `# Benchmark results\n\n\`npm run bench -- --runs ${runs}\`\n\n${report}\n`);
  console.log('\n' + report + '\n\nWrote bench/results.json and bench/RESULTS.md.');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
