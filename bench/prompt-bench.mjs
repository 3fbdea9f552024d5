// The built site's time to a prompt, as a person feels it: a warm reload,
// and a first visit on a slow link (CDP network emulation: 10 Mbit/s, 40 ms
// RTT, bench/slow-link.mjs), with the archive's arrival beside it and the time broken down by
// phase from the performance marks the page and the machine's worker set:
//   page script    navigation -> the page starts the machine's worker (kh:worker-spawn)
//   worker start   -> the worker runs boot() (kh:boot-start, worker clock)
//   machine boot   -> the manifest is in, the kernel exists (kh:kernel-up)
//   first state    -> the terminal has drawn its prompt (kh:prompt; negative
//                     when the prompt came first: it waits for neither)
// and, beside them, when the shell could run a line (kh:shell-ready: just-bash
// loaded; a line typed before waits for it)
// and the JS the browser fetched before the prompt (gzip, from dist/).
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { slowLink } from './slow-link.mjs';

/** The slow link of the cold rows (bench/slow-link.mjs: CDP's emulation misses the worker's fetches). */
export const SLOW_LINK = { mbit: 10, rttMs: 40 };
const T = { timeout: 60_000 };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The page's kh: marks and the machine worker's, on the page's clock (ms after navigation). */
async function marks(page) {
  const read = () =>
    // Runs in the page and in each worker: its clock's origin and its kh: marks.
    ({
      origin: performance.timeOrigin,
      marks: Object.fromEntries(
        performance
          .getEntriesByType('mark')
          .filter((m) => m.name.startsWith('kh:'))
          .map((m) => [m.name, m.startTime]),
      ),
    });
  const own = await page.evaluate(read);
  const out = { ...own.marks };
  for (const w of page.workers()) {
    const theirs = await w.evaluate(read).catch(() => undefined);
    if (!theirs || !('kh:boot-start' in theirs.marks) || theirs.origin < own.origin) continue;
    for (const [name, t] of Object.entries(theirs.marks))
      out[name] = theirs.origin + t - own.origin;
  }
  return out;
}

/** The archive is in: boot() answered, the module panel has the state, the progress bar is gone. */
const archiveArrived = (page) =>
  page.waitForFunction(
    () => {
      const app = document.querySelector('kh-app')?.shadowRoot;
      return (
        !!app?.querySelector('kh-module-panel')?.state && !app.querySelector('kh-load-progress')
      );
    },
    null,
    T,
  );

/** One visit: the prompt, the archive, the marks. */
async function visit(page, url) {
  await page.goto(url);
  await page.locator('kh-terminal[ready]').waitFor(T);
  await archiveArrived(page);
  // The worker's last mark is set just before boot() answers the page.
  const deadline = Date.now() + T.timeout;
  for (let m = await marks(page); ; m = await marks(page)) {
    if ('kh:kernel-bytes' in m && 'kh:prompt' in m) return m;
    if (Date.now() > deadline) throw new Error(`prompt bench: marks missing: ${JSON.stringify(m)}`);
    await page.waitForFunction(() => true);
  }
}

/** Medians of each mark (ms after navigation), and of the phases between them. */
function phases(all) {
  const at = (name) => median(all.map((m) => m[name]));
  const span = (a, b) => median(all.map((m) => m[b] - (a ? m[a] : 0)));
  return {
    prompt_ms: at('kh:prompt'),
    shell_ms: at('kh:shell-ready'),
    archive_ms: at('kh:kernel-bytes'),
    page_script_ms: span(undefined, 'kh:worker-spawn'),
    worker_start_ms: span('kh:worker-spawn', 'kh:boot-start'),
    machine_boot_ms: span('kh:boot-start', 'kh:kernel-up'),
    first_state_ms: span('kh:kernel-up', 'kh:prompt'),
  };
}

/** gzip bytes of the built files these URLs name (JS only), page's and worker's apart. */
function jsBytes(dist, urls) {
  let n = 0;
  for (const u of new Set(urls)) {
    const file = path.join(dist, new URL(u).pathname);
    if (u.endsWith('.js') && existsSync(file)) n += gzipSync(readFileSync(file)).length;
  }
  return n;
}

