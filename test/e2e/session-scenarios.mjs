/**
 * E2E: links that rebuild a session and never destroy one, Back inside the
 * app, lesson steps that stand alone. Each scenario starts in a fresh
 * browser context; a link's receiver gets a fresh context of its own, as a
 * person opening it on another computer would.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { screen, waitForScreen } from './scenarios.mjs';

const T = { timeout: 30_000 };
const manifest = JSON.parse(
  readFileSync(new URL('../../public/kernel/manifest.json', import.meta.url), 'utf8'),
);
const A = `a=${manifest.release}:${manifest.kheaders.sha256.slice(0, 8)}`;
const TREE = `/tmp/kheaders-${manifest.release}`;
const EXTRACT =
  'mkdir -p /tmp/kheaders-$(uname -r) && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/kheaders-$(uname -r)';

export async function ready(page, url) {
  await page.goto(url);
  await page.locator('kh-terminal[ready]').waitFor(T);
  await page.locator('kh-module-panel [role=switch]').first().waitFor(T);
  // The page has opened its link: fully, or refused in words (nothing to open without one).
  await page.waitForFunction(
    () => {
      const app = document.querySelector('kh-app');
      return (
        !location.hash ||
        app?.dataset.routed === '1' ||
        Number(app?.dataset.restored ?? 0) >= 1 ||
        !!app?.shadowRoot?.querySelector('.share-notice')
      );
    },
    null,
    T,
  );
}

/** Commands the terminal has finished (its transcript's entries). */
const finished = (page) =>
  page
    .locator('kh-terminal')
    .evaluate((el) => el.shadowRoot.querySelectorAll('[role=log] pre:not([data-running])').length);

/** Types a command into the terminal and waits until it has finished. */
export async function type(page, command) {
  const before = await finished(page);
  await page.locator('kh-terminal .xterm-helper-textarea').focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (n) =>
      document
        .querySelector('kh-app')
        .shadowRoot.querySelector('kh-terminal')
        .shadowRoot.querySelectorAll('[role=log] pre:not([data-running])').length > n,
    before,
    T,
  );
}

/** The last command's output, from the transcript. */
const lastOutput = (page) =>
  page
    .locator('kh-terminal')
    .evaluate((el) => el.shadowRoot.querySelector('[role=log]').lastElementChild.textContent);

const viewerPath = (page) => page.locator('kh-file-viewer').evaluate((el) => el.path);
const selected = (page) => page.locator('kh-file-viewer .l.sel').count();
const kheadersSwitch = (page) =>
  page.locator('kh-module-panel [role=switch]', { hasText: 'kheaders.ko' });
const waitForPath = (page, path) =>
  page.waitForFunction(
    (p) => document.querySelector('kh-app').shadowRoot.querySelector('kh-file-viewer').path === p,
    path,
    T,
  );
const shareLink = (page) => page.locator('kh-share-button.share').evaluate((el) => el.link);

/** Opens a link where nobody has been: a new browser context. */
async function receive(page, link) {
  const context = await page
    .context()
    .browser()
    .newContext({ viewport: { width: 1400, height: 900 } });
  const other = await context.newPage();
  const errors = [];
  other.on('pageerror', (e) => errors.push(e.message));
  await ready(other, link);
  return { other, errors, close: () => context.close() };
}

/** Opens a file from the tree by filtering for it. */
async function openFromTree(page, path) {
  await page
    .locator('kh-file-browser input[type=search]')
    .fill(path.slice(path.lastIndexOf('/') + 1));
  await page.locator(`kh-file-browser [data-path="${path}"]`).click(T);
  await page.locator('kh-file-viewer #L1').waitFor(T);
  await page.locator('kh-file-browser input[type=search]').fill('');
}

