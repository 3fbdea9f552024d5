/**
 * The machine's own commands beside the fidelity table: the parts no
 * native run can check (sysfs listings, bpftrace's hint, help and man,
 * a reboot's effects), asserted against the formats' sources.
 */
import { expect } from '@esm-bundle/chai';
import { bootMachine, type Ran } from './machine-helpers';

describe('machine commands', function () {
  let sh: (line: string) => Promise<Ran>;
  let machine: Awaited<ReturnType<typeof bootMachine>>['machine'];
  let manifest: Awaited<ReturnType<typeof bootMachine>>['manifest'];

  before(async () => {
    ({ sh, machine, manifest } = await bootMachine());
  });

  it('ls -la /sys/kernel: . and .., kernfs link counts, the archive at its size', async () => {
    await sh('modprobe kheaders');
    const lines = (await sh('ls -la /sys/kernel')).out.trim().split('\n');
    expect(lines[0]).to.equal('total 0'); // kernfs allocates no blocks
    expect(lines[1]).to.match(/^drwxr-xr-x +\d+ root root +0 .* \.$/);
    expect(lines[2]).to.match(/^drwxr-xr-x +\d+ root root +0 .* \.\.$/);
    const names = lines.slice(3).map((l) => l.split(' ').pop());
    expect(names).to.deep.equal([...names].sort());
    // kernel/ksysfs.c attributes and kernel/kheaders.c's binary attribute.
    expect(names).to.include.members(['uevent_seqnum', 'kexec_loaded', 'notes', 'kheaders.tar.xz']);
    const archive = lines.find((l) => l.endsWith(' kheaders.tar.xz'))!;
    expect(archive).to.match(new RegExp(`^-r--r--r-- +1 root root ${manifest.kheaders.bytes} `));
    // A directory's links are 2 + its subdirectories (fs/kernfs/inode.c).
    const subdirs = lines.slice(3).filter((l) => l.startsWith('d')).length;
    expect(lines[1]).to.match(new RegExp(`^drwxr-xr-x +${subdirs + 2} `));
  });

  it('bpftrace 0.21 does not unpack kheaders: it says how to, when a program needs headers', async () => {
    const r = await sh(`bpftrace -e '#include <linux/sched.h>\nkprobe:do_nanosleep { }'`);
    expect(r.code).to.equal(1);
    expect(r.err).to.contain("fatal error: 'linux/sched.h' file not found");
    expect(r.err).to.contain(
      'modprobe kheaders && tar -C <directory> -xf /sys/kernel/kheaders.tar.xz',
    );
    expect((await sh('ls /tmp')).out).to.equal(''); // nothing was unpacked
    const found = await sh(
      `mkdir -p /tmp/k && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/k && BPFTRACE_KERNEL_SOURCE=/tmp/k bpftrace -e '#include <linux/sched.h>'`,
    );
    expect(found.err).to.contain('/tmp/k');
    expect(found.err).not.to.contain('WARNING');
  });

  it('man has a page for each of the machine’s commands', async () => {
    // `help` itself is just-bash's builtin, which answers before any command
    // of ours; the machine's list is the same table man reads.
    const man = await sh('man tar');
    expect(man.out).to.match(/^TAR\n\nNAME\n {7}tar - /);
    expect(man.out).to.contain('-J, -z');
    for (const c of [
      'modprobe',
      'rmmod',
      'insmod',
      'lsmod',
      'modinfo',
      'xz',
      'zcat',
      'uname',
      'dmesg',
      'free',
    ]) {
      expect((await sh(`man ${c}`)).out, c).to.match(new RegExp(`^NAME\n {7}${c} - \\S`, 'm'));
    }
    expect(await sh('man nosuch')).to.deep.equal({
      out: '',
      err: 'No manual entry for nosuch\n',
      code: 16,
    });
  });

  it('a config change is a reboot: uptime starts again and modules are gone', async () => {
    const kernel = (machine as unknown as { kernel: { boots: unknown[]; uptimeSeconds(): number } })
      .kernel;
    await sh('modprobe kheaders');
    const before = kernel.boots.length;
    await machine.setConfig({ IKCONFIG: 'm' });
    expect(kernel.boots.length).to.equal(before + 1);
    expect(kernel.boots.at(-1)).to.deep.include({
      changed: ['CONFIG_IKCONFIG: y -> m'],
      unloaded: ['kheaders'],
    });
    // /proc/uptime counts from the new boot: 2 s to the prompt, plus the time since.
    const boot = kernel.boots.at(-1) as { at: number };
    const up = Number((await sh('cat /proc/uptime')).out.split(' ')[0]);
    const sinceBoot = (performance.now() - boot.at) / 1000;
    expect(up).to.be.within(2, 2 + sinceBoot + 0.01); // /proc/uptime rounds to 0.01
    expect((await sh('lsmod')).out).not.to.match(/^kheaders /m);
    expect((await sh('uptime')).out).to.match(
      /^ \d\d:\d\d:\d\d up \d+ min, {2}1 user, {2}load average: /,
    );
  });

  it('Tab completes module names after modprobe, rmmod and modinfo', async () => {
    await sh('rmmod kheaders configs 2>/dev/null; modprobe configs');
    expect(await machine.complete('modprobe kh', 11)).to.deep.equal({
      from: 9,
      candidates: ['kheaders'],
    });
    expect(await machine.complete('modinfo ', 8)).to.deep.equal({
      from: 8,
      candidates: ['kheaders', 'configs'],
    });
    // rmmod offers only what is loaded.
    expect((await machine.complete('sudo=1; rmmod ', 14)).candidates).to.deep.equal(['configs']);
  });

  it('/proc/cpuinfo in show_cpuinfo’s "key<TAB>: value" layout', async () => {
    const info = (await sh('cat /proc/cpuinfo')).out;
    expect(info).to.match(/^processor\t: 0\nvendor_id\t: \S+\ncpu family\t: \d+\nmodel\t\t: \d+\n/);
    expect((await sh('grep -c ^processor /proc/cpuinfo')).out).to.equal('2\n');
    expect((await sh('mount')).out).to.match(/^sysfs on \/sys type sysfs \(rw,/m);
  });
});
