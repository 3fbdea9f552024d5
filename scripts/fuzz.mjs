#!/usr/bin/env node
// The long fuzz run and the figures table:
//   npm run fuzz                      60 s per target, a fresh seed
//   node scripts/fuzz.mjs --seconds=10 --seed=42
//   node scripts/fuzz.mjs --report-only   the table again from the last run
// Runs test/fuzz/fuzz.test.ts in Chromium with that budget, prints inputs
// tried per target, saves any input that broke a target as a regression
// case (test/fuzz/regressions/), and writes docs/figures.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
const limits = records.find((r) => r.kind === 'LIMITS')?.data ?? [];
if (!reports.length) {
  console.error('fuzz: no campaign reported; see the test runner output above');
  process.exit(1);
}

/** Control bytes as \\xNN, so a finding reads in a terminal and in Markdown. */
const printable = (text) =>
  text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) =>
    c === '\ufffd' ? '?' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
const cell = (text) => printable(String(text)).replaceAll('|', '\\|');

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
const table = (head, body) =>
  [head, head.map(() => '---'), ...body.map((r) => r.map(cell))]
    .map((r) => `| ${r.join(' | ')} |`)
    .join('\n');

console.log(`\n${table(header, rows)}\n`);
for (const r of reports) {
  for (const f of r.failures.slice(0, 3))
    console.log(`FAIL ${r.target} seed ${f.seed} (${f.from}): ${f.message}`);
}
if (saved.length) console.log(`saved ${saved.length} regression case(s) in test/fuzz/regressions/`);

/**
 * The faults, each injected for real by the tests named here; this run runs
 * those test files again so the table says what happened today.
 */
const FAULTS = [
  [
    'the worker crashes (uncaught error)',
    'drill, and from outside via the browser’s worker handle (E2E)',
    'test/worker/machine-faults.test.ts',
  ],
  [
    'wasm trap mid-decode (tar extraction, streamed URL)',
    'output pointer past the 4 GiB address space: a real out-of-bounds trap in xz-embedded',
    'test/worker/machine-faults.test.ts',
  ],
  [
    'the worker stops answering (hang) under Ctrl-C',
    'a loop that never yields; restart after INTERRUPT_GRACE_MS',
    'test/worker/machine-faults.test.ts',
  ],
  [
    'a loop that never yields, Ctrl-C',
    'shared-memory flag read before every statement',
    'test/worker/machine-faults.test.ts',
  ],
  [
    'crash loop',
    'four crashes in a row; gives up after MAX_RESTARTS with a notice',
    'test/worker/machine-faults.test.ts',
  ],
  ['download stalls', 'test server sends half, then nothing', 'test/worker/fetch-faults.test.ts'],
  [
    'connection drops mid-way (with and without Range, gzip, changed file)',
    'test server destroys the socket',
    'test/worker/fetch-faults.test.ts',
  ],
  [
    'storage quota for history',
    'the real localStorage filled to its quota',
    'test/ui/terminal/kh-terminal.test.ts',
  ],
  [
    '/tmp full during tar -x',
    'a tmpfs smaller than the archive',
    'test/machine/tar-enospc.test.ts',
  ],
];
const faultFiles = [...new Set(FAULTS.map((f) => f[2]))];
const faultOutcome = new Map(
  faultFiles.map((file) => {
    const r = spawnSync(
      path.join(root, 'node_modules/.bin/web-test-runner'),
      ['--files', file, '--port', '8123'],
      { cwd: root, encoding: 'utf8' },
    );
    const summary = /(\d+) passed, (\d+) failed/.exec(r.stdout.split('\n').reverse().join('\n'));
    return [file, r.status === 0 ? `survived (${summary?.[1] ?? '?'} tests passed)` : 'FAILED'];
  }),
);
console.log(FAULTS.map((f) => `${faultOutcome.get(f[2])}: ${f[0]}`).join('\n'));

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
const hostile = JSON.parse(
  readFileSync(path.join(root, 'test/hostile/hostile-inputs.json'), 'utf8'),
);
const known = JSON.parse(readFileSync(path.join(regressions, 'index.json'), 'utf8')).cases;

const doc = `<!-- Generated by \`npm run fuzz\` (scripts/fuzz.mjs). Do not edit by hand. -->

# Figures: how hard we tried

Written: ${new Date().toISOString().slice(0, 16)}Z, ${seconds} s per target, seed ${seed}
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

## Limits and their values

Collected in \`test/limits/limit-table.ts\`; each is tripped by \`test/limits/limits.test.ts\`,
which checks that the error names the limit and its value.

${table(
  ['limit', 'value', 'guards'],
  limits.map((l) => [`\`${l.name}\``, human(l), l.guards]),
)}

## Faults injected and survived

Each is injected by a browser test in Debian's Chromium (the real worker,
the real wasm, a real test server); this run ran those tests again.

${table(
  ['fault', 'injected by', 'test', 'this run'],
  FAULTS.map(([fault, how, file]) => [fault, how, `\`${file}\``, faultOutcome.get(file)]),
)}

## Hostile inputs tested

${table(
  ['input', 'where', 'expected'],
  hostile.cases.map((c) => [c.input, c.where, c.expect]),
)}

## Regression cases

${table(
  ['file', 'target', 'found', 'status'],
  known.map((c) => [`\`${c.file}\``, c.target, c.found, c.known ? `open: ${c.known}` : 'fixed']),
)}
`;
mkdirSync(path.join(root, 'docs'), { recursive: true });
// Sections other commands write (scripts/fuzz-native.mjs, bench/load-held.mjs) are kept as they were.
const figuresPath = path.join(root, 'docs/figures.md');
const previous = existsSync(figuresPath) ? readFileSync(figuresPath, 'utf8') : '';
const kept = ['native-fuzz', 'load-held']
  .map((name) => previous.match(new RegExp(`<!-- ${name} -->[\\s\\S]*<!-- /${name} -->\\n?`))?.[0])
  .filter(Boolean);
writeFileSync(figuresPath, [doc.trimEnd(), ...kept].join('\n\n'));
spawnSync(
  path.join(root, 'node_modules/.bin/prettier'),
  ['--write', 'docs/figures.md', 'test/fuzz/regressions/index.json'],
  { cwd: root },
);
console.log('wrote docs/figures.md');
const faultsOk = [...faultOutcome.values()].every((o) => o.startsWith('survived'));
process.exit(run.status === 0 && !saved.length && faultsOk ? 0 : 1);
