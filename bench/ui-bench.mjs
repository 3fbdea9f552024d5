// The built site's rows of `npm run bench` (bench/run.mjs): the JS and CSS
// the page loads first, its wasm, main-thread long tasks while an archive
// decodes and extracts, the time to a prompt (prompt-bench.mjs), and the
// messages between page and worker for a click and a command
// (chatter-bench.mjs). Builds dist/ as production first.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, preview } from 'vite';
import { waitForAsync } from '../test/support/wait-async.mjs';
import { measureChatter, printChatter } from './chatter-bench.mjs';
import { measurePrompt, printPrompt } from './prompt-bench.mjs';

const fixed = (n, d = 1) => n.toFixed(d);

/**
 * JS and CSS the built page loads before anything else: what index.html
 * links (entry script, modulepreloads, stylesheets), gzipped.
 */
function initialGzipBytes(dist) {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  return refs.reduce((n, ref) => n + gzipSync(readFileSync(path.join(dist, ref))).length, 0);
}

/**
 * The built site: load to interactive prompt, main-thread long tasks during
 * an extraction, and the messages a click and a command cost.
 */
export async function measureUi(browser, root, runs) {
  // The dev server above set NODE_ENV=development for this process; a build
  // under it is a development build (Lit's dev mode, no service worker).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  await build({ root, logLevel: 'error', mode: 'production' }).finally(
    () => (process.env.NODE_ENV = nodeEnv),
  );
  const dist = path.join(root, 'dist');
  const site = await preview({ root, preview: { port: 0 }, logLevel: 'error' });
  try {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      window.khLongTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.khLongTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(site.resolvedUrls.local[0]);
    await page.locator('kh-terminal[ready]').waitFor({ timeout: 30_000 });
    // Prove the observer sees a long task before trusting a zero from it.
    const seen = await page.evaluate(async () => {
      // A task of the page's own event loop (an evaluate call is not one).
      setTimeout(() => {
        const t = performance.now();
        while (performance.now() - t < 80);
      });
      await new Promise((r) => setTimeout(r, 300));
      return window.khLongTasks.some(([, d]) => d >= 80);
    });
    if (!seen) throw new Error('the Long Tasks observer missed an 80 ms task');
    const extractStart = await page.evaluate(() => performance.now());
    await page.locator('kh-terminal').click();
    await page.keyboard.type(
      'modprobe kheaders && mkdir -p /tmp/k && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/k && echo EXTRACTED',
    );
    await page.keyboard.press('Enter');
    await waitForAsync(
      page,
      async () => {
        const term = document.querySelector('kh-app')?.shadowRoot?.querySelector('kh-terminal');
        return /^EXTRACTED$/m.test((await term?.screenText()) ?? '');
      },
      null,
      { timeout: 60_000 },
    );
    const tasks = await page.evaluate(() => window.khLongTasks);
    // Time to a prompt, warm and on a slow link, by phase (bench/prompt-bench.mjs).
    const prompt = await measurePrompt(
      browser,
      site.resolvedUrls.local[0],
      dist,
      Math.min(runs, 5),
    );
    // Page↔worker messages for a click on "Load module" and one typed `ls` (bench/chatter-bench.mjs).
    const chatter = await measureChatter(browser, site.resolvedUrls.local[0], 3);
    const during = tasks.filter(([start]) => start >= extractStart).map(([, d]) => d);
    return {
      initial_gzip_bytes: initialGzipBytes(dist),
      wasm_bytes: readdirSync(path.join(dist, 'assets'))
        // The page's own wasm: v86's (the real kernel, on demand) has its own row in bench:real.
        .filter((f) => f.endsWith('.wasm') && !f.startsWith('v86-'))
        .reduce((n, f) => n + readFileSync(path.join(dist, 'assets', f)).length, 0),
      prompt,
      chatter,
      longest_task_ms: Math.max(0, ...during),
      longest_task_on_load_ms: Math.max(
        0,
        ...tasks.filter(([start, d]) => start < extractStart && d < 80).map(([, d]) => d),
      ),
    };
  } finally {
    await new Promise((r) => site.httpServer.close(r));
  }
}

export function printUi(ui) {
  console.log(`\nui (built site, headless Chromium)\n`);
  console.log('| what | value | goal |');
  console.log('|---|---:|---|');
  console.log(`| initial JS + CSS, gzip | ${fixed(ui.initial_gzip_bytes / 1000)} kB | ≤ 150 kB |`);
  console.log(`| wasm | ${fixed(ui.wasm_bytes / 1000)} kB | ≤ 40 kB |`);
  console.log(
    `| longest main-thread task while the archive decodes, mounts, extracts | ${fixed(ui.longest_task_ms)} ms | ≤ 50 ms |`,
  );
  console.log(
    `| longest main-thread task during page load | ${fixed(ui.longest_task_on_load_ms)} ms | |`,
  );
  printPrompt(ui.prompt, ui.initial_gzip_bytes);
  printChatter(ui.chatter);
}
