#!/usr/bin/env node
// The long fuzz run and the figures table:
//   npm run fuzz                      60 s per target, a fresh seed
//   node scripts/fuzz.mjs --seconds=10 --seed=42
//   node scripts/fuzz.mjs --report-only   the table again from the last run
// Runs test/fuzz/fuzz.test.ts in Chromium with that budget, prints inputs
// tried per target, saves any input that broke a target as a regression
// case (test/fuzz/regressions/), and writes its section of docs/figures.md
// (scripts/figures.mjs renders the rest).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { render, table } from './figures.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const reportOnly = process.argv.includes('--report-only');
const out = path.join(root, '.cache/fuzz-report.jsonl');
const regressions = path.join(root, 'test/fuzz/regressions');

let run = { status: 0 };
if (!reportOnly) {
  const seconds = Number(arg('seconds', 60));
  const seed = Number(arg('seed', Date.now() % 1e9));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ kind: 'META', data: { seconds, seed } })}\n`);
  console.log(`fuzz: ${seconds} s per target, seed ${seed}`);
  run = spawnSync(
    path.join(root, 'node_modules/.bin/web-test-runner'),
    ['--config', 'test/fuzz/fuzz.config.mjs'],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        FUZZ_SECONDS: String(seconds),
        FUZZ_SEED: String(seed),
        FUZZ_OUT: out,
      },
    },
  );
}

const lines = existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n').filter(Boolean) : [];
const records = lines.map((l) => JSON.parse(l));
const meta = records.find((r) => r.kind === 'META')?.data ?? {
  seconds: Number(arg('seconds', 0)),
  seed: Number(arg('seed', 0)),
};
const { seconds, seed } = meta;
const reports = records.filter((r) => r.kind === 'REPORT').map((r) => r.data);
if (!reports.length) {
  console.error('fuzz: no campaign reported; see the test runner output above');
  process.exit(1);
}

/** Each failing input becomes a regression case (one per target and message). */
function saveRegressions() {
  const indexPath = path.join(regressions, 'index.json');
  const index = JSON.parse(readFileSync(indexPath, 'utf8'));
  const saved = [];
  for (const r of reports) {
    const seen = new Set();
    for (const f of r.failures) {
      const key = f.message.replace(/\d+/g, 'N').slice(0, 120);
      if (seen.has(key)) continue;
      seen.add(key);
      const ext = { 'shell arguments': 'json', 'share-link decoder': 'txt' }[r.target] ?? 'bin';
      const file = `${r.target.replace(/\W+/g, '-')}-${f.seed}.${ext}`;
      writeFileSync(path.join(regressions, file), Buffer.from(f.input, 'base64'));
      index.cases.push({
        file,
        target: r.target,
        found: `fuzz seed ${f.seed} (${f.from}): ${f.message.slice(0, 200)}`,
      });
      saved.push(file);
    }
  }
  if (saved.length) writeFileSync(indexPath, `${JSON.stringify(index, null, 2)}\n`);
  return saved;
}

const saved = reportOnly ? [] : saveRegressions();
const fmt = (n) => n.toLocaleString('en-US');
const rows = reports.map((r) => [
  r.target,
  fmt(r.inputs),
  fmt(r.ok),
  fmt(r.rejected),
  fmt(r.known ?? 0),
  fmt(r.failures.length),
  `${r.seconds.toFixed(0)} s`,
  `${(r.inputs / r.seconds).toFixed(1)}/s`,
  `${r.slowestMs.toFixed(0)} ms`,
]);
const header = [
  'target',
  'inputs',
  'decoded/ok',
  'clean error',
  'known issue',
  'failures',
  'time',
  'rate',
  'slowest',
];
console.log(`\n${table(header, rows)}\n`);
for (const r of reports) {
  for (const f of r.failures.slice(0, 3))
    console.log(`FAIL ${r.target} seed ${f.seed} (${f.from}): ${f.message}`);
}
if (saved.length) console.log(`saved ${saved.length} regression case(s) in test/fuzz/regressions/`);

// The fuzz section of docs/figures.md; scripts/figures.mjs renders the rest around it.
const section = `<!-- fuzz -->

Written by \`npm run fuzz\` (scripts/fuzz.mjs): ${new Date().toISOString().slice(0, 16)}Z, ${seconds} s per target, seed ${seed}
(replay: \`node scripts/fuzz.mjs --seconds=${seconds} --seed=${seed}\`). \`npm test\` runs
the same campaigns for a few seconds each with a fixed seed.

## Inputs fuzzed per target

${table(header, rows)}

What each target must do with every input:

${reports.map((r) => `- **${r.target}**: ${r.contract}.`).join('\n')}

Inputs are mutations (bit flips, interesting bytes, truncation, insertion,
deletion, duplicated runs, header-field writes) of the real fixtures in
\`test/fixtures/generated/\` and of \`public/kernel/kheaders.tar.xz\`; tar
mutants get their header checksums repaired most of the time so they reach
the fields behind the checksum. Shell inputs are random argument vectors for
the machine's commands.

<!-- /fuzz -->`;
const figuresPath = path.join(root, 'docs/figures.md');
const previous = existsSync(figuresPath) ? readFileSync(figuresPath, 'utf8') : '';
const withSection = /<!-- fuzz -->[\s\S]*?<!-- \/fuzz -->/.test(previous)
  ? previous.replace(/<!-- fuzz -->[\s\S]*?<!-- \/fuzz -->/, () => section)
  : `${section}\n\n${previous}`;
writeFileSync(figuresPath, await render(withSection));
spawnSync(
  path.join(root, 'node_modules/.bin/prettier'),
  ['--write', 'test/fuzz/regressions/index.json'],
  {
    cwd: root,
  },
);
console.log('wrote docs/figures.md');
process.exit(run.status === 0 && !saved.length ? 0 : 1);
