/**
 * The terminal off the scripted path, on the built site: big files read
 * back, output keeps its order and arrives while a line runs, and the
 * session keeps what a line defined. Typed into the terminal as a person
 * would; expected values from GNU tar and coreutils on the same archive.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { screen, waitForScreen } from './scenarios.mjs';

const T = { timeout: 30_000 };
const archive = fileURLToPath(new URL('../../public/kernel/kheaders.tar.xz', import.meta.url));

/** What bash and coreutils print for `script` in the GNU-extracted demo tree. */
function native(script) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kh-e2e-'));
  try {
    execFileSync('tar', ['-xf', archive, '-C', dir]);
    return execFileSync('bash', ['--norc', '-c', script], {
      cwd: dir,
      env: { LC_ALL: 'C' },
    }).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function typeLine(page, line) {
  await page.locator('kh-terminal .xterm-helper-textarea').focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Resolves once `n` command lines have finished (the transcript has an entry each). */
async function waitForDone(page, n) {
  await page.waitForFunction(
    (count) => {
      const t = document.querySelector('kh-app')?.shadowRoot?.querySelector('kh-terminal');
      return (
        (t?.shadowRoot?.querySelectorAll('[role=log] pre:not([data-running])').length ?? 0) >= count
      );
    },
    n,
    T,
  );
}

const transcript = (page) =>
  page.locator('kh-terminal [role=log] pre').evaluateAll((els) => els.map((e) => e.textContent));

async function ready(page, baseUrl) {
  await page.goto(baseUrl);
  await page.locator('kh-terminal[ready]').waitFor(T);
}

export const scenarios = [
  {
    name: 'shell: headers over 62 KB read back with every command',
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      const script = [
        'for f in include/linux/fs.h include/linux/mm.h include/linux/netdevice.h; do',
        'wc -l < $f; head -c 70000 $f | sha256sum; cat $f | sha256sum; done',
      ].join(' ');
      const expected = native(script);
      await typeLine(
        page,
        'modprobe kheaders && mkdir -p /tmp/h && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/h',
      );
      await typeLine(page, 'cd /tmp/h');
      await typeLine(page, script);
      await typeLine(page, 'seq 1 20000 > /tmp/seq.txt; wc -l < /tmp/seq.txt');
      await waitForDone(page, 4);
      const log = await transcript(page);
      assert.equal(log[2], `$ ${script}\n${expected}`);
      assert.equal(log[3], '$ seq 1 20000 > /tmp/seq.txt; wc -l < /tmp/seq.txt\n20000\n');
      await shot('20-big-files');
    },
  },
  {
    name: 'shell: output in the order written, while the line runs; the session keeps functions',
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      await typeLine(page, 'ls /no/such/file; echo AFTER-LS');
      await waitForDone(page, 1);
      const [first] = await transcript(page);
      assert.equal(
        first,
        "$ ls /no/such/file; echo AFTER-LS\nls: cannot access '/no/such/file': No such file or directory\nAFTER-LS\n",
      );
      await typeLine(page, 'for i in 1 2 3 4; do echo tick$i; sleep 1; done');
      await waitForScreen(page, 'tick1');
      // The first line is on screen while the loop still runs: the last is not there yet.
      assert.ok(!(await screen(page)).includes('tick4'), 'tick1 came before the loop ended');
      await waitForDone(page, 2);
      await typeLine(page, 'greet() { echo "hi $1"; }; arr=(a b c)');
      await typeLine(page, 'greet there; echo ${arr[2]}');
      await waitForDone(page, 4);
      assert.equal((await transcript(page))[3], '$ greet there; echo ${arr[2]}\nhi there\nc\n');
      await shot('21-live-output');
    },
  },
];
