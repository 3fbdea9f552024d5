/**
 * The viewer's side of the identifier index: an identifier is a link that
 * asks for its definitions (with the file and line it was clicked on), and
 * #if marking classes lines out or unknown and titles each branch's
 * directive with why, without rebuilding the file's markup.
 */
import { expect } from '@esm-bundle/chai';
import '../../../src/ui/viewer/kh-file-viewer';
import type { KhFileViewer } from '../../../src/ui/viewer/kh-file-viewer';

const TEXT = `struct task_struct *p;
#ifdef CONFIG_SCHED_CORE
\tint core_cookie;
#endif
#if FOO
\tint maybe;
#endif
`;

async function viewer(): Promise<KhFileViewer> {
  const el = document.createElement('kh-file-viewer');
  el.path = '/tmp/kh/include/linux/sched.h';
  el.bytes = new TextEncoder().encode(TEXT);
  el.size = el.bytes.length;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

describe('kh-file-viewer: symbols and #if marking', () => {
  afterEach(() => document.querySelectorAll('kh-file-viewer').forEach((e) => e.remove()));

  it('sends an identifier’s name, file and line when it is clicked; keywords are no links', async () => {
    const el = await viewer();
    const asked = new Promise<unknown>((resolve) =>
      el.addEventListener('kh-open-symbol', (e) => resolve(e.detail), { once: true }),
    );
    const sym = el.shadowRoot!.querySelector<HTMLElement>('#L1 .sym[data-sym="task_struct"]')!;
    sym.click();
    expect(await asked).to.deep.equal({ name: 'task_struct', from: el.path, line: 1 });
    expect(el.shadowRoot!.querySelector('#L1 .sym[data-sym="struct"]')).to.equal(null);
  });

  it('marks lines out and unknown, and says why on the directive line', async () => {
    const el = await viewer();
    const html = el.shadowRoot!.querySelector('.code')!.innerHTML;
    el.compiled = ['in', 'in', 'out', 'in', 'in', 'unknown', 'in'];
    el.branches = [
      {
        line: 2,
        endLine: 4,
        directive: '#ifdef CONFIG_SCHED_CORE',
        state: 'out',
        reason: 'CONFIG_SCHED_CORE is not set',
        depth: 0,
      },
      {
        line: 5,
        endLine: 7,
        directive: '#if FOO',
        state: 'unknown',
        reason: 'depends on FOO',
        depth: 0,
      },
    ];
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(root.querySelector('#L3')!.classList.contains('cfg-out')).to.equal(true);
    expect(root.querySelector('#L6')!.classList.contains('cfg-unknown')).to.equal(true);
    expect(root.querySelector('#L1')!.classList.contains('cfg-out')).to.equal(false);
    expect(root.querySelector('#L2')!.getAttribute('title')).to.equal(
      'compiled out: CONFIG_SCHED_CORE is not set',
    );
    el.compiled = undefined;
    await el.updateComplete;
    expect(root.querySelectorAll('.cfg-out, .cfg-unknown').length).to.equal(0);
    expect(root.querySelector('.code')!.innerHTML.replace(/ class="l"/g, '')).to.equal(
      html.replace(/ class="l"/g, ''),
    );
  });
});
