// `npm run bench:real`: the real kernel (setup's i386 Linux in v86) in the
// built site, in headless Debian Chromium: what it costs over the wire
// (gzip, as a server would send it) and boot to a root prompt, cold (fresh
// context: download, boot, save) and restored (a later page of the same
// context, from the saved state). Wall and the browser's CPU, medians.
// Writes bench/real-kernel-results.json.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, preview } from 'vite';
import { launchChromium } from '../test/support/chromium.mjs';
import { treeCpuMs } from './cpu-time.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const manifestFile = path.join(root, 'public/real-kernel/manifest.json');
if (!existsSync(manifestFile)) {
  console.error(`bench: ${manifestFile} is missing; run node scripts/setup.mjs app first`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (n) => `${(n / 2 ** 20).toFixed(2)} MiB`;

// Its own output folder: another bench or test may be rebuilding dist/.
const outDir = 'node_modules/.bench-real-dist';
await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true } });
const dist = path.join(root, outDir);

/** What a cold boot fetches, raw and gzipped. */
function wire() {
  const assets = readdirSync(path.join(dist, 'assets'));
  const files = [
    ...assets
      .filter((f) => /^(v86-.*\.wasm|real-kernel-worker-.*\.js)$/.test(f))
      .map((f) => `assets/${f}`),
    ...['bzImage', 'initrd', 'bios.bin', 'vgabios.bin'].map((f) => `real-kernel/${f}`),
  ];
  return files.map((f) => {
    const bytes = readFileSync(path.join(dist, f));
    return { file: f, bytes: bytes.length, gzip_bytes: gzipSync(bytes).length };
  });
}

async function promptOf(page, url) {
  const cpu0 = treeCpuMs();
  const t0 = Date.now();
  await page.goto(url);
  await page.locator('kh-terminal[ready]').waitFor({ timeout: 60_000 });
  const cpu1 = treeCpuMs();
  await page.locator('kh-real-kernel [role=switch]').click();
  await page.locator('kh-real-kernel[data-phase=ready]').waitFor({ timeout: 180_000 });
  const facts = await page.locator('kh-real-kernel').evaluate((el) => ({
    ms: Number(el.dataset.promptMs),
    restored: el.dataset.restored === 'true',
  }));
  // The boot's CPU: from the click to the prompt (and the save, for a cold boot).
  return {
    ...facts,
    cpu_ms: treeCpuMs() - cpu1,
    page_ms: Date.now() - t0,
    load_cpu_ms: cpu1 - cpu0,
  };
}

const site = await preview({
  root,
  build: { outDir },
  preview: { port: 0 },
  logLevel: 'error',
});
const url = site.resolvedUrls.local[0];
const browser = await launchChromium();
const cold = [];
const restored = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const first = await context.newPage();
    const c = await promptOf(first, url);
    if (c.restored) throw new Error('a fresh context restored a state');
    // What the browser keeps of the booted machine (Cache Storage, gzip).
    Object.assign(
      c,
      await first.evaluate(async () => {
        const cache = await caches.open('real-kernel-state');
        const [key] = await cache.keys();
        const res = key && (await cache.match(key));
        if (!res) return {};
        const raw = Number(res.headers.get('x-raw-bytes'));
        return { state_raw_bytes: raw, state_stored_bytes: (await res.blob()).size };
      }),
    );
    cold.push(c);
    await first.close();
    const later = await context.newPage();
    const r = await promptOf(later, url);
    if (!r.restored) throw new Error('a later page did not restore the saved state');
    restored.push(r);
    await context.close();
  }
} finally {
  await browser.close();
  await new Promise((r) => site.httpServer.close(r));
}

const files = wire();
const results = {
  release: manifest.release,
  memory_bytes: manifest.memoryBytes,
  wire: files,
  wire_gzip_bytes: files.reduce((n, f) => n + f.gzip_bytes, 0),
  v86_gzip_bytes: files
    .filter((f) => f.file.startsWith('assets/'))
    .reduce((n, f) => n + f.gzip_bytes, 0),
  cold_prompt_ms: median(cold.map((c) => c.ms)),
  cold_cpu_ms: median(cold.map((c) => c.cpu_ms)),
  restored_prompt_ms: median(restored.map((c) => c.ms)),
  restored_cpu_ms: median(restored.map((c) => c.cpu_ms)),
  state_raw_bytes: cold[0].state_raw_bytes,
  state_stored_bytes: cold[0].state_stored_bytes,
  runs: { cold, restored },
};
writeFileSync(path.join(root, 'bench/real-kernel-results.json'), JSON.stringify(results, null, 2));

console.log(`\nReal kernel: Linux ${manifest.release} (i386) in v86, Chromium, ${RUNS} runs`);
for (const f of files)
  console.log(`  ${f.file.padEnd(40)} ${mib(f.bytes).padStart(10)}  gzip ${mib(f.gzip_bytes)}`);
console.log(`  v86 (worker + wasm) over the wire, gzip: ${mib(results.v86_gzip_bytes)}`);
console.log(`  a cold boot's files, gzip:               ${mib(results.wire_gzip_bytes)}`);
console.log(
  `  saved machine state: ${mib(results.state_raw_bytes)} raw, kept as ${mib(results.state_stored_bytes)} (gzip, Cache Storage)`,
);
const row = (name, ms, cpu, goal) =>
  console.log(
    `  ${name.padEnd(28)} ${String(ms).padStart(6)} ms wall  ${String(Math.round(cpu)).padStart(6)} ms CPU  (goal ≤ ${goal} ms: ${ms <= goal ? 'met' : 'NOT met'})`,
  );
row('boot to prompt, cold', results.cold_prompt_ms, results.cold_cpu_ms, 4000);
row('boot to prompt, restored', results.restored_prompt_ms, results.restored_cpu_ms, 1500);
console.log(
  '  (cold: click to prompt, fetching every file from the local server; its CPU includes saving the state)',
);
