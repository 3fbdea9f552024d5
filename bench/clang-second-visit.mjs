// clang on a second visit: the page loaded again in the same profile, once the first
// visit's unpacked wasm is kept (src/worker/clang/wasm-keep.ts). The machine
// warms clang in the background (clang-tools.ts's warmClang); the row gives
// that warm-up's time and the first compile after it, what a returning student waits for.
import { waitForAsync } from '../test/support/wait-async.mjs';
const KEPT = 'clang-wasm';

/** Waits until the first visit's modules are all kept; then times the reloaded page's first compile. */
export async function clangSecondVisit(firstPage, benchUrl, kernelPath) {
  const modules = await firstPage.evaluate(async () => {
    const list = await (await fetch('/public/clang/clang-assets.json')).json();
    return list.modules.length;
  });
  // The cache is written while the first compile runs: wait for the last entry.
  await waitForAsync(
    firstPage,
    async ([name, n]) => (await (await caches.open(name)).keys()).length >= n,
    [KEPT, modules],
    { timeout: 300_000, polling: 250 },
  );
  // The same tab loads the page again: a new document in the same profile
  // (run.mjs's page is its context's only one; later rows wait for their own globals).
  await firstPage.goto(benchUrl, { timeout: 300_000 });
  await firstPage.waitForFunction(
    () => 'khClangBench' in window && 'khBrowseBench' in window,
    null,
    { timeout: 300_000 },
  );
  return firstPage.evaluate(([u]) => window.khClangBench.secondVisit(u), [kernelPath]);
}
