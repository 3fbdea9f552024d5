/** The xz decode cache recognises the same bytes in a new buffer (as just-bash hands them over). */
import { expect } from '@esm-bundle/chai';
import { DecodeCache } from '../../src/worker/shell/decode-cache';
import type { XzResult } from '../../src/worker/xz/xz-result';

describe('DecodeCache', () => {
  it('decodes the same content once, whatever buffer carries it', async () => {
    const calls: Uint8Array[] = [];
    const cache = new DecodeCache(async (bytes) => {
      calls.push(bytes);
      if (bytes[0] === 0xff) throw new Error('corrupt');
      return { bytes } as unknown as XzResult;
    });
    const a = Uint8Array.from({ length: 1027 }, (_, i) => i & 0xff);
    const first = await cache.get(a);
    expect(await cache.get(a.slice())).to.equal(first);
    // Unaligned views compare byte by byte.
    const shifted = new Uint8Array(a.length + 1);
    shifted.set(a, 1);
    expect(await cache.get(shifted.subarray(1))).to.equal(first);
    expect(calls.length).to.equal(1);

    const b = a.slice();
    b[1026] ^= 1;
    await cache.get(b);
    expect(calls.length).to.equal(2);

    const bad = Uint8Array.of(0xff, 1, 2);
    for (let i = 0; i < 2; i++) {
      let message = '';
      await cache.get(bad.slice()).catch((e: Error) => (message = e.message));
      expect(message).to.equal('corrupt');
    }
    expect(calls.length).to.equal(4); // a failure is not remembered
  });
});
