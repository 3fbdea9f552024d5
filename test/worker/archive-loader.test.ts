/**
 * What a user may bring: each packing goes through the same loader, from a
 * buffer and from a URL, and comes out byte for byte as GNU tar/gzip made it.
 */
import { expect } from '@esm-bundle/chai';
import type { LoadProgress } from '../../src/shared/worker-api';
import { detectFormat, loadArchive } from '../../src/worker/archive-loader';

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
