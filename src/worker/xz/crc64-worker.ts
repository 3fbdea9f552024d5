/**
 * The second worker that keeps CRC64 off the decoder's critical path: it
 * takes finished output pieces (copies, transferred) and answers each with
 * its CRC64, computed by the same wasm (wasm/src/checks.c) in its own heap.
 */
import type { PieceRequest, PieceResult } from './crc64-pieces';
import { XzWasm } from './xz-wasm';

let wasm: Promise<XzWasm> | undefined;
let ptr = 0;
let capacity = 0;

self.onmessage = async (e: MessageEvent<PieceRequest>) => {
  const { id, bytes } = e.data;
  const w = await (wasm ??= XzWasm.create());
  if (bytes.length > capacity) {
    if (ptr) w.free(ptr);
    capacity = bytes.length;
    ptr = w.malloc(capacity);
  }
  w.heap.set(bytes, ptr);
  const crc = w.exports.kh_crc64(ptr, bytes.length, 0n);
  self.postMessage({ id, crc } satisfies PieceResult);
};
