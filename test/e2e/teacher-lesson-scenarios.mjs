/**
 * E2E scenarios for teachers' lesson files on the built site: by URL, by
 * drop, hostile (stays text, asks before running over the user's work) and
 * malformed (refused with its line, nothing lost).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { T, freshPage as ready, restored, screen, snap } from './page-helpers.mjs';

const manifest = JSON.parse(
  readFileSync(new URL('../../public/kernel/manifest.json', import.meta.url), 'utf8'),
);
const A = `a=${manifest.release}:${manifest.kheaders.sha256.slice(0, 8)}`;

/** Drops a file made in the page onto the app, as a user's drag would. */
const dropFile = (page, name, text) =>
  page.locator('kh-app').evaluate(
    (app, [n, t]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], n, { type: 'text/markdown' }));
      const main = app.shadowRoot.querySelector('main');
      main.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true }));
      main.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
    },
    [name, text],
  );

const example = readFileSync(new URL('../../public/lessons/example.md', import.meta.url), 'utf8');
const HOSTILE = `---
id: hostile
title: <img src=x onerror="window.pwned=1">Hostile
---

## <script>window.pwned=2</script>Step
<b onclick="window.pwned=3">bold?</b> and \`<i>code</i>\`

\`\`\`sh
rm -rf /tmp/mine.txt
\`\`\`
`;
const MALFORMED = `---
id: broken
title: Broken
---

## One
modlues: kheaders

text
`;

export const scenarios = [
  {
    name: 'teach: a teacher’s lesson by URL, then by drop; its step links carry it',
    context: { viewport: { width: 1280, height: 800 } },
    async run({ page, baseUrl }) {
      await ready(page, `${baseUrl}#v=1&${A}&lesson-url=lessons/example.md`);
      await restored(page);
      const title = example.match(/^title: (.*)$/m)[1];
      await page.locator('kh-lesson-panel h2', { hasText: title }).waitFor(T);
      await page.locator('kh-lesson-panel .source', { hasText: 'lessons/example.md' }).waitFor(T);
      assert.match(await screen(page), /ls -l \/sys\/kernel\/kheaders\.tar\.xz/);
      await snap(page, 'teacher-lesson-url');
      await page.locator('kh-lesson-panel button.next').click();
      await page.waitForFunction(() => location.hash.includes('l=where-bcc-looks.2'), null, T);
      await restored(page, 2);
      assert.match(decodeURIComponent(page.url()), /lesson-url=lessons\/example\.md/);
      await page.locator('kh-terminal').evaluate((el) => el.execute('ls /tmp'));
      assert.match(await screen(page), /kheaders-/);
      // The same lesson dropped as a file, on a fresh page.
      await ready(page, baseUrl);
      await dropFile(page, 'my-lesson.md', example);
      await page.locator('kh-lesson-panel .source', { hasText: 'my-lesson.md' }).waitFor(T);
      await restored(page);
      await snap(page, 'teacher-lesson-drop');
    },
  },
  {
    name: 'teach: a hostile lesson stays text and asks before running over the user’s work',
    context: { viewport: { width: 1280, height: 800 } },
    async run({ page, baseUrl }) {
      await page.route('**/lessons/hostile.md', (r) =>
        r.fulfill({ body: HOSTILE, contentType: 'text/markdown' }),
      );
      await ready(page, baseUrl);
      await page.locator('kh-terminal').evaluate((el) => el.execute('echo mine > /tmp/mine.txt'));
      await page.evaluate(() => (location.hash = '#v=1&lesson-url=lessons/hostile.md'));
      await page.locator('kh-link-confirm').waitFor(T);
      assert.match(
        await page.locator('kh-link-confirm pre').innerText(),
        /rm -rf \/tmp\/mine\.txt/,
      );
      await page.locator('kh-link-confirm button.skip').click();
      await page.locator('kh-lesson-panel h3').waitFor(T);
      const panel = page.locator('kh-lesson-panel');
      assert.equal(await panel.locator('img, b, i, script').count(), 0, 'no markup from the file');
      assert.match(await panel.locator('h2').innerText(), /<img src=x onerror=/);
      assert.equal(await page.evaluate(() => window.pwned), undefined);
      await page.locator('kh-terminal').evaluate((el) => el.execute('cat /tmp/mine.txt'));
      assert.match(await screen(page), /^mine$/m);
      await snap(page, 'teacher-lesson-hostile');
    },
  },
  {
    name: 'teach: a malformed lesson is refused with its line, and nothing is lost',
    context: { viewport: { width: 1280, height: 800 } },
    async run({ page, baseUrl }) {
      await page.route('**/lessons/broken.md', (r) =>
        r.fulfill({ body: MALFORMED, contentType: 'text/markdown' }),
      );
      await ready(page, `${baseUrl}#v=1&lesson-url=lessons/broken.md`);
      const notice = page.locator('kh-app .share-notice');
      await notice.waitFor(T);
      assert.match(
        await notice.innerText(),
        /lessons\/broken\.md, line 7: unknown step setting "modlues"/,
      );
      await dropFile(page, 'broken.md', MALFORMED);
      await page.locator('kh-app .share-notice', { hasText: 'broken.md, line 7' }).waitFor(T);
      await snap(page, 'teacher-lesson-malformed');
    },
  },
];
