/**
 * What xz has written by the time damaged input stops it: liblzma hands on
 * everything it decoded before the error and xz writes it out
 * (src/xz/coder.c), so `xz -dc` and `tar -xJf` of a truncated archive still
 * produce the members before the damage. The streaming decoder gives the
 * same: what it decoded up to the error.
 */
import { XzStreamDecoder } from '../xz/xz-stream-decoder';

export async function decodedBeforeError(input: Uint8Array): Promise<Uint8Array> {
  const decoder = await XzStreamDecoder.create({ sizeHint: input.length });
  try {
    decoder.push(input);
    await decoder.finish();
  } catch {
    // The error itself is reported by whoever decoded first.
  }
  try {
    return decoder.decoded.slice();
  } finally {
    decoder.release();
  }
}
