/**
 * E2E: every lesson step opens from its own link, the short form that
 * names only the step (the one the panel shows and people share); the
 * lesson's first step also from the link with the whole state written out.
 * That both forms carry the same state for every step is pure logic, and
 * test/lessons/lessons.test.ts checks it for each step; a browser opening
 * each step twice, each time on a fresh machine that compiles from cold,
 * doubled the longest run of the suite, and so did replaying each step
 * in a second page to read its link. One scenario per lesson (the
 * runner asks the built site which lessons it has), so the runner's
 * workers walk them side by side.
 */
import assert from 'node:assert/strict';
import { kheadersSwitch, openLink, ready, screen, viewerPath } from './page-helpers.mjs';

const shotDir = new URL('./screenshots/', import.meta.url).pathname;
const START = 'kh-lesson-panel button[data-lesson]';

/** The lessons the built site lists, in its order. */
async function lessonIds(page, baseUrl) {
  await ready(page, baseUrl);
  await page.locator('kh-app .lessons-toggle').click();
  const ids = await page.locator(START).evaluateAll((bs) => bs.map((b) => b.dataset.lesson));
  assert.ok(ids.length >= 4, `${ids.length} lessons`);
  return ids;
}

/** What the link's own parameters say the opened page must show. */
async function checkOpened(page, params, count, name) {
  const panel = page.locator('kh-lesson-panel');
  assert.equal(await panel.locator('.count').getAttribute('aria-label'), count, name);
  assert.match(await panel.locator('h3').innerText(), /\S/, name);
  // Loaded by the link's module list or a modprobe among its commands, unless one unloads it.
  const commands = params.getAll('x');
  // A modprobe loads it only as root, with kmod in the image and the module built.
  const canLoad = !(params.get('t') ?? '').includes('kmod') && (params.get('k') ?? '')[1] !== 'n';
  let asUser = false;
  let modprobed = false;
  for (const c of commands) {
    if (/^su\b/.test(c)) asUser = true;
    else if (c === 'exit') asUser = false;
    else if (c.includes('modprobe kheaders') && !asUser && canLoad) modprobed = true;
  }
  const loaded =
    ((params.get('m') ?? '').includes('kheaders') || modprobed) &&
    !commands.includes('rmmod kheaders');
  const builtIn = (params.get('k') ?? '')[1] === 'y';
  assert.equal(
    await kheadersSwitch(page).getAttribute('aria-checked'),
    String(loaded || builtIn),
    `${name}: kheaders loaded`,
  );
  const text = await screen(page);
  for (const cmd of commands)
    assert.ok(
      // root's prompt ends in #, a user's (after su) in $.
      text.includes(`# ${cmd.slice(0, 40)}`) || text.includes(`$ ${cmd.slice(0, 40)}`),
      `${name}: ran ${cmd}\n${text}`,
    );
  if (params.get('f')) {
    assert.equal(await viewerPath(page), params.get('f'), name);
    const notices = await page.locator('kh-app .share-notice').allInnerTexts();
    assert.deepEqual(notices, [], name);
  }
  if (params.get('k')?.startsWith('p'))
    assert.equal(await page.locator('kh-module-panel select#era').inputValue(), 'proc-5.2-rc1');
}

/** The step's whole link as its panel offers it (written from the lesson, not from the machine). */
const fullLink = (page) =>
  page.locator('kh-lesson-panel kh-share-button').evaluate((el) => el.link);

/**
 * Walks one lesson in one page, each step opened fresh from its own link.
 * Next (PageDown past a step that is not opened) moves the address at
 * once, which tells whether the next step is a real-kernel one; the page is
 * opened on that step's short link before it replays anything, so no
 * step's commands run twice.
 */
async function walkLesson(page, baseUrl, id) {
  await ready(page, baseUrl);
  await page.locator('kh-app .lessons-toggle').click();
  await page.locator(`${START}[data-lesson="${id}"]`).click();
  const panel = page.locator('kh-lesson-panel');
  const count = await panel.locator('.count').getAttribute('aria-label');
  const n = Number(/ of (\d+)$/.exec(count)[1]);
  let short = await panel.locator('.link').innerText();
  const first = await fullLink(page);
  // A real-kernel step's link boots Linux in v86: real-kernel-scenarios.mjs walks that switch.
  const isReal = (link) => new URLSearchParams(link.slice(link.indexOf('#') + 1)).get('r') === '1';
  let real = isReal(first);
  let shown = true;
  let opened = 0;
  let realSteps = 0;
  for (let k = 1; ; k++) {
    assert.match(short, /#v=1&a=[^&]+&l=[\w-]+\.\d+$/);
    assert.ok(short.length <= 80, short);
    if (real) realSteps++;
    for (const link of real ? [] : opened === 0 ? [first, short] : [short]) {
      await openLink(page, '', link);
      opened++;
      const full = await fullLink(page);
      const params = new URLSearchParams(full.slice(full.indexOf('#') + 1));
      const name = `${id}.${k} (${link === short ? 'short' : 'full'} link)`;
      assert.equal(params.get('l'), `${id}.${k}`, name);
      if (link === first) assert.equal(full, first, name);
      // The panel names this step, and shows the very link that opened it.
      assert.equal(await panel.locator('.link').innerText(), short, name);
      await checkOpened(page, params, `Step ${k} of ${n}`, name);
      if (['load.3', 'load.4', 'debate.1'].includes(params.get('l')) && link === short) {
        // Two frames: the step's view is painted before the picture is taken.
        await page.evaluate(
          () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
        );
        await page.screenshot({ path: `${shotDir}30-lesson-${params.get('l')}.png` });
      }
      shown = true;
    }
    if (k === n) {
      if (shown) assert.ok(await panel.locator('button.next').isDisabled(), `${id}: the last step`);
      break;
    }
    // The next step's address, read in the same task as the key or click that moved
    // to it: once that step is replayed, the app writes its short form over it.
    const moved = shown
      ? await panel.locator('button.next').evaluate((b) => (b.click(), location.hash))
      : await page.evaluate(
          () => (dispatchEvent(new KeyboardEvent('keydown', { key: 'PageDown' })), location.hash),
        );
    shown = false;
    assert.match(moved, new RegExp(`&l=${id}\\.${k + 1}(&|$)`));
    real = isReal(moved);
    short = short.replace(/\.\d+$/, `.${k + 1}`);
  }
  assert.ok(opened > 0 || realSteps > 0, `${id}: no step`);
}

export const scenarios = [
  {
    name: 'lessons: every step opens from its own link',
    /** One scenario per lesson the built site lists. */
    async expand({ page, baseUrl, shot }) {
      const ids = await lessonIds(page, baseUrl);
      await shot('31-lessons-list');
      return ids.map((id) => ({
        name: `lessons: every step of ${id} opens from its own link`,
        run: ({ page, baseUrl }) => walkLesson(page, baseUrl, id),
      }));
    },
  },
];
