/**
 * The private parts of just-bash that src/worker/vfs/just-bash-internals.ts
 * reaches into, checked by shape and by behaviour on the installed copy.
 * An upgrade of just-bash that moves or changes any of them fails here,
 * naming the field, before a command misbehaves.
 */
import { expect } from '@esm-bundle/chai';
import {
  childMountPoints,
  ensureParentDirs,
  entryMap,
  internalsMissing,
  retainedBytes,
  routePath,
  storeFile,
} from '../../src/worker/vfs/just-bash-internals';

const jb = await import('just-bash/browser');

describe('just-bash internals the machine relies on', () => {
  it('are all there', () => {
    expect(internalsMissing(jb)).to.deep.equal([]);
  });

  it('InMemoryFs: one Map of normalized paths, its byte count, its write steps', async () => {
    const fs = new jb.InMemoryFs(undefined, { maxTotalBytes: 100 });
    await fs.mkdir('/d', { recursive: true });
    await fs.writeFile('/d/a', new Uint8Array(10));
    await fs.symlink('a', '/d/l');
    const map = entryMap(fs);
    expect(map.get('/d')).to.include({ type: 'directory' });
    const file = map.get('/d/a');
    expect(file?.type).to.equal('file');
    expect(file && 'content' in file && file.content).to.be.instanceOf(Uint8Array);
    expect(map.get('/d/l')).to.include({ type: 'symlink', target: 'a' });
    for (const e of map.values()) {
      expect(e.mode).to.be.a('number');
      expect(e.mtime).to.be.instanceOf(Date);
    }
    expect(retainedBytes(fs)).to.equal(10);

    ensureParentDirs(fs, '/x/y/z');
    expect(map.get('/x/y')).to.include({ type: 'directory' });
    storeFile(fs, '/x/y/z', new Uint8Array(80));
    expect(retainedBytes(fs)).to.equal(90);
    expect(new Uint8Array(await fs.readFileBuffer('/x/y/z'))).to.have.length(80);
    // Past the limit the store refuses with ENOSPC and keeps the count.
    expect(() => storeFile(fs, '/x/big', new Uint8Array(11))).to.throw(/^ENOSPC/);
    expect(retainedBytes(fs)).to.equal(90);
    await fs.rm('/x', { recursive: true });
    expect(retainedBytes(fs)).to.equal(10);
  });

  it('MountableFs: routes a path to its mount and lists the mounts under a directory', async () => {
    const inner = new jb.InMemoryFs();
    const fs = new jb.MountableFs({ base: new jb.InMemoryFs() });
    fs.mount('/mnt/a', inner);
    const r = routePath(fs, '/mnt/a/x/y');
    expect(r.fs).to.equal(inner);
    expect(r.relativePath).to.equal('/x/y');
    expect(childMountPoints(fs, '/mnt')).to.deep.equal(['a']);
  });
});
