// `npm run reliability`: runs the reliability scenarios (e2e/reliability/*.spec.ts) in Chromium,
// collects the row each one writes, prints the table, and exits non-zero if any told-as-queued
// record was lost, a scenario wrote no row, or a scenario's assertions failed.
// Extra arguments go to `playwright test` (e.g. `npm run reliability -- -g chaos`);
// `--update-readme` also writes the table into README.md's reliability section.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const SPECS = 'e2e/reliability';
const OUT = 'test-results/reliability';
/** Playwright's JSON report, beside the rows (not *.json, which are rows). */
const REPORT = 'playwright-report.txt';

/** Scenario names: one per spec file (the row's name is the file's name). */
function scenarios() {
  return readdirSync(SPECS)
    .filter((f) => f.endsWith('.spec.ts'))
    .map((f) => basename(f, '.spec.ts'))
    .sort();
}

/** Runs Playwright with rows (and its JSON report) going to `dir`; returns its exit status and run time in seconds. */
function runScenarios(dir, args) {
  const started = Date.now();
  const r = spawnSync('npx', ['playwright', 'test', SPECS, '--reporter=list,json', ...args], {
    stdio: 'inherit',
    env: { ...process.env, RELIABILITY_DIR: dir, PLAYWRIGHT_JSON_OUTPUT_NAME: join(dir, REPORT) },
  });
  return { status: r.status ?? 1, seconds: (Date.now() - started) / 1000 };
}

/** Scenario name → whether its test passed, from Playwright's JSON report (empty if there is none). */
function outcomes(dir) {
  const out = new Map();
  let report;
  try {
    report = JSON.parse(readFileSync(join(dir, REPORT), 'utf8'));
  } catch {
    return out;
  }
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      const name = basename(spec.file ?? '', '.spec.ts');
      out.set(name, (out.get(name) ?? true) && spec.ok);
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  (report.suites ?? []).forEach(walk);
  return out;
}

/** Reads every row in `dir` (keyed by scenario), copying them to test-results/reliability/. */
function readRows(dir) {
  mkdirSync(OUT, { recursive: true });
  const rows = new Map();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    copyFileSync(join(dir, f), join(OUT, f));
    const row = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    rows.set(row.scenario, row);
  }
  return rows;
}

const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(1)} %` : '-');

/** Formats rows as an aligned text table. */
function table(head, body) {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function main() {
  const updateReadme = process.argv.includes('--update-readme');
  const args = process.argv.slice(2).filter((a) => a !== '--update-readme');
  const dir = mkdtempSync(join(tmpdir(), 'contlo-reliability-'));
  const run = runScenarios(dir, args);
  const rows = readRows(dir);
  const passed = outcomes(dir);
  rmSync(dir, { recursive: true, force: true });

  // With a filter (-g, --grep, a file) only the scenarios that ran are listed.
  const filtered = args.some((a) => a === '-g' || a.startsWith('--grep') || a.endsWith('.ts'));
  const names = filtered ? [...rows.keys()].sort() : scenarios();
  const body = [];
  const total = { queued: 0, stored: 0, lost: 0, dropped: 0, duplicates: 0, requests: 0 };
  for (const name of names) {
    const r = rows.get(name);
    if (!r) {
      body.push([name, 'no row', '', '', '', '', '', '', '', passed.get(name) === false ? 'FAIL' : '?']);
      continue;
    }
    for (const k of Object.keys(total)) total[k] += r[k];
    const result = passed.get(name) === undefined ? '?' : passed.get(name) ? 'ok' : 'FAIL';
    body.push([name, r.queued, r.stored, r.lost, r.dropped, r.duplicates, pct(r.duplicates, r.queued), r.requests, r.seconds, result]);
  }
  body.push(['total', total.queued, total.stored, total.lost, total.dropped, total.duplicates, pct(total.duplicates, total.queued), total.requests, '', '']);

  const text = table(['scenario', 'queued', 'stored', 'lost', 'dropped (reason)', 'raw duplicates', 'dup %', 'requests', 'seconds', 'test'], body);
  console.log('\nReliability: what the reference Track API stored, per scenario\n');
  console.log(text);
  if (updateReadme) {
    const readme = readFileSync('README.md', 'utf8');
    const block = `<!-- reliability:table -->\n\`\`\`\n${text}\n\`\`\`\n<!-- /reliability:table -->`;
    writeFileSync('README.md', readme.replace(/<!-- reliability:table -->[\s\S]*?<!-- \/reliability:table -->/, () => block));
  }
  console.log('\nqueued: event_ids the page or worker was told were queued; stored: of those, stored by the server');
  console.log('(exactly once, de-duplicated by event_id); lost: neither stored nor reported dropped with a reason;');
  console.log('raw duplicates: extra copies that arrived (events.copies - 1); requests: /v1 requests the server saw;');
  console.log('test: the scenario assertions (0 lost; raw duplicates under 1 % of queued, and where a page, browser');
  console.log('or worker died, any duplicate only of a record it left queued after the server had it).\n');
  for (const name of names) {
    const r = rows.get(name);
    if (!r) continue;
    for (const n of r.notes) console.log(`  ${name}: ${n}`);
    if (r.extra) console.log(`  ${name}: also stored ${r.extra} records no one was told were queued (fire-and-forget calls, calls cut short by a close or kill)`);
    if (r.lost) console.log(`  ${name}: LOST ${r.lostIds.slice(0, 5).join(', ')}${r.lost > 5 ? ', …' : ''}`);
  }

  const failures = [];
  const lost = names.filter((n) => rows.get(n)?.lost > 0);
  if (lost.length) failures.push(`records lost in: ${lost.join(', ')}`);
  const missing = names.filter((n) => !rows.has(n));
  if (missing.length) failures.push(`no row from: ${missing.join(', ')} (the scenario did not finish)`);
  const failed = names.filter((n) => passed.get(n) === false);
  if (failed.length) failures.push(`assertions failed in: ${failed.join(', ')}`);
  else if (run.status !== 0) failures.push(`playwright exited with status ${run.status}`);
  console.log(`\n${names.length} scenarios in ${run.seconds.toFixed(0)} s; rows in ${OUT}/`);
  if (failures.length) {
    console.log(`FAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log('OK: no record lost');
}

main();
