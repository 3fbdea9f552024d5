/**
 * E2E: the built site after one visit, reloaded with the network gone and
 * with its server stopped; and a new deploy that re-downloads only the
 * files that changed. The server is the runner's (`site.stop()`,
 * `site.start()`, `site.requests`).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { ready, type } from './session-scenarios.mjs';

const T = { timeout: 30_000 };
const dist = new URL('../../dist/', import.meta.url);

/** Waits until a service worker controls the page. */
async function controlled(page) {
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, T);
}

/** The machine answers: the prompt runs a command and the archive module loads. */
async function machineWorks(page) {
  await type(page, 'modprobe kheaders && ls -l /sys/kernel/kheaders.tar.xz && uname -r');
  const out = await page
    .locator('kh-terminal')
    .evaluate((el) => el.shadowRoot.querySelector('[role=log]').lastElementChild.textContent);
  assert.match(out, /-r--r--r-- 1 root root \d+ .*\/sys\/kernel\/kheaders\.tar\.xz\n\d+\.\d+/, out);
}

export const scenarios = [
  {
    name: 'offline reload: with the network gone, then with the server stopped',
    // It stops the site's server: nothing else may run meanwhile.
    alone: true,
    async run({ page, baseUrl, site, shot }) {
      await ready(page, baseUrl);
      await controlled(page);
      await page.context().setOffline(true);
      await page.reload();
      await ready(page, page.url());
      await machineWorks(page);
      await shot('50-offline-reload');
      await page.context().setOffline(false);

      await site.stop();
      await page.reload();
      await ready(page, page.url());
      await machineWorks(page);
      await shot('51-server-stopped-reload');
    },
  },
  {
    name: 'a new deploy downloads only the files that changed',
    // It counts what the server is asked for and edits dist/: it runs alone.
    alone: true,
    async run({ page, baseUrl, site }) {
      await ready(page, baseUrl);
      await controlled(page);
      const listFile = new URL('sw-precache.js', dist);
      const original = readFileSync(listFile, 'utf8');
      const list = JSON.parse(original.slice(original.indexOf('{'), original.lastIndexOf('}') + 1));
      const archive = list.files.find((f) => f.url === 'kernel/kheaders.tar.xz');
      assert.ok(archive?.rev, 'the archive is listed with a content revision');
      // A deploy in which only the manifest changed: the list names it with a new revision.
      const changed = list.files.find((f) => f.url === 'kernel/manifest.json');
      changed.rev = `${changed.rev}x`;
      try {
        writeFileSync(listFile, original.replace(/\{.*\}/s, JSON.stringify(list)));
        site.requests.length = 0;
        const updated = await page.evaluate(async () => {
          const reg = await navigator.serviceWorker.getRegistration();
          await reg.update();
          const sw = reg.installing ?? reg.waiting;
          if (!sw) return 'no new worker';
          await new Promise((resolve) => {
            const check = () => sw.state === 'activated' && resolve();
            sw.addEventListener('statechange', check);
            check();
          });
          return 'activated';
        });
        assert.equal(updated, 'activated');
        const fetched = site.requests.filter((u) => !/sw(-precache)?\.js/.test(u));
        assert.deepEqual(fetched, ['/kernel/manifest.json'], 'only the changed file is fetched');
      } finally {
        writeFileSync(listFile, original);
      }
      await page.context().setOffline(true);
      await page.reload();
      await ready(page, page.url());
      await machineWorks(page);
      await page.context().setOffline(false);
    },
  },
];
