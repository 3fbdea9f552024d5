/**
 * Faults injected from outside the app, into the built site: an error
 * thrown inside the machine's worker (through the browser's own worker
 * handle, not an app hook), and a loop that never yields, stopped with
 * Ctrl-C from the keyboard.
 */
import assert from 'node:assert/strict';
import { screen, waitForScreen } from './scenarios.mjs';
import { ready, T } from './page-helpers.mjs';

async function type(page, line) {
  await page.locator('kh-terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

export const scenarios = [
  {
    name: 'the worker crashes: a notice, a restart, and /tmp as it was',
    async run({ page, baseUrl, shot }) {
      await ready(page, baseUrl);
      await type(
        page,
        'modprobe kheaders && mkdir -p /tmp/work && echo kept > /tmp/work/note && cd /tmp/work && echo set-$((6*7))',
      );
      await waitForScreen(page, 'set-42');
      // The snapshot is taken after the command: wait until the page holds it.
      await page.locator('kh-app').evaluate((app) => app.machine.checkpointed());
      const [worker] = page.workers();
      assert.ok(worker, 'the machine runs in a worker');
      // Reported as an uncaught error would be, without waiting for a timer.
      await worker.evaluate(() => reportError(new Error('injected by the E2E suite')));
      const notice = page.locator('kh-app .machine-notice');
      await notice.filter({ hasText: 'restarted with kheaders loaded' }).waitFor(T);
      assert.match(await notice.innerText(), /The machine stopped \(.*injected by the E2E suite\)/);
      await shot('20-worker-crash-restored');
      await type(page, 'cat note; pwd; lsmod | grep -c kheaders; echo done-$((2+3))');
      await waitForScreen(page, 'done-5');
      const shown = await screen(page);
      assert.match(shown, /kept\s+\/tmp\/work\s+1/, JSON.stringify(shown.slice(-400)));
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      assert.equal(await notice.count(), 0);
    },
  },
  {
    name: 'Ctrl-C stops a loop that never yields, on a cross-origin isolated page',
    async run({ page, baseUrl }) {
      await ready(page, baseUrl);
      assert.equal(await page.evaluate(() => crossOriginIsolated), true);
      // The loop never yields: without the shared flag it would run on and print finished.
      await type(
        page,
        'echo started-$((0+1)); for i in $(seq 1 99000); do x=$((x+i)); done; echo finished',
      );
      await waitForScreen(page, 'started-1');
      await page.keyboard.press('Control+C');
      await type(page, 'echo after-$((1+1))');
      await waitForScreen(page, 'after-2');
      assert.doesNotMatch(await screen(page), /^finished/m);
    },
  },
];
