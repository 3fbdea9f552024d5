import { expect } from '@esm-bundle/chai';
import type { DiskStatus } from '../../src/shared/worker-api';
import '../../src/ui/kh-home-disk';
import type { DiskMachine } from '../../src/ui/kh-home-disk';

const STATUS: DiskStatus = {
  kept: true,
  rebooted: false,
  files: 3,
  bytes: 120,
  sizeBytes: 1 << 30,
  mountMs: 4,
};

/** The disk calls, recorded. */
function disk(status: DiskStatus) {
  const calls: string[] = [];
  const machine: DiskMachine = {
    diskStatus: async () => (calls.push('status'), status),
    exportHome: async () => (calls.push('export'), new Uint8Array([0x1f, 0x8b])),
    importHome: async (bytes) => (
      calls.push(`import ${bytes.length}`),
      { ...status, restored: 2, skipped: ['etc/passwd'] }
    ),
    resetDisk: async () => (calls.push('reset'), { ...status, files: 0, bytes: 0 }),
  };
  return { machine, calls };
}

async function mount(status: DiskStatus) {
  const el = document.createElement('kh-home-disk');
  const d = disk(status);
  el.machine = d.machine;
  el.status = status;
  let restarted = 0;
  el.restart = () => restarted++;
  document.body.append(el);
  await el.updateComplete;
  const text = () => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
  const button = (cls: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`button.${cls}`)!;
  return { el, calls: d.calls, text, button, restarted: () => restarted };
}

describe('kh-home-disk', () => {
  it('says once, in one line, that nothing will be kept where the disk did not open', async () => {
    const { el, text } = await mount({ ...STATUS, kept: false, why: 'no OPFS in this window' });
    const notice = el.shadowRoot!.querySelector('.notice')!;
    expect(notice.getAttribute('role')).to.equal('status');
    expect(text()).to.contain(
      'Nothing you write will be kept after this page closes: no OPFS in this window.',
    );
    el.remove();
  });

  it('after a reload says the machine rebooted with ~ kept; OK puts the line away', async () => {
    const { el, text } = await mount({ ...STATUS, rebooted: true });
    expect(text()).to.contain('rebooted: /tmp is empty; your files in ~ are kept');
    el.shadowRoot!.querySelector<HTMLButtonElement>('.notice button')!.click();
    await el.updateComplete;
    expect(text()).to.not.contain('rebooted');
    el.remove();
  });

  it('resets the machine only after a yes, and restarts it then', async () => {
    const { el, calls, text, button, restarted } = await mount(STATUS);
    button('reset').click();
    await el.updateComplete;
    expect(text()).to.contain('Empty the disk and restart?');
    expect(calls).to.not.include('reset');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[role=alert] button:not(.yes)')!.click();
    await el.updateComplete;
    expect(text()).to.not.contain('Empty the disk');
    expect(calls).to.not.include('reset');
    button('reset').click();
    await el.updateComplete;
    button('yes').click();
    await new Promise((r) => setTimeout(r));
    expect(calls).to.include('reset');
    expect(restarted()).to.equal(1);
    el.remove();
  });

  it('restores a picked archive and says what was left out', async () => {
    const { el, calls, text } = await mount(STATUS);
    let changed: DiskStatus | undefined;
    el.addEventListener('kh-disk-changed', (e) => (changed = e.detail));
    await el.restore(new File([new Uint8Array(10)], 'home.tar.gz'));
    await el.updateComplete;
    expect(calls).to.include('import 10');
    expect(text()).to.contain(
      'Restored 2 files from home.tar.gz. Left out (not under root/ or home/): 1.',
    );
    expect(changed?.files).to.equal(3);
    el.remove();
  });
});
