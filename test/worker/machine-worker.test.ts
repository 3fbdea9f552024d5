/**
 * The one test that goes through the real Worker and Comlink: the same
 * entry the page starts, typed by the shared MachineApi.
 */
import { expect } from '@esm-bundle/chai';
import { proxy, transfer, wrap } from 'comlink';
import type { LoadProgress, MachineApi } from '../../src/shared/worker-api';

const fixture = new URL('../fixtures/generated/xz/text-6-crc64.xz', import.meta.url).href;
const manifest = (await (
  await fetch(new URL('../fixtures/generated/xz/manifest.json', import.meta.url))
).json()) as {
  fixtures: { name: string; expect: { size?: number } }[];
};
const expectedSize = manifest.fixtures.find((f) => f.name === 'text-6-crc64.xz')!.expect.size;

describe('machine worker', () => {
  let worker: Worker;
  let machine: ReturnType<typeof wrap<MachineApi>>;

  beforeEach(() => {
    worker = new Worker(new URL('../../src/worker/main.ts', import.meta.url), { type: 'module' });
    machine = wrap<MachineApi>(worker);
  });
  afterEach(() => worker.terminate());

  it('streams a URL through the decoder with progress, and verifies it', async () => {
    const reports: LoadProgress[] = [];
    const summary = await machine.loadArchive(
      { kind: 'url', url: fixture, name: 'fixture' },
      proxy((p: LoadProgress) => void reports.push(p)),
    );
    expect(summary.decodedBytes).to.equal(expectedSize);
    expect(summary).to.include({ verified: true, streams: 1, blocks: 1 });
    expect(summary.checks).to.deep.equal(['CRC64']);
    expect(reports.at(-1)).to.include({ phase: 'done', bytesOut: expectedSize });
    const outs = reports.map((r) => r.bytesOut);
    expect(outs).to.deep.equal([...outs].sort((a, b) => a - b));
  });

  it('takes a buffer by transfer, leaving the page without a copy', async () => {
    const bytes = new Uint8Array(await (await fetch(fixture)).arrayBuffer());
    const summary = await machine.loadArchive(
      transfer({ kind: 'bytes', bytes, name: 'mine.xz' }, [bytes.buffer]),
    );
    expect(summary.decodedBytes).to.equal(expectedSize);
    expect(bytes.buffer.byteLength, 'the buffer moved to the worker').to.equal(0);
  });

  it('reports bad input as a clear error and stays usable', async () => {
    const junk = new TextEncoder().encode('this is not an xz file at all, just text');
    let message = '';
    try {
      await machine.loadArchive({ kind: 'bytes', bytes: junk, name: 'junk' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.contain('not xz data');
    const summary = await machine.loadArchive({ kind: 'url', url: fixture, name: 'fixture' });
    expect(summary.verified).to.equal(true);
  });
});
