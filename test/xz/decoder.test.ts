/**
 * The xz decoder on fixtures made by the system xz at test time
 * (test/fixtures/xz-fixtures.mjs): every output must equal `xz -dc`'s
 * byte for byte (sha256), on both the whole-buffer and streaming paths;
 * every bad input must fail with its kind of error.
 */
import { expect } from '@esm-bundle/chai';
import { crcWorkerAnswers, setCrcOffThread } from '../../src/worker/xz/crc64-pieces';
import { decodeXz } from '../../src/worker/xz/xz-decoder';
import { XzError } from '../../src/worker/xz/xz-error';
import type { XzLimits } from '../../src/worker/xz/xz-limits';
import type { XzResult } from '../../src/worker/xz/xz-result';
import { XzStreamDecoder } from '../../src/worker/xz/xz-stream-decoder';

interface Fixture {
  name: string;
  expect: {
    sha256?: string;
    size?: number;
    error?: string;
    offset?: number;
    message?: string;
    limits?: Partial<XzLimits>;
  };
}

const base = new URL('../fixtures/generated/xz/', import.meta.url);
const { fixtures, demo } = (await (await fetch(new URL('manifest.json', base))).json()) as {
  fixtures: Fixture[];
  demo: { sha256: string; size: number };
};
const load = async (name: string) =>
  new Uint8Array(await (await fetch(new URL(name, base))).arrayBuffer());

