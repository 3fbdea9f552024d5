/**
 * E2E scenarios for teaching with the built site: presenter mode at
 * projector sizes (text, what stays on screen, the QR code decoded by jsQR,
 * clicker keys), the everyday layout (terminal rows, the divider, no shift,
 * a phone, large text) and the embedded view. Screenshots go to
 * /tmp/teach-shots/ as well.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { waitForAsync } from '../support/wait-async.mjs';
import { SLOW, T, freshPage as ready, restored, snap } from './page-helpers.mjs';

const manifest = JSON.parse(
  readFileSync(new URL('../../public/kernel/manifest.json', import.meta.url), 'utf8'),
);
const A = `a=${manifest.release}:${manifest.kheaders.sha256.slice(0, 8)}`;

const terminalRows = (page) => page.locator('kh-terminal').evaluate((el) => el.size.rows);
const pageScrolls = (page) =>
  page.evaluate(() => document.scrollingElement.scrollHeight > innerHeight + 1);

/** The element's box lies inside the window. */
async function onScreen(locator, what) {
  const box = await locator.boundingBox();
  assert.ok(box, `${what} is drawn`);
  const { w, h } = await locator.page().evaluate(() => ({ w: innerWidth, h: innerHeight }));
  assert.ok(
    box.x >= 0 && box.y >= 0 && box.x + box.width <= w + 1 && box.y + box.height <= h + 1,
    `${what} on screen: ${JSON.stringify(box)} in ${w}×${h}`,
  );
}

/**
 * The element is what the user sees at its centre and near its bottom edge:
 * not clipped by a pane that hides overflow, not covered by another.
 */
async function uncovered(locator, what) {
  const seen = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hits = (x, y) => {
      let hit = document.elementFromPoint(x, y);
      for (let inner = hit?.shadowRoot?.elementFromPoint(x, y); inner && inner !== hit;) {
        hit = inner;
        inner = hit.shadowRoot?.elementFromPoint(x, y);
      }
      for (let n = hit; n; n = n.parentNode ?? n.host) if (n === el) return true;
      return false;
    };
    const x = r.x + r.width / 2;
    return hits(x, r.y + r.height / 2) && hits(x, r.bottom - 2);
  });
  assert.ok(seen, `${what} is not clipped or covered`);
}

/** Sample commands the user cannot reach: cut off by their row or the window, or under the terminal. */
const chipsOutOfReach = (page) =>
  page.locator('kh-sample-commands').evaluate((el) => {
    const row = el.shadowRoot.querySelector('ul').getBoundingClientRect();
    const term = el.parentElement.querySelector('kh-terminal').getBoundingClientRect();
    return [...el.shadowRoot.querySelectorAll('button')]
      .filter((b) => {
        const r = b.getBoundingClientRect();
        return (
          r.left < Math.max(row.left, 0) - 1 ||
          r.right > Math.min(row.right, innerWidth) + 1 ||
          (r.bottom > term.top + 1 && r.top < term.bottom - 1) ||
          b.scrollWidth > b.clientWidth + 1
        );
      })
      .map((b) => `${b.textContent.trim()} ${JSON.stringify(b.getBoundingClientRect())}`);
  });

/** What the status line under the header shows no text in: its empty height in px. */
const emptyBand = (page) =>
  page.locator('kh-archive-bar').evaluate((bar) => {
    const line = bar.shadowRoot.querySelector('.status-line');
    return line.innerText.trim() ? 0 : line.getBoundingClientRect().height;
  });

/** Text sizes in px: terminal, viewer code, lesson text. */
const presenterSizes = (page) =>
  page.evaluate(() => {
    const app = document.querySelector('kh-app').shadowRoot;
    const code = app.querySelector('kh-file-viewer').shadowRoot.querySelector('.code');
    return {
      terminal: app.querySelector('kh-terminal').size.fontSize,
      code: parseFloat(getComputedStyle(code).fontSize),
      lesson: parseFloat(getComputedStyle(app.querySelector('kh-lesson-panel')).fontSize),
    };
  });

/** Draws the QR code's SVG on a canvas and decodes it with jsQR. */
async function decodeQr(page) {
  await page.locator('kh-step-qr svg').waitFor(T);
  const { data, size } = await page.locator('kh-step-qr').evaluate(async (el) => {
    const svg = el.shadowRoot.querySelector('svg');
    const size = 400;
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    await img.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: size, height: size });
    const g = canvas.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, size, size);
    g.drawImage(img, 0, 0, size, size);
    return { data: [...g.getImageData(0, 0, size, size).data], size };
  });
  return jsQR(Uint8ClampedArray.from(data), size, size)?.data;
}

