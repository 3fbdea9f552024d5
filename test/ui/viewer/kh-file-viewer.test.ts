import { expect } from '@esm-bundle/chai';
import '../../../src/ui/viewer/kh-file-viewer';
import type { KhFileViewer } from '../../../src/ui/viewer/kh-file-viewer';

const HEADER = `/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H
#include <linux/stddef.h>
static inline int add(int a, int b) { return a + b; }
#endif
`;

async function viewer(text: string | Uint8Array): Promise<KhFileViewer> {
  const el = document.createElement('kh-file-viewer');
  el.style.height = '300px';
  el.style.display = 'flex';
  el.path = '/tmp/kh/include/linux/kernel.h';
  el.bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  el.size = el.bytes.length;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

describe('kh-file-viewer', () => {
  afterEach(() => document.querySelectorAll('kh-file-viewer').forEach((e) => e.remove()));

  it('highlights C with line numbers', async () => {
    const el = await viewer(HEADER);
    const line5 = el.shadowRoot!.querySelector('#L5')!;
    expect(line5.querySelector('.n')!.textContent).to.equal('5');
    expect(line5.querySelector('.t-keyword')!.textContent).to.equal('static');
    expect(el.shadowRoot!.querySelector('#L1 .t-comment')).to.not.equal(null);
  });

  it('selects a line, extends with shift, and reports the range', async () => {
    const el = await viewer(HEADER);
    const ranges: unknown[] = [];
    el.addEventListener('kh-select-lines', (e) => {
      ranges.push(e.detail);
      el.from = e.detail?.from ?? 0;
      el.to = e.detail?.to ?? 0;
    });
    el.shadowRoot!.querySelector<HTMLElement>('#L2 .n')!.click();
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLElement>('#L4 .n')!.dispatchEvent(
      new MouseEvent('click', { bubbles: true, shiftKey: true }),
    );
    await el.updateComplete;
    expect(ranges).to.deep.equal([
      { from: 2, to: 2 },
      { from: 2, to: 4 },
    ]);
    expect(el.shadowRoot!.querySelectorAll('.l.sel').length).to.equal(3);
  });

  it('opens an #include target', async () => {
    const el = await viewer(HEADER);
    let asked: unknown;
    el.addEventListener('kh-open-include', (e) => (asked = e.detail));
    el.shadowRoot!.querySelector<HTMLElement>('a.inc')!.click();
    expect(asked).to.deep.equal({
      target: { name: 'linux/stddef.h', local: false },
      from: '/tmp/kh/include/linux/kernel.h',
    });
  });

  it('searches inside the file', async () => {
    const el = await viewer(HEADER);
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
    const line1 = el.shadowRoot!.querySelector('#L1');
    input.value = 'kernel_h';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('mark').length).to.equal(2);
    expect(el.shadowRoot!.querySelector('.count')!.textContent).to.equal('1/2');
    // A keystroke marks; it does not rebuild the file's lines.
    input.value = 'kernel_';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#L1')).to.equal(line1);
    expect(el.shadowRoot!.querySelectorAll('mark').length).to.equal(2);
    input.value = '';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('mark').length).to.equal(0);
  });

  it('shows an xz archive as hex with a notice', async () => {
    const el = await viewer(new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2]));
    expect(el.shadowRoot!.querySelector('.notice')!.textContent).to.contain('xz archive');
    expect(el.shadowRoot!.querySelector('.hex')!.textContent).to.match(/^00000000 {2}fd 37 7a 58/);
  });
});
