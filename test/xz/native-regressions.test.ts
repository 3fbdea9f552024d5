/**
 * Inputs the native fuzzer found (test/xz/native-regressions/index.json),
 * replayed on the wasm build through both paths: the whole-buffer decoder
 * and the streaming one fed in small chunks (so steps cut blocks). What xz
 * itself says of each comes from the fixture manifest, made at setup.
 */
import { expect } from '@esm-bundle/chai';
import { decodeXz } from '../../src/worker/xz/xz-decoder';
import { XzError } from '../../src/worker/xz/xz-error';
import type { XzResult } from '../../src/worker/xz/xz-result';
import { XzStreamDecoder } from '../../src/worker/xz/xz-stream-decoder';

interface Case {
  file: string;
  ours: 'same-as-xz' | 'refuse' | 'accept-lenient';
}
interface XzSays {
  name: string;
  expect: { sha256?: string; size?: number; xzRefuses?: boolean; indexSize?: number };
}

const dir = new URL('./native-regressions/', import.meta.url);
const { cases } = (await (await fetch(new URL('index.json', dir))).json()) as { cases: Case[] };
const manifestUrl = new URL('../fixtures/generated/xz/manifest.json', import.meta.url);
const { nativeRegressions } = (await (await fetch(manifestUrl)).json()) as {
  nativeRegressions: XzSays[];
};

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes.slice()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function streamed(input: Uint8Array, chunk: number): Promise<XzResult> {
  const d = await XzStreamDecoder.create();
  try {
    for (let at = 0; at < input.length; at += chunk) d.push(input.subarray(at, at + chunk));
    return await d.finish();
  } finally {
    d.release();
  }
}

describe('native fuzz findings, replayed on the wasm build', function () {
  this.timeout(60_000);

  it('every saved input has a case and an answer from xz', () => {
    expect(cases.map((c) => c.file)).to.deep.equal(nativeRegressions.map((r) => r.name));
  });

  for (const c of cases) {
    for (const [path, run] of [
      ['whole buffer', (b: Uint8Array) => decodeXz(b)],
      ['streaming, 7-byte chunks', (b: Uint8Array) => streamed(b, 7)],
      ['streaming, 101-byte chunks', (b: Uint8Array) => streamed(b, 101)],
    ] as const) {
      it(`${c.file} (${path}): ${c.ours}`, async () => {
        const xzSays = nativeRegressions.find((r) => r.name === c.file)!.expect;
        const input = new Uint8Array(await (await fetch(new URL(c.file, dir))).arrayBuffer());
        const result = await run(input).catch((e: unknown) => e);
        if (c.ours === 'refuse') {
          expect(xzSays.xzRefuses).to.equal(true);
          expect(result).to.be.instanceOf(XzError);
          return;
        }
        if (result instanceof Error) throw result;
        const r = result as XzResult;
        expect(r.verification.verified).to.equal(true);
        if (c.ours === 'same-as-xz') {
          expect(r.bytes.length).to.equal(xzSays.size);
          expect(await sha256(r.bytes)).to.equal(xzSays.sha256);
        } else {
          expect(xzSays.xzRefuses).to.equal(true);
          expect(r.bytes.length).to.equal(xzSays.indexSize);
        }
      });
    }
  }
});
