import { expect } from '@esm-bundle/chai';
import { ArchiveFs } from '../../src/worker/tar/archive-fs';
import { FsError } from '../../src/worker/vfs/errno';
import { indexTar, TarIndex } from '../../src/worker/tar/tar-index';
import { archiveBytes, gnuVerdict, regularFiles, sha256Hex } from './gnu-expectations';

async function mount(archive: string): Promise<{ fs: ArchiveFs; bytes: Uint8Array }> {
  const bytes = await archiveBytes(archive);
  return { fs: new ArchiveFs(indexTar(bytes)), bytes };
}

/** The rejection of a promise, which must be an FsError. */
async function fsError(promise: Promise<unknown>): Promise<FsError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(FsError);
    return err as FsError;
  }
  throw new Error('expected the call to fail');
}

describe('ArchiveFs holds what GNU tar extracts', () => {
  const archives = [
    'gnu.tar',
    'pax.tar',
    'ustar.tar',
    'v7.tar',
    'duplicates.tar',
    'duplicates-mixed.tar',
  ];
  for (const archive of archives) {
    it(`has the same files with the same bytes as GNU tar extracting ${archive}`, async () => {
      const { fs } = await mount(archive);
      const gnu = await gnuVerdict(archive);
      expect((await regularFiles(fs)).sort()).to.deep.equal(Object.keys(gnu.files).sort());
      for (const [path, sha] of Object.entries(gnu.files)) {
        expect(await sha256Hex(await fs.readFileBuffer(`/${path}`)), path).to.equal(sha);
      }
    });
  }
});

