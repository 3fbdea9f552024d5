/**
 * A config change is a rebuild and a reboot, and the machine says so: the
 * new kernel's banner (the same line /proc/version gives), the modules the
 * reboot dropped, and what became of /tmp.
 */
import { expect } from '@esm-bundle/chai';
import { bootMachine } from './machine-helpers';

describe('reboot notice', function () {
  this.timeout(60_000);

  it('names the banner, the dropped module and /tmp', async () => {
    const { machine, sh } = await bootMachine();
    expect((await sh('modprobe kheaders && echo kept > /tmp/mine')).code).to.equal(0);
    const { rebootNotice, modules } = await machine.setConfig({ IKCONFIG: 'm' });
    const version = (await sh('cat /proc/version')).out.trim();
    const lines = rebootNotice.split('\n');
    expect(lines[0]).to.match(/^Rebuilt the kernel \(CONFIG_IKCONFIG: y -> m\) and rebooted\.$/);
    expect(lines[1]).to.equal(`[    0.000000] ${version}`);
    expect(lines[2]).to.contain('kheaders');
    expect(rebootNotice).to.contain('/tmp');
    expect(modules.find((m) => m.name === 'kheaders')?.status).to.equal('unloaded');
    expect((await sh('cat /tmp/mine')).out).to.equal('kept\n');
  });
});
