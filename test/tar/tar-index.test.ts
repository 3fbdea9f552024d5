import { expect } from '@esm-bundle/chai';
import type { TarEntry } from '../../src/worker/tar/tar-entry';
import { indexTar, TarIndex } from '../../src/worker/tar/tar-index';
import { archiveBytes, gnuVerdict, seededRandom, type GnuListed } from './gnu-expectations';

/** Archives GNU tar lists cleanly and this reader reads whole. */
const LISTED_LIKE_GNU = [
  'gnu.tar',
  'pax.tar',
  'ustar.tar',
  'v7.tar',
  'base256.tar',
  'kheaders-style.tar',
  'duplicates.tar',
  'signed-checksum.tar',
  'base256-size.tar',
  'traversal.tar',
  'links-out.tar',
  'duplicates-mixed.tar',
  'lone-zero-block.tar',
  'no-end-marker.tar',
  'pax-global.tar',
  'types.tar',
  'v7-names.tar',
  'dir-with-size.tar',
  'many.tar',
];

function expectListedLike(entries: TarEntry[], listing: GnuListed[], archive: string): void {
  expect(
    entries.map((e) => e.name),
    `${archive}: names`,
  ).to.deep.equal(listing.map((g) => g.path));
  entries.forEach((e, i) => {
    const g = listing[i]!;
    const what = `${archive}: ${g.path}`;
    // GNU tar extracts an unknown typeflag as a regular file, and so do we.
    expect(e.type, `${what} type`).to.equal(g.type === 'unknown' ? 'file' : g.type);
    expect(e.mode, `${what} mode`).to.equal(g.mode);
    expect([e.uid, e.gid], `${what} owner`).to.deep.equal([g.uid, g.gid]);
    expect(e.size, `${what} size`).to.equal(g.size);
    expect(e.mtime, `${what} mtime`).to.be.closeTo(g.mtime, 1e-6);
    if (g.linkTarget !== undefined) {
      // GNU tar lists a hard link target with its unsafe prefix ('/', '../') removed.
      const ours = e.type === 'hardlink' && e.linkEscapes ? e.linkPath : e.linkTarget;
      expect(ours, `${what} link`).to.equal(g.linkTarget);
    }
    if (g.devmajor !== undefined) {
      expect([e.devmajor, e.devminor], `${what} device`).to.deep.equal([g.devmajor, g.devminor]);
    }
  });
}

describe('TarIndex reads what GNU tar lists', () => {
  for (const archive of LISTED_LIKE_GNU) {
    it(`lists ${archive} as tar -tv does`, async () => {
      const [bytes, gnu] = await Promise.all([archiveBytes(archive), gnuVerdict(archive)]);
      const index = indexTar(bytes);
      expectListedLike(index.entries, gnu.listing, archive);
    });
  }
});

