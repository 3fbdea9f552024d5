/**
 * E2E: every lesson step opens from its own link, the short form that
 * names only the step (the one the panel shows and people share); the
 * lesson's first step also from the link with the whole state written out.
 * That both forms carry the same state for every step is pure logic, and
 * test/lessons/lessons.test.ts checks it for each step; a browser opening
 * each step twice, each time on a fresh machine that compiles from cold,
 * doubled the longest run of the suite. One scenario per lesson (the
 * runner asks the built site which lessons it has), so the runner's
 * workers walk them side by side.
 */
import assert from 'node:assert/strict';
import { T, kheadersSwitch, openLink, ready, screen, viewerPath } from './page-helpers.mjs';

// A real-kernel step's commands run in v86 first (tar -xJf of 6,361 files:
// 9 s on a quiet machine, over 30 s on a loaded one).
const SLOW = { timeout: 240_000 };
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
async function checkOpened(other, params, title, name) {
  assert.equal(await other.locator('kh-lesson-panel h3').innerText(), title, name);
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
    await kheadersSwitch(other).getAttribute('aria-checked'),
    String(loaded || builtIn),
    `${name}: kheaders loaded`,
  );
  const text = await screen(other);
  for (const cmd of commands)
    assert.ok(
      // root's prompt ends in #, a user's (after su) in $.
      text.includes(`# ${cmd.slice(0, 40)}`) || text.includes(`$ ${cmd.slice(0, 40)}`),
      `${name}: ran ${cmd}\n${text}`,
    );
  if (params.get('f')) {
    assert.equal(await viewerPath(other), params.get('f'), name);
    const notices = await other.locator('kh-app .share-notice').allInnerTexts();
    assert.deepEqual(notices, [], name);
  }
  if (params.get('k')?.startsWith('p'))
    assert.equal(await other.locator('kh-module-panel select#era').inputValue(), 'proc-5.2-rc1');
}

/** Walks one lesson with Next, opening each step's link in a second page. */
async function walkLesson(page, baseUrl, id) {
  await ready(page, baseUrl);
  await page.locator('kh-app .lessons-toggle').click();
  await page.locator(`${START}[data-lesson="${id}"]`).click();
  const other = await page.context().newPage();
  let opened = 0;
  let realSteps = 0;
  for (;;) {
    const panel = page.locator('kh-lesson-panel');
    const title = await panel.locator('h3').innerText();
    const short = await panel.locator('.link').innerText();
    const full = await panel.locator('kh-share-button').evaluate((el) => el.link);
    assert.match(short, /#v=1&a=[^&]+&l=[\w-]+\.\d+$/);
    assert.ok(short.length <= 80, short);
    const params = new URLSearchParams(full.slice(full.indexOf('#') + 1));
    // A real-kernel step's link boots Linux in v86: real-kernel-scenarios.mjs walks that switch.
    if (params.get('r') === '1') {
      assert.match(title, /\S/);
      realSteps++;
    } else
      for (const link of opened === 0 ? [full, short] : [short]) {
        await openLink(other, '', link);
        opened++;
        const name = `${params.get('l')} (${link === short ? 'short' : 'full'} link)`;
        await checkOpened(other, params, title, name);
        if (['load.3', 'load.4', 'debate.1'].includes(params.get('l')) && link === short) {
          // Two frames: the step's view is painted before the picture is taken.
          await other.evaluate(
            () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
          );
          await other.screenshot({ path: `${shotDir}30-lesson-${params.get('l')}.png` });
        }
      }
    const next = page.locator('kh-lesson-panel button.next');
    if (await next.isDisabled()) break;
    await next.click();
    await page.waitForFunction(
      (t) =>
        document
          .querySelector('kh-app')
          .shadowRoot.querySelector('kh-lesson-panel')
          ?.shadowRoot.querySelector('h3')?.textContent !== t,
      title,
      params.get('r') === '1' ? SLOW : T,
    );
  }
  assert.ok(opened > 0 || realSteps > 0, `${id}: no step`);
  await other.close();
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
