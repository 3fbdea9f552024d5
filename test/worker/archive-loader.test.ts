/**
 * What a user may bring: each packing goes through the same loader, from a
 * buffer and from a URL, and comes out byte for byte as GNU tar/gzip made it.
 */
import { expect } from '@esm-bundle/chai';
import type { LoadProgress } from '../../src/shared/worker-api';
import { detectFormat, loadArchive, type LoadedArchive } from '../../src/worker/archive-loader';
import { indexTarUntilError, type TarIndex } from '../../src/worker/tar/tar-index';

interface FormatFixture {
  name: string;
  expect: { format?: string; sha256?: string; size?: number; error?: string };
}

const base = new URL('../fixtures/generated/xz/', import.meta.url);
const { formats } = (await (await fetch(new URL('manifest.json', base))).json()) as {
  formats: FormatFixture[];
};
const bytesOf = async (url: URL) => new Uint8Array(await (await fetch(url)).arrayBuffer());

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes.slice());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('archive loader: every packing a user may bring', () => {
  for (const f of formats) {
    const url = new URL(f.name, base);
    if (f.expect.error) {
      it(`${f.name}: ${f.expect.error}`, async () => {
        for (const source of [
          { kind: 'bytes' as const, bytes: await bytesOf(url), name: f.name },
          { kind: 'url' as const, url: url.href, name: f.name },
        ]) {
          const err = await loadArchive(source).then(
            () => undefined,
            (e: unknown) => e as Error & { kind?: string },
          );
          expect(err?.kind, err?.message).to.equal(f.expect.error);
          expect(err?.message).to.match(/gzip data near byte offset \d+/);
        }
      });
      continue;
    }
    it(`${f.name} from a buffer and from a URL`, async () => {
      const fromBytes = await loadArchive({
        kind: 'bytes',
        bytes: await bytesOf(url),
        name: f.name,
      });
      const fromUrl = await loadArchive({ kind: 'url', url: url.href, name: f.name });
      for (const r of [fromBytes, fromUrl]) {
        expect(r.summary.format).to.equal(f.expect.format);
        expect(r.bytes.length).to.equal(f.expect.size);
        expect(await sha256(r.bytes)).to.equal(f.expect.sha256);
      }
      expect(fromBytes.summary.verified).to.equal(f.expect.format === 'gzip');
    });
  }

  /** What a mount sees of an index: every member, where its data is, and how it ended. */
  const shape = (index: TarIndex | undefined) =>
    index && {
      entries: index.entries.map((e) => [e.path, e.type, e.headerOffset, e.dataOffset, e.size]),
      error: index.error?.message,
      end: index.end,
      // Offsets point into the bytes last fed (a failed index stops being fed).
      bytes: index.error ? undefined : index.bytes.length,
    };
  const sameIndexAsAfterwards = (r: LoadedArchive) => {
    expect(r.index, 'an index built while decoding').to.not.equal(undefined);
    if (!r.index!.error)
      expect(r.index!.bytes.buffer, 'over the bytes mounted').to.equal(r.bytes.buffer);
    expect(shape(r.index)).to.deep.equal(shape(indexTarUntilError(r.bytes)));
  };

  it('indexes while decoding exactly what indexing the whole output gives', async () => {
    const demo = new URL('../../public/kernel/kheaders.tar.xz', import.meta.url);
    const sources = [
      demo,
      new URL('sample.tar', base),
      new URL('sample.tar.gz', base),
      new URL('tar-cut.xz', base), // a tar cut short: members up to the cut, then the error
      new URL('bcj-x86-crc64.xz', base), // BCJ output is final only at its block's end
      new URL('multiblock-crc64.xz', base),
      new URL('../../public/kernel/config.gz', import.meta.url), // not a tar at all
    ];
    for (const url of sources) {
      const name = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
      sameIndexAsAfterwards(await loadArchive({ kind: 'bytes', bytes: await bytesOf(url), name }));
      sameIndexAsAfterwards(await loadArchive({ kind: 'url', url: url.href, name }));
    }
  });

  it('lists the demo archive while it still arrives', async () => {
    const reports: LoadProgress[] = [];
    const { summary } = await loadArchive(
      {
        kind: 'url',
        url: new URL('../../public/kernel/kheaders.tar.xz', import.meta.url).href,
        name: 'demo',
      },
      (p) => reports.push(p),
    );
    const early = reports.find((p) => (p.entries ?? 0) > 0);
    expect(early, 'some entries before the end').to.not.equal(undefined);
    expect(early!.bytesIn).to.be.lessThan(summary.compressedBytes);
    const counts = reports.map((p) => p.entries ?? 0).filter((n) => n > 0);
    expect(counts).to.deep.equal([...counts].sort((a, b) => a - b));
  });

  it('opens a bare config.gz, the /proc/config.gz payload', async () => {
    const r = await loadArchive({
      kind: 'url',
      url: new URL('../../public/kernel/config.gz', import.meta.url).href,
      name: 'config.gz',
    });
    expect(r.summary.format).to.equal('gzip');
    // TextDecoder refuses views of resizable buffers: decode a copy.
    expect(new TextDecoder().decode(r.bytes.slice())).to.match(/^CONFIG_IKHEADERS=m$/m);
  });

  it('explains what an unknown file is instead of guessing', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(20).fill(0)]);
    expect(() => detectFormat(zip, zip.length)).to.throw(/looks like zip/);
  });

  it('names a web page served in place of an archive', () => {
    const page = new TextEncoder().encode('<!doctype html>\n<html lang="en"><head></head></html>');
    expect(() => detectFormat(page, page.length)).to.throw(/a web page \(HTML\)/);
  });

  it('explains a failed download', async () => {
    const missing = new URL('../fixtures/generated/xz/no-such-file.xz', import.meta.url).href;
    const err = await loadArchive({ kind: 'url', url: missing, name: 'x' }).catch((e: Error) => e);
    expect(String(err)).to.contain('HTTP 404');
  });
});
