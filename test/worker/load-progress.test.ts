/**
 * Progress while an archive loads, through the real worker: a report for
 * every PROGRESS_STEP_BYTES of work (bytes decoded, or indexed for a plain
 * tar) on every path, so the bar moves however fast or slow the machine is.
 * Inputs: a plain tar made here, the demo's kheaders.tar.xz, each also as
 * a Blob (what the page hands over for a picked File). Counted against
 * the work, never a clock.
 */
import { expect } from '@esm-bundle/chai';
import { proxy, transfer } from 'comlink';
import type { ArchiveSource, LoadProgress } from '../../src/shared/worker-api';
import { PROGRESS_STEP_BYTES, readTarFile } from '../../src/worker/archive-input';
import { readXzTail, readXzTailOfBlob } from '../../src/worker/net/xz-tail';
import { ustar, type TarMember } from '../hostile/tiny-tar';
import { bootWorkerMachine, type WorkerMachine } from './worker-machine';

const STEP = PROGRESS_STEP_BYTES;
const DEMO = new URL('/public/kernel/kheaders.tar.xz', location.href).href;

/** A plain tar of `files` members of 64 KiB each (text, so it is a real archive). */
function plainTar(files: number): Uint8Array {
  const body = new TextEncoder().encode('kheaders\n'.repeat(7282));
  const members: TarMember[] = [];
  for (let i = 0; i < files; i++) members.push({ name: `d${i >> 6}/f${i}`, content: body });
  return ustar(members);
}

describe('load progress: a report for every step of work, on every path', function () {
  this.timeout(120_000);
  let booted: WorkerMachine;
  beforeEach(async () => {
    booted = await bootWorkerMachine();
  });
  afterEach(() => booted.terminate());

  /** Loads through the worker; the reports in the order the page got them. */
  async function load(source: ArchiveSource): Promise<{ seen: LoadProgress[]; size: number }> {
    const seen: LoadProgress[] = [];
    const message = source.kind === 'bytes' ? transfer(source, [source.bytes.buffer]) : source;
    const summary = await booted.machine.loadArchive(
      message,
      proxy((p: LoadProgress) => void seen.push(p)),
    );
    return { seen, size: summary.decodedBytes };
  }

  /**
   * From 0 to the whole, no two reports more than a step of work and one
   * unit of it (a network chunk, a decode step: each well under a step) apart.
   */
  function expectEveryStep(seen: LoadProgress[], size: number) {
    expect(size, 'big enough to take several steps').to.be.greaterThan(4 * STEP);
    const work = seen.map((p) => p.bytesOut);
    expect(work[0], 'a report as it starts').to.equal(0);
    expect(seen.at(-1)).to.include({ phase: 'done', bytesOut: size });
    const gaps = work.slice(1).map((w, i) => w - work[i]!);
    expect(Math.min(...gaps), 'work only grows').to.be.at.least(0);
    expect(Math.max(...gaps), `work between reports (${work.join(', ')})`).to.be.at.most(2 * STEP);
    // And not a report per chunk: each step of work is reported once, unless time passed.
    const steps = new Set(work.map((w) => Math.floor(w / STEP)));
    expect(steps.size).to.be.at.least(Math.floor(size / STEP));
  }

  it('a plain tar handed over as bytes is indexed in steps', async () => {
    const bytes = plainTar(512);
    const tarSize = bytes.length;
    const { seen, size } = await load({ kind: 'bytes', bytes, name: 'steps.tar' });
    expect(size).to.equal(tarSize);
    expectEveryStep(seen, size);
    const listed = seen.map((p) => p.entries ?? 0).filter((n) => n > 0);
    expect(listed.length, 'members listed as they are indexed').to.be.greaterThan(4);
    expect(listed, 'and their count only grows').to.deep.equal([...listed].sort((a, b) => a - b));
  });

  it('an xz handed over as bytes reports inside its one stream', async () => {
    const bytes = new Uint8Array(await (await fetch(DEMO)).arrayBuffer());
    const { seen, size } = await load({ kind: 'bytes', bytes, name: 'k.tar.xz' });
    expectEveryStep(seen, size);
  });

  it('reads an xz index first by Range: the size the whole decode gives', async () => {
    const bytes = new Uint8Array(await (await fetch(DEMO)).arrayBuffer());
    const whole = await load({ kind: 'bytes', bytes, name: 'k.tar.xz' });
    // The test server's own files answer no ranges; its fault route does (web-test-runner.config.mjs).
    const ranged = new URL(
      `/__fault/ranges/public/kernel/kheaders.tar.xz?t=${Date.now()}`,
      location.href,
    );
    const tail = await readXzTail(ranged.href, undefined, { stallMs: 20_000 });
    expect(tail).to.deep.equal({ lastStream: whole.size, total: whole.size });
  });

  it('a plain tar picked as a File is read, indexed and reported in steps', async () => {
    const bytes = plainTar(512);
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
    const { seen, size } = await load({ kind: 'blob', blob, name: 'steps.tar' });
    expect(size).to.equal(bytes.length);
    expectEveryStep(seen, size);
    expect(
      Math.max(...seen.map((p) => p.entries ?? 0)),
      'members listed as they arrive',
    ).to.be.greaterThan(0);
  });

  it('a picked tar is read straight into one buffer: the same bytes, reported as they come', async () => {
    const bytes = plainTar(256);
    const done: number[] = [];
    const read = await readTarFile(new Blob([bytes as Uint8Array<ArrayBuffer>]), 'r.tar', (n) =>
      done.push(n),
    );
    expect(read, 'this Chromium reads a File by BYOB').to.not.equal(undefined);
    expect(read!.bytes.length).to.equal(bytes.length);
    expect(
      read!.bytes.every((b, i) => b === bytes[i]),
      'byte for byte',
    ).to.equal(true);
    expect(read!.bytes.buffer.byteLength, 'one buffer, the archive exactly').to.equal(bytes.length);
    expect(done.at(-1)).to.equal(bytes.length);
    expect(done.length, 'more than one read').to.be.greaterThan(2);
  });

  it('an xz picked as a File: its index read first from a slice, then decoded with reports', async () => {
    const blob = await (await fetch(DEMO)).blob();
    const whole = await load({
      kind: 'bytes',
      bytes: new Uint8Array(await blob.arrayBuffer()),
      name: 'k.tar.xz',
    });
    expect(await readXzTailOfBlob(blob)).to.deep.equal({
      lastStream: whole.size,
      total: whole.size,
    });
    const { seen, size } = await load({ kind: 'blob', blob, name: 'k.tar.xz' });
    expect(size).to.equal(whole.size);
    expectEveryStep(seen, size);
    expect(
      seen.some((p) => p.totalIn === blob.size),
      'the bar knows the file size',
    ).to.equal(true);
  });

  it('an xz by URL reports as it downloads and decodes', async () => {
    const { seen, size } = await load({ kind: 'url', url: DEMO, name: 'k.tar.xz' });
    expectEveryStep(seen, size);
  });
});
