// Writes docs/BAD-INPUT.md from the catalogue the tests run (e2e/bad-input-catalogue.ts).
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';

const out = await build({ entryPoints: ['e2e/bad-input-catalogue.ts'], bundle: true, format: 'esm', platform: 'node', write: false });
const { PAGE, INIT, PUSH, URLS, BATCHES } = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s) => (s.length > 90 ? `\`${cell(s.slice(0, 87))}…\`` : `\`${cell(s)}\``);
let n = 0;
const rows = (list, fmt) => list.map((r) => `| ${++n} | ${fmt(r).map(cell).join(' | ')} |`).join('\n');

const md = `# Bad input catalogue

Every kind of bad call, payload and batch the test suite throws at the snippet, the service worker and
the reference Track API, and what each gets. Generated from \`e2e/bad-input-catalogue.ts\` by
\`node scripts/bad-input-doc.mjs\`; \`test/bad-input-doc.spec.ts\` fails when this file falls out of step.
In every page case the call's promise rejects with a \`ContloError\` whose message contains the words
shown, nothing is thrown into the page, no \`unhandledrejection\` fires, and the valid calls made
around it are delivered (\`e2e/bad-input.spec.ts\`).

## Page API and hostile property values (${PAGE.length})

| # | kind | call | error contains |
| --- | --- | --- | --- |
${rows(PAGE, ([k, c, e]) => [k, code(c), e])}

## init options (${INIT.length})

After the rejection, a corrected \`init\` on the same page works.

| # | kind | call | error contains |
| --- | --- | --- | --- |
${rows(INIT, ([k, a, e]) => [k, code(`contlo.init(${a})`), e])}

Charged's own table (every mandatory field missing or wrong, seconds instead of milliseconds, bad
currencies, …) is in \`test/charged.spec.ts\`.

## Push payloads the worker receives (${PUSH.length})

A notification is always shown (browsers penalise pushes that show nothing); text is plain text.

| # | kind | payload | the notification shows |
| --- | --- | --- | --- |
${rows(PUSH, ([k, p, s]) => [k, code(p || '(none)'), s])}

## URLs a notification click may open (${URLS.length})

Only http(s) URLs of the site's origin or of \`allowedOrigins\` open; anything else opens the site root.

| # | kind | URL in the push | a click opens |
| --- | --- | --- | --- |
${rows(URLS, ([k, u, o]) => [k, code(u), o])}

## Malformed batches sent to the reference Track API (${BATCHES.length})

| # | kind | body | status | error contains |
| --- | --- | --- | --- | --- |
${rows(BATCHES, ([k, b, s, e]) => [k, code(b), s, e || '(body over the limit)'])}

${n} kinds in all.
`;
writeFileSync('docs/BAD-INPUT.md', md);
console.log(`docs/BAD-INPUT.md: ${n} kinds`);
