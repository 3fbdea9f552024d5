/**
 * E2E: reading headers as kernel people do, on the built site. From the
 * demo's trace_events.h, `current->pid`: `current` leads to its macro,
 * whose `struct task_struct` leads to the struct; the viewer shows which of
 * its fields this config compiled, the panel what the other kernel's config
 * compiles differently, and Back walks the way back, file by file.
 */
import assert from 'node:assert/strict';

const T = { timeout: 60_000 };
const SLOW = { timeout: 240_000 };

const SETUP = [
  'modprobe kheaders',
  'mkdir -p /tmp/kheaders-$(uname -r) /tmp/kheaders-other',
  'tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/kheaders-$(uname -r)',
  'kh-other-machine',
  'tar -xf /tmp/other-machine/kheaders.tar.xz -C /tmp/kheaders-other',
].join(' && ');

const viewerPath = (page) =>
  page.evaluate(
    () => document.querySelector('kh-app').shadowRoot.querySelector('kh-file-viewer').path,
  );

const waitPath = (page, suffix) =>
  page.waitForFunction(
    (s) =>
      document.querySelector('kh-app').shadowRoot.querySelector('kh-file-viewer').path.endsWith(s),
    suffix,
    SLOW,
  );

/** Opens a file as a pick in the tree does; the caller waits for what it expects on screen. */
const open = (page, path) =>
  page.evaluate((p) => void document.querySelector('kh-app').openFile(p), path);

export const scenarios = [
  {
    name: 'browse: current->pid to struct task_struct, its compiled fields, the other kernel, Back',
    async run({ page, baseUrl, shot }) {
      page.setDefaultTimeout(SLOW.timeout);
      await page.goto(baseUrl);
      await page.locator('kh-terminal[ready]').waitFor(T);
      const release = await page.evaluate(async (setup) => {
        const app = document.querySelector('kh-app');
        const term = app.shadowRoot.querySelector('kh-terminal');
        await term.execute(setup);
        return (await app.machine.getState()).release;
      }, SETUP);
      const tree = `/tmp/kheaders-${release}`;
      await open(page, `${tree}/include/linux/trace_events.h`);
      const viewer = page.locator('kh-file-viewer');
      await viewer.locator('#L154 .sym[data-sym="current"]').click();
      await waitPath(page, '/asm/current.h');
      const defs = page.locator('kh-symbol-panel ul.defs');
      await defs.getByText('arch/x86/include/asm/current.h:18').waitFor();
      await shot('browse-01-current');

      await viewer.locator('.l .sym[data-sym="task_struct"]').first().click();
      await waitPath(page, '/include/linux/sched.h');
      await viewer.locator('#L494.sel').waitFor();
      // CONFIG_SCHED_CORE is off here: its fields in struct task_struct are marked out.
      const sched = await viewer
        .locator('.l', { hasText: '#ifdef CONFIG_SCHED_CORE' })
        .first()
        .getAttribute('id');
      const core = Number(sched.slice(1));
      await viewer.locator(`#L${core + 1}.cfg-out`).waitFor();
      const smp = await viewer
        .locator('.l', { hasText: '#ifdef CONFIG_SMP' })
        .first()
        .getAttribute('id');
      assert.ok(
        !(await viewer.locator(`#L${Number(smp.slice(1)) + 1}`).getAttribute('class')).includes(
          'cfg-out',
        ),
      );
      // The other kernel (SCHED_CORE on, TASK_DELAY_ACCT off, ...) compiles other fields.
      const panel = page.locator('kh-symbol-panel');
      await panel.locator('.moved-count', { hasText: /inside struct task_struct/ }).waitFor();
      const count = await panel.locator('.moved-count').textContent();
      const inside = Number(/(\d+) inside struct task_struct/.exec(count)[1]);
      assert.ok(inside >= 2, count);
      await panel
        .locator('ul.moved li', { hasText: 'CONFIG_SCHED_CORE' })
        .getByText('out here, in there')
        .first()
        .waitFor();
      await shot('browse-02-task-struct');
      await panel.getByLabel('mark blocks by its config').check();
      await viewer.locator(`#L${core + 1}:not(.cfg-out)`).waitFor();
      await shot('browse-03-other-config');

      await page.goBack();
      await waitPath(page, '/asm/current.h');
      await page.goBack();
      await waitPath(page, '/include/linux/trace_events.h');
      assert.equal(await viewerPath(page), `${tree}/include/linux/trace_events.h`);

      // One file's diff against the other kernel's, with line links into both.
      await open(page, `${tree}/include/generated/autoconf.h`);
      await panel.locator('kh-diff-view pre').waitFor();
      await panel
        .locator('kh-diff-view a', { hasText: /^there L\d+/ })
        .first()
        .click();
      await waitPath(page, '/tmp/kheaders-other/include/generated/autoconf.h');
      await shot('browse-04-diff');
      // The two trees: files changed, counted, each a link.
      await panel.getByRole('button', { name: 'Compare the trees' }).click();
      await panel
        .locator('kh-tree-diff .counts', { hasText: /0 added, 0 removed, [1-9]\d* changed/ })
        .waitFor();
      await panel
        .locator('kh-tree-diff li a', { hasText: 'M include/generated/autoconf.h' })
        .waitFor();
      await page.goBack();
      await waitPath(page, `${tree}/include/generated/autoconf.h`);
    },
  },
];
