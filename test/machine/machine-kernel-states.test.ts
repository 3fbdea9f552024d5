/**
 * The kernel's configurations and the module tools' answers in each, with
 * kmod 30's exact messages (checked against Debian bookworm's kmod), and the
 * views in /proc, /sys and free that follow the state.
 */
import { expect } from '@esm-bundle/chai';
import { coreSize } from '../../src/common/module-size';
import { bootMachine } from './machine-helpers';

const notHere = (path: string) => ({
  out: '',
  err: `ls: cannot access '${path}': No such file or directory\n`,
  code: 2,
});

describe('machine kernel states: what the module tools say in each config', function () {
  this.timeout(60_000);

  it('IKHEADERS=n: modprobe cannot find the module in /lib/modules/<release>', async () => {
    const { machine, sh, release } = await bootMachine();
    await machine.setConfig({ IKHEADERS: 'n' });
    expect(await sh('modprobe kheaders')).to.deep.equal({
      out: '',
      err: `modprobe: FATAL: Module kheaders not found in directory /lib/modules/${release}\n`,
      code: 1,
    });
    expect(await sh('modprobe -q kheaders')).to.deep.equal({ out: '', err: '', code: 1 });
    expect(await sh('ls /sys/kernel/kheaders.tar.xz')).to.deep.equal(
      notHere('/sys/kernel/kheaders.tar.xz'),
    );
    expect(await sh('zcat /proc/config.gz | grep IKHEADERS')).to.deep.equal({
      out: '# CONFIG_IKHEADERS is not set\n',
      err: '',
      code: 0,
    });
  });

  it('IKHEADERS=y: built in, the file is there without loading; modprobe is silent, rmmod refuses', async () => {
    const { machine, sh, manifest } = await bootMachine();
    await machine.setConfig({ IKHEADERS: 'y' });
    expect((await sh('ls -l /sys/kernel/kheaders.tar.xz')).out).to.match(
      new RegExp(
        `^-r--r--r-- 1 root root ${manifest.kheaders.bytes} .* /sys/kernel/kheaders.tar.xz\\n$`,
      ),
    );
    expect(await sh('modprobe kheaders')).to.deep.equal({ out: '', err: '', code: 0 });
    expect(await sh('rmmod kheaders')).to.deep.equal({
      out: '',
      err: 'rmmod: ERROR: Module kheaders is builtin.\n',
      code: 1,
    });
    expect(await sh('modprobe -r kheaders')).to.deep.equal({
      out: '',
      err: 'modprobe: FATAL: Module kheaders is builtin.\n',
      code: 1,
    });
    // Built-in modules are not in lsmod or /proc/modules.
    expect((await sh('lsmod')).out).to.equal('Module                  Size  Used by\n');
    expect((await sh('cat /proc/modules')).out).to.equal('');
    expect((await sh('sha256sum < /sys/kernel/kheaders.tar.xz')).out).to.equal(
      `${manifest.kheaders.sha256}  -\n`,
    );
  });

  it('insmod twice says File exists; rmmod of what is not loaded says so', async () => {
    const { sh, release } = await bootMachine();
    const ko = `/lib/modules/${release}/kernel/kernel/kheaders.ko`;
    expect(await sh(`insmod ${ko}`)).to.deep.equal({ out: '', err: '', code: 0 });
    expect(await sh(`insmod ${ko}`)).to.deep.equal({
      out: '',
      err: `insmod: ERROR: could not insert module ${ko}: File exists\n`,
      code: 1,
    });
    expect(await sh('rmmod kheaders')).to.deep.equal({ out: '', err: '', code: 0 });
    expect(await sh('rmmod kheaders')).to.deep.equal({
      out: '',
      err: 'rmmod: ERROR: Module kheaders is not currently loaded\n',
      code: 1,
    });
    expect(await sh('modprobe -r kheaders')).to.deep.equal({
      out: '',
      err: 'modprobe: FATAL: Module kheaders is not in kernel.\n',
      code: 1,
    });
    expect(await sh('insmod /nope.ko')).to.deep.equal({
      out: '',
      err: 'insmod: ERROR: could not load module /nope.ko: No such file or directory\n',
      code: 1,
    });
  });

  it('the 5.2-rc1 era: /proc/kheaders.tar.xz, no /sys/kernel/kheaders.tar.xz, IKHEADERS_PROC', async () => {
    const { machine, sh, manifest } = await bootMachine();
    await machine.setConfig({ era: 'proc-5.2-rc1' });
    expect(await sh('ls /proc/kheaders.tar.xz')).to.deep.equal(notHere('/proc/kheaders.tar.xz'));
    expect(await sh('modprobe kheaders')).to.deep.equal({ out: '', err: '', code: 0 });
    expect(await sh('wc -c < /proc/kheaders.tar.xz')).to.deep.equal({
      out: `${manifest.kheaders.bytes}\n`,
      err: '',
      code: 0,
    });
    expect(await sh('ls /sys/kernel/kheaders.tar.xz')).to.deep.equal(
      notHere('/sys/kernel/kheaders.tar.xz'),
    );
    expect((await sh('zcat /proc/config.gz | grep IKHEADERS')).out).to.equal(
      'CONFIG_IKHEADERS_PROC=m\n',
    );
    expect((await machine.getState()).headersPath).to.equal('/proc/kheaders.tar.xz');
  });

  it('/proc/meminfo and free move by the module size on load and unload', async () => {
    const { sh, manifest } = await bootMachine();
    const kb = coreSize(manifest.kheaders.bytes) / 1024;
    const memFree = async () =>
      Number(/^MemFree:\s+(\d+) kB$/m.exec((await sh('cat /proc/meminfo')).out)![1]);
    const freeColumn = async () => Number((await sh("free | awk '/^Mem:/ {print $4}'")).out.trim());
    const before = [await memFree(), await freeColumn()];
    expect(before[0]).to.equal(before[1]);
    await sh('modprobe kheaders');
    expect([await memFree(), await freeColumn()]).to.deep.equal([before[0]! - kb, before[1]! - kb]);
    await sh('rmmod kheaders');
    expect([await memFree(), await freeColumn()]).to.deep.equal(before);
  });

  it('/proc/config.gz follows IKCONFIG and IKCONFIG_PROC', async () => {
    const { machine, sh, release } = await bootMachine();
    expect(await sh('zcat /proc/config.gz | grep IKCONFIG')).to.deep.equal({
      out: 'CONFIG_IKCONFIG=y\nCONFIG_IKCONFIG_PROC=y\n',
      err: '',
      code: 0,
    });
    await machine.setConfig({ IKCONFIG: 'm' });
    // A module now: /proc/config.gz comes with `modprobe configs` and goes with rmmod.
    expect(await sh('zcat /proc/config.gz')).to.deep.equal({
      out: '',
      err: 'gzip: /proc/config.gz: No such file or directory\n',
      code: 1,
    });
    expect(await sh('modprobe configs && zcat /proc/config.gz | grep IKCONFIG')).to.deep.equal({
      out: 'CONFIG_IKCONFIG=m\nCONFIG_IKCONFIG_PROC=y\n',
      err: '',
      code: 0,
    });
    expect(await sh('rmmod configs; ls /proc/config.gz')).to.deep.equal(notHere('/proc/config.gz'));
    await machine.setConfig({ IKCONFIG: 'y', IKCONFIG_PROC: false });
    expect(await sh('ls /proc/config.gz')).to.deep.equal(notHere('/proc/config.gz'));
    await machine.setConfig({ IKCONFIG: 'n' });
    expect(await sh('modprobe configs')).to.deep.equal({
      out: '',
      err: `modprobe: FATAL: Module configs not found in directory /lib/modules/${release}\n`,
      code: 1,
    });
  });
});
