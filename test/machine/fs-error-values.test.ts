/**
 * Filesystem errors are values (issue #30): whichever layer raises one
 * (just-bash's InMemoryFs under the shell's guard, our TmpFs, the home
 * disk), the shell's commands get an FsError with an errno `code`, and a
 * full filesystem names its limit as data, while the message stays the
 * words people read, byte for byte.
 */
import { expect } from '@esm-bundle/chai';
import type { IFileSystem } from 'just-bash';
import { errnoText, FsError, fromLibraryError } from '../../src/worker/vfs/errno';
import { guardFs } from '../../src/worker/vfs/guarded-fs';
import { HomeDisk } from '../../src/worker/vfs/home-disk';
import { tmpfsClass } from '../../src/worker/vfs/tmpfs';

const jb = await import('just-bash/browser');

/** The rejection of a call, which must be an FsError. */
async function fsError(call: Promise<unknown>): Promise<FsError> {
  const err = await call.then(
    () => expect.fail('the call did not fail'),
    (e: unknown) => e,
  );
  expect(err).to.be.instanceOf(FsError);
  return err as FsError;
}

/** A filesystem as the shell's commands get it. */
const guarded = (fs: IFileSystem) => guardFs(fs, { signal: undefined, onWrite: () => {} });

describe('filesystem errors carry their code and limit as data', () => {
  it("just-bash's errors reach the commands as FsErrors, in just-bash's own words", async () => {
    const fs = guarded(new jb.InMemoryFs());
    const missing = await fsError(fs.stat('/nope'));
    expect(missing).to.include({ code: 'ENOENT', syscall: 'stat', path: '/nope' });
    expect(missing.message).to.equal("ENOENT: no such file or directory, stat '/nope'");
    expect(errnoText(missing)).to.equal('No such file or directory');

    await fs.mkdir('/d');
    const exists = await fsError(fs.mkdir('/d'));
    expect(exists.code).to.equal('EEXIST');
    // Its wording, not the table's: just-bash's commands print it as it is.
    expect(exists.message).to.match(/^EEXIST: [a-z ]+, mkdir '\/d'$/);
  });

  it('a full tmpfs is ENOSPC with tmpfs.bytes and its size as data', async () => {
    const fs = guarded(new (tmpfsClass(jb))({ maxTotalBytes: 1024 }));
    const full = await fsError(fs.writeFile('/big', new Uint8Array(4096)));
    expect(full.code).to.equal('ENOSPC');
    expect(full.limit).to.deep.equal({ name: 'tmpfs.bytes', bytes: 1024 });
    expect(full.message).to.equal(
      "ENOSPC: no space left on device (tmpfs.bytes = 1.0 KiB), write '/big'",
    );
  });

  it("our TmpFs's own listing throws FsErrors worded as InMemoryFs words them", async () => {
    const fs = new (tmpfsClass(jb))({ maxTotalBytes: 1024 });
    await fs.writeFile('/f', 'x');
    const notDir = await fsError(fs.readdirWithFileTypes('/f'));
    expect(notDir).to.include({ code: 'ENOTDIR', syscall: 'scandir', path: '/f' });
    expect(notDir.message).to.equal("ENOTDIR: not a directory, scandir '/f'");
    const nul = await fsError(fs.readdirWithFileTypes('/a\0b'));
    expect(nul.message).to.equal("ENOENT: path contains null byte, scandir '/a\0b'");
  });

  it('a full home disk is ENOSPC with disk.bytes as data, at the path the shell used', async () => {
    const disk = await HomeDisk.open(jb, { quotaBytes: 64 * 1024 });
    const root = disk.mounts.find((m) => m.mountPoint === '/root')!;
    const mounts = [{ mountPoint: '/root', filesystem: root }];
    const shell = guarded(new jb.MountableFs({ base: new jb.InMemoryFs(), mounts }));
    const full = await fsError(shell.writeFile('/root/big', new Uint8Array(128 * 1024)));
    expect(full.code).to.equal('ENOSPC');
    expect(full.limit).to.deep.equal({ name: 'disk.bytes', bytes: 64 * 1024 });
    expect(full.path).to.equal('/root/big');
    expect(full.message).to.equal(
      "ENOSPC: no space left on device (disk.bytes = 64.0 KiB), write '/root/big'",
    );
  });

  it('errnoText reads the code, never the words', () => {
    const words = new Error("ENOENT: no such file or directory, stat '/x'");
    expect(errnoText(words)).to.equal(words.message);
    expect(errnoText(fromLibraryError(words, '/x'))).to.equal('No such file or directory');
    // Not a filesystem error: passed on as it is.
    const other = new Error('something else');
    expect(fromLibraryError(other, '/x')).to.equal(other);
  });
});
