import type { Verification } from './xz-check';
import type { StreamLayout } from './xz-format';

export interface XzProgress {
  bytesIn: number;
  bytesOut: number;
}

export interface XzResult {
  /** The decompressed data. */
  bytes: Uint8Array;
  streams: StreamLayout[];
  verification: Verification;
  compressedBytes: number;
  /** Largest the decoder's wasm memory got. */
  peakWasmBytes: number;
}
