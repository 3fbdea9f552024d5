// `npm run bench`: measures side by side in one run, on the real demo
// archive, our code in headless Debian Chromium against native tools:
//   decode: our wasm xz decoder and xz-decompress vs native `xz -dc`
//   mount:  bytes -> complete mounted listing vs native `tar -xJf` into tmpfs
//   shell:  tar -xf / grep -r / find through the machine's shell vs native
//   browse: the identifier index's build, lookup and memory, the two kernels' tree diff
//   ui:     the built site: first JS, long tasks, time to a prompt, page↔worker messages
// Prints tables of ratios and writes bench/results.json.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { launchChromium } from '../test/support/chromium.mjs';
import { printBrowse } from './browse-table.mjs';
import { printClang } from './clang-table.mjs';
import { printGuards } from './guards.mjs';
import { measureUi, printUi } from './ui-bench.mjs';
import { clangSecondVisit } from './clang-second-visit.mjs';
import { measureDisk, printDisk } from './disk-bench.mjs';
import { timedScript, treeCpuMs, treeRssBytes } from './cpu-time.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const kernelDir = path.join(root, 'public/kernel');
const archive = path.join(kernelDir, 'kheaders.tar.xz');
if (!existsSync(archive)) {
  console.error(`bench: ${archive} is missing; npm run bench builds it first`);
  process.exit(1);
}
const GREP_PATTERN = 'struct task_struct {';

