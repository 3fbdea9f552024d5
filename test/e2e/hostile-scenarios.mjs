/**
 * E2E: hostile content on the built site. The site's Content-Security-Policy
 * must block an injected inline script; a dropped archive whose names and
 * headers carry markup and terminal escapes must show them as text, with no
 * dialog, no global set and no policy violation from the app's own code.
 */
import assert from 'node:assert/strict';

const T = { timeout: 30_000 };

/** A ustar archive from [name, content, type] triples. */
function craftTar(members) {
  const enc = new TextEncoder();
  const blocks = [];
  const octal = (h, at, len, v) =>
    h.set(enc.encode(v.toString(8).padStart(len - 1, '0') + '\0'), at);
  for (const [name, content, type = '0'] of members) {
    const body = enc.encode(content);
    const h = new Uint8Array(512);
    h.set(enc.encode(name), 0);
    octal(h, 100, 8, type === '5' ? 0o755 : 0o644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, body.length);
    octal(h, 136, 12, 1_700_000_000);
    h.fill(0x20, 148, 156);
    h[156] = type.charCodeAt(0);
    h.set(enc.encode('ustar\u000000'), 257);
    const sum = h.reduce((a, b) => a + b, 0);
    h.set(enc.encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
    const padded = new Uint8Array(Math.ceil(body.length / 512) * 512);
    padded.set(body);
    blocks.push(h, padded);
  }
  blocks.push(new Uint8Array(1024));
  return Buffer.concat(blocks);
}

const NAME = '<img src=x onerror="globalThis.__khPwned=1">.h';

export const scenarios = [
  {
    name: 'hostile content: CSP blocks inline script; markup in names and headers stays text',
    async run({ page, baseUrl, shot }) {
      const dialogs = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.addInitScript(() => {
        globalThis.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          globalThis.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
        );
      });
      await page.goto(baseUrl);
      await page.locator('kh-terminal[ready]').waitFor(T);
      await page.locator('kh-module-panel [role=switch]').first().waitFor(T);

      const csp = await page.evaluate(
        () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content,
      );
      assert.match(csp ?? '', /script-src 'self' 'wasm-unsafe-eval'/);
      assert.deepEqual(
        await page.evaluate(() => globalThis.__cspViolations),
        [],
        'the app itself trips the policy',
      );

      // The policy is in force: an inline script added to the page does not run.
      const inline = await page.evaluate(async () => {
        // Both refusals are reported as events: wait for them, and for the
        // image's failure, after which an allowed onerror would have run.
        const reported = (n) =>
          new Promise((resolve) => {
            const check = () => globalThis.__cspViolations.length >= n && resolve(undefined);
            document.addEventListener('securitypolicyviolation', () => queueMicrotask(check));
            check();
          });
        const before = globalThis.__cspViolations.length;
        const s = document.createElement('script');
        s.textContent = 'globalThis.__khInline = 1';
        document.head.append(s);
        const img = document.createElement('img');
        const failed = new Promise((r) => img.addEventListener('error', r, { once: true }));
        img.setAttribute('onerror', 'globalThis.__khInline = 2');
        img.src = 'data:,not-an-image';
        document.body.append(img);
        await Promise.all([failed, reported(before + 2)]);
        img.remove();
        s.remove();
        return { ran: globalThis.__khInline, violations: globalThis.__cspViolations.length };
      });
      assert.equal(inline.ran, undefined, 'an inline script ran despite the CSP');
      assert.ok(inline.violations >= 1, 'the blocked script was not reported as a violation');
      await page.evaluate(() => (globalThis.__cspViolations.length = 0));

      // Drop the crafted archive (its own name is hostile too).
      const tar = craftTar([
        [
          NAME,
          '<script>globalThis.__khPwned=2</script>\n<img src=x onerror="globalThis.__khPwned=3">\n',
        ],
        ['esc.h', '/* \u001b]0;pwned\u0007 \u001b[6n \u001b[?1049h */\n'],
      ]);
      await page.locator('kh-app').evaluate(
        (app, bytes) => {
          const dt = new DataTransfer();
          const name = '<img src=x onerror="globalThis.__khPwned=4">.tar';
          dt.items.add(new File([new Uint8Array(bytes)], name));
          const target = app.shadowRoot.querySelector('header');
          for (const type of ['dragover', 'drop']) {
            target.dispatchEvent(
              new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }),
            );
          }
        },
        [...tar],
      );
      await page.locator('kh-app header .summary').waitFor(T);
      assert.match(await page.locator('kh-app header .summary').innerText(), /onerror/);
      await shot('hostile-01-dropped');

      // List and print the files in the terminal, open the hostile one in the viewer.
      const mount = await page.evaluate(async () => {
        const app = document.querySelector('kh-app');
        const term = app.shadowRoot.querySelector('kh-terminal');
        await term.execute('ls /mnt');
        return (await term.screenText())
          .split('\n')
          .find((l) => l.includes('onerror'))
          ?.trim();
      });
      assert.ok(mount, 'the hostile mount is not listed in /mnt');
      const shown = await page.evaluate(async (dir) => {
        const term = document.querySelector('kh-app').shadowRoot.querySelector('kh-terminal');
        await term.execute(`ls /mnt/'${dir}' && cat /mnt/'${dir}'/*`);
        return term.screenText();
      }, mount);
      assert.ok(shown.includes('<script>globalThis.__khPwned=2</script>'), shown);
      assert.ok(shown.includes('^[]0;pwned'), 'the OSC escape was obeyed, not shown');
      const browser = page.locator('kh-file-browser');
      await browser.evaluate((el, path) => el.reveal(path), `/mnt/${mount}/${NAME}`);
      const row = browser.locator('[role=treeitem]', { hasText: NAME });
      await row.first().click(T);
      const viewer = page.locator('kh-file-viewer');
      await viewer.locator('text=globalThis.__khPwned=2').first().waitFor(T);
      await shot('hostile-02-viewer');
      const inert = await page.evaluate(() => {
        const all = [];
        const walk = (root) => {
          for (const el of root.querySelectorAll('*')) {
            all.push(el);
            if (el.shadowRoot) walk(el.shadowRoot);
          }
        };
        walk(document);
        return {
          active: all.filter(
            (el) => /^(SCRIPT|IMG|IFRAME)$/.test(el.tagName) && /onerror|__kh/.test(el.outerHTML),
          ).length,
          handlers: all.filter((el) => el.getAttributeNames().some((a) => a.startsWith('on')))
            .length,
          pwned: globalThis.__khPwned,
          violations: globalThis.__cspViolations,
        };
      });
      assert.deepEqual(inert, { active: 0, handlers: 0, pwned: undefined, violations: [] });
      assert.deepEqual(dialogs, [], 'a dialog opened');
    },
  },
];
