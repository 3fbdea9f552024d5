/**
 * The real tools, run by the test server while the tests run, so a browser
 * test compares the machine with GNU tar and coreutils on the same bytes:
 * GNU tar extracts public/kernel/kheaders.tar.xz once; each named script
 * below runs in that tree with bash and coreutils (LC_ALL=C).
 * Nothing here is what the code under test computes; it is what Debian does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ARCHIVE = path.resolve('public/kernel/kheaders.tar.xz');
let tree;

/** The demo archive extracted by GNU tar, once per test run. */
function extracted() {
  if (tree) return tree;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kh-native-'));
  execFileSync('tar', ['-xf', ARCHIVE, '-C', dir]);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return (tree = dir);
}

const sh = (script) =>
  execFileSync('bash', ['-c', script], {
    cwd: extracted(),
    env: { ...process.env, LC_ALL: 'C' },
    maxBuffer: 64 << 20,
  }).toString();

/**
 * Scripts run in the extracted tree, natively here and in the machine by the
 * test, which compares the two outputs line by line in sorted order (find's
 * order is the filesystem's). Each reads every file, or the big ones,
 * through a different path: a file argument, cat, `<`, cp, head.
 */
const SCRIPTS = {
  'tree-sha256': 'find . -type f | xargs sha256sum',
  'tree-cat': 'find . -type f | while read -r f; do echo "$(cat "$f" | sha256sum) $f"; done',
  'tree-redirect': 'find . -type f | while read -r f; do echo "$(sha256sum < "$f") $f"; done',
  'trap-list': [
    "trap 'echo bye' EXIT; trap 'echo it'\\''s' INT TERM; trap -- '' QUIT; trap -p",
    'trap - TERM; trap -p INT TERM; trap 2; trap -p; exit',
  ].join('\n'),
  'big-files': [
    'for f in include/linux/fs.h include/linux/mm.h include/linux/netdevice.h; do',
    '  wc -l < "$f"; wc -c < "$f"; head -c 70000 "$f" | sha256sum; cat "$f" | sha256sum',
    '  cp "$f" /tmp/kh-copy && sha256sum < /tmp/kh-copy && rm /tmp/kh-copy',
    'done',
  ].join('\n'),
  // GNU df's headers over a small tmpfs, whose values fit GNU's minimum widths.
  'df-headers': 'df -h /dev/shm | head -1; df /dev/shm | head -1; df -hT /dev/shm | head -1',
};

/** Lines typed one by one into an interactive bash (its prompts go to stderr, not kept). */
const SESSIONS = {
  history: ['echo a', 'ls /nonexist 2>&1', 'history'],
};

const interactive = (lines) =>
  execFileSync('bash', ['--norc', '-i'], {
    cwd: extracted(),
    input: lines.map((l) => `${l}\n`).join(''),
    env: { ...process.env, LC_ALL: 'C', HISTFILE: '/dev/null' },
    stdio: ['pipe', 'pipe', 'ignore'],
  }).toString();

/**
 * GET /__native/<script name>: {script, output} from Debian's tools;
 * GET /__native/session/<name>: {lines, output} from an interactive bash.
 */
export async function nativeTools(ctx, next) {
  // GET /__native/numfmt/<n,n,...>: each byte count as GNU df -h prints it (numfmt, IEC, rounded up).
  const n = /^\/__native\/numfmt\/([\d,]+)$/.exec(ctx.path);
  if (n) {
    const out = execFileSync('numfmt', ['--to=iec', '--round=up', ...n[1].split(',')]);
    ctx.body = { output: out.toString() };
    return;
  }
  const m = /^\/__native\/(session\/)?([\w-]+)$/.exec(ctx.path);
  if (m?.[1] && SESSIONS[m[2]]) {
    ctx.body = { lines: SESSIONS[m[2]], output: interactive(SESSIONS[m[2]]) };
    return;
  }
  const script = m && !m[1] && SCRIPTS[m[2]];
  if (!script) return next();
  ctx.body = { script, output: sh(script) };
}
