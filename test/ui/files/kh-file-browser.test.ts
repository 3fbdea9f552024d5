import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/ui/files/kh-file-browser';
import type { KhFileBrowser } from '../../../src/ui/files/kh-file-browser';
import { FakeMachine, until } from '../fake-machine';

/** A machine with an extracted tree of 6,000 headers under /tmp. */
function bigMachine(): FakeMachine {
  const files: Record<string, string> = { '/tmp/kh/include/linux/kernel.h': '#pragma once\n' };
  for (let i = 0; i < 6000; i++) files[`/tmp/kh/include/linux/f${i}.h`] = 'int x;\n';
  return new FakeMachine(files);
}

async function browser(machine: FakeMachine, first = '/tmp/kh'): Promise<KhFileBrowser> {
  const el = document.createElement('kh-file-browser');
  el.style.height = '400px';
  el.style.display = 'flex';
  el.machine = machine;
  el.state = machine.state;
  document.body.append(el);
  await until(() => el.shadowRoot!.querySelector(`[data-path="${first}"]`), 'the tree');
  return el;
}

const rows = (el: KhFileBrowser) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=treeitem]'),
];

describe('kh-file-browser', () => {
  afterEach(() => document.querySelectorAll('kh-file-browser').forEach((e) => e.remove()));

  it('draws only the visible rows of a 6,000-file folder', async () => {
    const el = await browser(bigMachine());
    await el.reveal('/tmp/kh/include/linux/kernel.h');
    // The revealed file is drawn (scrolled to, past the 6,000 others).
    await until(
      () => el.shadowRoot!.querySelector('[data-path="/tmp/kh/include/linux/kernel.h"]'),
      'the big folder',
    );
    expect(el.shadowRoot!.querySelector('.status')!.textContent).to.match(/60\d\d shown/);
    expect(rows(el).length).to.be.lessThan(80);
  });

  it('filters by name across the whole tree and opens a match', async () => {
    const el = await browser(bigMachine());
    const input = el.shadowRoot!.querySelector('input')!;
    input.value = 'kernel.h';
    input.dispatchEvent(new Event('input'));
    await until(() => el.shadowRoot!.textContent!.includes('1 match'), 'the match');
    let opened = '';
    el.addEventListener('kh-open-file', (e) => (opened = e.detail.path));
    rows(el)[0].click();
    await until(() => opened, 'the open event');
    expect(opened).to.equal('/tmp/kh/include/linux/kernel.h');
  });

  it('keeps the end of a match’s folder in view (the middle goes) and the tree as it was after', async () => {
    const deep = '/tmp/kheaders-6.1.176/arch/x86/include/uapi/asm';
    const el = await browser(
      new FakeMachine({
        [`${deep}/sched.h`]: 'int a;',
        '/tmp/kheaders-6.1.176/include/linux/sched.h': 'int b;',
        '/tmp/kheaders-6.1.176/include/uapi/linux/sched.h': 'int c;',
      }),
      '/tmp/kheaders-6.1.176',
    );
    el.style.width = '300px';
    await el.reveal('/tmp/kheaders-6.1.176/include/linux/sched.h');
    const before = rows(el).map((r) => r.dataset.path);
    const input = el.shadowRoot!.querySelector('input')!;
    input.value = 'sched.h';
    input.dispatchEvent(new Event('input'));
    await until(() => el.shadowRoot!.textContent!.includes('3 matches'), 'the matches');
    const row = el.shadowRoot!.querySelector<HTMLElement>(`[data-path="${deep}/sched.h"]`)!;
    const tail = row.querySelector<HTMLElement>('.tail')!;
    const head = row.querySelector<HTMLElement>('.head')!;
    expect(tail.textContent).to.equal('include/uapi/asm');
    // Narrow row: the head is cut, the tail is drawn whole inside the row.
    expect(head.scrollWidth).to.be.greaterThan(head.clientWidth);
    expect(tail.getBoundingClientRect().right).to.be.at.most(row.getBoundingClientRect().right + 1);
    expect(row.querySelector('.name')!.getAttribute('title')).to.equal(`${deep}/sched.h`);
    input.value = '';
    input.dispatchEvent(new Event('input'));
    await until(() => !el.shadowRoot!.textContent!.includes('match'), 'the tree again');
    expect(rows(el).map((r) => r.dataset.path)).to.deep.equal(before);
  });

  it('shows the headers file when the module loads and drops it when it unloads', async () => {
    const machine = new FakeMachine();
    const el = await browser(machine, '/proc');
    // The tree follows the machine's changes: a command's result brings its open folders' listings.
    machine.onChange((c) => {
      el.change = c;
      if (c.state) el.state = c.state;
    });
    const archive = () => el.shadowRoot!.querySelector('[data-path="/sys/kernel/kheaders.tar.xz"]');
    expect(archive()).to.equal(null);
    await machine.run('modprobe kheaders', { write: () => {} });
    await until(archive, 'the archive to appear');
    await machine.run('rmmod kheaders', { write: () => {} });
    await until(() => !archive(), 'the archive to vanish');
  });

  it('is usable from the keyboard', async () => {
    const el = await browser(new FakeMachine({ '/tmp/a.h': 'int a;' }), '/tmp/a.h');
    const list = el.shadowRoot!.querySelector<HTMLElement>('[role=tree]')!;
    list.focus();
    let opened = '';
    el.addEventListener('kh-open-file', (e) => (opened = e.detail.path));
    await sendKeys({ press: 'End' });
    await sendKeys({ press: 'Enter' });
    await until(() => opened, 'Enter to open the last row');
    expect(opened).to.equal('/tmp/a.h');
    expect(list.getAttribute('aria-activedescendant')).to.match(/^row-\d+$/);
  });
});