export const scenarios = [
  {
    name: 'teach: everyday layout at 1280×800: 24+ terminal rows, no page scroll, nothing moves',
    context: { viewport: { width: 1280, height: 800 } },
    async run({ page, baseUrl }) {
      // Where the terminal stands on every frame from first paint to a ready machine.
      await page.addInitScript(() => {
        window.termTops = [];
        const tick = () => {
          const t = document.querySelector('kh-app')?.shadowRoot?.querySelector('kh-terminal');
          if (t) window.termTops.push(Math.round(t.getBoundingClientRect().top));
          if (!t?.hasAttribute('ready') || window.termTops.length < 5) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      await ready(page, baseUrl);
      await snap(page, 'layout-1280x800');
      const rows = await terminalRows(page);
      assert.ok(rows >= 24, `${rows} terminal rows at 1280×800`);
      assert.equal(await pageScrolls(page), false, 'the page does not scroll');
      const tops = [...new Set(await page.evaluate(() => window.termTops))];
      assert.equal(tops.length, 1, `the terminal stayed put while booting: ${tops}`);
      // The line kept for progress is one line, not a blank band under the header.
      const band = await emptyBand(page);
      assert.ok(band <= 28, `the empty status line is ${band} px high`);
      assert.deepEqual(
        await chipsOutOfReach(page),
        [],
        'every sample command in reach at 1280×800',
      );
      // An archive arriving: progress, then its summary, in the reserved line.
      const top = async () => (await page.locator('kh-terminal').boundingBox()).y;
      const before = await top();
      await page.locator('kh-app .url-form input').fill(`${baseUrl}kernel/kheaders.tar.xz`);
      await page.locator('kh-app .url-form button').click();
      await page.locator('kh-app .summary').waitFor(T);
      assert.equal(await top(), before, 'the terminal did not move when the archive arrived');
      await snap(page, 'layout-1280x800-archive');
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.waitForFunction(() => innerWidth === 1920);
      assert.deepEqual(
        await chipsOutOfReach(page),
        [],
        'every sample command in reach at 1920×1080',
      );
      assert.equal(await pageScrolls(page), false, 'the page does not scroll at 1920×1080');
    },
  },
  {
    name: 'teach: the divider drags, and the copied link remembers the split',
    context: { viewport: { width: 1280, height: 800 } },
    async run({ page, baseUrl }) {
      await ready(page, baseUrl);
      const handle = page.locator('kh-split-handle');
      const box = await handle.boundingBox();
      const termBefore = (await page.locator('kh-terminal').boundingBox()).height;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y - 150, { steps: 5 });
      await page.mouse.up();
      const split = Number(await handle.getAttribute('aria-valuenow'));
      assert.ok(split < 50, `dragged up to ${split}%`);
      const termAfter = (await page.locator('kh-terminal').boundingBox()).height;
      assert.ok(termAfter < termBefore - 100, `terminal ${termBefore} → ${termAfter} px`);
      const link = await page.locator('kh-app kh-share-button.share').evaluate((el) => el.link);
      assert.match(link, new RegExp(`[#&]s=${split}(&|$)`));
      await ready(page, link);
      await restored(page);
      assert.equal(
        await page.locator('kh-split-handle').getAttribute('aria-valuenow'),
        String(split),
      );
    },
  },
  {
    name: 'teach: on a phone the terminal is in the first screen; at 200% text all scales',
    context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    async run({ page, baseUrl }) {
      await ready(page, baseUrl);
      await snap(page, 'layout-phone');
      const box = await page.locator('kh-terminal').boundingBox();
      assert.ok(box.y < 844 / 2, `terminal starts at ${box.y} px`);
      assert.ok(box.y + Math.min(box.height, 300) <= 844, 'its first rows are on the first screen');
      assert.deepEqual(await chipsOutOfReach(page), [], 'every sample command in reach on a phone');
      // 200% text as the browser's text-size setting sets it.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
      await ready(page, baseUrl);
      await page.waitForFunction(
        () => {
          const t = document.querySelector('kh-app').shadowRoot.querySelector('kh-terminal');
          return t.size.fontSize >= 24;
        },
        null,
        T,
      );
      const url = await page
        .locator('kh-app .url-form input')
        .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      assert.ok(url >= 24, `the URL box's text is ${url} px at 200%`);
      // Against the screen's width: on a phone the layout viewport grows with what sticks out.
      const wide = await page.evaluate(
        () => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
      );
      assert.equal(wide, false, 'nothing sticks out sideways at 200%');
      assert.deepEqual(await chipsOutOfReach(page), [], 'every sample command in reach at 200%');
      const big = await page.locator('kh-terminal').boundingBox();
      assert.ok(big.y + 100 <= 844, `at 200% the terminal starts on the first screen: ${big.y} px`);
      await snap(page, 'layout-phone-200pct');
    },
  },
  ...[
    [1280, 800],
    [1920, 1080],
  ].map(([w, h]) => ({
    name: `teach: presenter at ${w}×${h}: 20 px and up, all on screen, the QR code${w === 1280 ? ', the keys' : ''}`,
    context: { viewport: { width: w, height: h } },
    async run({ page, baseUrl }) {
      await ready(page, `${baseUrl}#v=1&${A}&l=load.2&p=presenter`);
      await restored(page);
      await page.locator('kh-lesson-panel[presenter]').waitFor(T);
      await page.locator('kh-file-viewer .code').waitFor(T);
      const sizes = await presenterSizes(page);
      for (const [what, px] of Object.entries(sizes))
        assert.ok(px >= 20, `${what} text ${px} px at ${w}×${h}`);
      if (w > 1280) assert.ok(sizes.terminal >= 24, `grows with the window: ${sizes.terminal}`);
      await onScreen(page.locator('kh-module-panel'), 'the module panel');
      await onScreen(page.locator('kh-memory-gauge'), 'the memory gauge');
      await uncovered(page.locator('kh-module-panel'), 'the module panel');
      await uncovered(page.locator('kh-memory-gauge'), 'the memory gauge');
      assert.ok(
        await page
          .locator('kh-app .kernel')
          .evaluate((el) => el.scrollHeight <= el.clientHeight + 1),
        'the kernel pane shows all of the module panel and the gauge',
      );
      await onScreen(
        page.locator('kh-file-browser [data-path="/sys/kernel/kheaders.tar.xz"]'),
        'the archive’s tree row',
      );
      await uncovered(
        page.locator('kh-file-browser [data-path="/sys/kernel/kheaders.tar.xz"]'),
        'the archive’s tree row',
      );
      await onScreen(page.locator('kh-step-qr'), 'the QR code');
      assert.equal(await pageScrolls(page), false, 'nothing to scroll');
      const panel = page.locator('kh-lesson-panel');
      assert.ok(
        await panel.evaluate((el) => el.scrollHeight <= el.clientHeight + 1),
        'the lesson text fits',
      );
      const shown = page.locator('kh-lesson-panel .link-box .link');
      assert.ok(
        await shown.evaluate((el) => el.getClientRects().length === 1 && el.scrollHeight < 60),
        'the link text is one line',
      );
      assert.ok(
        await shown.evaluate((el) => el.scrollWidth <= el.clientWidth + 1),
        'the link text is whole, not elided',
      );
      const link = await page.locator('kh-step-qr').evaluate((el) => el.link);
      assert.match(link, /#v=1&a=[^&]+&l=load\.2$/);
      assert.equal(await decodeQr(page), link, 'the QR code decodes to the step link');
      await snap(page, `presenter-${w}x${h}`);
      // The keys do not depend on the size: walked once, at the first (each step replays an extraction).
      if (w !== 1280) return;

      // Clicker keys.
      await page.locator('kh-lesson-panel h2').click();
      await page.keyboard.press('PageDown');
      await page.waitForFunction(() => location.hash.includes('l=load.3'), null, T);
      await restored(page, 2);
      assert.equal(await decodeQr(page), link.replace('load.2', 'load.3'));
      // Clickers that send the arrows: up is back, down is on.
      await page.keyboard.press('ArrowUp');
      await page.waitForFunction(() => location.hash.includes('l=load.2'), null, T);
      await restored(page, 3);
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction(() => location.hash.includes('l=load.3'), null, T);
      await restored(page, 4);
      // In the terminal the keys are the shell's: `b` is typed, Up recalls history, Esc stays.
      await page.locator('kh-terminal').click();
      await page.keyboard.type('echo bravo');
      await page.keyboard.press('Enter');
      // Done when its transcript entry is written: the prompt is back by then.
      await page.waitForFunction(
        () => {
          const t = document.querySelector('kh-app').shadowRoot.querySelector('kh-terminal');
          const last = t.shadowRoot.querySelector('[role=log]').lastElementChild?.textContent;
          return /echo bravo\s+bravo/.test(last ?? '');
        },
        null,
        T,
      );
      await page.keyboard.press('ArrowUp');
      await waitForAsync(
        page,
        async () => {
          const t = document.querySelector('kh-app').shadowRoot.querySelector('kh-terminal');
          return (await t.screenText()).split('echo bravo').length === 3;
        },
        null,
        T,
      );
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+C');
      assert.match(page.url(), /l=load\.3/, 'the terminal’s Up did not step');
      assert.equal(
        await page.locator('kh-app .blank').count(),
        0,
        'the terminal’s b did not blank',
      );
      // Had Esc left presenter mode, Down would not step.
      await page.locator('kh-lesson-panel h2').click();
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction(() => location.hash.includes('l=load.4'), null, T);
      await restored(page, 5);
      await page.locator('kh-lesson-panel[presenter]').waitFor(T);
      await page.keyboard.press('b');
      await page.locator('kh-app .blank').waitFor(T);
      await snap(page, `presenter-${w}x${h}-blank`);
      await page.keyboard.press('b');
      await page.locator('kh-app .blank').waitFor({ state: 'detached', ...T });
      // Ctrl + zooms the presenter's text, not the page, and is remembered.
      const before = (await presenterSizes(page)).terminal;
      await page.keyboard.press('Control+Equal');
      await page.waitForFunction(
        (b) =>
          document.querySelector('kh-app').shadowRoot.querySelector('kh-terminal').size.fontSize >
          b,
        before,
        T,
      );
      await ready(page, page.url());
      await restored(page);
      assert.ok((await presenterSizes(page)).terminal > before, 'the zoom was remembered');
      await page.keyboard.press('Control+Minus');
      await page.waitForFunction(
        (b) =>
          document.querySelector('kh-app').shadowRoot.querySelector('kh-terminal').size.fontSize <=
          b,
        before,
        T,
      );
      await snap(page, `presenter-${w}x${h}-step4`);
      await page.locator('kh-lesson-panel h2').click();
      await page.keyboard.press('Escape');
      await page.locator('kh-lesson-panel:not([presenter])').waitFor(T);
      await page.locator('kh-app header h1').waitFor({ state: 'visible', ...T });
      assert.doesNotMatch(page.url(), /presenter/);
    },
  })),
  {
    name: 'teach: the embedded terminal fills its iframe, without the header',
    context: { viewport: { width: 1000, height: 700 } },
    async run({ page, baseUrl }) {
      const src = `${baseUrl}#v=1&${A}&l=load.2&embed=terminal`;
      await page.route('**/__embed.html', (r) =>
        r.fulfill({
          contentType: 'text/html',
          headers: {
            'Cross-Origin-Opener-Policy': 'same-origin',
            'Cross-Origin-Embedder-Policy': 'require-corp',
          },
          body: `<!doctype html><p>A course page.</p><iframe src="${src}" width="800" height="450" style="border:0" title="kheaders playground: terminal"></iframe>`,
        }),
      );
      await page.goto(`${baseUrl}__embed.html`);
      const frame = page.frameLocator('iframe');
      await frame.locator('kh-terminal[ready]').waitFor(T);
      await frame.locator('kh-app[data-restored]').waitFor(SLOW);
      assert.equal(await frame.locator('kh-app header h1').isVisible(), false, 'no header');
      assert.equal(await frame.locator('kh-file-viewer').isVisible(), false, 'no viewer');
      const term = await frame.locator('kh-terminal').boundingBox();
      const ifr = await page.locator('iframe').boundingBox();
      assert.ok(
        term.width >= ifr.width - 20 && term.height >= ifr.height - 60,
        `terminal ${term.width}×${term.height} in a ${ifr.width}×${ifr.height} frame`,
      );
      const text = await frame.locator('kh-terminal').evaluate((el) => el.screenText());
      assert.match(text, /lsmod/);
      await snap(page, 'embed-terminal');
    },
  },
];
