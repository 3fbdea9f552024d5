/**
 * E2E scenarios for the lesson "When the headers can't be found": two steps
 * opened from their links in fresh browser contexts, the student typing at
 * the terminal and seeing the tools' messages, and the error search found
 * from a pasted message and from an #error= link.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { waitForAsync } from '../support/wait-async.mjs';

const T = { timeout: 30_000 };
const SLOW = { timeout: 240_000 };
const manifest = JSON.parse(
  readFileSync(new URL('../../public/kernel/manifest.json', import.meta.url), 'utf8'),
);
const REL = manifest.release;
const A = `a=${REL}:${manifest.kheaders.sha256.slice(0, 8)}`;

const restored = (page, n = 1) =>
  page.waitForFunction(
    (k) => Number(document.querySelector('kh-app')?.dataset.restored ?? 0) >= k,
    n,
    SLOW,
  );

async function screenMatches(page, re, options = SLOW) {
  await waitForAsync(
    page,
    async (source) => {
      const term = document.querySelector('kh-app')?.shadowRoot?.querySelector('kh-terminal');
      return new RegExp(source, 'm').test((await term?.screenText()) ?? '');
    },
    re.source,
    options,
  );
}

async function type(page, line) {
  await page.locator('kh-terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const scenarios = [
  {
    name: 'failures: not root, from its link, as the student',
    async run({ page, baseUrl, shot }) {
      await page.goto(`${baseUrl}#v=1&${A}&l=headers-not-found.1`);
      await restored(page);
      await screenMatches(
        page,
        /^modprobe: ERROR: could not insert 'kheaders': Operation not permitted$/,
      );
      await screenMatches(page, /^Unable to find kernel headers\. Try rebuilding kernel/);
      await screenMatches(page, /^student@kheaders:~\$ ?$/);
      await shot('failures-01-not-root');
      await type(page, 'rmmod kheaders; su');
      await screenMatches(page, /^rmmod: ERROR: Module kheaders is not currently loaded$/);
      await screenMatches(page, /^Password: su: Authentication failure$/);
      await type(page, 'exit');
      await screenMatches(page, /^root@kheaders:~# ?$/);
      await type(page, 'modprobe kheaders && su - student');
      await type(page, 'ls -l /sys/kernel/kheaders.tar.xz; stat -c "%a %A %U %G" /tmp');
      await screenMatches(page, /^-r--r--r-- 1 root root \d+ .* \/sys\/kernel\/kheaders\.tar\.xz$/);
      await screenMatches(page, /^1777 drwxrwxrwt root root$/);
      await type(page, 'rmmod kheaders');
      await screenMatches(
        page,
        /^rmmod: ERROR: could not remove module kheaders: Operation not permitted$/,
      );
      await shot('failures-02-student-reads');
    },
  },
  {
    name: 'failures: a planted directory, from its link, then the student and root',
    async run({ page, baseUrl, shot }) {
      await page.goto(`${baseUrl}#v=1&${A}&l=headers-not-found.3`);
      await restored(page);
      await screenMatches(
        page,
        new RegExp(`^ERROR: header file ownership unexpected: ${esc(`/tmp/kheaders-${REL}`)}$`),
      );
      await screenMatches(page, /^#define KH_PLANTED_BY_STUDENT 1$/);
      await screenMatches(page, /^drwxr-xr-x \d+ student student /);
      await shot('failures-03-planted');
      // Root's file in the sticky /tmp: the student cannot remove it.
      await type(page, 'echo root > /tmp/roots-file && su - student');
      await type(page, 'rm -f /tmp/roots-file; echo status=$?');
      await screenMatches(page, /^rm: cannot remove '\/tmp\/roots-file': Operation not permitted$/);
      await screenMatches(page, /^status=1$/);
      // The student removes their own plant; root's BCC then unpacks the real headers.
      await type(page, 'rm -r /tmp/kheaders-$(uname -r) && exit');
      await type(page, 'bash /usr/share/bcc/find-kheaders.sh');
      await screenMatches(page, new RegExp(`^headers: ${esc(`/tmp/kheaders-${REL}`)}$`));
      await shot('failures-04-fixed');
    },
  },
  {
    name: 'failures: a stale empty directory, from its link: the compile fails on kconfig.h',
    async run({ page, baseUrl, shot }) {
      await page.goto(`${baseUrl}#v=1&${A}&l=headers-not-found.2`);
      await restored(page);
      await screenMatches(
        page,
        new RegExp(`^headers: ${esc(`/tmp/kheaders-${REL}`)} \\(reused as found\\)$`),
      );
      await screenMatches(page, /include\/linux\/kconfig\.h' file not found$/);
      await shot('failures-07-stale');
    },
  },
  {
    name: 'failures: paste an error, find the step',
    async run({ page, baseUrl, shot }) {
      // What a WSL2 machine prints (another release, another path).
      const pasted =
        'modprobe: FATAL: Module kheaders not found in directory /lib/modules/5.15.153.1-microsoft-standard-WSL2';
      await page.goto(`${baseUrl}#error=${encodeURIComponent(pasted)}`);
      await page.locator('kh-terminal[ready]').waitFor(T);
      const search = page.locator('kh-error-search');
      await search.locator('ol.matches li').first().waitFor(T);
      assert.equal(await search.locator('textarea').inputValue(), pasted);
      const first = search.locator('ol.matches li button').first();
      assert.equal(await first.getAttribute('data-step'), 'headers-not-found.6');
      assert.match(
        await search.locator('ol.matches li .cause').first().innerText(),
        /CONFIG_IKHEADERS/,
      );
      await shot('failures-05-error-link');
      // Another machine's GNU tar, pasted into the box.
      await search
        .locator('textarea')
        .fill(
          'tar (child): xz: Cannot exec: No such file or directory\ntar (child): Error is not recoverable: exiting now\ntar: Child returned status 2',
        );
      await page.waitForFunction(
        () =>
          document
            .querySelector('kh-app')
            ?.shadowRoot?.querySelector('kh-lesson-panel')
            ?.shadowRoot?.querySelector('kh-error-search')
            ?.shadowRoot?.querySelector('ol.matches li button')
            ?.getAttribute('data-step') === 'headers-not-found.5',
        null,
        T,
      );
      await search.locator('ol.matches li button').first().click();
      await restored(page);
      await screenMatches(page, /^tar \(child\): xz: Cannot exec: No such file or directory$/);
      await shot('failures-06-found-step');
    },
  },
];
