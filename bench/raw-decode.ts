/**
 * One single-call decode by a given build of the decoder, straight through
 * its C API (no steps, no CRC64, no index): how `npm run bench` puts the
 * profile-guided xz.wasm beside the unguided build of the same C
 * (xz-unguided.wasm, made by `node scripts/setup.mjs bench`; see
 * wasm/README.md), so what the profile buys is measured in the same run.
 */
import { XzMode, XzRet, XzWasm } from '../src/worker/xz/xz-wasm';

/** A decode function for the build at `url`; undefined when that build is not there. */
export async function rawDecoder(
  url: string,
  outputSize: number,
): Promise<((input: Uint8Array) => Promise<number>) | undefined> {
  const res = await fetch(url);
  if (!res.ok) return undefined;
  const module = await WebAssembly.compileStreaming(res);
  return async (input) => {
    const wasm = await XzWasm.create(module);
    const ex = wasm.exports;
    const dec = ex.kh_decoder_new(XzMode.Single, 0);
    const buf = ex.kh_buf_new();
    const inPtr = wasm.copyIn(input);
    const out = ex.kh_out_new(outputSize);
    wasm.setBuf(buf, {
      in: inPtr,
      inPos: 0,
      inSize: input.length,
      out,
      outPos: 0,
      outSize: outputSize,
    });
    const ret = ex.kh_run_single(dec, buf);
    if (ret !== XzRet.StreamEnd) throw new Error(`${url}: xz_ret ${ret}`);
    return wasm.getBuf(buf, 'outPos');
  };
}
