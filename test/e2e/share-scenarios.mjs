/**
 * E2E scenarios for share links, lessons, presenter mode and offline use.
 * Link strings are written out in full per version; only the demo's release
 * and sha256 prefix come from public/kernel/manifest.json, as a link made
 * on this build would carry them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { waitForAsync } from '../support/wait-async.mjs';
import { T, kheadersSwitch, openLink, ready, screen, viewerPath } from './page-helpers.mjs';

const manifest = JSON.parse(
  readFileSync(new URL('../../public/kernel/manifest.json', import.meta.url), 'utf8'),
);
const A = `a=${manifest.release}:${manifest.kheaders.sha256.slice(0, 8)}`;

const selected = (page) => page.locator('kh-file-viewer .l.sel').count();

export const scenarios = [
  {
    name: 'share links: version 0 and version 1 strings restore their state',
    async run({ page, baseUrl, shot }) {
      // Version 0: the viewer's own fragment.
      await ready(page, `${baseUrl}#file=/proc/meminfo&L2-L3`);
      await page.locator('kh-file-viewer #L3').waitFor(T);
      assert.equal(await viewerPath(page), '/proc/meminfo');
      assert.equal(await selected(page), 2);

      // Version 1, the common case: archive, file and lines.
      await openLink(page, baseUrl, `#v=1&${A}&f=/proc/meminfo&L1-L4`);
      await page.locator('kh-file-viewer #L4').waitFor(T);
      assert.equal(await viewerPath(page), '/proc/meminfo');
      assert.equal(await selected(page), 4);
      assert.equal(await kheadersSwitch(page).getAttribute('aria-checked'), 'false');

      // Version 1 with modules, a command to replay and a layout.
      await openLink(
        page,
        baseUrl,
        `#v=1&${A}&k=smy1&m=kheaders&f=/sys/kernel/kheaders.tar.xz&p=terminal&x=echo%20hello-from-a-link`,
      );
      await page.locator('kh-file-viewer .hex').waitFor(T);
      const text = await screen(page);
      assert.ok(text.indexOf('# modprobe kheaders') >= 0, text);
      assert.ok(text.indexOf('hello-from-a-link') > text.indexOf('# modprobe kheaders'), text);
      assert.equal(await kheadersSwitch(page).getAttribute('aria-checked'), 'true');
      assert.equal(await page.locator('kh-app main.layout-terminal').count(), 1);
      await shot('20-link-v1-modules-commands');

      // Version 1 in the proc era: the archive is under /proc.
      await openLink(page, baseUrl, `#v=1&${A}&k=pmy1&m=kheaders&x=ls%20/proc/kheaders.tar.xz`);
      assert.equal(await page.locator('kh-module-panel select#era').inputValue(), 'proc-5.2-rc1');
      assert.match(await screen(page), /\n\/proc\/kheaders\.tar\.xz/);
    },
  },
  {
    name: 'share links: another archive or a broken link is said, not shown',
    async run({ page, baseUrl, shot }) {
      await openLink(page, baseUrl, `#v=1&a=${manifest.release}:00000000&f=/proc/meminfo&L1`);
      const notice = page.locator('kh-app .share-notice');
      assert.match(await notice.innerText(), /different demo archive .*sha256 00000000/);
      assert.equal(await viewerPath(page), '');
      await shot('21-link-other-archive');

      await ready(page, `${baseUrl}#v=1&m=kheaders,evil&f=/proc/meminfo`);
      assert.match(await notice.innerText(), /could not be read \(there is no module "evil"/);
      assert.equal(await viewerPath(page), '');
      // The machine still works.
      await page.locator('kh-terminal .xterm-helper-textarea').focus();
      await page.keyboard.type('uname -r');
      await page.keyboard.press('Enter');
      await waitForAsync(
        page,
        async (rel) =>
          (
            await document
              .querySelector('kh-app')
              .shadowRoot.querySelector('kh-terminal')
              .screenText()
          ).includes(`\n${rel}`),
        manifest.release,
        T,
      );
      await shot('22-link-malformed');
    },
  },
  {
    name: 'share links: copy link and copy link to lines open the same state',
    async run({ page, baseUrl, shot }) {
      await openLink(page, baseUrl, `#v=1&${A}&m=kheaders&f=/proc/meminfo`);
      await page.locator('kh-file-viewer #L5 .n').click();
      await page.locator('kh-file-viewer #L7 .n').click({ modifiers: ['Shift'] });
      const lineButton = page.locator('kh-share-button.line-link');
      assert.match(await lineButton.locator('button').innerText(), /Copy link to lines 5–7/);
      const link = await lineButton.evaluate((el) => el.link);
      assert.equal(link, await page.locator('kh-share-button.share').evaluate((el) => el.link));
      assert.ok(link.length < 120, `${link} is ${link.length} characters`);
      await lineButton.locator('button').click();
      // Copied to the clipboard, or (no clipboard permission) shown selected for Ctrl+C.
      await page
        .locator('kh-share-button.line-link .done, kh-share-button.line-link input')
        .waitFor(T);
      await shot('23-copy-line-link');

      const other = await page.context().newPage();
      await openLink(other, '', link);
      await other.locator('kh-file-viewer #L7').waitFor(T);
      assert.equal(await viewerPath(other), '/proc/meminfo');
      assert.equal(await selected(other), 3);
      assert.equal(await kheadersSwitch(other).getAttribute('aria-checked'), 'true');
      await other.close();
    },
  },
  {
    name: 'presenter mode: large type, keys move between steps',
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      await page.locator('kh-app .lessons-toggle').click();
      await page.locator('kh-lesson-panel button[data-lesson=debate]').click();
      await page.waitForFunction(() => location.hash.includes('l=debate.1'), null, T);
      await page.locator('kh-lesson-panel button.presenter').click();
      await page.locator('kh-lesson-panel[presenter]').waitFor(T);
      const size = await page
        .locator('kh-lesson-panel')
        .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      assert.ok(size >= 20, `presenter font ${size}px (15 outside presenter mode)`);
      await page.locator('kh-memory-timeline').waitFor(T);
      await shot('32-presenter-debate-1');
      const h3 = () => page.locator('kh-lesson-panel h3').innerText();
      const first = await h3();
      await page.locator('kh-lesson-panel h2').click();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => location.hash.includes('l=debate.2'), null, T);
      // The link moves first; the panel follows once the step's state is applied.
      await page.locator('kh-lesson-panel h3', { hasNotText: first }).waitFor(T);
      assert.match(page.url(), /p=presenter/);
      await page.keyboard.press('PageDown');
      await page.waitForFunction(() => location.hash.includes('l=debate.3'), null, T);
      await page.keyboard.press('PageUp');
      await page.waitForFunction(() => location.hash.includes('l=debate.2'), null, {
        ...T,
        polling: 100,
      });
      await page.keyboard.press('ArrowLeft');
      await page.waitForFunction(() => location.hash.includes('l=debate.1'), null, T);
      await page.locator('kh-lesson-panel h3', { hasText: first }).waitFor(T);
      assert.equal(await h3(), first);
      // The shown link is the audience's: no presenter layout in it.
      const shown = await page.locator('kh-lesson-panel .link').innerText();
      assert.match(shown, /l=debate\.1$/);
      assert.doesNotMatch(shown, /presenter/);
      await shot('33-presenter-back');
    },
  },
  {
    name: 'offline: after one visit the demo boots with the network gone',
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      // The controller arrives with an event; T only guards against one that never comes.
      await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, {
        ...T,
        polling: 250,
      });
      await page.context().setOffline(true);
      assert.equal(await page.evaluate(() => navigator.onLine), false, 'the network is gone');
      await ready(page, `${baseUrl}#v=1&${A}&l=load.2`);
      await page.waitForFunction(
        () => Number(document.querySelector('kh-app')?.dataset.restored ?? 0) >= 1,
        null,
        T,
      );
      assert.equal(await kheadersSwitch(page).getAttribute('aria-checked'), 'true');
      await page.locator('kh-file-viewer .hex').waitFor(T);
      assert.match(
        await screen(page),
        /-r--r--r-- 1 root root \d+ .* \/sys\/kernel\/kheaders\.tar\.xz/,
      );
      await page.locator('kh-lesson-panel h3').waitFor(T);
      await shot('34-offline');
      await page.context().setOffline(false);
    },
  },
];