async function sha256(bytes: Uint8Array): Promise<string> {
  // WebCrypto needs a plain ArrayBuffer-backed copy for views over wasm memory.
  const digest = await crypto.subtle.digest('SHA-256', bytes.slice());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The ends of the output said to be final as it decoded, copied when said,
 * so they can be checked against the finished output (a BCJ block's bytes
 * change when its filter runs at the block's end).
 */
class FinalOutputs {
  readonly seen: { end: number; tail: Uint8Array }[] = [];
  take = (view: Uint8Array): void => {
    const start = Math.max(0, view.length - 512);
    this.seen.push({ end: view.length, tail: view.slice(start) });
  };
  expectFinalIn(bytes: Uint8Array): void {
    let last = 0;
    for (const { end, tail } of this.seen) {
      expect(end, 'final output only grows').to.be.at.least(last);
      last = end;
      expect(tail, `output before ${end} was final`).to.deep.equal(
        bytes.slice(end - tail.length, end),
      );
    }
  }
}

/** Feeds the input in uneven chunks, as a network would. */
function decodeInChunks(
  input: Uint8Array,
  limits?: Partial<XzLimits>,
  finals?: FinalOutputs,
): Promise<XzResult> {
  return (async () => {
    const decoder = await XzStreamDecoder.create(limits ? { limits } : {});
    let at = 0;
    for (let step = 1; at < input.length; step = (step * 7 + 3) % 65_537) {
      decoder.push(input.subarray(at, at + step));
      finals?.take(decoder.finalOutput);
      at += step;
    }
    return decoder.finish();
  })();
}

async function expectError(run: () => Promise<unknown>, f: Fixture): Promise<XzError> {
  try {
    await run();
  } catch (err) {
    expect(err, String(err)).to.be.instanceOf(XzError);
    const e = err as XzError;
    expect(e.kind, e.message).to.equal(f.expect.error);
    if (f.expect.offset !== undefined) expect(e.offset, e.message).to.equal(f.expect.offset);
    if (f.expect.message) expect(e.message).to.contain(f.expect.message);
    return e;
  }
  throw new Error(`${f.name} decoded without an error`);
}

describe('xz decoder: good archives equal xz -dc', () => {
  for (const f of fixtures.filter((x) => x.expect.sha256)) {
    it(`${f.name} (whole buffer)`, async () => {
      const finals = new FinalOutputs();
      const r = await decodeXz(await load(f.name), { onDecoded: finals.take });
      expect(r.bytes.length).to.equal(f.expect.size);
      expect(await sha256(r.bytes)).to.equal(f.expect.sha256);
      const none = r.streams.some((s) => s.checkId === 0);
      expect(r.verification.verified).to.equal(!none);
      finals.expectFinalIn(r.bytes);
    });
    it(`${f.name} (streaming)`, async () => {
      const finals = new FinalOutputs();
      const r = await decodeInChunks(await load(f.name), undefined, finals);
      expect(await sha256(r.bytes)).to.equal(f.expect.sha256);
      finals.expectFinalIn(r.bytes);
    });
  }

  it('decodes the demo kheaders.tar.xz exactly as xz -dc does, on both paths', async () => {
    const res = await fetch(new URL('../../public/kernel/kheaders.tar.xz', import.meta.url));
    const input = new Uint8Array(await res.arrayBuffer());
    const finals = new FinalOutputs();
    const whole = await decodeXz(input, { onDecoded: finals.take });
    expect(finals.seen.length, 'told of final output between steps').to.be.greaterThan(10);
    finals.expectFinalIn(whole.bytes);
    expect(whole.bytes.length).to.equal(demo.size);
    expect(await sha256(whole.bytes)).to.equal(demo.sha256);
    expect(whole.verification).to.include({ verified: true });
    const streamed = await decodeInChunks(input);
    expect(await sha256(streamed.bytes)).to.equal(demo.sha256);
  });

  it('CRC64 on the second worker: the same bytes verified, and a flipped check still caught', async () => {
    setCrcOffThread(true);
    const before = crcWorkerAnswers.count;
    try {
      // Large enough for several pieces to go to the worker (small outputs are hashed inline).
      const res = await fetch(new URL('../../public/kernel/kheaders.tar.xz', import.meta.url));
      const big = await decodeXz(new Uint8Array(await res.arrayBuffer()));
      expect(await sha256(big.bytes)).to.equal(demo.sha256);
      expect(big.verification).to.include({ verified: true });
      expect(crcWorkerAnswers.count, 'pieces the worker hashed').to.be.greaterThan(before + 1);
      const many = await decodeXz(await load('multiblock-crc64.xz'));
      const f = fixtures.find((x) => x.name === 'multiblock-crc64.xz')!;
      expect(await sha256(many.bytes)).to.equal(f.expect.sha256);
      expect(many.verification).to.include({ verified: true });
      const streamed = await decodeInChunks(await load('concatenated.xz'));
      const c = fixtures.find((x) => x.name === 'concatenated.xz')!;
      expect(await sha256(streamed.bytes)).to.equal(c.expect.sha256);
      const bad = fixtures.find((x) => x.name === 'bitflip-crc64.xz')!;
      const badBytes = await load(bad.name);
      await expectError(() => decodeXz(badBytes), bad);
    } finally {
      setCrcOffThread(false);
    }
  });

  it('names the check type and never calls an unchecked archive verified', async () => {
    const crc64 = await decodeXz(await load('text-6-crc64.xz'));
    expect(crc64.verification).to.include({ verified: true });
    expect(crc64.verification.checks).to.deep.equal(['CRC64']);
    const none = await decodeXz(await load('text-6-none.xz'));
    expect(none.verification.verified).to.equal(false);
    expect(none.verification.summary).to.contain('no integrity check');
  });

  it('reads concatenated streams with padding as separate streams', async () => {
    const r = await decodeXz(await load('padded.xz'));
    expect(r.streams.map((s) => s.padding)).to.deep.equal([8, 4]);
    expect(r.verification.checks).to.deep.equal(['CRC64', 'SHA-256']);
  });

  it('nothing carries from one decode to the next: earlier output stays whole, a failure spoils nothing', async () => {
    // Each decode must own its heap: if a later decode (or a failed one) reused
    // the first one's memory, the first result would no longer hash to xz -dc's.
    const fixture = (name: string) => fixtures.find((x) => x.name === name)!;
    const text = fixture('text-9e-crc64.xz');
    const binary = fixture('bcj-x86-sha256.xz');
    const damaged = fixture('bitflip-crc64.xz');
    const textInput = await load(text.name);
    const first = await decodeXz(textInput);
    const firstStreamed = await decodeInChunks(textInput);
    const damagedInput = await load(damaged.name);
    await expectError(() => decodeXz(damagedInput), damaged);
    await expectError(() => decodeInChunks(damagedInput), damaged);
    const second = await decodeXz(await load(binary.name));
    const secondStreamed = await decodeInChunks(await load(binary.name));
    expect(await sha256(second.bytes)).to.equal(binary.expect.sha256);
    expect(await sha256(secondStreamed.bytes)).to.equal(binary.expect.sha256);
    expect(await sha256(first.bytes)).to.equal(text.expect.sha256);
    expect(await sha256(firstStreamed.bytes)).to.equal(text.expect.sha256);
    // The output is the dictionary itself: memory near xz's output size, not a multiple of it.
    expect(first.peakWasmBytes).to.be.at.most(text.expect.size! + textInput.length + (16 << 20));
  });
});

describe('xz decoder: bad input gets a clear error', () => {
  for (const f of fixtures.filter((x) => x.expect.error)) {
    it(`${f.name}: ${f.expect.error}`, async () => {
      const input = await load(f.name);
      const limits = f.expect.limits;
      const whole = await expectError(() => decodeXz(input, limits ? { limits } : {}), f);
      const streamed = await expectError(() => decodeInChunks(input, limits), f);
      for (const e of [whole, streamed]) {
        if (['truncated', 'corrupt', 'check-mismatch', 'unsupported'].includes(e.kind)) {
          expect(e.message).to.match(/byte (offset )?\d+/);
        }
      }
    });
  }
});
