/**
 * Debian's tools on the same two header trees the machine reads, run at
 * test time for test/index/: universal-ctags (the definitions), GNU cpp
 * (which lines a config compiles) and GNU diff (-r, -u on the two trees).
 * Both archives are extracted by GNU tar, side by side, under the names
 * the tests use on the machine: kheaders-<release> and kheaders-other.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const manifest = () => JSON.parse(readFileSync('public/kernel/manifest.json', 'utf8'));
let dir;

/** The directory holding both trees, made once per test run. */
function trees() {
  if (dir) return dir;
  const m = manifest();
  const d = mkdtempSync(path.join(os.tmpdir(), 'kh-index-'));
  for (const [name, archive] of [
    [`kheaders-${m.release}`, 'public/kernel/kheaders.tar.xz'],
    ['kheaders-other', `public/kernel/${m.other.kheaders.path}`],
  ]) {
    execFileSync('mkdir', ['-p', path.join(d, name)]);
    execFileSync('tar', ['-xf', archive, '-C', path.join(d, name)]);
  }
  process.once('exit', () => rmSync(d, { recursive: true, force: true }));
  return (dir = d);
}

const treeDir = (which) =>
  path.join(trees(), which === 'other' ? 'kheaders-other' : `kheaders-${manifest().release}`);

/** ctags' struct, union, enum, enumerator, typedef and macro tags: name, kind, file, line. */
function ctags() {
  return execFileSync(
    'ctags',
    [
      '-R',
      '--links=no',
      '--languages=C',
      '--langmap=C:.h',
      '--kinds-C=sugtde',
      '-x',
      '--_xformat=%N\t%K\t%F\t%n',
      '.',
    ],
    { cwd: treeDir('demo'), maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'ignore'] },
  ).toString();
}

/**
 * The lines of a header that cpp keeps under the tree's config: every line
 * but the directives becomes a marker, #include lines are dropped (names
 * from other headers are then undefined: the tests skip the branches the
 * index calls unknown), and cpp runs with include/linux/kconfig.h first.
 */
function cppLines(which, file) {
  if (file.split('/').includes('..')) throw new Error(`${file}: outside the tree`);
  const root = treeDir(which);
  const text = readFileSync(path.join(root, file), 'latin1').split('\n');
  const probe = [];
  const markers = [];
  for (let i = 0; i < text.length; i++) {
    let line = text[i];
    if (/^\s*#/.test(line)) {
      const first = i;
      while (line.endsWith('\\') && i + 1 < text.length) line = line.slice(0, -1) + ' ' + text[++i];
      probe.push(/^\s*#\s*include\b/.test(line) ? '' : line);
      for (let k = first; k < i; k++) probe.push('');
    } else {
      probe.push(`kh_line_${i + 1}`);
      markers.push(i + 1);
    }
  }
  const src = path.join(trees(), `probe-${process.pid}-${Date.now()}.h`);
  writeFileSync(src, probe.join('\n'));
  const r = spawnSync(
    'cpp',
    [
      '-P',
      '-w',
      '-nostdinc',
      '-I',
      path.join(root, 'include'),
      '-include',
      path.join(root, 'include/linux/kconfig.h'),
      src,
    ],
    { maxBuffer: 64 << 20 },
  );
  rmSync(src);
  // Names from the dropped #includes can make an #if an error; cpp then skips that group and
  // goes on (the index calls such a group unknown, so it is not compared). No output is a failure.
  if (r.status !== 0 && !r.stdout.length) throw new Error(`cpp on ${file}: ${r.stderr}`);
  const kept = [...r.stdout.toString().matchAll(/kh_line_(\d+)/g)].map((m) => Number(m[1]));
  return { markers, kept };
}

function gnuDiff(args) {
  const r = spawnSync('diff', args, {
    cwd: trees(),
    maxBuffer: 256 << 20,
    env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' },
  });
  return { output: r.stdout.toString(), stderr: r.stderr.toString(), code: r.status };
}

/**
 * GET /__native/ctags: {output}; /__native/cpp-lines?tree=demo|other&file=F:
 * {markers: lines that are not directives, kept: those cpp kept}; /__native/grep-w?name=N:
 * {output} of `grep -rnw --include=*.h N .` in the demo tree; /__native/diff?args=<JSON array>: {output, stderr, code}, run in
 * the directory that holds both trees.
 */
export async function headerTools(ctx, next) {
  if (ctx.path === '/__native/ctags') ctx.body = { output: ctags() };
  else if (ctx.path === '/__native/cpp-lines')
    ctx.body = cppLines(String(ctx.query.tree), String(ctx.query.file));
  else if (ctx.path === '/__native/grep-w') {
    const name = String(ctx.query.name);
    if (!/^\w+$/.test(name)) return void (ctx.status = 400);
    const r = spawnSync('grep', ['-rnw', '--include=*.h', name, '.'], {
      cwd: treeDir('demo'),
      maxBuffer: 64 << 20,
    });
    ctx.body = { output: r.stdout.toString() };
  } else if (ctx.path === '/__native/diff') ctx.body = gnuDiff(JSON.parse(String(ctx.query.args)));
  else return next();
}
