import { expect } from '@esm-bundle/chai';
import '../../../src/ui/viewer/kh-struct-layout';
import type { KhStructLayout } from '../../../src/ui/viewer/kh-struct-layout';

const text = '/* sched.h */\nstruct task_struct;\nstruct task_struct {\n\tint pid;\n};\n';

async function shown(path: string, line: number): Promise<KhStructLayout> {
  const el = document.createElement('kh-struct-layout');
  el.path = path;
  el.bytes = new TextEncoder().encode(text);
  el.line = line;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

describe('kh-struct-layout', () => {
  afterEach(() => document.querySelectorAll('kh-struct-layout').forEach((e) => e.remove()));

  it('offers the layout of the struct defined on the selected line, typed into the terminal', async () => {
    const el = await shown('/tmp/kheaders-6.1.176/include/linux/sched.h', 3);
    const button = el.shadowRoot!.querySelector('button')!;
    expect(button.textContent).to.contain('Layout of struct task_struct');
    let command = '';
    el.addEventListener(
      'kh-sample',
      (e) => (command = (e as CustomEvent<{ command: string }>).detail.command),
    );
    button.click();
    expect(command).to.equal('kh-layout task_struct /tmp/kheaders-6.1.176 /tmp/kheaders-other');
  });

  it('offers nothing on a declaration or outside a header tree', async () => {
    expect(
      (await shown('/tmp/kheaders-6.1.176/include/linux/sched.h', 2)).shadowRoot!.querySelector(
        'button',
      ),
    ).to.equal(null);
    expect((await shown('/root/notes.h', 3)).shadowRoot!.querySelector('button')).to.equal(null);
  });
});
