// Messages between the page and the machine's worker for one user action on
// the built site: a click on the kheaders switch ("Load module") and one typed
// `ls`, each counted from the click or the Enter until the page is quiet.
// Both directions, every message: the calls on the worker's own port
// (Worker.postMessage, the worker's postMessage) and those on the ports
// Comlink opens for each proxied callback (MessagePort.postMessage). A port
// counts when it crosses: received from the other side, or made here with
// its other end handed across. Ports the worker keeps to itself (the fs
// guard's yields, the decoder's helper) do not count. Nor does Comlink's
// freeing of an earlier callback's port when the garbage collector took its
// proxy (RELEASE and its answer, whenever GC runs): counted apart.
//
//   node bench/chatter-bench.mjs      build into .cache/bench-chatter/, measure, print
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { waitForAsync } from '../test/support/wait-async.mjs';

const T = { timeout: 60_000 };
/** No message for this long and the action is over (the page's debounces are 60 and 100 ms). */
const QUIET_MS = 800;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs in the page and in the worker: counts what this realm sends across, with a word on each. */
function countCrossing() {
  if (globalThis.khChatter) return;
  const made = new WeakMap(); // a port made here -> its other end
  const crossing = new WeakSet(); // ports made here whose other end went across
  const chatter = { sent: 0, log: [] };
  const Channel = globalThis.MessageChannel;
  globalThis.MessageChannel = class extends Channel {
    constructor() {
      super();
      made.set(this.port1, this.port2);
      made.set(this.port2, this.port1);
    }
  };
  // Comlink's words: a request names its type and method; an answer is RAW or HANDLER.
  const word = (m) =>
    !m || typeof m !== 'object' || !('type' in m)
      ? 'other'
      : m.type === 'RAW' || m.type === 'HANDLER'
        ? 'answer'
        : `${m.type} ${(m.path ?? []).join('.')}`.trim();
  const patch = (target, crosses) => {
    const post = target.postMessage;
    target.postMessage = function (message, transfer) {
      if (crosses(this)) {
        chatter.sent++;
        chatter.log.push({ word: word(message), id: message?.id });
        const list = Array.isArray(transfer) ? transfer : (transfer?.transfer ?? []);
        for (const t of list) if (made.has(t)) crossing.add(made.get(t));
      }
      return post.call(this, message, transfer);
    };
  };
  patch(MessagePort.prototype, (port) => crossing.has(port) || !made.has(port));
  if (globalThis.document) patch(Worker.prototype, () => true);
  // A global's operations are its own properties (WebIDL [Global]), not its prototype's.
  else patch(globalThis, () => true);
  globalThis.khChatter = chatter;
}

/** The machine's worker (its boot mark tells it from the decoder's helpers). */
async function machineWorker(page) {
  const deadline = Date.now() + T.timeout;
  for (;;) {
    for (const w of page.workers()) {
      const booted = await w
        .evaluate(() => performance.getEntriesByName('kh:boot-start').length > 0)
        .catch(() => false);
      if (booted) return w;
    }
    if (Date.now() > deadline) throw new Error('chatter bench: no machine worker');
    await page.waitForTimeout(100);
  }
}

async function counts(page, worker) {
  const read = () => ({ sent: globalThis.khChatter.sent, log: globalThis.khChatter.log });
  return { page: await page.evaluate(read), worker: await worker.evaluate(read) };
}

/** Collects what both sides can let go (Chromium run with --expose-gc), then counts from zero. */
async function reset(page, worker) {
  const zero = () => {
    globalThis.gc?.();
    globalThis.khChatter.sent = 0;
    globalThis.khChatter.log = [];
  };
  await page.evaluate(zero);
  await worker.evaluate(zero);
}

/** Each side's messages, without Comlink's RELEASEs and their answers (counted apart). */
function tally({ page, worker }) {
  const released = new Set(
    [...page.log, ...worker.log].filter((m) => m.word === 'RELEASE').map((m) => m.id),
  );
  const kept = (log) => log.filter((m) => !released.has(m.id)).map((m) => m.word);
  const p = kept(page.log);
  const w = kept(worker.log);
  return { page: p, worker: w, released: page.sent + worker.sent - p.length - w.length };
}

/** Waits until neither side has sent anything for QUIET_MS; returns the counts. */
async function quiet(page, worker) {
  let last = await counts(page, worker);
  let since = Date.now();
  const deadline = Date.now() + T.timeout;
  for (;;) {
    await page.waitForTimeout(100);
    const now = await counts(page, worker);
    if (now.page.sent !== last.page.sent || now.worker.sent !== last.worker.sent) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= QUIET_MS) return now;
    if (Date.now() > deadline) throw new Error('chatter bench: the page never went quiet');
  }
}

