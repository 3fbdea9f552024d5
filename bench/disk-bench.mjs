// The disk behind ~ on the built site (dist/): what it costs at boot to
// mount a disk holding 1,000 files against an empty one, interleaved in
// one run. Each load is timed to the prompt (kh-terminal[ready]) and to the
// answer of a first command (the shell waits for the disk); the disk's own
// open-and-replay time comes from the machine (DiskStatus.mountMs). Also:
// what one command that writes 1,000 files costs, and the files and bytes
// the disk then keeps; a command's look for another tab's writes.
import { build, preview } from 'vite';
import { treeCpuMs } from './cpu-time.mjs';
import { waitForAsync } from '../test/support/wait-async.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fixed = (n, d = 1) => n.toFixed(d);
const FILES = 1000;

async function command(page, line, marker) {
  await page.locator('kh-terminal').click();
  await page.keyboard.type(`${line}; echo ${marker}-$((0))`);
  await page.keyboard.press('Enter');
  await waitForAsync(
    page,
    async (m) => {
      const term = document.querySelector('kh-app')?.shadowRoot?.querySelector('kh-terminal');
      return new RegExp(`^${m}-0$`, 'm').test((await term?.screenText()) ?? '');
    },
    marker,
    { timeout: 120_000 },
  );
  // The marker shows when echo runs; the machine takes the next call once the line's writes are on the disk.
  await page.locator('kh-app').evaluate((app) => app.machine.run(':', { write() {} }));
  return page.evaluate(() => performance.now());
}

/** One load of the site: ms from navigation to the prompt, to a first answer, and the disk's mount time. */
async function load(page, url) {
  const cpu0 = treeCpuMs();
  await page.goto(url);
  await page.locator('kh-terminal[ready]').waitFor({ timeout: 30_000 });
  const prompt = await page.evaluate(() => performance.now());
  const answer = await command(page, 'true', 'first');
  // CPU time of the whole browser for the load: on a shared, busy machine the honest difference.
  const cpu = treeCpuMs() - cpu0;
  const status = await page.locator('kh-app').evaluate((app) => app.machine.diskStatus());
  return { prompt, answer, cpu, status };
}

export async function measureDisk(browser, runs, { root, buildFirst = false }) {
  if (buildFirst) await build({ root, logLevel: 'error' });
  const site = await preview({ root, preview: { port: 0 }, logLevel: 'error' });
  const url = site.resolvedUrls.local[0];
  const empty = await browser.newContext();
  const full = await browser.newContext();
  try {
    const emptyPage = await empty.newPage();
    const fullPage = await full.newPage();
    await load(fullPage, url);
    const before = await fullPage.evaluate(() => performance.now());
    const wrote = await command(
      fullPage,
      `mkdir -p ~/many && for i in $(seq 1 ${FILES}); do echo "file $i of the bench" > ~/many/f$i; done`,
      'wrote',
    );
    const writeMs = wrote - before;
    // A command's look at the journal for another tab's writes, with nothing new there.
    const t0 = await fullPage.evaluate(() => performance.now());
    const t1 = await command(fullPage, 'true', 'idle');
    const rows = { empty: [], full: [] };
    for (let i = 0; i <= runs; i++) {
      // Interleaved, so both see the same load on the machine; the first of each warms up.
      const e = await load(emptyPage, url);
      const f = await load(fullPage, url);
      if (i === 0) continue;
      rows.empty.push(e);
      rows.full.push(f);
    }
    const pick = (xs, f) => median(xs.map(f));
    const last = rows.full.at(-1).status;
    return {
      files_kept: last.files,
      bytes_kept: last.bytes,
      write_1000_ms: writeMs,
      idle_command_ms: t1 - t0,
      prompt_empty_ms: pick(rows.empty, (r) => r.prompt),
      prompt_1000_ms: pick(rows.full, (r) => r.prompt),
      first_answer_empty_ms: pick(rows.empty, (r) => r.answer),
      first_answer_1000_ms: pick(rows.full, (r) => r.answer),
      cpu_empty_ms: pick(rows.empty, (r) => r.cpu),
      cpu_1000_ms: pick(rows.full, (r) => r.cpu),
      mount_empty_ms: pick(rows.empty, (r) => r.status.mountMs),
      mount_1000_ms: pick(rows.full, (r) => r.status.mountMs),
    };
  } finally {
    await empty.close();
    await full.close();
    await new Promise((r) => site.httpServer.close(r));
  }
}

export function printDisk(d) {
  const delta = d.prompt_1000_ms - d.prompt_empty_ms;
  const answerDelta = d.first_answer_1000_ms - d.first_answer_empty_ms;
  console.log(`\ndisk behind ~ (built site, ${d.files_kept} files, ${d.bytes_kept} bytes kept)\n`);
  console.log('| what | empty disk | 1,000 files | difference | goal |');
  console.log('|---|---:|---:|---:|---|');
  console.log(
    `| load → interactive prompt | ${fixed(d.prompt_empty_ms)} ms | ${fixed(d.prompt_1000_ms)} ms | ${fixed(delta)} ms | ≤ 50 ms ${delta <= 50 ? 'met' : '**not met**'} |`,
  );
  console.log(
    `| load → first command answered | ${fixed(d.first_answer_empty_ms)} ms | ${fixed(d.first_answer_1000_ms)} ms | ${fixed(answerDelta)} ms | |`,
  );
  console.log(
    `| CPU time of the browser for that load | ${fixed(d.cpu_empty_ms)} ms | ${fixed(d.cpu_1000_ms)} ms | ${fixed(d.cpu_1000_ms - d.cpu_empty_ms)} ms | |`,
  );
  console.log(
    `| mount the disk (open OPFS, replay the journal) | ${fixed(d.mount_empty_ms)} ms | ${fixed(d.mount_1000_ms)} ms | ${fixed(d.mount_1000_ms - d.mount_empty_ms)} ms | |`,
  );
  console.log(
    `\none command writing ${FILES} files to ~: ${fixed(d.write_1000_ms)} ms; ` +
      `a command with nothing new on the disk: ${fixed(d.idle_command_ms)} ms`,
  );
}
