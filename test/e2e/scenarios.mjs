/**
 * The E2E scenarios: what a student does in the playground, in order.
 * Locators pierce the elements' open shadow roots.
 */
import assert from 'node:assert/strict';

const T = { timeout: 30_000 };
const ARCHIVE = '[data-path="/sys/kernel/kheaders.tar.xz"]';

async function ready(page, baseUrl, hash = '') {
  await page.goto(baseUrl + hash);
  await page.locator('kh-terminal[ready]').waitFor(T);
  await page.locator('kh-module-panel [role=switch]').first().waitFor(T);
  await page.locator('kh-module-panel .path code, kh-module-panel .path').first().waitFor(T);
  await page.waitForFunction(
    () => !document.querySelector('kh-app')?.shadowRoot?.querySelector('kh-load-progress'),
    null,
    T,
  );
}

export const screen = (page) => page.locator('kh-terminal').evaluate((el) => el.screenText());

export async function waitForScreen(page, text) {
  const end = Date.now() + T.timeout;
  while (Date.now() < end) {
    if ((await screen(page)).includes(text)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`terminal never showed ${JSON.stringify(text)}:\n${await screen(page)}`);
}

async function waitForPrompt(page, count) {
  await page.waitForFunction(
    (n) => {
      const t = document.querySelector('kh-app')?.shadowRoot?.querySelector('kh-terminal');
      return (
        (t?.shadowRoot?.querySelectorAll('[role=log] pre:not([data-running])').length ?? 0) >= n
      );
    },
    count,
    T,
  );
}

const kheadersSwitch = (page) =>
  page.locator('kh-module-panel [role=switch]', { hasText: 'kheaders.ko' });

export const scenarios = [
  {
    name: 'module, extraction, viewer, unload',
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      await shot('01-loaded');

      // The switch runs modprobe in the terminal, and the file appears in the tree.
      await kheadersSwitch(page).click();
      await waitForScreen(page, '# modprobe kheaders');
      await page.locator(`kh-file-browser ${ARCHIVE}`).waitFor(T);
      await page
        .locator('kh-module-panel [role=switch][aria-checked=true]', { hasText: 'kheaders.ko' })
        .waitFor(T);
      await page.locator('kh-memory-gauge', { hasText: 'kheaders' }).waitFor(T);
      await shot('02-module-loaded');

      // The archive itself opens as a browsable view: mounted read-only under /mnt.
      await page.locator(`kh-file-browser ${ARCHIVE}`).click();
      await page.locator('kh-file-viewer button.browse').click();
      await page.locator('kh-file-browser [data-path="/mnt/kheaders.tar.xz/include"]').waitFor(T);
      await shot('02b-archive-view');

      // The extraction sample types itself in; Enter runs it.
      await page.locator('kh-sample-commands button', { hasText: 'tar -xf' }).click();
      await waitForScreen(page, 'tar -xf /sys/kernel/kheaders.tar.xz');
      await page.keyboard.press('Enter');
      await waitForPrompt(page, 2);
      const release = await page.locator('kh-app').evaluate(async (app) => {
        return app.shadowRoot.querySelector('kh-module-panel').state.release;
      });
      const tree = `/tmp/kheaders-${release}`;
      await page.keyboard.type('ls /tmp');
      await page.keyboard.press('Enter');
      await waitForScreen(page, `kheaders-${release}`);
      await shot('03-extracted');

      // Find kernel.h by filter and open it.
      const filter = page.locator('kh-file-browser input[type=search]');
      await filter.fill('include/linux/kernel.h');
      const row = page.locator(`kh-file-browser [data-path="${tree}/include/linux/kernel.h"]`);
      await row.click(T);
      const viewer = page.locator('kh-file-viewer');
      await viewer.locator('#L1').waitFor(T);
      const preproc = await viewer.locator('.t-preproc').count();
      const keywords = await viewer.locator('.t-keyword').count();
      assert.ok(
        preproc > 3 && keywords > 3,
        `highlighted tokens: ${preproc} preproc, ${keywords} keywords`,
      );
      const includeLine = viewer.locator('.l', { has: page.locator('a.inc') }).first();
      assert.match(await includeLine.innerText(), /#include\s*<linux\//);
      await viewer.locator('#L10 .n').click();
      await viewer.locator('#L14 .n').click({ modifiers: ['Shift'] });
      assert.equal(await viewer.locator('.l.sel').count(), 5);
      assert.ok(page.url().endsWith(`#file=${tree}/include/linux/kernel.h&L10-L14`), page.url());
      await shot('04-viewer');

      // Search inside the file.
      await viewer.locator('input[type=search]').fill('container_of');
      assert.ok((await viewer.locator('mark').count()) > 0, 'search marks');
      await viewer.locator('input[type=search]').fill('');

      // An #include link opens the included header.
      const target = await includeLine.locator('a.inc').getAttribute('data-inc');
      await includeLine.locator('a.inc').click();
      await page.waitForFunction((t) => location.hash.includes(t), target, T);
      await viewer.locator('#L1').waitFor(T);
      await shot('05-include-followed');

      // Unloading removes the file from /sys; the extracted copy stays.
      await filter.fill('');
      await kheadersSwitch(page).click();
      await waitForScreen(page, '# rmmod kheaders');
      await page.locator(`kh-file-browser ${ARCHIVE}`).waitFor({ state: 'detached', ...T });
      // The switch follows the machine's state, which may come after the listing.
      await page
        .locator('kh-module-panel [role=switch][aria-checked=false]', { hasText: 'kheaders.ko' })
        .waitFor(T);
      await filter.fill('kernel.h');
      await page.locator(`kh-file-browser [data-path="${tree}/include/linux/kernel.h"]`).waitFor(T);
      await filter.fill('');
      await shot('06-unloaded');
    },
  },
  {
    name: 'the URL remembers a file and lines',
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl, '#file=/proc/config.gz');
      await page.locator('kh-file-viewer .notice', { hasText: 'gzip' }).waitFor(T);
      await shot('07-config-gz-hex');
    },
  },
  {
    name: 'dropping archives: a good one mounts, a bad one is explained',
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      const drop = (name, bytesExpr) =>
        page.locator('kh-app').evaluate(
          async (app, [name, bytesExpr]) => {
            const bytes =
              bytesExpr === 'demo'
                ? new Uint8Array(await (await fetch('kernel/kheaders.tar.xz')).arrayBuffer())
                : new TextEncoder().encode('this is not an archive');
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], name));
            const target = app.shadowRoot.querySelector('header');
            target.dispatchEvent(
              new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }),
            );
            target.dispatchEvent(
              new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
            );
          },
          [name, bytesExpr],
        );
      await drop('notes.txt', 'text');
      const alert = page.locator('kh-app header [role=alert]');
      await alert.waitFor(T);
      assert.match(await alert.innerText(), /notes\.txt could not be opened: .+\. Try/);
      await shot('08-bad-drop');
      await drop('my-device-kheaders.tar.xz', 'demo');
      const summary = page.locator('kh-app header .summary');
      await summary.waitFor(T);
      assert.match(
        await summary.innerText(),
        /my-device-kheaders\.tar\.xz: 3\.\d MiB → 30\.\d MiB/,
      );
      assert.match(await summary.innerText(), /CRC64/);
      await page
        .locator('kh-file-browser [data-path="/mnt/my-device-kheaders.tar.xz/include"]')
        .waitFor(T);
      await shot('09-good-drop');
    },
  },
  {
    name: 'opening a URL: it streams in and mounts; a missing one is explained',
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      const open = async (url) => {
        await page.locator('kh-app .url-form input').fill(url);
        await page.locator('kh-app .url-form button').click();
      };
      await open(`${baseUrl}kernel/no-such-archive.tar.xz`);
      const alert = page.locator('kh-app header [role=alert]');
      await alert.waitFor(T);
      // A static host answers 404; vite preview answers with its page, which is named as such.
      assert.match(await alert.innerText(), /HTTP 404|a web page \(HTML\), not an archive/);
      await open(`${baseUrl}kernel/kheaders.tar.xz`);
      await page.locator('kh-file-browser [data-path="/mnt/kheaders.tar.xz/include"]').waitFor(T);
      assert.match(await page.locator('kh-app header .summary').innerText(), /CRC64 verified/);
      await shot('09b-url-opened');
    },
  },
  {
    name: 'dark theme',
    context: { colorScheme: 'dark' },
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      await kheadersSwitch(page).click();
      await page.locator(`kh-file-browser ${ARCHIVE}`).waitFor(T);
      await page.locator(`kh-file-browser ${ARCHIVE}`).click();
      await page.locator('kh-file-viewer .hex').waitFor(T);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, 'rgb(18, 20, 24)');
      await shot('10-dark');
    },
  },
  {
    name: 'phone layout with key bar',
    context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      await page
        .locator('kh-key-bar button', { hasText: 'Tab' })
        .waitFor({ state: 'visible', ...T });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
      await page.locator('kh-terminal .xterm-helper-textarea').focus();
      await page.keyboard.type('modp');
      await page.locator('kh-key-bar button', { hasText: 'Tab' }).tap();
      await waitForScreen(page, '# modprobe');
      await shot('11-phone');
    },
  },
  {
    name: 'keyboard only',
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      // Tab reaches the module switch; Space toggles it.
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          let el = document.activeElement;
          while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
          return el?.getAttribute('role') === 'switch' ? el.textContent.trim() : '';
        });
        if (focused.includes('kheaders')) break;
      }
      await shot('12-keyboard-focus');
      await page.keyboard.press('Space');
      await waitForScreen(page, '# modprobe kheaders');
    },
  },
];
