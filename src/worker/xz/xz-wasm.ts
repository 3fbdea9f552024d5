/**
 * The emscripten build of the kernel's xz-embedded (wasm/build/xz.wasm),
 * compiled once per worker and instantiated fresh for every decode, so no
 * heap state or leak can carry from one archive to the next. See
 * wasm/README.md for the C API.
 */
import { reportingTraps } from '../faults/wasm-trap';

/** enum xz_mode from include/linux/xz.h. */
export enum XzMode {
  Single = 0,
  Prealloc = 1,
  Dynalloc = 2,
}

/** enum xz_ret from include/linux/xz.h. */
export enum XzRet {
  Ok = 0,
  StreamEnd = 1,
  UnsupportedCheck = 2,
  MemError = 3,
  MemlimitError = 4,
  FormatError = 5,
  OptionsError = 6,
  DataError = 7,
  BufError = 8,
}

interface XzExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(ptr: number): void;
  kh_decoder_new(mode: XzMode, dictMax: number): number;
  kh_decoder_free(dec: number): void;
  kh_decoder_reset(dec: number): void;
  kh_buf_new(): number;
  kh_buf_free(buf: number): void;
  kh_run(dec: number, buf: number): XzRet;
  kh_run_single(dec: number, buf: number): XzRet;
  kh_run_step(dec: number, buf: number): XzRet;
  kh_out_grown(dec: number, buf: number, outSize: number): void;
  kh_step_split_bcj(dec: number): number;
  kh_out_new(size: number): number;
  kh_out_extend(buf: number, outSize: number): number;
  kh_crc64_combine(crcA: bigint, crcB: bigint, lenB: bigint): bigint;
  kh_crc32(ptr: number, size: number, crc: number): number;
  kh_crc64(ptr: number, size: number, crc: bigint): bigint;
  kh_sha256_state_size(): number;
  kh_sha256_init(state: number): void;
  kh_sha256_update(state: number, ptr: number, size: number): void;
  kh_sha256_final(state: number, digest: number): void;
}

/** Byte offsets of the fields of struct xz_buf on wasm32 (six 32-bit words). */
const BUF = { in: 0, inPos: 4, inSize: 8, out: 12, outPos: 16, outSize: 20 } as const;
export type XzBufField = keyof typeof BUF;

const wasmUrl = new URL('../../../wasm/build/xz.wasm', import.meta.url);
let compiled: Promise<WebAssembly.Module> | undefined;

/** Compiles the decoder on first use only (never at import time). */
export function compileXz(url: URL | string = wasmUrl): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not load the xz decoder (${url}): HTTP ${res.status}`);
    return WebAssembly.compileStreaming(res);
  })();
  compiled.catch(() => (compiled = undefined));
  return compiled;
}

/** One wasm instance: its own heap, and typed access to the C API. */
export class XzWasm {
  private constructor(readonly exports: XzExports) {}

  /** `module`: another build of the same C (the bench's unguided one); default xz.wasm. */
  static async create(module?: WebAssembly.Module): Promise<XzWasm> {
    module ??= await compileXz();
    const instance = await WebAssembly.instantiate(module, {
      env: { emscripten_notify_memory_growth: () => {} },
    });
    const raw = instance.exports as unknown as Record<string, unknown>;
    // Every call into the C code is where a fault in it would surface.
    const exports = Object.fromEntries(
      Object.entries(raw).map(([name, value]) => [
        name,
        typeof value === 'function'
          ? reportingTraps(name, value as (...args: unknown[]) => unknown)
          : value,
      ]),
    ) as unknown as XzExports;
    exports._initialize();
    return new XzWasm(exports);
  }

  /** The heap as bytes; re-read after anything that may grow memory. */
  get heap(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  malloc(size: number): number {
    const ptr = this.exports.malloc(Math.max(size, 1));
    if (ptr === 0) throw new RangeError(`the decoder could not allocate ${size} bytes`);
    return ptr;
  }

  /** Copies bytes into a fresh heap allocation. */
  copyIn(bytes: Uint8Array): number {
    const ptr = this.malloc(bytes.length);
    this.heap.set(bytes, ptr);
    return ptr;
  }

  getBuf(buf: number, field: XzBufField): number {
    return new DataView(this.exports.memory.buffer).getUint32(buf + BUF[field], true);
  }

  setBuf(buf: number, fields: Partial<Record<XzBufField, number>>): void {
    const view = new DataView(this.exports.memory.buffer);
    for (const [field, value] of Object.entries(fields)) {
      view.setUint32(buf + BUF[field as XzBufField], value, true);
    }
  }

  /**
   * The fault drill: the output window moves to the very top of the 32-bit
   * address space, past any heap, ending exactly at 4 GiB so no address in
   * it wraps around into the heap; the decoder's first write there traps.
   */
  misdirectOutput(buf: number): void {
    this.setBuf(buf, { out: 2 ** 32 - this.getBuf(buf, 'outSize') });
  }

  free(ptr: number): void {
    this.exports.free(ptr);
  }
}
