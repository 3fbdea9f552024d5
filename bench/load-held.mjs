#!/usr/bin/env node
/**
 * `npm run bench:load`: does the machine hold up over an afternoon of
 * teaching? On the built site in Debian's Chromium, through the terminal:
 *   rounds:   twelve times, extract the demo into /tmp/a1../tmp/a4 until /tmp
 *             is full, then `rm -rf /tmp/a*`; memory after each round
 *   crash:    with /tmp full, the worker is killed; time until the files are back
 *   archives: big tars generated here (then deleted), opened by URL, as a
 *             picked File and as bytes: mounted or refused, peak memory per path
 * Memory is `performance.measureUserAgentSpecificMemory()` (the page is
 * cross-origin isolated; it counts the page and its workers) after a forced
 * GC in both realms, and the renderer process's resident size from /proc.
 * Writes the "load held" section of docs/figures.md.
 *
 *   node bench/load-held.mjs [--no-build] [--rounds=N] [--skip=rounds,crash,archives]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { launchChromium } from '../test/support/chromium.mjs';
import { archiveTable, bigArchives } from './load-archives.mjs';
import { waitForAsync } from '../test/support/wait-async.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const ROUNDS = Number(arg('rounds') ?? 12);
const skip = new Set((arg('skip') ?? '').split(',').filter(Boolean));
const port = Number(process.env.LOAD_PORT ?? process.env.E2E_PORT ?? 4176);
const MB = 1024 * 1024;
const T = { timeout: 600_000 };

if (!process.argv.includes('--no-build')) await build({ root, logLevel: 'warn' });
const server = await preview({ root, preview: { port, strictPort: true }, logLevel: 'warn' });
const baseUrl = server.resolvedUrls.local[0];
const browser = await launchChromium([
  // measureUserAgentSpecificMemory answers at once instead of at the next idle GC.
  '--enable-blink-features=ForceEagerMeasureMemory',
  '--js-flags=--expose-gc',
]);

/** The renderer's resident size (MiB), as /proc reports it for each renderer process. */
async function rendererRss() {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    const pids = processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
    let kb = 0;
    for (const pid of pids) {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      kb = Math.max(kb, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
    }
    return kb / 1024;
  } finally {
    await cdp.detach();
  }
}

/** Both realms collected, then measured: { total, page, worker, rss } in MiB. */
async function memory(page) {
  for (const w of page.workers()) await w.evaluate(() => globalThis.gc?.()).catch(() => {});
  await page.evaluate(() => globalThis.gc?.());
  const m = await page.evaluate(async () => {
    const r = await performance.measureUserAgentSpecificMemory();
    let pageBytes = 0;
    let workerBytes = 0;
    for (const b of r.breakdown) {
      const worker = b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope');
      if (worker) workerBytes += b.bytes;
      else pageBytes += b.bytes;
    }
    return { total: r.bytes, pageBytes, workerBytes };
  });
  return {
    total: m.total / MB,
    page: m.pageBytes / MB,
    worker: m.workerBytes / MB,
    rss: await rendererRss(),
  };
}

async function open(page) {
  await page.goto(baseUrl);
  await page.locator('kh-terminal[ready]').waitFor(T);
}

/** Types a line and waits until the terminal shows its marker and the page holds its snapshot. */
let marks = 0;
async function run(page, line) {
  const n = ++marks;
  // The typed line shows <done-$((n))>, only the output shows <done-n>.
  const mark = `<done-${n}>`;
  await page.locator('kh-terminal').click();
  await page.keyboard.type(`${line}; echo "<done-$((${n}))>"`);
  await page.keyboard.press('Enter');
  await waitForAsync(
    page,
    async (m) => {
      const t = document.querySelector('kh-app')?.shadowRoot?.querySelector('kh-terminal');
      return (await t?.screenText())?.includes(m);
    },
    mark,
    { ...T, polling: 250 },
  );
  // The marker shows before the call settles; the snapshot is asked for once it has.
  await page.waitForFunction(() => document.querySelector('kh-app').machine.runsInFlight === 0);
  await page.locator('kh-app').evaluate((app) => app.machine.checkpointed());
}

const fill = (i) => `mkdir -p /tmp/a${i} && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/a${i}`;

