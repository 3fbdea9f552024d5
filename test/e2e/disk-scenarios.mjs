/**
 * The disk behind ~ on the built site: what is written under /root and
 * /home is there after a reload, in a new page of the same browser
 * context, after the worker crashes, and in a second tab at its next
 * command; /tmp is emptied by a reload. ~ downloads as a .tar.gz that GNU
 * tar, run here, lists with the same files the machine's find lists;
 * "Reset the machine" empties the disk after a yes, and the archive brings
 * the files back.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { screen, waitForScreen } from './scenarios.mjs';
import { ready, T } from './page-helpers.mjs';

const manifest = JSON.parse(
  readFileSync(new URL('../../public/kernel/manifest.json', import.meta.url), 'utf8'),
);
const A = `a=${manifest.release}:${manifest.kheaders.sha256.slice(0, 8)}`;

async function type(page, line) {
  await page.locator('kh-terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/**
 * Waits until the terminal's command has ended, disk writes and all: the
 * marker shows as soon as echo runs, the machine takes the next call after
 * the line's changes are on the disk.
 */
const settled = (page) =>
  page.locator('kh-app').evaluate((app) => app.machine.run(':', { write() {} }));

let mark = 0;
/** Runs a line and waits for its end (a marker the line prints last); returns the screen. */
async function run(page, line) {
  const done = `done-${++mark}`;
  await type(page, `${line}; echo ${done.replace('-', '-$((0))')}`);
  await waitForScreen(page, `${done.replace('-', '-0')}`);
  await settled(page);
  return screen(page);
}

const PROG = 'int main(void) { return 0; }';

