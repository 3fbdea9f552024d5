/**
 * E2E: clang on the built site. The first page load fetches nothing of
 * clang; the first compile downloads it (progress with bytes and rate) and
 * the service worker keeps every asset in its clang-assets cache.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { waitForAsync } from '../support/wait-async.mjs';
import { ready } from './page-helpers.mjs';

const manifest = JSON.parse(
  readFileSync(new URL('../../public/kernel/manifest.json', import.meta.url), 'utf8'),
);
const A = `a=${manifest.release}:${manifest.kheaders.sha256.slice(0, 8)}`;

/** When the machine's worker set kh:clang-warm (its background warm-up ended), or undefined. */
async function clangWarmMark(page) {
  for (const w of page.workers()) {
    const at = await w
      .evaluate(() => performance.getEntriesByName('kh:clang-warm')[0]?.startTime)
      .catch(() => undefined);
    if (at !== undefined) return at;
  }
  return undefined;
}
const SLOW = { timeout: 240_000 };

/** Runs a line in the page's terminal, to its end; returns the screen's text. */
const run = (page, line) =>
  page.evaluate(async (l) => {
    const term = document.querySelector('kh-app').shadowRoot.querySelector('kh-terminal');
    await term.execute(l);
    return term.screenText();
  }, line);

const CHECK =
  'modprobe kheaders && mkdir -p /tmp/kheaders-$(uname -r) && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/kheaders-$(uname -r) && kh-check-headers';

export const scenarios = [
  {
    name: 'clang: not in the first load; downloaded once with progress; kept by the service worker',
    async run({ page, baseUrl, shot }) {
      const clangRequests = [];
      page.on(
        'request',
        (r) => /\/clang\/[^/]+$/.test(new URL(r.url()).pathname) && clangRequests.push(r.url()),
      );
      await ready(page, baseUrl);
      // The offline copy is complete once a service worker controls the page.
      await page.evaluate(() =>
        navigator.serviceWorker.ready.then(
          () =>
            navigator.serviceWorker.controller ||
            new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r)),
        ),
      );
      assert.deepEqual(clangRequests, [], 'the first load fetched none of clang');

      page.setDefaultTimeout(SLOW.timeout);
      const online = await run(page, CHECK);
      assert.match(
        online,
        /clang: downloading the compiler: [\d.]+ (B|[KMG]iB) of [\d.]+ [KMG]iB, [\d.]+ (B|[KMG]iB)\/s/,
      );
      assert.match(online, /BCC would use these headers\./);
      await shot('clang-01-checked');

      // The service worker kept every asset clang fetched, in a cache of its own.
      const cached = await page.evaluate(async () => {
        const list = await (await fetch('clang/clang-assets.json')).json();
        const cache = await caches.open('clang-assets');
        const names = [
          'clang-assets.json',
          'bundle.js',
          ...list.modules.map((m) => `${m.name}.xz`),
        ];
        const hits = await Promise.all(
          names.map((n) =>
            cache.match(new URL(`clang/${n}`, location.href).href, { ignoreVary: true }),
          ),
        );
        return names.filter((_, i) => !hits[i]);
      });
      assert.deepEqual(cached, [], 'every clang asset is in the clang-assets cache');

      // The lesson end to end with the network gone: a real reload, then the
      // step that compiles the probe against both kernels' headers.
      await page.context().setOffline(true);
      try {
        await page.goto('about:blank');
        await ready(page, `${baseUrl}#v=1&${A}&l=headers-match.2`);
        await page.waitForFunction(
          () => Number(document.querySelector('kh-app')?.dataset.restored ?? 0) >= 1,
          null,
          SLOW,
        );
        const text = await page.locator('kh-terminal').evaluate((el) => el.screenText());
        const offset = (file) =>
          Number(new RegExp(`${file}:@pid_offset = [^\\n]*? i32 (\\d+)`).exec(text)?.[1]);
        const here = offset('/tmp/this.ll');
        const there = offset('/tmp/other.ll');
        assert.ok(here > 0 && there > 0, `both compiles printed an offset offline:\n${text}`);
        assert.notEqual(here, there, 'the two kernels put pid at different offsets');
        assert.doesNotMatch(text, /cannot download the compiler/);
        await shot('clang-02-lesson-offline');
      } finally {
        await page.context().setOffline(false);
      }
    },
  },
  {
    name: 'clang: a later visit warms the compiler in the background; the first compile then downloads nothing',
    async run({ page, baseUrl }) {
      page.setDefaultTimeout(SLOW.timeout);
      await ready(page, baseUrl);
      await page.evaluate(() => navigator.serviceWorker.ready);
      assert.match(await run(page, CHECK), /BCC would use these headers\./);
      // The first visit kept clang's unpacked modules while it compiled.
      await waitForAsync(
        page,
        async () => {
          const list = await (await fetch('clang/clang-assets.json')).json();
          return (await (await caches.open('clang-wasm')).keys()).length >= list.modules.length;
        },
        null,
        SLOW,
      );
      assert.equal(await clangWarmMark(page), undefined, 'a first visit warms nothing');

      // A second tab of the same profile: the machine warms clang once the archive is in.
      const later = await page.context().newPage();
      const downloads = [];
      later.on('request', (r) => /\.wasm\.xz$/.test(r.url()) && downloads.push(r.url()));
      await ready(later, baseUrl);
      // The mark is in the machine's worker: no page event to await, so poll it, with a deadline.
      const deadline = Date.now() + SLOW.timeout;
      while ((await clangWarmMark(later)) === undefined) {
        assert.ok(Date.now() < deadline, 'the background warm-up ended');
        await later.waitForTimeout(250);
      }
      const text = await run(later, CHECK);
      assert.match(text, /BCC would use these headers\./);
      assert.doesNotMatch(text, /downloading the compiler/);
      assert.deepEqual(downloads, [], 'nothing of clang was downloaded again');
      await later.close();
    },
  },
];