describe('ArchiveFs', () => {
  it('returns file bytes as a view into the archive buffer, never a copy', async () => {
    const { fs, bytes } = await mount('ustar.tar');
    const view = await fs.readFileBuffer('/dir/hello.txt');
    const entry = fs.index.lookup('dir/hello.txt')!;
    expect(view.buffer).to.equal(bytes.buffer);
    expect(view.byteOffset).to.equal(bytes.byteOffset + entry.dataOffset);
    expect(view.length).to.equal(6);
  });

  it('stats files, directories and symlinks from their headers', async () => {
    const { fs } = await mount('gnu.tar');
    const zero = await fs.stat('/dir/zero.txt');
    expect(zero).to.include({ isFile: true, isDirectory: false, size: 0, mode: 0o600 });
    expect(zero.mtime.getTime()).to.equal(1700000000 * 1000);
    expect(await fs.stat('/dir/sub')).to.include({ isDirectory: true, mode: 0o750 });
    const link = await fs.lstat('/links/sym-rel');
    expect(link).to.include({ isSymbolicLink: true, size: '../dir/hello.txt'.length });
    expect(await fs.stat('/links/sym-rel')).to.include({ isFile: true, size: 6 });
  });

  it('lists directories sorted, with types, including implied ones', async () => {
    const { fs } = await mount('gnu.tar');
    expect(await fs.readdir('/links')).to.deep.equal(['hard', 'sym-dir', 'sym-long', 'sym-rel']);
    const types = await fs.readdirWithFileTypes('/dir');
    expect(types.find((d) => d.name === 'empty-dir')).to.deep.include({ isDirectory: true });
    expect(types.find((d) => d.name === 'hello.txt')).to.deep.include({ isFile: true });
    const { fs: many } = await mount('many.tar'); // members m/N.txt, no entry for m/
    expect(await many.stat('/m')).to.include({ isDirectory: true, mode: 0o755 });
    expect(await many.readdir('/')).to.deep.equal(['m']);
    expect(await many.readdir('/m')).to.have.length(50);
  });

  it('follows symlinks inside the mount', async () => {
    const { fs } = await mount('gnu.tar');
    expect(await fs.readlink('/links/sym-dir')).to.equal('../dir');
    expect(await fs.readFile('/links/sym-rel')).to.equal('hello\n');
    expect(await fs.readFile('/links/sym-dir/hello.txt')).to.equal('hello\n');
    expect(await fs.realpath('/links/sym-dir/sub/deeper')).to.equal('/dir/sub/deeper');
    expect(await fs.readdir('/links/sym-dir/sub')).to.deep.equal(['deeper']);
    expect(await fs.readFile('/links/sym-long')).to.equal('a name past 255 bytes\n');
  });

  it('refuses symlinks that lead outside the mount, naming the link', async () => {
    const { fs } = await mount('links-out.tar');
    const abs = await fsError(fs.stat('/abs'));
    expect(abs.code).to.equal('ENOENT');
    expect(abs.message).to.equal(
      "ENOENT: no such file or directory (symbolic link '/abs' -> '/etc/passwd' points outside the archive), stat '/abs'",
    );
    expect((await fsError(fs.readFile('/up'))).message).to.contain(
      "'/up' -> '../../etc' points outside",
    );
    // Lexically inside, but dir/l is the root, so its '..' climbs out.
    expect((await fsError(fs.stat('/sneaky'))).message).to.contain(
      "'/dir/l' -> '..' points outside",
    );
    expect(await fs.exists('/abs')).to.equal(false);
    expect(await fs.readlink('/abs')).to.equal('/etc/passwd');
    expect(await fs.readFile('/inner')).to.equal('inside\n');
    expect((await fsError(fs.stat('/loop1'))).code).to.equal('ELOOP');
  });

  it('shares one inode between a hard link and its target, and reports dangling ones', async () => {
    const { fs } = await mount('links-out.tar');
    const [a, b] = await Promise.all([fs.stat('/hl-out'), fs.stat('/dir/file.txt')]);
    expect(a.ino).to.equal(b.ino);
    expect(await fs.readFile('/hl-out')).to.equal('inside\n');
    expect(await fs.exists('/hl-missing')).to.equal(false);
    expect(fs.skipped.map((s) => [s.entry.path, s.reason])).to.deep.equal([
      ['hl-missing', "hard link target 'nowhere.txt' does not exist (yet)"],
    ]);
    const gnu = await gnuVerdict('links-out.tar');
    expect(gnu.extractMessages).to.contain("hl-missing: Cannot hard link to 'nowhere.txt'");
  });

  it('keeps renamed members inside and lets the last duplicate win', async () => {
    const { fs } = await mount('traversal.tar');
    expect(await fs.readdir('/')).to.deep.equal(['b.txt', 'etc', 'evil.txt', 'ok']);
    expect(await fs.readFile('/etc/passwd')).to.equal('root:x:0:0\n');
    const { fs: dup } = await mount('duplicates-mixed.tar');
    expect(await dup.readFile('/a.txt')).to.equal('second, last wins\n');
    expect(await dup.stat('/b')).to.include({ mode: 0o700 });
    expect(await dup.readdir('/b')).to.deep.equal(['c.txt']);
  });

  it('fails like a filesystem on wrong kinds of path', async () => {
    const { fs } = await mount('gnu.tar');
    expect((await fsError(fs.readFile('/dir'))).message).to.equal(
      "EISDIR: illegal operation on a directory, read '/dir'",
    );
    expect((await fsError(fs.readdir('/dir/hello.txt'))).code).to.equal('ENOTDIR');
    expect((await fsError(fs.stat('/dir/hello.txt/x'))).code).to.equal('ENOTDIR');
    expect((await fsError(fs.stat('/nope'))).message).to.equal(
      "ENOENT: no such file or directory, stat '/nope'",
    );
    expect((await fsError(fs.readlink('/dir/hello.txt'))).code).to.equal('EINVAL');
  });

  it('refuses every write with EROFS', async () => {
    const { fs } = await mount('gnu.tar');
    const erofs = async (p: Promise<unknown>) => (await fsError(p)).code;
    expect(await erofs(fs.writeFile('/new.txt', 'x'))).to.equal('EROFS');
    expect(await erofs(fs.appendFile('/dir/hello.txt', 'x'))).to.equal('EROFS');
    expect(await erofs(fs.mkdir('/newdir'))).to.equal('EROFS');
    expect(await erofs(fs.rm('/dir/hello.txt'))).to.equal('EROFS');
    expect(await erofs(fs.cp('/dir/hello.txt', '/copy'))).to.equal('EROFS');
    expect(await erofs(fs.mv('/dir/hello.txt', '/moved'))).to.equal('EROFS');
    expect(await erofs(fs.chmod('/dir/hello.txt', 0o777))).to.equal('EROFS');
    expect(await erofs(fs.symlink('a', '/l'))).to.equal('EROFS');
    expect(await erofs(fs.link('/dir/hello.txt', '/h'))).to.equal('EROFS');
    expect(await erofs(fs.utimes('/dir/hello.txt', new Date(), new Date()))).to.equal('EROFS');
    expect((await fsError(fs.writeFile('/new.txt', 'x'))).message).to.equal(
      "EROFS: read-only file system, open '/new.txt'",
    );
    // As on Linux, existence is checked first.
    expect(await erofs(fs.mkdir('/dir'))).to.equal('EEXIST');
    expect(await erofs(fs.rm('/nope'))).to.equal('ENOENT');
    await fs.rm('/nope', { force: true });
    expect(await fs.readFile('/dir/hello.txt')).to.equal('hello\n');
  });

  it('decodes text in the encodings just-bash asks for', async () => {
    const { fs } = await mount('gnu.tar');
    expect(await fs.readFile('/dir/\u00fcber-\u540d\u524d.txt', 'utf8')).to.equal('unicode\n');
    expect(await fs.readFile('/dir/hello.txt', { encoding: 'base64' })).to.equal(btoa('hello\n'));
    expect(await fs.readFile('/dir/hello.txt', 'hex')).to.equal('68656c6c6f0a');
    const bytes = (await fs.readFileBytes('/dir/sub/deeper/file.bin')) as unknown as string;
    expect(bytes.length).to.equal(3000);
    expect(bytes.charCodeAt(1)).to.equal(7919 & 0xff);
  });

  it('lists every path for globbing', async () => {
    const { fs } = await mount('ustar.tar');
    const paths = fs.getAllPaths();
    expect(paths).to.include('/dir/hello.txt');
    expect(paths).to.include('/dir/sub/deeper');
    expect(fs.resolvePath('/dir/sub', '../hello.txt')).to.equal('/dir/hello.txt');
  });

  it('grows while the index is fed, over a resizable buffer', async () => {
    const bytes = await archiveBytes('gnu.tar');
    const buffer = new ArrayBuffer(0, { maxByteLength: bytes.length });
    const index = new TarIndex();
    const fs = new ArchiveFs(index);
    const hello = indexTar(bytes).lookup('dir/hello.txt')!;
    const upTo = (n: number) => {
      const have = buffer.byteLength;
      buffer.resize(n);
      new Uint8Array(buffer).set(bytes.subarray(have, n), have);
      index.feed(new Uint8Array(buffer), n);
    };
    upTo(hello.dataOffset);
    expect(await fs.exists('/dir/hello.txt')).to.equal(false);
    expect(await fs.readdir('/dir')).to.not.include('hello.txt');
    upTo(hello.dataOffset + 512);
    expect(await fs.readdir('/dir')).to.include('hello.txt');
    // Chromium's TextDecoder refuses views over resizable buffers; readFile must not care.
    expect(await fs.readFile('/dir/hello.txt')).to.equal('hello\n');
    expect((await fs.readFileBuffer('/dir/hello.txt')).buffer).to.equal(buffer);
    upTo(bytes.length);
    index.finish();
    expect(fs.getAllPaths().length).to.equal(indexTar(bytes).entries.length - 1); // all but './'
  });
});
