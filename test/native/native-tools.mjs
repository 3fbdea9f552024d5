/**
 * The real tools, run by the test server while the tests run, so a browser
 * test compares the machine with Debian's tools on the same bytes. Nothing
 * here is what the code under test computes; it is what Debian does.
 * Archives are extracted by GNU tar, once per run, side by side under the
 * names the tests use on the machine (kheaders-<release>, kheaders-other).
 *
 *   GET  /__native/<script>           {script, output}: one of SCRIPTS in the demo tree (test/worker, test/shell)
 *   GET  /__native/session/<name>     {lines, output}: lines typed into an interactive bash (test/shell)
 *   GET  /__native/numfmt/<n,n,...>   {output}: byte counts as GNU df -h prints them (test/worker)
 *   GET  /__native/ctags              {output}: universal-ctags' tags of the demo tree (test/index)
 *   GET  /__native/cpp-lines?tree=demo|other&file=F  {markers, kept}: the lines GNU cpp keeps (test/index)
 *   GET  /__native/grep-w?name=N      {output}: `grep -rnw --include=*.h N .` in the demo tree (test/index)
 *   GET  /__native/diff?args=<JSON>   {output, stderr, code}: GNU diff beside both trees (test/index)
 *   POST /__native/<row id>           {out, err, code}: a row of test/fidelity/table.json (test/fidelity)
 *   GET  /__gcc/<archive>[?struct=S&fields=<JSON>]  {name: value}: native gcc's values (test/clang)
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { asUser } from './as-user.mjs';
import { manifest, output, run, scratch } from './tool-run.mjs';

const DEMO = path.resolve('public/kernel/kheaders.tar.xz');

const trees = new Map();
/** The archive (a path in the repo) extracted by GNU tar, once: the tree's directory. */
function tree(archive) {
  if (!trees.has(archive)) {
    const m = manifest();
    const name =
      archive === DEMO
        ? `kheaders-${m.release}`
        : archive === path.resolve('public/kernel', m.other.kheaders.path)
          ? 'kheaders-other'
          : `tree-${trees.size}`;
    const dir = path.join(scratch(), name);
    mkdirSync(dir);
    trees.set(
      archive,
      output('tar', ['-xf', archive, '-C', dir]).then(() => dir),
    );
  }
  return trees.get(archive);
}

const headerTree = (which) =>
  tree(which === 'other' ? path.resolve('public/kernel', manifest().other.kheaders.path) : DEMO);

let probes = 0;
/** A source file of the test's, written beside the trees (never inside one). */
function probe(ext, text) {
  const file = path.join(scratch(), `probe-${process.pid}-${++probes}.${ext}`);
  writeFileSync(file, text);
  return file;
}

/**
 * Scripts run in the extracted demo tree, natively here and in the machine
 * by the test, which compares the two outputs line by line in sorted order
 * (find's order is the filesystem's). Each reads every file, or the big
 * ones, through a different path: a file argument, cat, `<`, cp, head.
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

const C = { ...process.env, LC_ALL: 'C' };

/**
 * The two per-file loops' expected lines, "<sha256>  - ./path", from GNU
 * sha256sum over every file at once: GNU bash running the loop itself
 * spawns three processes per file, 19,000 for the demo tree (two to three
 * minutes of a core here, the suite's slowest step), while the loop under
 * test is the machine's. Each hash is still Debian's, of GNU tar's files.
 */
const PER_FILE_LOOPS = new Set(['tree-cat', 'tree-redirect']);
let everyHash;

async function script(name) {
  const text = SCRIPTS[name];
  if (!text) return undefined;
  const cwd = await tree(DEMO);
  const run = (t) => output('bash', ['--norc', '-c', t], { cwd, env: C });
  if (!PER_FILE_LOOPS.has(name)) return { script: text, output: await run(text) };
  everyHash ??= run(SCRIPTS['tree-sha256']);
  const lines = (await everyHash).split('\n').filter(Boolean);
  return {
    script: text,
    output: lines.map((l) => l.replace(/^([0-9a-f]{64}) {2}/, '$1  - ')).join('\n') + '\n',
  };
}