describe('TarIndex format features', () => {
  it('joins GNU long names (L) and long link targets (K)', async () => {
    const index = indexTar(await archiveBytes('gnu.tar'));
    const longName = index.entries.find((e) => e.name.length > 255 && e.type === 'file');
    expect(longName?.path).to.match(/^long\/d{90}\/e{90}\/f{110}\.txt$/);
    const longLink = index.entries.find((e) => e.path === 'links/sym-long');
    expect(longLink?.linkTarget?.length).to.be.greaterThan(100);
  });

  it('applies pax path, linkpath and fractional mtime records', async () => {
    const index = indexTar(await archiveBytes('pax.tar'));
    expect(index.entries.some((e) => e.name.length > 255)).to.equal(true);
    expect(index.lookup('links/sym-long')?.linkTarget?.length).to.be.greaterThan(100);
    expect(index.lookup('dir/hello.txt')?.mtime).to.equal(1700000000.25);
  });

  it('applies global pax records to later members, local ones winning', async () => {
    const index = indexTar(await archiveBytes('pax-global.tar'));
    const [first, second] = index.entries;
    expect(first).to.include({ path: 'global-path', uname: 'ghost', mtime: 1234567890 });
    expect(second).to.include({ uname: 'ghost', uid: 4242, mtime: 1600000000.5 });
    expect(second!.path).to.match(/^pax\/n{150}\.txt$/);
  });

  it('joins the ustar prefix field, but not in v7 headers', async () => {
    const ustar = indexTar(await archiveBytes('ustar.tar'));
    const prefixed = ustar.entries.find((e) => e.path.startsWith('prefix/p') && e.type === 'file');
    expect(prefixed?.name.length).to.be.greaterThan(100);
    const v7 = indexTar(await archiveBytes('v7-names.tar'));
    expect(v7.entries[0]!.path).to.equal('plain.txt');
  });

  it('reads base-256 numbers: huge owners, negative times, sizes', async () => {
    const [entry] = indexTar(await archiveBytes('base256.tar')).entries;
    expect(entry).to.include({ uid: 3000000000, gid: 3000000001, mtime: -5 });
    const [sized] = indexTar(await archiveBytes('base256-size.tar')).entries;
    expect(sized).to.include({ path: 'b256.txt', size: 12 });
  });

  it('accepts a checksum summed over signed bytes', async () => {
    const index = indexTar(await archiveBytes('signed-checksum.tar'));
    expect(index.entries.map((e) => e.path)).to.deep.equal(['caf\u00e9-\u00fcber.txt']);
  });

  it('reads the same at any byte alignment (the checksum sums four bytes at a time when it can)', async () => {
    for (const archive of ['gnu.tar', 'signed-checksum.tar', 'pax.tar', 'bad-checksum.tar']) {
      const bytes = await archiveBytes(archive);
      const shape = (b: Uint8Array) => {
        const index = new TarIndex();
        try {
          index.feed(b);
          index.finish();
        } catch {
          // the error is compared below
        }
        return {
          entries: index.entries.map((e) => [e.path, e.headerOffset, e.size]),
          error: index.error?.message,
        };
      };
      const aligned = shape(bytes);
      for (const shift of [1, 2, 3]) {
        const moved = new Uint8Array(bytes.length + shift);
        moved.set(bytes, shift);
        expect(shape(moved.subarray(shift)), `${archive} at +${shift}`).to.deep.equal(aligned);
      }
    }
  });

  it('strips ./ prefixes without calling it a rename', async () => {
    const index = indexTar(await archiveBytes('gnu.tar'));
    expect(index.entries[0]).to.include({ name: './', path: '', type: 'directory' });
    const hello = index.lookup('dir/hello.txt')!;
    expect(hello.name).to.equal('./dir/hello.txt');
    expect(hello.sanitizedFrom).to.equal(undefined);
  });

  it('records hard links by the target path, and zero-length files', async () => {
    const index = indexTar(await archiveBytes('gnu.tar'));
    expect(index.lookup('links/hard')).to.include({
      type: 'hardlink',
      linkTarget: './dir/hello.txt',
      linkPath: 'dir/hello.txt',
    });
    expect(index.lookup('dir/zero.txt')).to.include({ type: 'file', size: 0, mode: 0o600 });
  });

  it('keeps every duplicate in the listing and finds the last one by path', async () => {
    const bytes = await archiveBytes('duplicates-mixed.tar');
    const index = indexTar(bytes);
    expect(index.entries.filter((e) => e.path === 'a.txt')).to.have.length(2);
    const last = index.lookup('a.txt')!;
    const text = new TextDecoder().decode(
      bytes.subarray(last.dataOffset, last.dataOffset + last.size),
    );
    expect(text).to.equal('second, last wins\n');
  });

  it('reads devices, fifos, contiguous files, unknown types and old-style directories', async () => {
    const index = indexTar(await archiveBytes('types.tar'));
    const types = Object.fromEntries(index.entries.map((e) => [e.path, e.type]));
    expect(types).to.deep.equal({
      null: 'character-device',
      sda: 'block-device',
      pipe: 'fifo',
      strange: 'file',
      olddir: 'directory',
      'olddir/in.txt': 'file',
      contiguous: 'file',
    });
  });

  it('does not skip data after a directory header, as GNU tar does not', async () => {
    const index = indexTar(await archiveBytes('dir-with-size.tar'));
    expect(index.entries.map((e) => e.path)).to.deep.equal(['sized-dir', 'after.txt']);
  });

  it('records data offsets that point at the member bytes', async () => {
    const bytes = await archiveBytes('ustar.tar');
    const hello = indexTar(bytes).lookup('dir/hello.txt')!;
    expect(
      new TextDecoder().decode(bytes.subarray(hello.dataOffset, hello.dataOffset + hello.size)),
    ).to.equal('hello\n');
    expect(hello.dataOffset).to.equal(hello.headerOffset + 512);
  });

  it('tells how the archive ended', async () => {
    const end = async (name: string) => indexTar(await archiveBytes(name)).end!.kind;
    expect(await end('gnu.tar')).to.equal('end-marker');
    expect(await end('lone-zero-block.tar')).to.equal('lone-zero-block');
    expect(await end('no-end-marker.tar')).to.equal('no-end-marker');
    const gnu = await gnuVerdict('lone-zero-block.tar');
    expect(gnu.listMessages).to.contain('A lone zero block');
  });
});

