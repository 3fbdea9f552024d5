/**
 * Limits that name themselves: each limit in limit-table.ts is tripped
 * on purpose and its error must say which limit and its value, so a person
 * can tell a hostile input from a big honest one.
 */
import { expect } from '@esm-bundle/chai';
import {
  FETCH_LIMITS,
  limitTable,
  SHELL_LIMITS,
  TAR_LIMITS,
  TMPFS_BYTES,
  XZ_LIMITS,
} from './limit-table';
import { loadArchive } from '../../src/worker/archive-loader';
import { TarError } from '../../src/worker/tar/tar-error';
import { indexTar } from '../../src/worker/tar/tar-index';
import { decodeXz } from '../../src/worker/xz/xz-decoder';
import { XzError } from '../../src/worker/xz/xz-error';
import { formatBytes } from '../../src/common/byte-size';
import type { XzLimits } from '../../src/worker/xz/xz-limits';
import { XzStreamDecoder } from '../../src/worker/xz/xz-stream-decoder';
import { bootMachine } from '../machine/machine-helpers';

const bytesOf = async (path: string) =>
  new Uint8Array(await (await fetch(new URL(path, import.meta.url))).arrayBuffer());

async function caught(run: () => unknown): Promise<Error> {
  try {
    await run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

/** Both decode paths, with the same limits. */
async function xzErrors(bytes: Uint8Array, limits: Partial<XzLimits>): Promise<XzError[]> {
  const whole = await caught(() => decodeXz(bytes, { limits }));
  const streamed = await caught(async () => {
    const d = await XzStreamDecoder.create({ limits });
    try {
      for (let at = 0; at < bytes.length; at += 4096) d.push(bytes.subarray(at, at + 4096));
      return d.finish();
    } finally {
      d.release();
    }
  });
  for (const e of [whole, streamed]) expect(e, String(e)).to.be.instanceOf(XzError);
  return [whole, streamed] as XzError[];
}

describe('limits name themselves', function () {
  this.timeout(60_000);

  it('one table holds every limit, each a positive whole number', () => {
    const names = limitTable().map((l) => l.name);
    expect(names).to.include.members([
      'xz.maxOutputBytes',
      'xz.maxDictBytes',
      'tar.maxEntries',
      'tar.maxPathBytes',
      'tmpfs.bytes',
      'disk.bytes',
      'shell.maxCommands',
      'fetch.maxDownloadBytes',
    ]);
    for (const l of limitTable())
      expect(Number.isSafeInteger(l.value) && l.value > 0, l.name).to.equal(true);
    expect(new Set(names).size).to.equal(names.length);
    expect(limitTable().find((l) => l.name === 'xz.maxOutputBytes')?.value).to.equal(
      XZ_LIMITS.maxOutputBytes,
    );
  });

  it('an xz bomb stops at maxOutputBytes, and says so with the value', async () => {
    const bomb = await bytesOf('../fixtures/generated/xz/bomb.xz');
    const limit = 16 << 20;
    for (const e of await xzErrors(bomb, { maxOutputBytes: limit })) {
      expect(e.kind).to.equal('limit');
      expect(e.message).to.contain('xz.maxOutputBytes').and.contain(formatBytes(limit));
    }
  });

  it('a dictionary past maxDictBytes is refused before decoding, naming both sizes', async () => {
    const xz = await bytesOf('../fixtures/generated/xz/dict-8mib.xz');
    for (const e of await xzErrors(xz, { maxDictBytes: 1 << 20 })) {
      expect(e.kind).to.equal('limit');
      expect(e.message).to.contain('dictionary of 8.0 MiB').and.contain('1.0 MiB');
    }
  });

  it('tar: maxEntries and maxPathBytes are named with their values', async () => {
    const many = await bytesOf('../fixtures/generated/tar/many.tar');
    const e1 = await caught(() => indexTar(many, { limits: { maxEntries: 10 } }));
    expect(e1).to.be.instanceOf(TarError);
    expect(e1.message).to.contain('maxEntries = 10');
    const long = await bytesOf('../fixtures/generated/tar/long-path.tar');
    const e2 = await caught(() => indexTar(long, { limits: { maxPathBytes: 100 } }));
    expect(e2).to.be.instanceOf(TarError);
    expect(e2.message).to.contain('maxPathBytes = 100');
    expect(TAR_LIMITS.maxPathBytes).to.equal(4096);
  });

  it('a full tmpfs ends writes with ENOSPC; what was there stays', async () => {
    const { sh } = await bootMachine({ tmpfsBytes: 1 << 20 });
    expect((await sh('echo kept > /tmp/note')).code).to.equal(0);
    // 90k lines are about 500 KB: four of them do not fit in 1 MiB.
    const r = await sh('seq 1 90000 > /tmp/a && cat /tmp/a /tmp/a /tmp/a /tmp/a > /tmp/big');
    expect(r.code).to.equal(1);
    expect(r.err).to.match(/ENOSPC: no space left on device.*, write '\/tmp\/big'/i);
    // The error names the limit it hit, with this machine's value.
    expect(r.err).to.contain("(tmpfs.bytes = 1.0 MiB), write '/tmp/big'");
    expect((await sh('cat /tmp/note')).out).to.equal('kept\n');
    expect(TMPFS_BYTES).to.equal(96 << 20);
  });

  it('a runaway loop ends at shell.maxCommands with the value in the message', async () => {
    const { sh } = await bootMachine();
    const r = await sh('i=0; while true; do i=$((i+1)); done');
    expect(r.code).to.not.equal(0);
    expect(r.err).to.contain(String(SHELL_LIMITS.maxCommands));
    // Named in the playground's terms, not as a setting the user cannot reach.
    expect(r.err).to.contain('shell.maxCommands');
    expect(r.err).to.not.contain('executionLimits');
    expect((await sh('echo ok')).out).to.equal('ok\n');
  });

  describe('fetch.maxDownloadBytes', () => {
    const realFetch = globalThis.fetch;
    afterEach(() => {
      globalThis.fetch = realFetch;
    });

    it('a Content-Length past the limit is refused before any byte is read', async () => {
      let pulled = 0;
      globalThis.fetch = async () =>
        new Response(
          new ReadableStream({
            pull: (c) => {
              pulled++;
              c.enqueue(new Uint8Array(1024));
            },
          }),
          { headers: { 'content-length': String(FETCH_LIMITS.maxDownloadBytes + 1) } },
        );
      const e = await caught(() =>
        loadArchive({ kind: 'url', url: 'https://example.invalid/huge.tar.xz', name: 'huge' }),
      );
      expect(e).to.be.instanceOf(XzError);
      expect(e.message).to.contain('maxDownloadBytes = 256.0 MiB');
      expect(pulled).to.be.below(2);
    });

    it('a download without a length stops as it passes the limit', async () => {
      {
        // A plain tar (ustar magic) that never ends.
        const head = new Uint8Array(512);
        head.set(new TextEncoder().encode('ustar\u000000'), 257);
        let sent = 0;
        globalThis.fetch = async () =>
          new Response(
            new ReadableStream({
              pull: (c) => {
                c.enqueue(sent === 0 ? head : new Uint8Array(8192));
                sent++;
              },
            }),
          );
        const e = await caught(() =>
          loadArchive(
            { kind: 'url', url: 'https://example.invalid/endless.tar', name: 'endless' },
            undefined,
            { maxDownloadBytes: 64 * 1024 },
          ),
        );
        expect(e).to.be.instanceOf(XzError);
        expect((e as XzError).kind).to.equal('limit');
        expect(e.message).to.contain('maxDownloadBytes = 64.0 KiB');
        expect(sent).to.be.below(20);
      }
    });
  });
});