async function session(name) {
  const lines = SESSIONS[name];
  if (!lines) return undefined;
  const input = lines.map((l) => `${l}\n`).join('');
  const env = { ...C, HISTFILE: '/dev/null' };
  return {
    lines,
    output: await output('bash', ['--norc', '-i'], { cwd: await tree(DEMO), env, input }),
  };
}

/** ctags' struct, union, enum, enumerator, typedef and macro tags: name, kind, file, line. */
async function ctags() {
  const args = ['-R', '--links=no', '--languages=C', '--langmap=C:.h', '--kinds-C=sugtde'];
  const format = ['-x', '--_xformat=%N\t%K\t%F\t%n', '.'];
  return { output: await output('ctags', [...args, ...format], { cwd: await tree(DEMO) }) };
}

/**
 * The lines of a header that cpp keeps under the tree's config: every line
 * but the directives becomes a marker, #include lines are dropped (names
 * from other headers are then undefined: the tests skip the branches the
 * index calls unknown), and cpp runs with include/linux/kconfig.h first.
 */
async function cppLines(which, file) {
  if (file.split('/').includes('..')) throw new Error(`${file}: outside the tree`);
  const root = await headerTree(which);
  const text = readFileSync(path.join(root, file), 'latin1').split('\n');
  const lines = [];
  const markers = [];
  for (let i = 0; i < text.length; i++) {
    let line = text[i];
    if (/^\s*#/.test(line)) {
      const first = i;
      while (line.endsWith('\\') && i + 1 < text.length) line = line.slice(0, -1) + ' ' + text[++i];
      lines.push(/^\s*#\s*include\b/.test(line) ? '' : line);
      for (let k = first; k < i; k++) lines.push('');
    } else {
      lines.push(`kh_line_${i + 1}`);
      markers.push(i + 1);
    }
  }
  const src = probe('h', lines.join('\n'));
  const include = ['-I', path.join(root, 'include'), '-include', `${root}/include/linux/kconfig.h`];
  const r = await run('cpp', ['-P', '-w', '-nostdinc', ...include, src]);
  rmSync(src);
  // Names from the dropped #includes can make an #if an error; cpp then skips that group and
  // goes on (the index calls such a group unknown, so it is not compared). No output is a failure.
  if (r.code !== 0 && !r.out.length) throw new Error(`cpp on ${file}: ${r.err}`);
  const kept = [...r.out.matchAll(/kh_line_(\d+)/g)].map((m) => Number(m[1]));
  return { markers, kept };
}

async function grepWord(name) {
  if (!/^\w+$/.test(name)) return 400;
  const r = await run('grep', ['-rnw', '--include=*.h', name, '.'], { cwd: await tree(DEMO) });
  return { output: r.out };
}

/** GNU diff, in the directory that holds both trees. */
async function gnuDiff(args) {
  await Promise.all([headerTree('demo'), headerTree('other')]);
  const r = await run('diff', args, { cwd: scratch(), env: { ...C, TZ: 'UTC' } });
  return { output: r.out, stderr: r.err, code: r.code };
}

const TABLE = 'test/fidelity/table.json';
let sandbox;
/**
 * A row of the fidelity table, run with GNU tar, xz, coreutils and bash in a
 * tmpfs directory (/dev/shm, as the machine's /tmp is) that holds the demo
 * archive and its natively extracted tree, as the machine's /tmp/w does.
 * Only commands from the table run; the table is read anew each time.
 */
async function fidelityRow(id) {
  const table = JSON.parse(readFileSync(TABLE, 'utf8'));
  const row = table.rows.find((r) => r.id === id);
  if (!row) return 404;
  sandbox ??= (async () => {
    const base = mkdtempSync(path.join('/dev/shm', 'kh-fidelity-'));
    process.once('exit', () => rmSync(base, { recursive: true, force: true }));
    // The student's rows walk into it, as into the machine's /tmp.
    chmodSync(base, 0o755);
    const work = path.join(base, 'w');
    const r = await fidelityRun(`mkdir -p ${work} && cd ${work} && ${table.prepare}`, base, {
      ARCHIVE: DEMO,
    });
    if (r.code !== 0) throw new Error(`fidelity sandbox: ${r.err}`);
    return work;
  })();
  const script = row.native ?? row.cmd;
  if (row.user) return asUser(row, script, await sandbox);
  return fidelityRun(script, await sandbox);
}

/**
 * A clean root-like environment, so the rows do not depend on who runs the
 * tests. --norc everywhere: bash whose stdin is a socket (Node's pipes are)
 * reads ~/.bashrc even for -c, and this machine's (pyenv init) wrote
 * "pyenv: cannot rehash" into a row's stderr when two runs overlapped.
 */
const fidelityRun = (script, cwd, extra = {}) =>
  run('/bin/bash', ['--norc', '-c', script], {
    cwd,
    timeout: 60_000,
    env: {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: '/root',
      USER: 'root',
      TZ: 'UTC',
      LC_ALL: 'C.UTF-8',
      TMPDIR: cwd,
      KFORMATS: path.resolve('test/fidelity/kernel-formats.sh'),
      MANIFEST: path.resolve('public/kernel/manifest.json'),
      ...extra,
    },
  });

/**
 * BCC's flags for x86 (bcc src/cc/frontends/clang/kbuild_helper.cc and
 * loader.cc: the -I order, kconfig.h, the defines), relative to the tree gcc
 * runs in as BCC writes them: written here from BCC's source, not taken
 * from the code under test.
 */
const BCC_FLAGS = `-nostdinc
  -I./arch/x86/include -Iarch/x86/include/generated -Iinclude
  -I./arch/x86/include/uapi -Iarch/x86/include/generated/uapi -I./include/uapi -Iinclude/generated/uapi
  -include ./include/linux/kconfig.h
  -D__KERNEL__ -D__BPF_TRACING__
  -D__HAVE_BUILTIN_BSWAP16__ -D__HAVE_BUILTIN_BSWAP32__ -D__HAVE_BUILTIN_BSWAP64__`.split(/\s+/);

/**
 * gcc's answers on the same headers with BCC's flags: test/clang/probe.c, or
 * with ?struct one sizeof and offsetof per field; { name: value } from the
 * assembly's .long lines.
 */
async function gccValues(archivePath, query) {
  const archive = path.resolve(archivePath);
  if (!archive.startsWith(process.cwd() + path.sep) || !existsSync(archive)) return 404;
  const root = await tree(archive);
  let source = readFileSync('test/clang/probe.c', 'utf8');
  if (query.struct) {
    const s = String(query.struct);
    const fields = JSON.parse(String(query.fields ?? '[]'));
    source =
      '#include <linux/sched.h>\n#include <linux/fs.h>\n' +
      fields
        .map(
          (f, i) =>
            `int size_${i} = sizeof(((struct ${s} *)0)->${f});\nint offset_${i} = __builtin_offsetof(struct ${s}, ${f});\n`,
        )
        .join('') +
      `int size_all = sizeof(struct ${s});\n`;
  }
  const src = probe('c', source);
  const asm = await output('gcc', [...BCC_FLAGS, '-w', '-O0', '-S', '-o', '-', src], { cwd: root });
  rmSync(src);
  const values = {};
  for (const m of asm.matchAll(/^(\w+):\n(?:\s+\.[a-z]+[^\n]*\n)*?\s+\.long\s+(-?\d+)/gm))
    values[m[1]] = Number(m[2]);
  return values;
}

/**
 * What the real tools print for the failures the lesson "When the headers
 * can't be found" reproduces, on a machine unlike the playground's: another
 * release string (FOREIGN), other paths, a mkdtemp suffix. test/lessons
 * pastes each into the error search. Where no tool here can print it,
 * the test writes the line from the tool's source instead.
 */
const FOREIGN = '5.15.0-91-generic';
async function failures() {
  const dir = mkdtempSync(path.join(scratch(), `kheaders-${FOREIGN}-`));
  chmodSync(dir, 0o755);
  const empty = path.join(dir, 'probe.c');
  writeFileSync(empty, '');
  const noXz = path.join(dir, 'bin');
  mkdirSync(noXz);
  for (const t of ['tar', 'mkdir']) await output('ln', ['-s', `/usr/bin/${t}`, path.join(noXz, t)]);
  const at = (file, args, options = {}) => run(file, args, { cwd: dir, ...options });
  const kmod = `{ modprobe -d "$KROOT" -S "$REL" kheaders 2>&1 1>&3 3>&- | sed 's/Function not implemented/Operation not permitted/' >&2; exit \${PIPESTATUS[0]}; } 3>&1`;
  return {
    tarNoXz: await at(path.join(noXz, 'tar'), ['-xf', DEMO, '-C', dir], { env: { PATH: noXz } }),
    clangKconfig: await at('clang-14', [
      '-nostdinc',
      '-include',
      `/tmp/kheaders-${FOREIGN}/include/linux/kconfig.h`,
      '-fsyntax-only',
      empty,
    ]),
    lsMissing: await at('ls', ['-l', '/sys/kernel/kheaders.tar.xz'], {
      env: { LC_ALL: 'C.UTF-8' },
    }),
    modprobeMissing: await at('setpriv', [
      '--reuid=nobody',
      '--regid=nogroup',
      '--clear-groups',
      process.env.MODPROBE ?? '/sbin/modprobe',
      'kheaders',
    ]),
    shNoModprobe: await at('/bin/sh', ['-c', 'modprobe kheaders'], {
      env: { PATH: '/nonexistent' },
    }),
    bashNoModprobe: await at('/bin/bash', ['--norc', '-c', 'modprobe kheaders'], {
      env: { PATH: '/nonexistent' },
    }),
    makeModules: await at('make', ['-C', dir, `M=${dir}`, 'modules']),
    su: await asUser({ user: 'student' }, 'su', dir),
    modprobeEperm: await asUser({ user: 'student', loaded: false }, kmod, dir),
  };
}

/** [method, path, answer(match, query)]: a body, an HTTP status, or undefined (not ours). */
const ROUTES = [
  [
    'GET',
    /^\/__native\/numfmt\/([\d,]+)$/,
    async ([, counts]) => ({
      output: await output('numfmt', ['--to=iec', '--round=up', ...counts.split(',')]),
    }),
  ],
  ['GET', /^\/__native\/session\/([\w-]+)$/, ([, name]) => session(name)],
  ['GET', /^\/__native\/ctags$/, () => ctags()],
  ['GET', /^\/__native\/cpp-lines$/, (_, q) => cppLines(String(q.tree), String(q.file))],
  ['GET', /^\/__native\/grep-w$/, (_, q) => grepWord(String(q.name))],
  ['GET', /^\/__native\/diff$/, (_, q) => gnuDiff(JSON.parse(String(q.args)))],
  ['GET', /^\/__native\/failures$/, () => failures()],
  ['GET', /^\/__native\/([\w-]+)$/, ([, name]) => script(name)],
  ['POST', /^\/__native\/([\w.-]+)$/, ([, id]) => fidelityRow(id)],
  ['GET', /^\/__gcc\/(.+)$/, ([, archive], q) => gccValues(archive, q)],
];

/** The web-test-runner middleware (web-test-runner.config.mjs). */
export async function nativeTools(ctx, next) {
  for (const [method, route, answer] of ROUTES) {
    const m = ctx.method === method && route.exec(ctx.path);
    if (!m) continue;
    const body = await answer(m, ctx.query);
    if (body === undefined) return next();
    if (typeof body === 'number') ctx.status = body;
    else ctx.body = body;
    return;
  }
  return next();
}