async function rounds(page) {
  await run(page, 'modprobe kheaders');
  const before = await memory(page);
  const rows = [];
  for (let r = 1; r <= ROUNDS; r++) {
    for (let i = 1; i <= 4; i++) await run(page, fill(i));
    const full = await memory(page);
    await run(page, 'rm -rf /tmp/a*');
    const empty = await memory(page);
    rows.push({ round: r, full, empty });
    console.log(
      `round ${r}: full ${full.total.toFixed(0)} MiB, empty ${empty.total.toFixed(0)} MiB ` +
        `(page ${empty.page.toFixed(0)}, worker ${empty.worker.toFixed(0)}, renderer RSS ${empty.rss.toFixed(0)})`,
    );
  }
  return { before, rows };
}

async function crash(page) {
  await run(page, 'modprobe kheaders');
  for (let i = 1; i <= 4; i++) await run(page, fill(i));
  const files = await page
    .locator('kh-app')
    .evaluate(async (app) => (await app.machine.snapshotFileCount?.()) ?? null);
  const [worker] = page.workers().filter((w) => w.url().includes('main'));
  const start = Date.now();
  await (worker ?? page.workers()[0]).evaluate(() => {
    setTimeout(() => {
      throw new Error('killed by bench/load-held.mjs');
    });
  });
  await page
    .locator('kh-app .machine-notice')
    .filter({ hasText: 'restarted with' })
    .waitFor({ timeout: 120_000 });
  const ms = Date.now() - start;
  const notice = await page.locator('kh-app .machine-notice').innerText();
  const restored = Number(/([\d,]+) files under/.exec(notice)?.[1]?.replace(/,/g, '') ?? NaN);
  await run(page, 'rm -rf /tmp/a*');
  return { ms, files: files ?? restored, restored };
}

// Parts skipped this time keep their last measurement (bench/load-held.json, not committed).
const saved = path.join(root, 'bench/load-held.json');
const results = existsSync(saved) ? JSON.parse(readFileSync(saved, 'utf8')) : {};
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page:', e.message));
  await open(page);
  if (!skip.has('rounds')) results.rounds = await rounds(page);
  if (!skip.has('crash')) results.crash = await crash(page);
  if (!skip.has('archives')) results.archives = await bigArchives({ browser, baseUrl, memory });
} finally {
  await browser.close();
  await server.close();
}

writeFileSync(saved, `${JSON.stringify(results, null, 2)}\n`);
const fmt = (n) => (Number.isFinite(n) ? n.toFixed(0) : '—');
let section = `<!-- load-held -->\n## Load held (\`npm run bench:load\`, bench/load-held.mjs)\n\n`;
section += `Measured ${new Date().toISOString().slice(0, 10)} in headless Chromium on the built site; memory is \`performance.measureUserAgentSpecificMemory()\` (page and its workers) after a GC in both realms, in MiB, and the renderer's resident size.\n\n`;
if (results.rounds) {
  const { before, rows } = results.rounds;
  const first = rows[0].empty.total;
  section += `### Fill /tmp with four extractions of the demo, then \`rm -rf /tmp/a*\`\n\n`;
  section += `Before the first round: ${fmt(before.total)} MiB (renderer ${fmt(before.rss)} MiB).\n\n`;
  section += `| round | full: measured | empty: measured | page | worker | renderer RSS | vs round 1 |\n|---:|---:|---:|---:|---:|---:|---:|\n`;
  for (const r of rows) {
    const vs = ((r.empty.total / first - 1) * 100).toFixed(1);
    section += `| ${r.round} | ${fmt(r.full.total)} | ${fmt(r.empty.total)} | ${fmt(r.empty.page)} | ${fmt(r.empty.worker)} | ${fmt(r.empty.rss)} | ${vs}% |\n`;
  }
  const worst = Math.max(...rows.map((r) => r.empty.total / first - 1)) * 100;
  section += `\nWorst round after the first: ${worst.toFixed(1)}% (goal: within 10%).\n\n`;
}
if (results.crash) {
  const c = results.crash;
  section += `### A crash with /tmp full\n\nThe worker killed with /tmp full after four extractions: ${c.restored.toLocaleString('en')} files under /tmp and /home restored in ${c.ms.toLocaleString('en')} ms (from the kill to the page's notice).\n\n`;
}
if (results.archives) section += archiveTable(results.archives);
section += `<!-- /load-held -->\n`;

const figures = path.join(root, 'docs/figures.md');
const doc = existsSync(figures) ? readFileSync(figures, 'utf8') : '';
const marked = /<!-- load-held -->[\s\S]*<!-- \/load-held -->\n?/;
writeFileSync(
  figures,
  marked.test(doc) ? doc.replace(marked, section) : `${doc.trimEnd()}\n\n${section}`,
);
spawnSync(path.join(root, 'node_modules/.bin/prettier'), ['--write', figures], { cwd: root });
console.log(`wrote ${path.relative(root, figures)}`);
