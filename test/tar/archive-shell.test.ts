// ArchiveFs mounted in just-bash, as the machine mounts it: the shell's own
// commands walk it through MountableFs.
import { expect } from '@esm-bundle/chai';
import { Bash, InMemoryFs, MountableFs } from 'just-bash/browser';
import { ArchiveFs } from '../../src/worker/tar/archive-fs';
import { indexTar } from '../../src/worker/tar/tar-index';
import { archiveBytes, gnuVerdict } from './gnu-expectations';

async function shellWith(archive: string): Promise<Bash> {
  const fs = new MountableFs({ base: new InMemoryFs() });
  fs.mount('/mnt', new ArchiveFs(indexTar(await archiveBytes(archive))));
  return new Bash({ fs, cwd: '/' });
}

describe('ArchiveFs in just-bash', () => {
  it('cat, ls and find see the archive', async () => {
    const sh = await shellWith('gnu.tar');
    expect((await sh.exec('cat /mnt/links/sym-dir/hello.txt')).stdout).to.equal('hello\n');
    expect((await sh.exec('ls /mnt/links')).stdout).to.equal('hard\nsym-dir\nsym-long\nsym-rel\n');
    const gnu = await gnuVerdict('gnu.tar');
    const found = (await sh.exec('find /mnt -type f')).stdout.trim().split('\n').sort();
    expect(found).to.deep.equal(
      Object.keys(gnu.files)
        .map((p) => `/mnt/${p}`)
        .sort(),
    );
  });

  it('grep -r reads through the mount', async () => {
    const sh = await shellWith('gnu.tar');
    const r = await sh.exec('grep -rl "fits the ustar" /mnt');
    expect(r.stdout.trim()).to.match(/^\/mnt\/prefix\/p{90}\/q{80}\.txt$/);
  });

  it('writing into the archive fails with read-only file system', async () => {
    const sh = await shellWith('gnu.tar');
    const r = await sh.exec('rm /mnt/dir/hello.txt');
    expect(r.exitCode).to.not.equal(0);
    expect(r.stderr).to.contain('EROFS: read-only file system');
    expect((await sh.exec('cat /mnt/dir/hello.txt')).stdout).to.equal('hello\n');
  });
});
