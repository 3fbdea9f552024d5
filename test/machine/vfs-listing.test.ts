/**
 * The indexed listings (TmpFs, MountTable) must say exactly what just-bash's
 * own InMemoryFs and readdir + lstat say: same names, order, types, errors.
 */
import { expect } from '@esm-bundle/chai';
import type { IFileSystem } from 'just-bash';
import { tmpfsClass } from '../../src/worker/vfs/tmpfs';
import { mountTableClass } from '../../src/worker/vfs/mount-table';
import { bootMachine, demoArtifacts } from './machine-helpers';

type Jb = typeof import('just-bash/browser');

async function outcome(f: () => Promise<unknown>): Promise<unknown> {
  try {
    return await f();
  } catch (err) {
    return `throws ${(err as Error).message}`;
  }
}

async function script(fs: IFileSystem): Promise<unknown[]> {
  await fs.mkdir('/a/b/c', { recursive: true });
  await fs.writeFile('/a/b/c/one.h', 'one');
  await fs.writeFile('/a/b/two.h', 'two');
  await fs.writeFile('/a/z', 'z');
  await fs.symlink('b', '/a/link');
  await fs.symlink('/a/b/c', '/abs');
  await fs.symlink('loop2', '/loop1');
  await fs.symlink('loop1', '/loop2');
  await fs.mv('/a/b', '/a/moved');
  await fs.cp('/a/moved', '/copy', { recursive: true });
  await fs.rm('/copy/c', { recursive: true });
  await fs.link('/a/z', '/a/hard');
  await fs.writeFile('/a/z', 'zz');
  // Renames of whole trees: to a new nested place, and back beside the original.
  await fs.cp('/a', '/t', { recursive: true });
  await fs.mv('/t', '/deep/er/t2');
  await fs.mv('/deep/er/t2/moved', '/deep/m');
  await fs.mkdir('/into');
  await fs.mv('/deep/m', '/into'); // onto an existing directory: InMemoryFs's own merge
  // Bytes: to normalized paths in existing directories (TmpFs's own write), and the rest.
  const bytes = Uint8Array.of(1, 2, 3, 4);
  const writes = [
    ['/a/moved/c/view.bin', bytes.subarray(1)],
    ['/a/moved/c/view.bin', bytes],
    ['/a/moved//c/./dots.bin', bytes],
    ['/a/moved/c/../up.bin', bytes],
    ['/new/parents/made.bin', bytes],
    ['/a/link/through-link.bin', bytes],
    ['/a/z/under-a-file', bytes],
    ['/a/moved', bytes],
    ['/abs', bytes],
    ['/.hidden', bytes],
    ['/a\0nul', bytes],
    ['/too-big', new Uint8Array(2 << 20)],
    ['/a/moved/c/view.bin', new Uint8Array(2 << 20)],
  ] as const;
  const outcomes: unknown[] = [];
  for (const [path, content] of writes)
    outcomes.push(await outcome(() => fs.writeFile(path, content)));
  return outcomes;
}

describe('vfs listings: indexed, and the same as just-bash says', () => {
  it('TmpFs lists as InMemoryFs does after writes, moves, copies, links and removals', async () => {
    const jb: Jb = await import('just-bash/browser');
    const TmpFs = tmpfsClass(jb);
    const ours = new TmpFs({ maxTotalBytes: 1 << 20 });
    const theirs = new jb.InMemoryFs(undefined, { maxTotalBytes: 1 << 20 });
    expect(await script(ours)).to.deep.equal(await script(theirs));
    const paths = [
      '/',
      '/a',
      '/a/',
      '/a/moved',
      '/a/link',
      '/abs',
      '/copy',
      '/a/./moved/../moved/c',
    ];
    for (const p of [...paths, '/a/z', '/nope', '/loop1', 'a\0b']) {
      expect(await outcome(() => ours.readdirWithFileTypes(p)), p).to.deep.equal(
        await outcome(() => theirs.readdirWithFileTypes(p)),
      );
      expect(await outcome(() => ours.readdir(p)), p).to.deep.equal(
        await outcome(() => theirs.readdir(p)),
      );
    }
    expect(ours.getAllPaths().sort()).to.deep.equal(theirs.getAllPaths().sort());
    for (const p of ours.getAllPaths()) {
      const [a, b] = [await outcome(() => ours.lstat(p)), await outcome(() => theirs.lstat(p))];
      const pick = (st: unknown) =>
        typeof st === 'string' ? st : { ...(st as object), mtime: 0, identity: 0 };
      expect(pick(a), p).to.deep.equal(pick(b));
    }
    const held = (fs: object) => (fs as { retainedBytes: number }).retainedBytes;
    expect(held(ours)).to.equal(held(theirs));
  });

  it("TmpFs keeps written bytes as they are: a view into the caller's buffer, not a copy", async () => {
    const jb: Jb = await import('just-bash/browser');
    const fs = new (tmpfsClass(jb))({ maxTotalBytes: 16 });
    await fs.mkdir('/d');
    const archive = Uint8Array.from({ length: 64 }, (_, i) => i);
    const view = archive.subarray(8, 20);
    await fs.writeFile('/d/f', view);
    expect(await fs.readFileBuffer('/d/f')).to.equal(view);
    const full = await outcome(() => fs.writeFile('/d/g', archive.subarray(0, 5)));
    expect(full).to.match(/^throws ENOSPC: /);
    expect(await fs.exists('/d/g')).to.equal(false);
  });

  it('MountTable lists with types exactly what readdir and lstat say, mount points included', async () => {
    const { machine, sh } = await bootMachine();
    const { configGz } = await demoArtifacts();
    await machine.loadArchive({ kind: 'bytes', bytes: configGz.slice(), name: 'config.gz' });
    await sh('modprobe kheaders; mkdir -p /tmp/d/e; ln -s /proc /tmp/d/p; touch /tmp/d/f');
    const jb: Jb = await import('just-bash/browser');
    const fs = (
      await (machine as unknown as { shellReady(): Promise<{ fs: IFileSystem }> }).shellReady()
    ).fs;
    expect(fs).to.be.instanceOf(mountTableClass(jb));
    for (const dir of ['/', '/mnt', '/tmp/d', '/sys/kernel', '/proc', '/lib/modules', '/usr']) {
      const slow = await Promise.all(
        (await fs.readdir(dir)).map(async (name) => {
          const st = await fs.lstat(`${dir === '/' ? '' : dir}/${name}`);
          return {
            name,
            isFile: st.isFile,
            isDirectory: st.isDirectory,
            isSymbolicLink: st.isSymbolicLink,
          };
        }),
      );
      expect(await fs.readdirWithFileTypes!(dir), dir).to.deep.equal(slow);
    }
    expect(await outcome(() => fs.readdirWithFileTypes!('/nope'))).to.equal(
      await outcome(() => fs.readdir('/nope')),
    );
  });
});