const screenHas = (page, text) =>
  waitForAsync(
    page,
    async (t) => {
      const term = document.querySelector('kh-app')?.shadowRoot?.querySelector('kh-terminal');
      return ((await term?.screenText()) ?? '').includes(t);
    },
    text,
    T,
  );

/** Prompts drawn after a finished command: the transcript's finished entries. */
const finished = (page) =>
  page.evaluate(
    () =>
      document
        .querySelector('kh-app')
        ?.shadowRoot?.querySelector('kh-terminal')
        ?.shadowRoot?.querySelectorAll('[role=log] pre:not([data-running])').length ?? 0,
  );

/** One visit: boot, quiet, Load module, quiet, `ls`, quiet. */
async function visit(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(countCrossing);
    page.on('worker', (w) => void w.evaluate(countCrossing).catch(() => undefined));
    await page.goto(url);
    await page.locator('kh-terminal[ready]').waitFor(T);
    await page.locator('kh-module-panel [role=switch]').first().waitFor(T);
    await page.waitForFunction(
      () => !document.querySelector('kh-app')?.shadowRoot?.querySelector('kh-load-progress'),
      null,
      T,
    );
    const worker = await machineWorker(page);
    await worker.evaluate(countCrossing);
    await reset(page, worker);
    await quiet(page, worker);

    await reset(page, worker);
    await page.locator('kh-module-panel [role=switch]', { hasText: 'kheaders.ko' }).click();
    await screenHas(page, '# modprobe kheaders');
    await page.locator('kh-file-browser [data-path="/sys/kernel/kheaders.tar.xz"]').waitFor(T);
    const load = tally(await quiet(page, worker));

    const before = await finished(page);
    await reset(page, worker);
    await quiet(page, worker);
    await reset(page, worker);
    await page.locator('kh-terminal').click();
    await page.keyboard.type('ls');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (n) =>
        (document
          .querySelector('kh-app')
          ?.shadowRoot?.querySelector('kh-terminal')
          ?.shadowRoot?.querySelectorAll('[role=log] pre:not([data-running])').length ?? 0) > n,
      before,
      T,
    );
    const ls = tally(await quiet(page, worker));
    return { load, ls };
  } finally {
    await context.close();
  }
}

const side = (all, action) => ({
  page_to_worker: median(all.map((v) => v[action].page.length)),
  worker_to_page: median(all.map((v) => v[action].worker.length)),
  /** Comlink freeing earlier callbacks' ports after GC, in the window (not the action's). */
  released: median(all.map((v) => v[action].released)),
  // The first visit's messages, as each side sent them (for reading, not for the ratio).
  page_log: all[0][action].page,
  worker_log: all[0][action].worker,
});

/** Medians over `runs` fresh visits (a new context each: nothing cached, nothing open). */
export async function measureChatter(browser, url, runs = 3) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await visit(browser, url));
  return { runs, load_module: side(all, 'load'), typed_ls: side(all, 'ls') };
}

export function printChatter(c) {
  console.log(`\nchatter (built site: messages between page and worker, medians of ${c.runs})\n`);
  console.log('| action | page → worker | worker → page | total | beside: GC releases |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [what, x] of [
    ['click "Load module" (kheaders)', c.load_module],
    ['one typed `ls`', c.typed_ls],
  ])
    console.log(
      `| ${what} | ${x.page_to_worker} | ${x.worker_to_page} | ${x.page_to_worker + x.worker_to_page} | ${x.released} |`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { build, preview } = await import('vite');
  const { launchChromium } = await import('../test/support/chromium.mjs');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  // Its own folder: dist/ may be another run's (the E2E suite builds there).
  const outDir = '.cache/bench-chatter';
  if (!process.argv.includes('--no-build'))
    await build({ root, logLevel: 'error', mode: 'production', build: { outDir } });
  const site = await preview({ root, build: { outDir }, preview: { port: 0 }, logLevel: 'error' });
  const browser = await launchChromium(['--js-flags=--expose-gc']);
  try {
    const c = await measureChatter(browser, site.resolvedUrls.local[0], 3);
    printChatter(c);
    // --log: what each side sent, in order (Comlink's request type and method, or "answer").
    if (process.argv.includes('--log'))
      for (const [what, x] of [
        ['Load module', c.load_module],
        ['ls', c.typed_ls],
      ])
        console.log(
          `\n${what}\n  page:   ${x.page_log.join(', ')}\n  worker: ${x.worker_log.join(', ')}`,
        );
  } finally {
    await browser.close();
    await new Promise((r) => site.httpServer.close(r));
  }
}