export const scenarios = [
  {
    name: 'disk: ~ is kept across a reload, a new page and a worker crash; a reload empties /tmp',
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      await run(
        page,
        `printf '${PROG}\\n' > ~/prog.c && mkdir -p /home/work && echo note > /home/work/note && echo scratch > /tmp/scratch`,
      );
      await page.reload();
      await ready(page);
      const notice = page.locator('kh-home-disk .notice');
      await notice
        .filter({ hasText: 'rebooted: /tmp is empty; your files in ~ are kept' })
        .waitFor(T);
      await shot('disk-01-rebooted');
      let shown = await run(page, 'cat ~/prog.c /home/work/note; ls -A /tmp | wc -l');
      assert.match(shown, new RegExp(`${PROG.replace(/[()]/g, '\\$&')}\\s+note\\s+0\\s`));
      // The same browser context, a new page: the disk is the origin's.
      const context = page.context();
      await page.close();
      const again = await context.newPage();
      await ready(again, baseUrl);
      shown = await run(again, 'cat /home/work/note && stat -c %s ~/prog.c');
      assert.match(shown, new RegExp(`note\\s+${PROG.length + 1}\\s`));
      // A worker crash after a write: the restarted machine reads the disk, not an older snapshot.
      await run(again, 'echo written-before-the-crash > ~/late');
      await again.locator('kh-app').evaluate((app) => app.machine.drill('worker-crash'));
      await again.locator('kh-app .machine-notice').filter({ hasText: 'restarted' }).waitFor(T);
      shown = await run(again, 'cat ~/late ~/prog.c');
      assert.match(shown, /written-before-the-crash\s+int main/);
    },
  },
  {
    name: 'disk: a link in a fresh tab asks before running over the files kept in ~',
    async run({ page, baseUrl }) {
      await ready(page, baseUrl);
      await run(page, 'echo my-work > ~/mine.txt');
      // A new tab: nothing typed there yet, but ~ holds the user's work from before.
      const fresh = await page.context().newPage();
      await fresh.goto(`${baseUrl}#v=1&${A}&x=rm%20-f%20~/mine.txt`);
      const ask = fresh.locator('kh-link-confirm');
      await ask.waitFor(T);
      assert.match(await ask.locator('pre').innerText(), /rm -f ~\/mine\.txt/);
      await ask.locator('button.skip').click();
      await ready(fresh);
      const shown = await run(fresh, 'cat ~/mine.txt');
      assert.match(shown, /my-work/);
    },
  },
  {
    name: 'disk: a second tab reads what the first wrote, at its next command',
    async run({ page, baseUrl }) {
      await ready(page, baseUrl);
      const other = await page.context().newPage();
      await ready(other, baseUrl);
      await run(page, 'mkdir -p ~/shared && echo from-the-first-tab > ~/shared/a');
      let shown = await run(other, 'cat ~/shared/a && echo from-the-second-tab > ~/shared/b');
      assert.match(shown, /from-the-first-tab/);
      shown = await run(page, 'ls ~/shared && cat ~/shared/b');
      assert.match(shown, /a\s+b\s+from-the-second-tab/);
    },
  },
  {
    name: 'disk: ~ downloads as a .tar.gz GNU tar lists; reset after a yes empties it; the archive restores it',
    async run({ page, baseUrl, shot }) {
      const dir = mkdtempSync(path.join(tmpdir(), 'kh-disk-'));
      try {
        await ready(page, baseUrl);
        await run(
          page,
          `printf '${PROG}\\n' > ~/prog.c && chmod 600 ~/prog.c && mkdir -p ~/work/deep && echo n > ~/work/deep/note && ln -sf prog.c ~/link`,
        );
        await run(page, '(cd / && find root home) > /tmp/names');
        const machineNames = await page
          .locator('kh-app')
          .evaluate(async (app) =>
            new TextDecoder().decode(await app.machine.readFile('/tmp/names')),
          );
        // Keyboard only: the disk panel opens with Enter on its summary.
        await page.locator('kh-home-disk summary').focus();
        await page.keyboard.press('Enter');
        await shot('disk-02-panel');
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('kh-home-disk button.download').press('Enter'),
        ]);
        const file = path.join(dir, download.suggestedFilename());
        assert.match(file, /\.tar\.gz$/);
        await download.saveAs(file);
        const gnu = execFileSync('tar', ['-tvzf', file], { encoding: 'utf8' });
        const names = gnu
          .trim()
          .split('\n')
          .map((l) =>
            l
              .split(/\s+/)
              .slice(5)
              .join(' ')
              .replace(/ -> .*$/, '')
              .replace(/\/$/, ''),
          )
          .sort();
        assert.deepEqual(names, machineNames.trim().split('\n').sort(), gnu);
        assert.match(gnu, /^-rw------- root\/root\s+\d+ \S+ \S+ root\/prog\.c$/m);
        assert.match(gnu, /^lrwxrwxrwx root\/root\s+0 \S+ \S+ root\/link -> prog\.c$/m);
        // Reset asks first; yes empties the disk and restarts.
        await page.locator('kh-home-disk button.reset').press('Enter');
        await page
          .locator('kh-home-disk [role=alert]')
          .filter({ hasText: 'Empty the disk' })
          .waitFor(T);
        await shot('disk-03-reset-asks');
        await Promise.all([
          page.waitForEvent('load'),
          page.locator('kh-home-disk button.yes').press('Enter'),
        ]);
        await ready(page);
        let shown = await run(page, 'ls -A ~ | wc -l');
        assert.match(shown, /^0$/m);
        await page.locator('kh-home-disk summary').click();
        await page.locator('kh-home-disk input[type=file]').setInputFiles(file);
        await page.locator('kh-home-disk [role=status]').filter({ hasText: 'Restored' }).waitFor(T);
        shown = await run(
          page,
          'cat ~/work/deep/note ~/prog.c && stat -c %a ~/prog.c && readlink ~/link',
        );
        assert.match(shown, new RegExp(`n\\s+${PROG.replace(/[()]/g, '\\$&')}\\s+600\\s+prog\\.c`));
        await shot('disk-04-restored');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
