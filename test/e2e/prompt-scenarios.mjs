/**
 * A prompt before the kernel archive: on the built site, with the archive's
 * download held back by a route, the shell answers at once; modprobe waits
 * for the archive, says so, and completes when the route lets it through.
 */
import assert from 'node:assert/strict';
import { waitForAsync } from '../support/wait-async.mjs';

const T = { timeout: 30_000 };

/** The terminal's text on screen; `re` must match it before this resolves. */
async function screenMatches(page, re) {
  await waitForAsync(
    page,
    async (source) => {
      const term = document.querySelector('kh-app')?.shadowRoot?.querySelector('kh-terminal');
      return new RegExp(source, 'm').test((await term?.screenText()) ?? '');
    },
    re.source,
    T,
  );
}

const screenText = (page) => page.locator('kh-terminal').evaluate((el) => el.screenText());

const progressShown = (page) =>
  page.evaluate(
    () => !!document.querySelector('kh-app')?.shadowRoot?.querySelector('kh-load-progress'),
  );

export const scenarios = [
  {
    name: 'prompt before the archive: echo at once, modprobe waits for it',
    // A service worker would answer the archive from its cache, past the route.
    context: { serviceWorkers: 'block' },
    async run({ page, baseUrl, shot }) {
      let release;
      const released = new Promise((r) => (release = r));
      let requested;
      const archiveRequested = new Promise((r) => (requested = r));
      await page.context().route('**/kernel/kheaders.tar.xz', async (route) => {
        requested();
        await released;
        await route.continue();
      });
      await page.goto(baseUrl);
      await page.locator('kh-terminal[ready]').waitFor(T);
      await archiveRequested;
      assert.equal(await progressShown(page), true, 'the progress bar shows the held archive');

      await page.locator('kh-terminal').click();
      await page.keyboard.type('echo hi');
      await page.keyboard.press('Enter');
      await screenMatches(page, /^hi$/);
      assert.equal(await progressShown(page), true, 'echo answered while the archive was held');

      // Ctrl-C ends the wait as it ends any command: status 130, nothing loaded.
      await page.keyboard.type('modprobe kheaders && echo LOADED');
      await page.keyboard.press('Enter');
      await screenMatches(page, /^waiting for the kernel archive \(\d+\.\d of \d+\.\d MiB\)…$/);
      await page.keyboard.press('Control+C');
      await page.keyboard.type('echo "status $?"');
      await page.keyboard.press('Enter');
      await screenMatches(page, /^status 130$/);
      assert.doesNotMatch(await screenText(page), /^LOADED$/m);

      await page.keyboard.type('modprobe kheaders && echo LOADED');
      await page.keyboard.press('Enter');
      // Its own waiting line, the second on the screen.
      await screenMatches(page, /waiting for the kernel archive[^]*waiting for the kernel archive/);
      await shot('prompt-01-waiting-for-archive');
      release();
      await screenMatches(page, /^LOADED$/);
      await page
        .locator('kh-module-panel [role=switch]', { hasText: 'kheaders.ko' })
        .and(page.locator('[aria-checked=true]'))
        .waitFor(T);
      await page.keyboard.type('ls -l /sys/kernel/kheaders.tar.xz');
      await page.keyboard.press('Enter');
      await screenMatches(page, /^-r--r--r-- 1 root root \d+ .* \/sys\/kernel\/kheaders\.tar\.xz$/);
      assert.equal(await progressShown(page), false);
      await shot('prompt-02-archive-arrived');
    },
  },
];
