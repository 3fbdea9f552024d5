/**
 * The integrity checks xz-embedded skips (it verifies only CRC32): CRC64
 * and SHA-256, computed in wasm (wasm/src/checks.c) over a block's
 * uncompressed data and compared with the value stored after the block.
 */
import { XzError } from './xz-error';
import { checkName, checkSize, type StreamLayout } from './xz-format';
import type { XzWasm } from './xz-wasm';

/** Check IDs this project verifies itself (CRC32 is verified inside xz-embedded). */
export const OWN_CHECKS = new Set([4, 10]);

/** Hashes one block's output, piece by piece. */
export class BlockHasher {
  private crc = 0n;
  private readonly state: number;

  constructor(
    private readonly wasm: XzWasm,
    private readonly checkId: number,
  ) {
    this.state = checkId === 10 ? wasm.malloc(wasm.exports.kh_sha256_state_size()) : 0;
    if (this.state) wasm.exports.kh_sha256_init(this.state);
  }

  /** Hashes heap bytes [ptr, ptr + size). */
  update(ptr: number, size: number): void {
    if (this.checkId === 4) this.crc = this.wasm.exports.kh_crc64(ptr, size, this.crc);
    else this.wasm.exports.kh_sha256_update(this.state, ptr, size);
  }

  /** The check value as the stream stores it (CRC64 little-endian). */
  digest(): Uint8Array {
    if (this.checkId === 4) {
      const out = new Uint8Array(8);
      new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, this.crc), true);
      return out;
    }
    const ptr = this.wasm.malloc(32);
    this.wasm.exports.kh_sha256_final(this.state, ptr);
    const out = this.wasm.heap.slice(ptr, ptr + 32);
    this.wasm.free(ptr);
    this.wasm.free(this.state);
    return out;
  }
}

const hex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * Verifies every CRC64/SHA-256 block of the given streams. `digest` gives a
 * block's check value computed from its output (as the stream stores it);
 * `input` holds the compressed bytes, for the stored check values.
 */
export function verifyStreams(
  streams: StreamLayout[],
  input: (offset: number, size: number) => Uint8Array,
  digest: (checkId: number, outOffset: number, size: number) => Uint8Array,
): void {
  let blockNumber = 0;
  streams.forEach((stream, streamIndex) => {
    const size = checkSize(stream.checkId);
    for (const block of stream.blocks) {
      blockNumber++;
      if (!OWN_CHECKS.has(stream.checkId)) continue;
      const computed = digest(stream.checkId, block.uncompressedOffset, block.uncompressedSize);
      // Block Padding sits between the compressed data and the check.
      const at = block.offset + Math.ceil(block.unpaddedSize / 4) * 4 - size;
      const stored = input(at, size);
      if (hex(stored) !== hex(computed)) {
        throw new XzError(
          'check-mismatch',
          `${checkName(stream.checkId)} mismatch in block ${blockNumber} (stream ${streamIndex + 1}) ` +
            `whose check field is at byte offset ${at}: stored ${hex(stored)}, computed ${hex(computed)}`,
          at,
        );
      }
    }
  });
}

export interface Verification {
  /** True only when every block's check was computed and matched. */
  verified: boolean;
  /** Distinct check types, in stream order. */
  checks: string[];
  summary: string;
}

export function describeVerification(streams: StreamLayout[]): Verification {
  const ids = [...new Set(streams.map((s) => s.checkId))];
  const checks = ids.map(checkName);
  const verifiable = (id: number) => id === 1 || OWN_CHECKS.has(id);
  const unverifiable = ids.filter((id) => !verifiable(id));
  const blocks = streams.reduce((n, s) => n + s.blocks.length, 0);
  if (unverifiable.length === 0) {
    return {
      verified: true,
      checks,
      summary: `${checks.join(', ')} verified in ${blocks} block(s)`,
    };
  }
  const why = unverifiable.map((id) =>
    id === 0 ? 'no integrity check stored' : `${checkName(id)} is not supported`,
  );
  return { verified: false, checks, summary: `not verified: ${why.join('; ')}` };
}