/** A long run says where it is (stderr; the tables go to stdout). */
const stage = (what) => console.error(`bench: ${what}…`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall and CPU time of a native command, medians of warm runs; `before` runs untimed. */
function nativeMs(script, before = () => {}) {
  const once = () => {
    before();
    return timedScript(script);
  };
  once();
  const all = Array.from({ length: RUNS }, once);
  return { ms: median(all.map((r) => r.wall)), cpu: median(all.map((r) => r.cpu)) };
}

/** Native tar into a tmpfs, and find/grep over what it extracted. */
function measureNative() {
  const shm = existsSync('/dev/shm') ? '/dev/shm' : '/tmp';
  const dir = path.join(shm, `kh-bench-${process.pid}`);
  const fresh = () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
  };
  try {
    const xz = nativeMs(`xz -dc '${archive}' > /dev/null`);
    const tar = nativeMs(`tar -xJf '${archive}' -C '${dir}'`, fresh);
    const grep = nativeMs(`grep -r '${GREP_PATTERN}' '${dir}' | wc -l`);
    const find = nativeMs(`find '${dir}' -name '*.h' | wc -l`);
    return { xz, tar, grep, find };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fixed = (n, d = 1) => n.toFixed(d);

/** The same C with and without the profile (wasm/README.md), decoded bare. */
const profileRows = (d, speed) =>
  [
    ['ours, bare single-call decode, profile-guided', d.raw_guided],
    ['the same, built without the profile', d.raw_unguided],
  ].map(([what, t]) => [what, t.ms, t.cpu, speed(t.ms), '']);

/**
 * Rows: [what, wall ms, CPU ms, ratio, goal?]. The decoder's and mount's
 * tables have no goals: the guards table (bench/guards.mjs) says pass or fail.
 */
function table(title, rows) {
  const goals = rows.some((r) => r[4]);
  console.log(`\n${title}\n`);
  console.log(`| what | wall ms | CPU ms | × native |${goals ? ' goal |' : ''}`);
  console.log(`|---|---:|---:|---:|${goals ? '---|' : ''}`);
  for (const [what, ms, cpu, ratio, goal = ''] of rows) {
    const cpuText = Number.isFinite(cpu) ? fixed(cpu) : '';
    console.log(`| ${what} | ${fixed(ms)} | ${cpuText} | ${ratio} |${goals ? ` ${goal} |` : ''}`);
  }
}

// BENCH_ONLY=disk: the disk's rows alone (the built site), merged into results.json.
if (process.env.BENCH_ONLY === 'disk') {
  const browser = await launchChromium();
  try {
    const disk = await measureDisk(browser, Math.min(RUNS, 5), { root, buildFirst: true });
    const out = path.join(root, 'bench/results.json');
    const previous = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
    writeFileSync(out, JSON.stringify({ ...previous, disk }, null, 2) + '\n');
    printDisk(disk);
  } finally {
    await browser.close();
  }
  process.exit(0);
}

// No HMR: an edit elsewhere in the tree must not reload the page mid-run.
const server = await createServer({
  root,
  logLevel: 'error',
  server: { port: 0, hmr: false, watch: null },
});
await server.listen();
const base = server.resolvedUrls.local[0];
const browser = await launchChromium(['--js-flags=--expose-gc', '--enable-precise-memory-info']);
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page:', e));
  // The page samples CPU time of the whole browser (every thread, workers too) around each run.
  await page.exposeFunction('khCpuMs', () => treeCpuMs());
  // Native runs interleaved with ours, from the page's loop: both see the same load.
  const shm = existsSync('/dev/shm') ? '/dev/shm' : '/tmp';
  const tarDir = path.join(shm, `kh-bench-page-${process.pid}`);
  await page.exposeFunction('khNative', (what) => {
    if (what === 'xz') return timedScript(`xz -dc '${archive}' > /dev/null`);
    rmSync(tarDir, { recursive: true, force: true });
    mkdirSync(tarDir);
    return timedScript(`tar -xJf '${archive}' -C '${tarDir}'`);
  });
  // The dev server transforms every module on first load (just-bash, the clang bench): give it time.
  await page.goto(`${base}bench/page.html`, { timeout: 300_000 });
  await page.waitForFunction(
    (onlyBrowse) =>
      'khBrowseBench' in window &&
      (onlyBrowse ||
        ('khBench' in window && 'khMachineBench' in window && 'khClangBench' in window)),
    process.env.BENCH_ONLY === 'browse',
    { timeout: 300_000 },
  );

  const runBrowse = () =>
    page.evaluate(
      ([u, n]) => window.khBrowseBench.run(u, n),
      ['/public/kernel/', Math.max(3, Math.floor(RUNS / 2))],
    );
  // BENCH_ONLY=browse: the browse row alone, merged into results.json.
  if (process.env.BENCH_ONLY === 'browse') {
    const browse = await runBrowse();
    const out = path.join(root, 'bench/results.json');
    const previous = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
    writeFileSync(out, JSON.stringify({ ...previous, browse }, null, 2) + '\n');
    printBrowse(browse);
    await browser.close();
    await server.close();
    process.exit(0);
  }

  const url = '/public/kernel/kheaders.tar.xz';
  stage('decode');
  const decode = await page.evaluate(([u, n]) => window.khBench.decode(u, n), [url, RUNS]);
  if (decode.bytes_out !== decode.peer_bytes_out)
    throw new Error('xz-decompress disagreed on the size');
  stage('mount');
  const mount = await page.evaluate(([u, n]) => window.khMachineBench.mount(u, n), [url, RUNS]);
  // BENCH_ONLY=decode: the decoder and mount rows alone, for a quick look.
  const quick = process.env.BENCH_ONLY === 'decode';
  stage('shell');
  const shell = quick
    ? { files_found: 0, extract_ms: NaN, grep_ms: NaN, find_ms: NaN }
    : await page.evaluate(
        ([u, n]) => window.khMachineBench.shell(u, n),
        ['/public/kernel/', Math.max(3, Math.floor(RUNS / 2))],
      );
  rmSync(tarDir, { recursive: true, force: true });
  const measured = measureNative();
  // The decode and mount anchors are the interleaved ones; grep/find as before.
  const native = {
    ...measured,
    xz: { ms: decode.native_xz.ms, cpu: decode.native_xz.cpu },
    tar: { ms: mount.native_tar_ms, cpu: mount.native_tar_cpu_ms },
  };
  // clang's memory as the system sees it: the browser's resident bytes above
  // what they were before its worker started, sampled while it runs.
  const rssBefore = treeRssBytes();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, treeRssBytes())), 50);
  stage('clang');
  const clang = quick
    ? undefined
    : await page
        .evaluate(
          ([u, n]) => window.khClangBench.run(u, n),
          ['/public/kernel/', Math.max(3, Math.floor(RUNS / 2))],
        )
        .then((c) => ({ ...c, rss_peak_bytes: rssPeak - rssBefore }))
        .finally(() => clearInterval(sampler));
  // A second visit: a new page, same profile, the first visit's wasm kept.
  if (clang) {
    stage('clang, second visit');
    const again = await clangSecondVisit(page, `${base}bench/page.html`, '/public/kernel/');
    clang.second_visit = again;
  }
  stage('browse');
  const browse = quick ? undefined : await runBrowse();
  stage('the built site');
  const ui = quick ? undefined : await measureUi(browser, root, RUNS);
  // After measureUi: it built dist/.
  stage('disk');
  const disk = quick ? undefined : await measureDisk(browser, Math.min(RUNS, 5), { root });

  const manifest = JSON.parse(readFileSync(path.join(kernelDir, 'manifest.json'), 'utf8'));
  const results = {
    archive: path.relative(root, archive),
    runs: RUNS,
    decode: { ...decode, native_xz_ms: native.xz.ms, native_xz_cpu_ms: native.xz.cpu },
    mount: { ...mount, native_tar_ms: native.tar.ms, native_tar_cpu_ms: native.tar.cpu },
    shell: {
      files_found: shell.files_found,
      extract_ms: shell.extract_ms,
      native_extract_ms: native.tar.ms,
      grep_ms: shell.grep_ms,
      native_grep_ms: native.grep.ms,
      find_ms: shell.find_ms,
      native_find_ms: native.find.ms,
    },
    ui,
    clang,
    browse,
    disk,
    wasm_bytes: readFileSync(path.join(root, 'wasm/build/xz.wasm')).length,
  };
  const out = path.join(root, 'bench/results.json');
  const previous = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
  if (!quick) writeFileSync(out, JSON.stringify({ ...previous, ...results }, null, 2) + '\n');

  const d = results.decode;
  const nx = native.xz;
  const speed = (ms) => fixed(nx.ms / ms, 2);
  table(
    `decode: ${d.bytes_in} -> ${d.bytes_out} bytes, medians of ${RUNS} interleaved warm runs (speed: native ms / ours; CPU: every thread, workers too)`,
    [
      ['native xz -dc (anchor)', nx.ms, nx.cpu, '1.00', ''],
      ['ours, whole buffer (wasm, CRC64 inline)', d.ours.ms, d.ours.cpu, speed(d.ours.ms)],
      [
        'ours, whole buffer, CRC64 on a second worker',
        d.ours_worker.ms,
        d.ours_worker.cpu,
        speed(d.ours_worker.ms),
        '',
      ],
      [
        'ours, streaming 64 KiB chunks',
        d.ours_stream.ms,
        d.ours_stream.cpu,
        speed(d.ours_stream.ms),
      ],
      [
        'ours, streaming, CRC64 on a second worker',
        d.ours_stream_worker.ms,
        d.ours_stream_worker.cpu,
        speed(d.ours_stream_worker.ms),
        '',
      ],
      [
        'xz-decompress, same page',
        d.xz_decompress.ms,
        d.xz_decompress.cpu,
        speed(d.xz_decompress.ms),
        '',
      ],
      ...(d.raw_guided ? profileRows(d, speed) : []),
    ],
  );
  const vsPeer = d.xz_decompress.ms / d.ours.ms;
  console.log(
    `\nours vs xz-decompress: ${fixed(vsPeer, 2)}×; ` +
      `streaming / whole: ${fixed(d.ours_stream.ms / d.ours.ms, 3)}; ` +
      (d.raw_guided
        ? `profile-guided / unguided: ${fixed(d.raw_guided.ms / d.raw_unguided.ms, 3)}; `
        : 'no profile-guided build here; ') +
      `peak wasm memory: output + ${fixed((d.ours_peak_wasm_bytes - d.bytes_out) / 2 ** 20)} MiB; ` +
      `wasm: ${results.wasm_bytes} bytes`,
  );
  const m = results.mount;
  const time = (ms, nat) => fixed(ms / nat, 2);
  table(`mount: ${m.entries} entries listed (time: ours / native, lower is better)`, [
    ['native tar -xJf into tmpfs', native.tar.ms, native.tar.cpu, '1.00', ''],
    ['ours: bytes -> mounted listing', m.ours_ms, m.ours_cpu_ms, time(m.ours_ms, native.tar.ms)],
  ]);
  console.log(
    `\npeak memory: ${fixed(m.peak_bytes / 2 ** 20)} MiB for a ${fixed(m.tar_bytes / 2 ** 20)} MiB tar ` +
      `(${fixed(m.peak_bytes / m.tar_bytes, 2)}×)`,
  );
  printGuards(results);
  if (quick) process.exit(0);
  const s = results.shell;
  table(
    `shell: on the extracted demo tree (${s.files_found} headers found; manifest says ${manifest.kheaders.files} files + ${manifest.kheaders.symlinks} symlinks)`,
    [
      [
        'tar -xf /sys/kernel/kheaders.tar.xz',
        s.extract_ms,
        NaN,
        time(s.extract_ms, native.tar.ms),
        '≤ 1.5',
      ],
      [`grep -r '${GREP_PATTERN}'`, s.grep_ms, NaN, time(s.grep_ms, native.grep.ms), '≤ 5'],
      ["find -name '*.h' | wc -l", s.find_ms, NaN, time(s.find_ms, native.find.ms), '≤ 5'],
    ],
  );
  printClang(results.clang);
  printBrowse(results.browse);
  printUi(ui);
  printDisk(disk);
} finally {
  await browser.close();
  await server.close();
}
