/**
 * What the E2E scenarios ask of a page of the built site, said once: when
 * it is ready, how a link is opened fresh, and what the terminal and the
 * panels show.
 */
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
  await page.waitForFunction(
    () => Number(document.querySelector('kh-app')?.dataset.restored ?? 0) >= 1,
    null,
    { timeout: 240_000 },
  );
}

export const screen = (page) => page.locator('kh-terminal').evaluate((el) => el.screenText());
export const kheadersSwitch = (page) =>
  page.locator('kh-module-panel [role=switch]', { hasText: 'kheaders.ko' });
export const viewerPath = (page) => page.locator('kh-file-viewer').evaluate((el) => el.path);
