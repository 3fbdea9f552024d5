/**
 * E2E: the real kernel (setup's i386 Linux in v86) in the built site. A
 * fresh context switches to it, gets its root prompt and runs BCC's
 * sequence on it; a second page restores the machine the first one saved;
 * with the network and then the server gone it still boots, from the saved
 * state and cold. Expected answers come from setup's manifest of that very
 * kernel (public/real-kernel/manifest.json) and the kernel itself.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ready } from './session-scenarios.mjs';

const manifestFile = new URL('../../public/real-kernel/manifest.json', import.meta.url);
/** Generous: a cold boot under a loaded machine, and tar -xJf of 4 MB inside the emulator. */
const BOOT = { timeout: 180_000 };

const app = (page) => page.locator('kh-app');
const screenText = (page) => page.locator('kh-real-console').evaluate((el) => el.screenText());

/** Switches the terminal to the real kernel and waits for its shell's prompt. */
async function realPrompt(page, manifest) {
  await page.locator('kh-real-kernel [role=switch]').click();
  await page.locator('kh-real-kernel[data-phase=ready]').waitFor(BOOT);
  await page.locator('kh-real-console[ready]').waitFor(BOOT);
  await atPrompt(page, manifest);
  return page.locator('kh-real-kernel').evaluate((el) => ({
    ms: Number(el.dataset.promptMs),
    restored: el.dataset.restored === 'true',
    badge: el.shadowRoot.querySelector('.badge').textContent,
  }));
}

/** Waits until the console ends at the shell's prompt. */
async function atPrompt(page, manifest) {
  await page.waitForFunction(
    // Synchronous: waitForFunction takes a returned promise as a truthy answer.
    (prompt) => {
      const el = document.querySelector('kh-app').shadowRoot.querySelector('kh-real-console');
      return !!el?.shownText.endsWith(prompt.trimEnd());
    },
    manifest.prompt,
    BOOT,
  );
}

let marks = 0;

/**
 * Types a line at the real console and waits until it has run: a marker
 * the shell computes ($((…)) is not in the echo of the typed line) and the
 * prompt after it. Returns what the line printed, echo included.
 */
async function run(page, manifest, line) {
  const shown = (await screenText(page)).length;
  const n = ++marks;
  await page.locator('kh-real-console .xterm-helper-textarea').focus();
  await page.keyboard.type(`${line}; echo ran-$((${n}+1000))`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    ([mark, prompt]) => {
      const text = document
        .querySelector('kh-app')
        .shadowRoot.querySelector('kh-real-console').shownText;
      const at = text.lastIndexOf(`\n${mark}\n`);
      return at >= 0 && text.slice(at).trimEnd().endsWith(prompt.trimEnd());
    },
    [`ran-${n + 1000}`, manifest.prompt],
    BOOT,
  );
  return (await screenText(page)).slice(shown);
}

export const scenarios = [
  {
    name: 'real kernel: root prompt, BCC sequence, restored, offline',
    // It counts the server's requests and stops the server: it runs alone.
    alone: true,
    async run({ page, baseUrl, site, shot }) {
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
      await ready(page, baseUrl);
      await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, BOOT);
      assert.deepEqual(
        // The service worker precaches the page's small chunks (the console, the client): not v86, not the images.
        site.requests.filter((u) => /\/real-kernel\/|v86-|real-kernel-worker-/.test(u)),
        [],
        'the first load fetched nothing of v86 or the real kernel',
      );
      const badge = () => page.locator('kh-real-kernel .badge').textContent();
      assert.equal((await badge()).trim(), 'Simulation');

      const cold = await realPrompt(page, manifest);
      assert.equal(cold.restored, false, 'a fresh context boots');
      assert.equal(cold.badge.trim(), `Real Linux ${manifest.release} (i386, v86)`);
      assert.equal(await app(page).locator('kh-terminal').isVisible(), false);
      await shot('60-real-kernel-prompt');

      const out = await run(
        page,
        manifest,
        'modprobe kheaders; ls -l /sys/kernel/kheaders.tar.xz; mkdir /tmp/k && tar -xJf /sys/kernel/kheaders.tar.xz -C /tmp/k && ls /tmp/k; rmmod kheaders; ls /sys/kernel/kheaders.tar.xz',
      );
      await shot('61-real-kernel-bcc-sequence');
      const size = /^-r--r--r--\s+1\s+\S+\s+\S+\s+(\d+)\s.*\/sys\/kernel\/kheaders\.tar\.xz$/m.exec(
        out,
      );
      assert.ok(size, `ls -l shows the archive 0444:\n${out}`);
      assert.equal(Number(size[1]), manifest.kheaders.bytes, 'the size is the build archive');
      assert.match(out, /^arch\s+include\s*$/m, 'the archive holds arch and include');
      assert.match(
        out,
        /ls: \/sys\/kernel\/kheaders\.tar\.xz: No such file or directory/,
        'after rmmod the file is gone (ENOENT)',
      );

      // Back to the simulation: its terminal as it was.
      await page.locator('kh-real-kernel [role=switch]').click();
      assert.equal((await badge()).trim(), 'Simulation');
      await page.locator('kh-terminal').waitFor({ state: 'visible' });

      // A later visit restores the machine the first one saved.
      const second = await page.context().newPage();
      await ready(second, baseUrl);
      const restored = await realPrompt(second, manifest);
      assert.equal(restored.restored, true, 'the second page restores the saved machine');
      const uname = await run(second, manifest, 'uname -r');
      assert.match(uname, new RegExp(`^${manifest.release.replace(/\./g, '\\.')}\\s*$`, 'm'));
      // The archive the real kernel serves is the file the simulation mounts as this kernel's.
      const sum = await run(
        second,
        manifest,
        'modprobe kheaders && sha256sum /sys/kernel/kheaders.tar.xz',
      );
      const file = createHash('sha256')
        .update(readFileSync(new URL('../../public/real-kernel/kheaders.tar.xz', import.meta.url)))
        .digest('hex');
      assert.match(sum, new RegExp(`^${file}  /sys/kernel/kheaders\\.tar\\.xz$`, 'm'));
      await shot('62-real-kernel-restored');
      await second.close();

      // Offline: the network gone, then the server too.
      await page.context().setOffline(true);
      await site.stop();
      const offline = await page.context().newPage();
      await ready(offline, baseUrl);
      assert.equal((await realPrompt(offline, manifest)).restored, true);
      // Without the saved state: a cold boot from the images the service worker kept.
      await offline.evaluate(() => caches.delete('real-kernel-state'));
      await offline.reload();
      await ready(offline, offline.url());
      assert.equal((await realPrompt(offline, manifest)).restored, false);
      const lsmod = await run(offline, manifest, 'modprobe kheaders && lsmod');
      assert.match(lsmod, /^kheaders\s/m);
      await offline.screenshot({
        path: new URL('./screenshots/63-real-kernel-offline.png', import.meta.url).pathname,
      });
      await page.context().setOffline(false);
    },
  },
];
