import { expect } from '@esm-bundle/chai';
import { TAR_LIMITS } from '../../src/worker/tar/limits';
import { TarError } from '../../src/worker/tar/tar-error';
import {
  indexTar,
  indexTarUntilError,
  TarIndex,
  type TarIndexOptions,
} from '../../src/worker/tar/tar-index';
import { archiveBytes, gnuVerdict } from './gnu-expectations';

/** Indexes an archive that must fail; returns the error and the index (which keeps what came before). */
async function failing(archive: string, options: TarIndexOptions = {}) {
  const index = new TarIndex(options);
  const bytes = await archiveBytes(archive);
  let error: unknown;
  try {
    index.feed(bytes);
    index.finish();
  } catch (err) {
    error = err;
  }
  expect(error, `${archive} should fail`).to.be.instanceOf(TarError);
  return { error: error as TarError, index };
}

describe('TarIndex on bad archives', () => {
  it('names the entry and offset of a bad header checksum, keeping the members before it', async () => {
    const { error, index } = await failing('bad-checksum.tar');
    expect(error.kind).to.equal('checksum');
    expect(error).to.include({ offset: 1024, entryName: 'corrupt.h' });
    expect(error.message).to.match(
      /^tar: header checksum mismatch in entry 'corrupt.h' at byte 1024 \(stored 02322, computed 0[0-7]+\)$/,
    );
    // GNU tar too lists the first member and then gives up on the header.
    const gnu = await gnuVerdict('bad-checksum.tar');
    expect(index.entries.map((e) => e.name)).to.deep.equal(gnu.listing.map((g) => g.path));
    expect(gnu.listStatus).to.not.equal(0);
    expect(index.error).to.equal(error);
  });

  it('reports member data that runs past the end', async () => {
    const { error, index } = await failing('truncated-data.tar');
    expect(error.kind).to.equal('truncated');
    expect(error).to.include({ offset: 1024, entryName: 'big.h' });
    expect(error.message).to.contain('needs bytes 1536..6536, archive has 2536');
    expect(index.entries.map((e) => e.path)).to.deep.equal(['fine.txt']);
    expect((await gnuVerdict('truncated-data.tar')).listMessages).to.contain('Unexpected EOF');
  });

  it('reports an archive that stops inside a header', async () => {
    const { error } = await failing('truncated-header.tar');
    expect(error.kind).to.equal('truncated');
    expect(error.offset).to.equal(1024);
    expect(error.message).to.contain('ends inside a header');
  });

  it('refuses an absurd size field, naming the limit', async () => {
    const { error } = await failing('absurd-size.tar');
    expect(error.kind).to.equal('limit');
    expect(error.entryName).to.equal('huge.bin');
    expect(error.message).to.contain(`maxEntryBytes = ${TAR_LIMITS.maxEntryBytes}`);
    expect(error.message).to.contain('size 8589934591');
  });

  it('refuses a negative base-256 size', async () => {
    const { error } = await failing('negative-size.tar');
    expect(error).to.include({ kind: 'bad-field', offset: 0, entryName: 'negative.bin' });
    expect((await gnuVerdict('negative-size.tar')).listMessages).to.contain('out of off_t range');
  });

  it('refuses a name longer than maxPathBytes', async () => {
    const { error } = await failing('long-path.tar');
    expect(error.kind).to.equal('limit');
    expect(error.message).to.contain(`maxPathBytes = ${TAR_LIMITS.maxPathBytes}`);
    expect(error.message).to.contain('5000 bytes');
  });

  it('refuses more members than maxEntries, keeping those before', async () => {
    const { error, index } = await failing('many.tar', { limits: { maxEntries: 10 } });
    expect(error.message).to.contain('maxEntries = 10');
    expect(error.entryName).to.equal('m/10.txt');
    expect(index.entries).to.have.length(10);
    expect(indexTar(await archiveBytes('many.tar')).entries).to.have.length(50);
  });

  it('reports a malformed pax record', async () => {
    const { error } = await failing('pax-bad-record.tar');
    expect(error).to.include({ kind: 'bad-pax', offset: 512 });
    expect((await gnuVerdict('pax-bad-record.tar')).listMessages).to.contain(
      'Extended header length',
    );
  });

  it('says clearly that GNU sparse members are not supported', async () => {
    const { error } = await failing('sparse.tar');
    expect(error.kind).to.equal('unsupported');
    expect(error.message).to.contain('GNU sparse');
  });

  it('indexes up to the first error without throwing, when asked to', async () => {
    const bad = indexTarUntilError(await archiveBytes('truncated-data.tar'));
    expect(bad.entries.map((e) => e.path)).to.deep.equal(['fine.txt']);
    expect(bad.error?.kind).to.equal('truncated');
    expect(bad.end).to.equal(null);
    const good = indexTarUntilError(await archiveBytes('ustar.tar'));
    expect(good.error).to.equal(null);
    expect(good.end?.kind).to.equal('end-marker');
  });

  it('keeps failing with the same error once stopped', async () => {
    const { error, index } = await failing('bad-checksum.tar');
    expect(() => index.feed(index.bytes)).to.throw(error.message);
  });
});

describe('TarIndex keeps hostile names inside the mount', () => {
  it('strips leading slashes and resolves .. without climbing out, recording the rename', async () => {
    const index = indexTar(await archiveBytes('traversal.tar'));
    const gnu = await gnuVerdict('traversal.tar');
    expect(index.entries.map((e) => e.name)).to.deep.equal(gnu.listing.map((g) => g.path));
    expect(index.entries.map((e) => [e.path, e.sanitizedFrom])).to.deep.equal([
      ['etc/passwd', '/etc/passwd'],
      ['evil.txt', '../../evil.txt'],
      ['b.txt', 'a/../../b.txt'],
      ['ok/c.txt', undefined],
      ['', '../'],
    ]);
    // GNU tar strips the same prefixes when it extracts.
    expect(gnu.listMessages).to.contain("Removing leading `/' from member names");
    expect(Object.keys(gnu.files)).to.include('etc/passwd');
  });

  it('marks symlinks that point outside and hard links whose target had to be renamed', async () => {
    const index = indexTar(await archiveBytes('links-out.tar'));
    const escapes = index.entries.filter((e) => e.linkEscapes).map((e) => e.path);
    expect(escapes).to.deep.equal(['up', 'abs', 'hl-out']);
    expect(index.lookup('hl-out')).to.include({
      linkTarget: '../dir/file.txt',
      linkPath: 'dir/file.txt',
    });
    expect((await gnuVerdict('links-out.tar')).listMessages).to.contain('from hard link targets');
  });
});
