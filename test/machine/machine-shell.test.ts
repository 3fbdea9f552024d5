/**
 * The issue's verbatim commands through the machine's shell, with the real
 * kernel's and GNU tools' output. Sizes and counts come from the manifest.
 */
import { expect } from '@esm-bundle/chai';
import { coreSize } from '../../src/common/module-size';
import { bootMachine } from './machine-helpers';

describe('machine shell: the commands people copy', function () {
  this.timeout(120_000);

  it('zcat /proc/config.gz | grep IKHEADERS', async () => {
    const { sh } = await bootMachine();
    expect(await sh('zcat /proc/config.gz | grep IKHEADERS')).to.deep.equal({
      out: 'CONFIG_IKHEADERS=m\n',
      err: '',
      code: 0,
    });
  });

  it('modprobe kheaders && ls -l: the file appears with the archive size, lsmod and /proc agree', async () => {
    const { sh, manifest } = await bootMachine();
    const size = coreSize(manifest.kheaders.bytes);
    expect((await sh('ls /sys/kernel/kheaders.tar.xz')).code).to.equal(2);
    expect(await sh('lsmod')).to.deep.equal({
      out: 'Module                  Size  Used by\n',
      err: '',
      code: 0,
    });
    const r = await sh('modprobe kheaders && ls -l /sys/kernel/kheaders.tar.xz');
    expect(r.err).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(
      new RegExp(
        `^-r--r--r-- 1 root root ${manifest.kheaders.bytes} \\w{3} [ \\d]\\d \\d\\d:\\d\\d /sys/kernel/kheaders.tar.xz\\n$`,
      ),
    );
    expect((await sh('lsmod')).out).to.equal(
      `Module                  Size  Used by\n${'kheaders'.padEnd(19)} ${String(size).padStart(8)}  0\n`,
    );
    expect((await sh('cat /proc/modules')).out).to.match(
      new RegExp(`^kheaders ${size} 0 - Live 0x[0-9a-f]{16}\\n$`),
    );
    expect(
      (
        await sh(
          'cat /sys/module/kheaders/initstate /sys/module/kheaders/refcnt /sys/module/kheaders/coresize',
        )
      ).out,
    ).to.equal(`live\n0\n${size}\n`);
    // Loading twice is silent success; nothing reaches the kernel log (the
    // log names the builder, kheaders@…, from compile.h, so compare whole logs).
    const log = (await sh('dmesg')).out;
    expect(await sh('modprobe kheaders')).to.deep.equal({ out: '', err: '', code: 0 });
    expect((await sh('dmesg')).out).to.equal(log);
    expect(
      await sh('sha256sum /sys/kernel/kheaders.tar.xz && wc -c < /sys/kernel/kheaders.tar.xz'),
    ).to.deep.equal({
      // Reading the sysfs file gives the embedded archive itself.
      out: `${manifest.kheaders.sha256}  /sys/kernel/kheaders.tar.xz\n${manifest.kheaders.bytes}\n`,
      err: '',
      code: 0,
    });
  });

  it('extracts, finds and greps the headers; xz -l lists the archive; rmmod takes the file away', async () => {
    const { sh, manifest } = await bootMachine();
    expect(await sh('modprobe kheaders')).to.deep.equal({ out: '', err: '', code: 0 });
    let t = performance.now();
    const x = await sh(
      'mkdir -p /tmp/kheaders-$(uname -r) && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/kheaders-$(uname -r)',
    );
    const extractMs = performance.now() - t;
    expect(x).to.deep.equal({ out: '', err: '', code: 0 });
    t = performance.now();
    const f = await sh("find /tmp/kheaders-$(uname -r) -name '*.h' | wc -l");
    const findMs = performance.now() - t;
    // Every regular file is a header; the three symlinks are named *.h too.
    expect(f).to.deep.equal({
      out: `${manifest.kheaders.files + manifest.kheaders.symlinks}\n`,
      err: '',
      code: 0,
    });
    t = performance.now();
    const g = await sh("grep -rn 'struct task_struct {' /tmp/kheaders-$(uname -r)/include/linux/");
    const grepMs = performance.now() - t;
    expect(g.err).to.equal('');
    expect(g.out).to.match(
      new RegExp(
        `^/tmp/kheaders-${manifest.release.replace(/\./g, '\\.')}/include/linux/sched\\.h:\\d+:struct task_struct \\{\\n$`,
      ),
    );
    console.log(
      `machine timings: extract ${extractMs.toFixed(0)} ms, find ${findMs.toFixed(0)} ms, grep ${grepMs.toFixed(0)} ms`,
    );

    const kib = (manifest.kheaders.bytes / 1024).toFixed(1);
    const mib = (manifest.kheaders.tarBytes / 1048576).toFixed(1);
    const ratio = (manifest.kheaders.bytes / manifest.kheaders.tarBytes).toFixed(3);
    expect(await sh('xz -l /sys/kernel/kheaders.tar.xz')).to.deep.equal({
      out:
        'Strms  Blocks   Compressed Uncompressed  Ratio  Check   Filename\n' +
        `    1       1  ${`${kib} KiB`.padStart(11)}  ${`${mib} MiB`.padStart(11)}  ${ratio}  CRC64   /sys/kernel/kheaders.tar.xz\n`,
      err: '',
      code: 0,
    });
    expect(await sh('xz -t /sys/kernel/kheaders.tar.xz')).to.deep.equal({
      out: '',
      err: '',
      code: 0,
    });
    expect(await sh('xzcat /sys/kernel/kheaders.tar.xz | wc -c')).to.deep.equal({
      out: `${manifest.kheaders.tarBytes}\n`,
      err: '',
      code: 0,
    });

    expect(await sh('rmmod kheaders; ls /sys/kernel/kheaders.tar.xz')).to.deep.equal({
      out: '',
      err: "ls: cannot access '/sys/kernel/kheaders.tar.xz': No such file or directory\n",
      code: 2,
    });
    expect((await sh('lsmod')).out).to.equal('Module                  Size  Used by\n');
    expect((await sh('ls /sys/module')).out).to.equal('');
    // The extracted tree stays: it is in /tmp, not in the module.
    expect((await sh('ls /tmp/kheaders-$(uname -r)')).out).to.equal('arch\ninclude\n');
  });

  it("runs BCC's sequence: load if absent, extract to mktemp -d, rename into place, unload", async () => {
    const { sh, manifest } = await bootMachine();
    const script = [
      'dir=${TMPDIR:-/tmp}/kheaders-$(uname -r)',
      'loaded=0',
      '[ -e /sys/kernel/kheaders.tar.xz ] || { modprobe kheaders && loaded=1; }',
      'tmp=$(mktemp -d ${TMPDIR:-/tmp}/kheaders-$(uname -r)-XXXXXX)',
      'tar -xf /sys/kernel/kheaders.tar.xz -C "$tmp"',
      'mv "$tmp" "$dir"',
      '[ "$loaded" = 1 ] && rmmod kheaders',
      'echo "loaded=$loaded"',
    ].join('; ');
    expect(await sh(script)).to.deep.equal({ out: 'loaded=1\n', err: '', code: 0 });
    expect((await sh('ls /sys/kernel/kheaders.tar.xz')).code).to.equal(2);
    expect((await sh('find /tmp/kheaders-$(uname -r) -type f | wc -l')).out).to.equal(
      `${manifest.kheaders.files}\n`,
    );
    expect((await sh('ls -d /tmp/kheaders-* | wc -l')).out).to.equal('1\n');
  });
});
