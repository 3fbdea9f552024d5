// `npm run bench`: measures, side by side in one run, our wasm decoder and
// xz-decompress in headless Debian Chromium against native `xz -dc` on the
// same file, prints a table of ratios and writes bench/results.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { chromiumArgs } from '../web-test-runner.config.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const archive = process.env.BENCH_ARCHIVE ?? path.join(root, 'public/kernel/kheaders.tar.xz');
if (!existsSync(archive)) {
  console.error(
    `bench: ${archive} is missing; run npm run bench (it builds the demo archive first)`,
  );
  process.exit(1);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time of a native command, median of warm runs. */
function nativeMs(cmd, args) {
  const once = () => {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  once();
  return median(Array.from({ length: RUNS }, once));
}

const server = await createServer({
  root,
  logLevel: 'error',
  server: { port: 0, fs: { allow: [root, path.dirname(archive)] } },
});
await server.listen();
const base = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: [...chromiumArgs, '--js-flags=--expose-gc'],
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page:', e));
  await page.goto(`${base}bench/page.html`);
  await page.waitForFunction(() => 'khBench' in window);

  const rel = path.relative(root, archive);
  const fileUrl = rel.startsWith('..') ? `/@fs${archive}` : `/${rel}`;
  const decode = await page.evaluate(([u, n]) => window.khBench.decode(u, n), [fileUrl, RUNS]);
  decode.native_xz_ms = nativeMs('xz', ['-dc', archive]);
  if (decode.bytes_out !== decode.peer_bytes_out)
    throw new Error('xz-decompress disagreed on the size');

  const results = { archive: rel, runs: RUNS, decode };
  const prevPath = path.join(root, 'bench/results.json');
  const previous = existsSync(prevPath) ? JSON.parse(readFileSync(prevPath, 'utf8')) : {};
  writeFileSync(prevPath, JSON.stringify({ ...previous, ...results }, null, 2) + '\n');

  const mb = decode.bytes_out / 1e6;
  const row = (what, ms, ratio, goal) =>
    `| ${what.padEnd(34)} | ${ms.toFixed(1).padStart(8)} | ${(mb / (ms / 1000)).toFixed(0).padStart(6)} | ${ratio.padStart(7)} | ${goal.padEnd(12)} |`;
  console.log(
    `\ndecode: ${rel}, ${decode.bytes_in} -> ${decode.bytes_out} bytes, median of ${RUNS} warm runs\n`,
  );
  console.log(
    '| what                               |       ms |   MB/s | speed × | goal         |',
  );
  console.log(
    '|------------------------------------|----------|--------|---------|--------------|',
  );
  console.log(row('native xz -dc (anchor)', decode.native_xz_ms, '1.00', ''));
  console.log(
    row(
      'ours, whole buffer (wasm)',
      decode.ours_ms,
      (decode.native_xz_ms / decode.ours_ms).toFixed(2),
      '≥ 0.9 native',
    ),
  );
  console.log(
    row(
      'ours, streaming 64 KiB chunks',
      decode.ours_stream_ms,
      (decode.native_xz_ms / decode.ours_stream_ms).toFixed(2),
      '≤ 10% slower',
    ),
  );
  console.log(
    row(
      'xz-decompress (same page)',
      decode.xz_decompress_ms,
      (decode.native_xz_ms / decode.xz_decompress_ms).toFixed(2),
      '',
    ),
  );
  console.log(
    `\nours vs xz-decompress: ${(decode.xz_decompress_ms / decode.ours_ms).toFixed(2)}× (goal ≥ 1.8×); streaming/whole: ${(decode.ours_stream_ms / decode.ours_ms).toFixed(2)}`,
  );
  console.log(
    `peak wasm memory: ${decode.ours_peak_wasm_bytes} bytes = output + ${((decode.ours_peak_wasm_bytes - decode.bytes_out) / 2 ** 20).toFixed(1)} MiB (goal ≤ +16 MiB)`,
  );
  console.log(
    `wasm file: ${readFileSync(path.join(root, 'wasm/build/xz.wasm')).length} bytes (goal ≤ 40 KB)`,
  );
} finally {
  await browser.close();
  await server.close();
}
