/**
 * What the E2E scenarios ask of a page of the built site, said once: when
 * it is ready, how a link is opened fresh, and what the terminal and the
 * panels show.
 */
import { mkdirSync } from 'node:fs';

export const T = { timeout: 30_000 };

/** Goes to `url` (when given) and waits for the terminal and the module panel. */
export async function ready(page, url) {
  if (url) await page.goto(url);
  await page.locator('kh-terminal[ready]').waitFor(T);
  await page.locator('kh-module-panel [role=switch]').first().waitFor(T);
}

/** Opens a version 1 link and waits until the app says it is fully restored. */
export async function openLink(page, baseUrl, hash) {
  // A fresh document each time: a hash-only goto would reuse the page.
  await page.goto('about:blank');
  await ready(page, baseUrl + hash);
  // A lesson step may replay compiles (the headers-match lesson runs clang a few times).
  await restored(page);
}

export const screen = (page) => page.locator('kh-terminal').evaluate((el) => el.screenText());
export const kheadersSwitch = (page) =>
  page.locator('kh-module-panel [role=switch]', { hasText: 'kheaders.ko' });
export const viewerPath = (page) => page.locator('kh-file-viewer').evaluate((el) => el.path);

export const SLOW = { timeout: 240_000 };

/** Like ready(), from a blank page first: a hash-only change would reuse the document. */
export async function freshPage(page, url) {
  await page.goto('about:blank');
  await ready(page, url);
}

/** Waits until the app has fully opened n links (its own counter). */
export const restored = (page, n = 1) =>
  page.waitForFunction(
    (k) => Number(document.querySelector('kh-app')?.dataset.restored ?? 0) >= k,
    n,
    SLOW,
  );

/** Screenshots for a person to look at, in /tmp/teach-shots/. */
const SHOTS = '/tmp/teach-shots/';
mkdirSync(SHOTS, { recursive: true });
export const snap = (page, name) => page.screenshot({ path: `${SHOTS}${name}.png` });
