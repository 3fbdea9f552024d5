// clang on a second visit: a new page in the same profile, once the first
// visit's unpacked wasm is kept (src/worker/clang/wasm-keep.ts). Its first
// compile is what a returning student waits for.
const KEPT = 'clang-wasm';

/** Waits until the first visit's modules are all kept; then times a new page's first compile. */
export async function clangSecondVisit(firstPage, benchUrl, kernelPath) {
  const modules = await firstPage.evaluate(async () => {
    const list = await (await fetch('/public/clang/clang-assets.json')).json();
    return list.modules.length;
  });
  // The cache is written while the first compile runs: wait for the last entry.
  await firstPage.waitForFunction(
    async ([name, n]) => (await (await caches.open(name)).keys()).length >= n,
    [KEPT, modules],
    { timeout: 300_000, polling: 250 },
  );
  const page = await firstPage.context().newPage();
  try {
    await page.goto(benchUrl, { timeout: 300_000 });
    await page.waitForFunction(() => 'khClangBench' in window, null, { timeout: 300_000 });
    return await page.evaluate(([u]) => window.khClangBench.run(u, 1), [kernelPath]);
  } finally {
    await page.close();
  }
}
