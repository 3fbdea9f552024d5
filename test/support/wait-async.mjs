/**
 * Waits until an async predicate, run in the page, resolves truthy.
 * playwright-core's waitForFunction takes a predicate's Promise itself for
 * a truthy value and returns at once (tried: `async () => false` returned
 * in about 100 ms), so every wait on `await term.screenText()` passed
 * without waiting. This runs the predicate in the page, polling as
 * waitForFunction's `polling` would, until it holds or the time is up.
 */
export async function waitForAsync(page, predicate, arg, { timeout = 30_000, polling = 50 } = {}) {
  const ok = await page.evaluate(`(async () => {
    const predicate = ${predicate.toString()};
    const arg = ${JSON.stringify(arg ?? null)};
    const end = performance.now() + ${Number(timeout)};
    for (;;) {
      if (await predicate(arg)) return true;
      if (performance.now() > end) return false;
      await new Promise((next) => setTimeout(next, ${Number(polling)}));
    }
  })()`);
  if (!ok) {
    const what = predicate.toString().replace(/\s+/g, ' ').slice(0, 160);
    throw new Error(`not true within ${timeout} ms: ${what} (${JSON.stringify(arg ?? null)})`);
  }
}