/** Warm reloads on one page (the service worker and HTTP cache in play), then cold slow visits. */
export async function measurePrompt(browser, url, dist, runs) {
  const warmContext = await browser.newContext();
  const warmPage = await warmContext.newPage();
  await visit(warmPage, url); // the first visit: fills the caches and installs the service worker
  // A build without a service worker (a development build) would leave this waiting for ever.
  const registered = await warmPage.evaluate(async () => {
    for (let i = 0; i < 100 && !(await navigator.serviceWorker?.getRegistration()); i++)
      await new Promise((r) => setTimeout(r, 100));
    return !!(await navigator.serviceWorker?.getRegistration());
  });
  if (!registered) throw new Error('prompt bench: the built site registered no service worker');
  await warmPage.evaluate(() => navigator.serviceWorker.ready);
  const warm = [];
  for (let i = 0; i < runs; i++) warm.push(await visit(warmPage, url));
  await warmContext.close();

  const cold = [];
  let jsBeforePrompt = 0;
  const site = new URL(url);
  const link = await slowLink({ host: site.hostname, port: Number(site.port) }, SLOW_LINK);
  const slowUrl = `http://127.0.0.1:${link.port}${site.pathname}`;
  for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) {
    // A new context is a new profile: nothing cached, no service worker.
    const context = await browser.newContext();
    const page = await context.newPage();
    const fetched = [];
    page.on('request', (r) => fetched.push(r.url()));
    await page.goto(slowUrl);
    await page.locator('kh-terminal[ready]').waitFor(T);
    const beforePrompt = [...fetched];
    await archiveArrived(page);
    const deadline = Date.now() + T.timeout;
    for (let m = await marks(page); ; m = await marks(page)) {
      if ('kh:kernel-bytes' in m) {
        cold.push(m);
        break;
      }
      if (Date.now() > deadline)
        throw new Error(`prompt bench: no kh:kernel-bytes: ${JSON.stringify(m)}`);
      await page.waitForFunction(() => true);
    }
    jsBeforePrompt = jsBytes(dist, beforePrompt);
    await context.close();
  }
  await link.close();
  return { warm: phases(warm), cold: phases(cold), js_before_prompt_gzip_bytes: jsBeforePrompt };
}

/** The table rows, goals beside them. */
export function printPrompt(p, initialGzipBytes) {
  const f = (n) => n.toFixed(0);
  const row = (what, v, goal, met) =>
    console.log(
      `| ${what} | ${v} | ${goal} | ${met === undefined ? '' : met ? 'yes' : '**no**'} |`,
    );
  console.log(`\nprompt (built site, headless Chromium; medians)\n`);
  console.log('| what | value | goal | met |');
  console.log('|---|---:|---|---|');
  row(
    'initial JS + CSS (index.html), gzip',
    `${(initialGzipBytes / 1000).toFixed(1)} kB`,
    '',
    undefined,
  );
  row(
    'JS fetched before the prompt (page + worker), gzip',
    `${(p.js_before_prompt_gzip_bytes / 1000).toFixed(1)} kB`,
    '',
    undefined,
  );
  row('warm reload → prompt', `${f(p.warm.prompt_ms)} ms`, '≤ 300 ms', p.warm.prompt_ms <= 300);
  row('warm reload → shell runs a line', `${f(p.warm.shell_ms)} ms`, '', undefined);
  row('warm reload → archive ready', `${f(p.warm.archive_ms)} ms`, '', undefined);
  row(
    'cold, 10 Mbit/s 40 ms RTT → prompt',
    `${f(p.cold.prompt_ms)} ms`,
    '≤ 1000 ms',
    p.cold.prompt_ms <= 1000,
  );
  row('cold, slow link → shell runs a line', `${f(p.cold.shell_ms)} ms`, '', undefined);
  row(
    'cold, 10 Mbit/s 40 ms RTT → archive ready',
    `${f(p.cold.archive_ms)} ms`,
    '≤ 4500 ms',
    p.cold.archive_ms <= 4500,
  );
  console.log('\n| phase (ms) | page script | worker start | machine boot | first state |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, x] of [
    ['warm reload', p.warm],
    ['cold, slow link', p.cold],
  ])
    console.log(
      `| ${name} | ${f(x.page_script_ms)} | ${f(x.worker_start_ms)} | ${f(x.machine_boot_ms)} | ${f(x.first_state_ms)} |`,
    );
}
