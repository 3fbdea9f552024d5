#!/usr/bin/env node
/**
 * docs/figures.md, from what it describes:
 *   node scripts/figures.mjs          write it
 *   node scripts/figures.mjs --check  fail when it is stale (npm run check)
 *
 * Two kinds of section. Derived ones are rendered here from the tree: the
 * limits (test/limits/limit-table.ts, which reads each from the code it
 * guards), the faults and the tests that inject them, the hostile inputs
 * (test/hostile/hostile-inputs.json) and the regression cases
 * (test/fuzz/regressions/index.json). Measured ones are written between
 * their markers by the command that measures them (`npm run fuzz`,
 * scripts/fuzz-native.mjs, `npm run bench:load`) and are kept as they are.
 * The check also fails when the document names a file in the repo that is
 * not there.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import * as prettier from 'prettier';
import { FAULTS } from './figures-faults.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const DOC = path.join(root, 'docs/figures.md');
/** Sections other commands measure, in the order they appear. */
const MEASURED = ['fuzz', 'native-fuzz', 'load-held'];

const printable = (text) =>
  text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) =>
    c === '\ufffd' ? '?' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
const cell = (text) => printable(String(text)).replaceAll('|', '\\|');
export const table = (head, body) =>
  [head, head.map(() => '---'), ...body.map((r) => r.map(cell))]
    .map((r) => `| ${r.join(' | ')} |`)
    .join('\n');

const fmt = (n) => n.toLocaleString('en-US');
const human = (l) =>
  l.unit === 'ms'
    ? `${fmt(l.value)} ms`
    : l.unit === 'bytes'
      ? l.value >= 1 << 20
        ? `${l.value / (1 << 20)} MiB`
        : l.value >= 1024
          ? `${l.value / 1024} KiB`
          : `${l.value} B`
      : fmt(l.value);

/** limitTable() from the TypeScript that holds it (esbuild for Node; packages stay imports). */
async function limits() {
  const out = path.join(root, '.cache/figures/limit-table.mjs');
  mkdirSync(path.dirname(out), { recursive: true });
  await build({
    entryPoints: [path.join(root, 'test/limits/limit-table.ts')],
    outfile: out,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    tsconfig: path.join(root, 'tsconfig.base.json'),
    logLevel: 'error',
  });
  const { limitTable } = await import(`${pathToFileURL(out)}?${Date.now()}`);
  return limitTable();
}

const json = (rel) => JSON.parse(readFileSync(path.join(root, rel), 'utf8'));

async function derived() {
  const hostile = json('test/hostile/hostile-inputs.json').cases;
  const known = json('test/fuzz/regressions/index.json').cases;
  return `## Limits and their values

Collected in \`test/limits/limit-table.ts\`; each is tripped by \`test/limits/limits.test.ts\`,
which checks that the error names the limit and its value.

${table(
  ['limit', 'value', 'guards'],
  (await limits()).map((l) => [`\`${l.name}\``, human(l), l.guards]),
)}

## Faults injected and survived

Each is injected by a browser test in Debian's Chromium (the real worker,
the real wasm, a real test server); \`npm test\` runs them.

${table(
  ['fault', 'injected by', 'test'],
  FAULTS.map(([fault, how, file]) => [fault, how, `\`${file}\``]),
)}

## Hostile inputs tested

${table(
  ['input', 'where', 'expected'],
  hostile.map((c) => [c.input, c.where, c.expect]),
)}

## Regression cases

${table(
  ['file', 'target', 'found', 'status'],
  known.map((c) => [`\`${c.file}\``, c.target, c.found, c.known ? `open: ${c.known}` : 'fixed']),
)}`;
}

/** A measured section as the document holds it now, markers included. */
function measured(doc, name) {
  return doc.match(new RegExp(`<!-- ${name} -->[\\s\\S]*?<!-- /${name} -->`))?.[0];
}

/** The whole document: the measured sections kept, the derived ones rendered now. */
export async function render(doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '') {
  const [fuzz, ...after] = MEASURED.map((name) => measured(doc, name));
  const text = [
    `<!-- Written by \`node scripts/figures.mjs\`; \`npm run check\` fails when it is stale. Each measured section is written by the command it names. -->`,
    '# Figures: how hard we tried',
    fuzz ?? '<!-- fuzz -->\nNot measured yet: run `npm run fuzz`.\n<!-- /fuzz -->',
    await derived(),
    ...after.filter(Boolean),
  ].join('\n\n');
  return prettier.format(`${text}\n`, {
    ...(await prettier.resolveConfig(DOC)),
    filepath: DOC,
  });
}

/** Paths in backquotes that name a file of the repo (test/…, src/…) and are not there. */
function missingFiles(doc) {
  const named = doc.match(/`((?:src|test|scripts|bench|wasm)\/[\w./-]+\.\w+)`/g) ?? [];
  return [...new Set(named.map((n) => n.slice(1, -1)))].filter(
    (rel) => !existsSync(path.join(root, rel)),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const now = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
  const fresh = await render(now);
  const missing = missingFiles(fresh);
  if (process.argv.includes('--check')) {
    const problems = [
      ...(fresh === now ? [] : ['its derived sections differ from the tree']),
      ...missing.map((m) => `it names ${m}, which is not in the repo`),
    ];
    if (problems.length) {
      console.error(
        `docs/figures.md is stale: ${problems.join('; ')}.\nRun: node scripts/figures.mjs`,
      );
      process.exit(1);
    }
  } else {
    writeFileSync(DOC, fresh);
    console.log(`wrote docs/figures.md${missing.length ? ` (names missing ${missing})` : ''}`);
  }
}
