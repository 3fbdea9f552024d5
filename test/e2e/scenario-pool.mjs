/**
 * Runs E2E scenarios on a few workers at once, each in a browser context of
 * its own (storage, service worker and caches are per context, so scenarios
 * share nothing but the browser and the site's server).
 *
 * A scenario with `alone: true` runs with no other beside it: it stops the
 * site's server or counts the requests the server saw. A scenario with
 * `expand({page, baseUrl, shot})` is asked first, on a page of its own,
 * for the scenarios it stands for (one per lesson, say).
 */

/** A context and page for one scenario, with the page's errors collected. */
async function openScenario(browser, scenario) {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    ...scenario.context,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  return { context, page, problems };
}

function firstLines(err) {
  return String(err?.stack ?? err)
    .split('\n')
    .slice(0, 6)
    .join('\n     ');
}

/**
 * Every scenario once, at most `workers` at a time; resolves to the number
 * that failed. Lines are printed as scenarios end, whole, so two never mix.
 */
export async function runScenarios(browser, scenarios, { workers, baseUrl, site, shots }) {
  let failed = 0;
  const shotOf = (page) => (name) => page.screenshot({ path: `${shots}${name}.png` });

  /** Runs `step(page)` in a fresh context; false (and a FAIL line) when it throws. */
  async function inContext(scenario, name, step) {
    const { context, page, problems } = await openScenario(browser, scenario);
    const started = Date.now();
    const lines = [];
    let ok = true;
    try {
      await step(page);
      lines.push(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (err) {
      ok = false;
      failed++;
      lines.push(`FAIL ${name}\n     ${firstLines(err)}`);
      await page
        .screenshot({ path: `${shots}failed-${name.replace(/\W+/g, '-')}.png` })
        .catch(() => {});
    }
    for (const p of problems) lines.push(`     ${p}`);
    console.log(lines.join('\n'));
    await context.close();
    return ok;
  }

  const queue = [];
  for (const s of scenarios) {
    if (!s.expand) {
      queue.push(s);
      continue;
    }
    let parts = [];
    const listed = await inContext(s, `${s.name}: listing its parts`, async (page) => {
      parts = await s.expand({ page, baseUrl, shot: shotOf(page) });
    });
    if (listed) queue.push(...parts.map((p) => ({ context: s.context, ...p })));
  }

  // A scenario marked alone waits until nothing runs, and holds new ones off meanwhile.
  let running = 0;
  let aloneRunning = false;
  let aloneWaiting = 0;
  const waiters = [];
  /** Takes a place for `s` if it may start now (checked and taken in one step). */
  const claim = (s) => {
    if (s.alone ? running > 0 : aloneRunning || aloneWaiting > 0) return false;
    running++;
    aloneRunning ||= Boolean(s.alone);
    return true;
  };

  async function worker() {
    for (let s = queue.shift(); s; s = queue.shift()) {
      if (s.alone) aloneWaiting++;
      while (!claim(s)) await new Promise((r) => waiters.push(r));
      if (s.alone) aloneWaiting--;
      try {
        await inContext(s, s.name, (page) => s.run({ page, baseUrl, site, shot: shotOf(page) }));
        // A scenario that stopped the server leaves it running for the next.
        await site.start();
      } finally {
        running--;
        if (s.alone) aloneRunning = false;
        waiters.splice(0).forEach((w) => w());
      }
    }
  }
  await Promise.all(Array.from({ length: workers }, worker));
  return failed;
}