export const scenarios = [
  {
    name: 'a copied link rebuilds the session: commands, directory, file and lines',
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      await type(page, 'modprobe kheaders');
      await type(page, EXTRACT);
      await type(page, 'ls /tmp');
      await type(page, 'echo precious > /tmp/mine.txt');
      await type(page, 'cd /tmp/kheaders-$(uname -r)/include');
      const sched = `${TREE}/include/linux/sched.h`;
      await openFromTree(page, sched);
      await page.locator('kh-file-viewer #L10 .n').click();
      await page.locator('kh-file-viewer #L12 .n').click({ modifiers: ['Shift'] });
      await page.waitForFunction(
        () =>
          document
            .querySelector('kh-app')
            .shadowRoot.querySelector('kh-share-button.share')
            .link.includes('L10-L12'),
        null,
        T,
      );
      const link = await shareLink(page);
      const fields = new URLSearchParams(link.slice(link.indexOf('#') + 1));
      // The printing-only `ls /tmp` is left out; what changed the machine is kept, in order.
      assert.deepEqual(fields.getAll('x'), [
        'modprobe kheaders',
        EXTRACT,
        'echo precious > /tmp/mine.txt',
      ]);
      assert.equal(fields.get('d'), `${TREE}/include`);
      await page.locator('kh-share-button.share button').click();
      await shot('40-session-link-copied');

      const { other, errors, close } = await receive(page, link);
      await other.locator('kh-file-viewer #L12').waitFor(T);
      assert.equal(await viewerPath(other), sched);
      assert.equal(await selected(other), 3);
      assert.deepEqual(await other.locator('kh-app .share-notice').allInnerTexts(), []);
      assert.equal(await kheadersSwitch(other).getAttribute('aria-checked'), 'true');
      await type(other, 'pwd; cat /tmp/mine.txt');
      assert.equal(
        await lastOutput(other),
        `$ pwd; cat /tmp/mine.txt\n${TREE}/include\nprecious\n`,
      );
      await other.screenshot({
        path: new URL('./screenshots/41-session-link-opened.png', import.meta.url).pathname,
      });
      assert.deepEqual(errors, []);
      await close();
    },
  },
  {
    name: 'a long session link is compressed and still opens',
    async run({ page, baseUrl }) {
      await ready(page, baseUrl);
      // Buttons and samples run commands through the terminal as typing does.
      await page.locator('kh-terminal').evaluate(async (el) => {
        for (let i = 1; i <= 60; i++)
          await el.execute(`echo line-${i}-of-a-long-session >> /tmp/long.txt`);
      });
      await page.waitForFunction(
        () =>
          /&z=/.test(
            document.querySelector('kh-app').shadowRoot.querySelector('kh-share-button.share').link,
          ),
        null,
        T,
      );
      const link = await shareLink(page);
      assert.ok(link.length < 2000, `packed link is ${link.length} characters`);
      const { other, close } = await receive(page, link);
      await type(other, 'wc -l < /tmp/long.txt; tail -1 /tmp/long.txt');
      assert.match(await lastOutput(other), /\n60\nline-60-of-a-long-session\n$/);
      await close();
    },
  },
  {
    name: 'copying after opening an archive from disk says its files cannot travel',
    async run({ page, baseUrl }) {
      await ready(page, baseUrl);
      await page.locator('kh-app').evaluate(async (app) => {
        const bytes = new Uint8Array(await (await fetch('kernel/kheaders.tar.xz')).arrayBuffer());
        await app.openArchive(new File([bytes], 'my-phone-kheaders.tar.xz'));
      });
      await page.locator('kh-app header .summary').waitFor(T);
      await openFromTree(page, '/mnt/my-phone-kheaders.tar.xz/include/linux/kernel.h');
      await page.locator('kh-share-button.share button').click();
      const notes = page.locator('kh-share-button.share .notes');
      await notes.waitFor(T);
      assert.match(
        await notes.innerText(),
        /Files opened from your disk \(my-phone-kheaders\.tar\.xz\) cannot travel in a link.*open file will not be there/,
      );
    },
  },
  {
    name: 'links past the named limits are refused in words; the page stays usable',
    async run({ page, baseUrl }) {
      const notice = page.locator('kh-app .share-notice');
      await ready(page, `${baseUrl}#v=1&${A}${'&x=true'.repeat(5000)}`);
      assert.match(await notice.innerText(), /carries 5,000 commands; .* link\.maxCommands = 500/);
      await type(page, 'echo still-here');
      assert.match(await lastOutput(page), /\nstill-here\n$/);

      await page.goto('about:blank');
      await ready(page, `${baseUrl}#v=1&${A}&x=echo%20${'a'.repeat(100_000)}`);
      assert.match(
        await notice.innerText(),
        /100,0\d\d characters long; .*link\.maxFragmentChars = 65,536/,
      );

      await page.goto('about:blank');
      await ready(page, `${baseUrl}#v=1&${A}&x=echo%20${'b'.repeat(5000)}`);
      assert.match(
        await notice.innerText(),
        /5,005 characters; at most link\.maxCommandChars = 4,096/,
      );
      await type(page, 'echo still-here');
      assert.match(await lastOutput(page), /\nstill-here\n$/);
      assert.equal(await finished(page), 1, 'nothing of the refused links ran');
    },
  },
  {
    name: 'a hostile link over the user’s work asks first; no keeps the work',
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      await type(page, 'echo my-work > /tmp/mine.txt');
      const hostile = `#v=1&${A}&x=rm%20-rf%20/tmp/mine.txt`;
      await page.evaluate((h) => (location.hash = h), hostile);
      const ask = page.locator('kh-link-confirm');
      await ask.waitFor(T);
      assert.match(await ask.locator('pre').innerText(), /^\$ rm -rf \/tmp\/mine\.txt$/m);
      await shot('42-hostile-link-asks');
      await ask.locator('button.skip').click();
      await page.locator('kh-app .share-notice', { hasText: 'not run' }).waitFor(T);
      await type(page, 'cat /tmp/mine.txt');
      assert.equal(await lastOutput(page), '$ cat /tmp/mine.txt\nmy-work\n');
      assert.doesNotMatch(await screen(page), /# rm -rf/);

      // The same link again: asked again; this time the user says yes.
      await page.evaluate(() => (location.hash = ''));
      await page.evaluate((h) => (location.hash = h), hostile);
      await ask.waitFor(T);
      await ask.locator('button.run').click();
      await waitForScreen(page, '# rm -rf /tmp/mine.txt');
      await type(page, 'ls /tmp/mine.txt');
      assert.match(await lastOutput(page), /No such file or directory/);
    },
  },
  {
    name: 'Back and Forward move between files inside the app',
    async run({ page, baseUrl, shot }) {
      await page.goto('about:blank');
      await ready(page, `${baseUrl}#v=1&${A}&f=/proc/version`);
      await page.locator('kh-file-viewer #L1').waitFor(T);
      assert.equal(await viewerPath(page), '/proc/version');
      await type(page, 'echo kept > /tmp/state.txt');
      await page.evaluate(() => (window.__sameDocument = true));
      await openFromTree(page, '/proc/meminfo');
      assert.equal(await viewerPath(page), '/proc/meminfo');
      await page.locator('kh-file-viewer #L3 .n').click();

      await page.goBack(); // the selection
      await page.waitForFunction(() => !location.hash.includes('L3'), null, T);
      assert.equal(await viewerPath(page), '/proc/meminfo');
      assert.equal(await selected(page), 0);
      await page.goBack(); // the file
      await waitForPath(page, '/proc/version');
      await page.locator('kh-file-viewer #L1').waitFor(T);
      assert.ok(page.url().startsWith(baseUrl), page.url());
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');
      await shot('43-back-in-app');
      await page.goForward();
      await page.waitForFunction(() => location.hash.includes('meminfo'), null, T);
      await waitForPath(page, '/proc/meminfo');
      // The machine is the one the user had, and nothing was replayed.
      await type(page, 'cat /tmp/state.txt');
      assert.equal(await lastOutput(page), '$ cat /tmp/state.txt\nkept\n');
      assert.equal(await finished(page), 2);
    },
  },
  {
    name: 'following an #include is a history entry too',
    async run({ page, baseUrl }) {
      await ready(page, `${baseUrl}#v=1&${A}&l=load.3`);
      await page.locator('kh-file-viewer a.inc').first().waitFor(T);
      const from = await viewerPath(page);
      await page.locator('kh-file-viewer a.inc').first().click();
      await page.waitForFunction(
        (f) => location.hash.includes('f=') && !location.hash.includes(f),
        from,
        T,
      );
      const runs = await finished(page);
      await page.goBack();
      await waitForPath(page, from);
      assert.equal(await finished(page), runs, 'Back replays no lesson commands');
    },
  },
  {
    name: 'a lesson step link stands alone: unload.1 opened fresh extracts, then unloads',
    async run({ page, baseUrl, shot }) {
      await ready(page, `${baseUrl}#v=1&${A}&l=unload.1`);
      await page.locator('kh-lesson-panel h3', { hasText: 'rmmod' }).waitFor(T);
      await waitForScreen(page, '# ls /tmp');
      const text = await screen(page);
      assert.ok(text.indexOf('# rmmod kheaders') > text.indexOf('# tar -xf'), text);
      await page.locator('kh-app[data-restored]').waitFor(T);
      assert.equal(await kheadersSwitch(page).getAttribute('aria-checked'), 'false');
      assert.equal(await page.locator('kh-memory-gauge', { hasText: 'kheaders' }).count(), 0);
      // The extracted copy stays.
      await type(page, `ls ${TREE}/include/linux/kernel.h`);
      assert.match(await lastOutput(page), new RegExp(`\n${TREE}/include/linux/kernel\\.h\n$`));
      await shot('44-lesson-unload-1-alone');
    },
  },
];
