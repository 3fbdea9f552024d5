// The demo archive (public/kernel/kheaders.tar.xz, decompressed by the
// fixture step with xz -dc) against GNU tar's listing and the sha256 of
// every file GNU tar extracted from it.
import { expect } from '@esm-bundle/chai';
import { ArchiveFs } from '../../src/worker/tar/archive-fs';
import { indexTar, TarIndex } from '../../src/worker/tar/tar-index';
import {
  archiveBytes,
  kernelHeadersVerdict,
  regularFiles,
  seededRandom,
  sha256Hex,
} from './gnu-expectations';

describe('the demo kernel-headers archive', () => {
  it('lists exactly as GNU tar lists it', async () => {
    const [bytes, gnu] = await Promise.all([archiveBytes('kheaders.tar'), kernelHeadersVerdict()]);
    expect(bytes.length).to.equal(gnu.tarBytes);
    const index = indexTar(bytes);
    expect(index.end?.kind).to.equal('end-marker');
    const ours = index.entries.map((e) => ({
      path: e.name,
      type: e.type,
      mode: e.mode,
      size: e.size,
      ...(e.linkTarget === undefined ? {} : { linkTarget: e.linkTarget }),
    }));
    expect(ours.length).to.be.greaterThan(1000);
    expect(ours).to.deep.equal(gnu.listing);
  });

  it('serves every file with the bytes GNU tar extracts, as views into the archive', async () => {
    const [bytes, gnu] = await Promise.all([archiveBytes('kheaders.tar'), kernelHeadersVerdict()]);
    const fs = new ArchiveFs(indexTar(bytes));
    const paths = Object.keys(gnu.files);
    expect(paths.length).to.be.greaterThan(1000);
    const wrong: string[] = [];
    for (const path of paths) {
      const view = await fs.readFileBuffer(`/${path}`);
      if (view.buffer !== bytes.buffer) throw new Error(`${path} was copied, not viewed`);
      if ((await sha256Hex(view)) !== gnu.files[path]) wrong.push(path);
    }
    expect(wrong).to.deep.equal([]);
    expect((await regularFiles(fs)).sort()).to.deep.equal(paths.sort());
    // Its symlinks resolve inside the archive, to files GNU tar extracted.
    for (const link of gnu.listing.filter((l) => l.type === 'symlink')) {
      const at = `/${link.path.replace(/^\.\//, '')}`;
      const real = (await fs.realpath(at)).slice(1);
      expect(gnu.files[real], `${at} -> ${real}`).to.be.a('string');
      expect(await sha256Hex(await fs.readFileBuffer(at))).to.equal(gnu.files[real]);
    }
  });

  it('indexes the same when fed in random pieces while it decodes', async () => {
    const bytes = await archiveBytes('kheaders.tar');
    const whole = indexTar(bytes);
    const random = seededRandom(42);
    const index = new TarIndex();
    let count = 0;
    for (let have = 0; have < bytes.length;) {
      have = Math.min(bytes.length, have + 1 + Math.floor(random() * 600_000));
      count += index.feed(bytes, have).length;
    }
    index.finish();
    expect(count).to.equal(whole.entries.length);
    expect(index.entries).to.deep.equal(whole.entries);
  });
});