/** Feeds `bytes` in growing prefixes of random sizes over one resizable buffer, as the xz decoder grows it. */
function feedInPieces(bytes: Uint8Array, seed: number, freshViews: boolean): TarIndex {
  const random = seededRandom(seed);
  const buffer = new ArrayBuffer(0, { maxByteLength: bytes.length });
  const index = new TarIndex();
  let have = 0;
  const seen: TarEntry[] = [];
  while (have < bytes.length) {
    const step = Math.min(bytes.length - have, 1 + Math.floor(random() * random() * 3000));
    buffer.resize(have + step);
    new Uint8Array(buffer).set(bytes.subarray(have, have + step), have);
    have += step;
    const view = freshViews ? new Uint8Array(buffer, 0, have) : new Uint8Array(buffer);
    for (const e of index.feed(view, have)) {
      // An entry is only handed out once all its bytes are there.
      expect(e.dataOffset + (e.type === 'directory' ? 0 : e.size)).to.be.at.most(have);
      seen.push(e);
    }
  }
  index.finish(have);
  expect(seen).to.deep.equal(index.entries);
  return index;
}

describe('TarIndex fed while the archive decodes', () => {
  for (const archive of [
    'gnu.tar',
    'pax.tar',
    'duplicates-mixed.tar',
    'pax-global.tar',
    'many.tar',
  ]) {
    it(`gives the same entries for ${archive} fed in random pieces as in one go`, async () => {
      const bytes = await archiveBytes(archive);
      const whole = indexTar(bytes);
      for (const seed of [1, 2, 3]) {
        const pieces = feedInPieces(bytes, seed, seed === 2);
        expect(pieces.entries, `seed ${seed}`).to.deep.equal(whole.entries);
        expect(pieces.end, `seed ${seed}`).to.deep.equal(whole.end);
      }
    });
  }

  it('returns nothing until a member is complete, then only the new ones', async () => {
    const bytes = await archiveBytes('ustar.tar');
    const index = new TarIndex();
    const hello = indexTar(bytes).lookup('dir/hello.txt')!;
    const before = index.feed(bytes, hello.dataOffset + hello.size - 1);
    expect(before.map((e) => e.path)).to.not.include('dir/hello.txt');
    const after = index.feed(bytes, hello.dataOffset + hello.size);
    expect(after.map((e) => e.path)).to.deep.equal(['dir/hello.txt']);
    expect(index.feed(bytes, hello.dataOffset + hello.size)).to.deep.equal([]);
  });

  it('refuses a shrinking prefix and feeding after finish', async () => {
    const bytes = await archiveBytes('ustar.tar');
    const index = new TarIndex();
    index.feed(bytes, 2048);
    expect(() => index.feed(bytes, 1024)).to.throw(RangeError, /must grow/);
    index.finish(bytes.length);
    expect(() => index.feed(bytes)).to.throw(/after finish/);
  });
});
