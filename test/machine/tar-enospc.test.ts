/**
 * tar -xf onto a full /tmp, as GNU tar 1.34 does it on a full tmpfs: each
 * member whose data does not fit gets GNU's "Cannot write" line (a long run
 * of them folded to its first lines, a count and its last, then one line
 * naming the full mount and tmpfs.bytes) and stays as an empty file, directories and symlinks are still made, the last line
 * is "Exiting with failure status", status 2, and the shell goes on. What
 * did not fit is worked out from the archive's members and what is on disk.
 */
import { expect } from '@esm-bundle/chai';
import type { DirEntry } from '../../src/shared/worker-api';
import type { Machine } from '../../src/worker/machine';
import type { TarEntry } from '../../src/worker/tar/tar-entry';
import { indexTar } from '../../src/worker/tar/tar-index';
import { decodeXz } from '../../src/worker/xz/xz-decoder';
import { bootMachine, demoArtifacts } from './machine-helpers';

const TMPFS_BYTES = 8 * 1024 * 1024;
const EXTRACT = 'tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/x';

async function demoMembers(): Promise<TarEntry[]> {
  const { headersXz } = await demoArtifacts();
  // The archive's root './' has the empty path: it is the destination itself.
  return indexTar((await decodeXz(headersXz)).bytes).entries.filter((e) => e.path !== '');
}

/** Everything under `dir`, keyed by its path below `dir`, as the machine lists it. */
async function tree(machine: Machine, dir: string, under = ''): Promise<Map<string, DirEntry>> {
  const found = new Map<string, DirEntry>();
  for (const d of await machine.readDir(dir)) {
    const path = under ? `${under}/${d.name}` : d.name;
    found.set(path, d);
    if (d.kind === 'directory') {
      for (const [p, e] of await tree(machine, `${dir}/${d.name}`, path)) found.set(p, e);
    }
  }
  return found;
}

const bytesOf = (members: TarEntry[]) =>
  members.reduce((n, e) => n + (e.type === 'file' ? e.size : 0), 0);

describe('tar on a full /tmp: every member that does not fit is reported', function () {
  this.timeout(120_000);

  it('one Cannot write line per file that did not fit, the rest made, status 2; rm frees the space', async () => {
    const members = await demoMembers();
    expect(bytesOf(members)).to.be.above(TMPFS_BYTES);
    const { machine, sh } = await bootMachine({ tmpfsBytes: TMPFS_BYTES });
    expect((await sh('modprobe kheaders && mkdir /tmp/x')).code).to.equal(0);

    const r = await sh(EXTRACT);
    expect(r.out).to.equal('');
    expect(r.code).to.equal(2);
    const lines = r.err.split('\n');
    expect(lines.pop()).to.equal('');
    expect(lines.pop()).to.equal('tar: Exiting with failure status due to previous errors');

    const onDisk = await tree(machine, '/tmp/x');
    const missed = members.filter((e) => e.type === 'file' && onDisk.get(e.path)?.size !== e.size);
    // Thousands of members fail: GNU's line for the first ones and the last, in archive
    // order, the run between them counted, then one line naming the full mount and its limit.
    expect(missed.length).to.be.above(1000);
    const gnu = missed.map((e) => `tar: ${e.name}: Cannot write: No space left on device`);
    const n = (k: number) => k.toLocaleString('en');
    expect(lines).to.deep.equal([
      ...gnu.slice(0, 5),
      `tar: … ${n(missed.length - 6)} more like this: Cannot write: No space left on device`,
      gnu.at(-1),
      `tar: /tmp is full at tmpfs.bytes = 8.0 MiB (the size of each tmpfs mount): ${n(missed.length)} members not written. 'df -h' shows the use; 'rm -r' frees space`,
    ]);
    // Every member is there, with its kind; a file whose data did not fit stays empty.
    expect([...onDisk.keys()].sort()).to.deep.equal(members.map((e) => e.path).sort());
    for (const e of members) {
      const kind = e.type === 'file' ? 'file' : e.type;
      expect(onDisk.get(e.path)?.kind, e.path).to.equal(kind);
    }
    for (const e of missed) expect(onDisk.get(e.path)?.size, e.path).to.equal(0);
    expect(bytesOf(members) - bytesOf(missed)).to.be.at.most(TMPFS_BYTES);

    // The shell goes on; rm frees the space and an extraction that fits succeeds.
    expect(await sh('rm -rf /tmp/x && mkdir /tmp/x && echo ok')).to.deep.equal({
      out: 'ok\n',
      err: '',
      code: 0,
    });
    const arch = members.filter((e) => e.path === 'arch' || e.path.startsWith('arch/'));
    expect(bytesOf(arch)).to.be.below(TMPFS_BYTES);
    expect(await sh(`${EXTRACT} ./arch`)).to.deep.equal({ out: '', err: '', code: 0 });
    const again = await tree(machine, '/tmp/x');
    expect([...again.keys()].sort()).to.deep.equal(arch.map((e) => e.path).sort());
    for (const e of arch.filter((m) => m.type === 'file')) {
      expect(again.get(e.path)?.size, e.path).to.equal(e.size);
    }
  });

  it('with -v the listing still names every member while the errors go to stderr', async () => {
    const members = await demoMembers();
    const { sh } = await bootMachine({ tmpfsBytes: TMPFS_BYTES });
    const r = await sh(`modprobe kheaders && mkdir /tmp/x && ${EXTRACT.replace('-xf', '-xvf')}`);
    expect(r.code).to.equal(2);
    expect(r.out.split('\n').slice(0, -1)).to.deep.equal(['./', ...members.map((e) => e.name)]);
    expect(r.err).to.match(/Cannot write: No space left on device\n/);
    expect(r.err.split('\n').at(-2)).to.equal(
      'tar: Exiting with failure status due to previous errors',
    );
  });
});
