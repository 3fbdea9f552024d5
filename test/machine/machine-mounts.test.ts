/**
 * What the user opens is mounted read-only under /mnt and seen by the shell;
 * a bad archive leaves everything as it was.
 */
import { expect } from '@esm-bundle/chai';
import type { MachineState } from '../../src/shared/worker-api';
import { bootMachine, demoArtifacts } from './machine-helpers';

const tarFixture = (name: string) =>
  new URL(`../fixtures/generated/tar/${name}`, import.meta.url).href;
const demo = (name: string) => new URL(`/public/kernel/${name}`, location.href).href;

async function bytesOf(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

describe('machine mounts: archives the user opens', function () {
  this.timeout(120_000);

  it('mounts the demo kheaders.tar.xz at /mnt and the shell lists, reads and finds in it', async () => {
    const { machine, sh, manifest } = await bootMachine();
    const seen: MachineState[] = [];
    let told!: () => void;
    const mountTold = new Promise<void>((resolve) => (told = resolve));
    await machine.subscribe((s) => {
      seen.push(s);
      if (s.mounts.length) told();
    });
    const summary = await machine.loadArchive({
      kind: 'url',
      url: demo('kheaders.tar.xz'),
      name: 'kheaders.tar.xz',
    });
    expect(summary.format).to.equal('xz');
    const entries = manifest.kheaders.files + manifest.kheaders.dirs + manifest.kheaders.symlinks;
    const mount = { path: '/mnt/kheaders.tar.xz', name: 'kheaders.tar.xz', entries };
    expect((await machine.getState()).mounts).to.deep.equal([mount]);
    await mountTold; // listeners hear of the mount when it is made
    expect(seen.at(-1)?.mounts).to.deep.equal([mount]);

    expect(await sh('ls /mnt/kheaders.tar.xz')).to.deep.equal({
      out: 'arch\ninclude\n',
      err: '',
      code: 0,
    });
    expect(await sh('find /mnt/kheaders.tar.xz -type f | wc -l')).to.deep.equal({
      out: `${manifest.kheaders.files}\n`,
      err: '',
      code: 0,
    });
    const g = await sh("grep -n 'struct task_struct {' /mnt/kheaders.tar.xz/include/linux/sched.h");
    expect(g.code).to.equal(0);
    expect(g.out).to.match(/^\d+:struct task_struct \{\n$/);
    expect((await sh('grep -c fuse.archivemount /proc/mounts')).out).to.equal('1\n');
    // Read-only, as a mounted archive is.
    const w = await sh('touch /mnt/kheaders.tar.xz/x');
    expect(w.code).to.equal(1);
    // just-bash's touch prints the fs error as it is; it names the full path.
    expect(w.err).to.equal(
      "touch: cannot touch '/mnt/kheaders.tar.xz/x': EROFS: read-only file system, open '/mnt/kheaders.tar.xz/x'\n",
    );
  });

  it("browses the machine's own /sys/kernel/kheaders.tar.xz while the module is loaded", async () => {
    const { machine, sh, manifest } = await bootMachine();
    const source = {
      kind: 'path',
      path: '/sys/kernel/kheaders.tar.xz',
      name: 'kheaders.tar.xz',
    } as const;
    // Not loaded: the file does not exist, and the error says so.
    const missing = await machine.loadArchive(source).catch((e: Error) => e);
    expect(String(missing)).to.contain('/sys/kernel/kheaders.tar.xz');
    expect((await machine.getState()).mounts).to.deep.equal([]);

    expect((await sh('modprobe kheaders')).code).to.equal(0);
    const summary = await machine.loadArchive(source);
    expect(summary).to.include({
      format: 'xz',
      verified: true,
      compressedBytes: manifest.kheaders.bytes,
    });
    expect(await sh("find /mnt/kheaders.tar.xz -name '*.h' | wc -l")).to.deep.equal({
      out: `${manifest.kheaders.files + manifest.kheaders.symlinks}\n`,
      err: '',
      code: 0,
    });
  });

  it('a plain tar: cat, symlinks inside the mount, readDir for the page', async () => {
    const { machine, sh } = await bootMachine();
    await machine.loadArchive({
      kind: 'bytes',
      bytes: await bytesOf(tarFixture('ustar.tar')),
      name: 'ustar.tar',
    });
    expect(await sh('cat /mnt/ustar.tar/dir/hello.txt /mnt/ustar.tar/links/sym-rel')).to.deep.equal(
      {
        out: 'hello\nhello\n',
        err: '',
        code: 0,
      },
    );
    expect(await sh('wc -c < /mnt/ustar.tar/dir/sub/deeper/file.bin')).to.deep.equal({
      out: '3000\n',
      err: '',
      code: 0,
    });
    const names = (await machine.readDir('/mnt/ustar.tar')).map((e) => `${e.name}:${e.kind}`);
    expect(names).to.deep.equal(['dir:directory', 'links:directory', 'prefix:directory']);
  });

  it('a bare config.gz mounts as the one file gunzip would make, /mnt/config', async () => {
    const { machine, sh } = await bootMachine();
    const { configGz } = await demoArtifacts();
    const s = await machine.loadArchive({
      kind: 'bytes',
      bytes: configGz.slice(),
      name: 'config.gz',
    });
    expect(s.format).to.equal('gzip');
    expect((await machine.getState()).mounts).to.deep.equal([
      { path: '/mnt/config', name: 'config.gz', entries: 1 },
    ]);
    expect(await sh('grep IKHEADERS /mnt/config')).to.deep.equal({
      out: 'CONFIG_IKHEADERS=m\n',
      err: '',
      code: 0,
    });
    expect((await sh('ls -l /mnt/config')).out).to.match(/^-r--r--r-- 1 root root \d+ /);
  });

  it('an archive loaded before the shell starts is there when it does', async () => {
    const { machine, sh } = await bootMachine();
    await machine.loadArchive({
      kind: 'bytes',
      bytes: await bytesOf(tarFixture('ustar.tar')),
      name: 'a b/../c.tar',
    });
    expect((await machine.getState()).mounts.map((m) => m.path)).to.deep.equal(['/mnt/c.tar']);
    expect((await sh('ls /mnt')).out).to.equal('c.tar\n');
  });

  it('a bad archive throws its reason and leaves the mounts and /tmp as they were', async () => {
    const { machine, sh } = await bootMachine();
    await machine.loadArchive({
      kind: 'bytes',
      bytes: await bytesOf(tarFixture('ustar.tar')),
      name: 'x.tar',
    });
    expect((await sh('echo kept > /tmp/note')).code).to.equal(0);
    const before = (await machine.getState()).mounts;

    for (const bad of ['truncated-data.tar', 'bad-checksum.tar']) {
      let message = '';
      try {
        await machine.loadArchive({
          kind: 'bytes',
          bytes: await bytesOf(tarFixture(bad)),
          name: 'x.tar',
        });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, bad).to.match(/^tar: /);
    }
    let xzMessage = '';
    try {
      await machine.loadArchive({
        kind: 'bytes',
        bytes: new TextEncoder().encode('not an archive at all'),
        name: 'x.tar',
      });
    } catch (err) {
      xzMessage = (err as Error).message;
    }
    expect(xzMessage).to.not.equal('');

    expect((await machine.getState()).mounts).to.deep.equal(before);
    expect((await sh('cat /mnt/x.tar/dir/hello.txt /tmp/note')).out).to.equal('hello\nkept\n');
  });

  it('the same name again replaces the mount once the new one has loaded', async () => {
    const { machine, sh } = await bootMachine();
    await machine.loadArchive({
      kind: 'bytes',
      bytes: await bytesOf(tarFixture('ustar.tar')),
      name: 'a.tar',
    });
    await machine.loadArchive({
      kind: 'bytes',
      bytes: await bytesOf(tarFixture('ustar.tar')),
      name: 'b.tar',
    });
    await machine.loadArchive({
      kind: 'bytes',
      bytes: await bytesOf(tarFixture('types.tar')),
      name: 'a.tar',
    });
    const mounts = (await machine.getState()).mounts;
    expect(mounts.map((m) => m.path)).to.deep.equal(['/mnt/b.tar', '/mnt/a.tar']);
    // types.tar has no dir/: the old a.tar is gone, b.tar is untouched.
    expect((await sh('ls /mnt/a.tar/dir')).code).to.equal(2);
    expect((await sh('ls /mnt/b.tar/dir/sub')).out).to.equal('deeper\n');
  });
});
