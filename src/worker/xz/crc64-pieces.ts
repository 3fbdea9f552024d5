/**
 * CRC64 of the decoder's output, computed piece by piece as the pieces
 * finish: inline by default, straight from the wasm heap while the piece is
 * still there, or on a second worker (pieces of at least BATCH bytes copied
 * out of the heap and transferred, as the wasm memory is not shared).
 * `npm run bench` measures both. On this 2-core machine, shared by several
 * jobs, the worker never won: with a message per decode step (~1 MB, 30 for
 * the demo) it cost +73 ms CPU and +22% wall over inline; batched to 4 MiB,
 * +20..70 ms CPU and wall within noise of inline (medians of 9-11
 * interleaved runs, load average 9-12). Copying 31 MB out, a core that is
 * not free and the messages cost about what the 20 ms of CRC64 it moves
 * would save, so it stays off until a measurement says otherwise. Block
 * boundaries are known only from the index at the end, so pieces are
 * hashed on their own and joined per block with kh_crc64_combine; the
 * rare piece that straddles a block boundary is hashed again from the heap.
 */
import type { XzWasm } from './xz-wasm';

export interface PieceRequest {
  id: number;
  bytes: Uint8Array;
}
export interface PieceResult {
  id: number;
  crc: bigint;
}

interface Piece {
  start: number;
  end: number;
  crc?: bigint;
}

let worker: Worker | undefined;
let workerFailed = false;
const waiting = new Map<number, (crc: bigint | undefined) => void>();
let nextId = 0;
/**
 * Least bytes per message to the worker: a message per decode step (about
 * 1 MB) cost more CPU than the CRC it moved (median of interleaved runs).
 */
const BATCH = 4 * 1024 * 1024;
/** Pieces the worker answered (tests check that it really ran). */
export const crcWorkerAnswers = { count: 0 };

/** The shared CRC worker, started on first use; undefined where none can run. */
function crcWorker(): Worker | undefined {
  if (worker || workerFailed || typeof Worker === 'undefined') return worker;
  try {
    worker = new Worker(new URL('./crc64-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<PieceResult>) => {
      crcWorkerAnswers.count++;
      waiting.get(e.data.id)?.(e.data.crc);
      waiting.delete(e.data.id);
    };
    // A worker that fails leaves its pieces unhashed: crcOf() hashes them inline.
    worker.onerror = () => {
      workerFailed = true;
      worker = undefined;
      for (const resolve of waiting.values()) resolve(undefined);
      waiting.clear();
    };
  } catch {
    workerFailed = true;
  }
  return worker;
}

/** Whether pieces go to a second worker (false: hashed inline). */
export let crcOffThread = false;
/** Bench and tests: force the inline path, or allow the worker again. */
export function setCrcOffThread(on: boolean): void {
  crcOffThread = on;
}

export class Crc64Pieces {
  private pieces: Piece[] = [];
  private pending: Promise<void>[] = [];
  private readonly worker = crcOffThread ? crcWorker() : undefined;
  private unsent: Piece | undefined;

  constructor(private readonly wasm: XzWasm) {}

  /** Output [start, end) of the heap region at `base` is final: hash it. */
  add(base: number, start: number, end: number): void {
    if (end <= start) return;
    if (!this.worker) {
      // A piece that follows the last goes on with its CRC: joining many
      // small pieces (a streamed decode has one per input chunk) costs more
      // than hashing them. Capped, so a piece straddling a block boundary
      // is cheap to hash again.
      const last = this.pieces.at(-1);
      if (last?.crc !== undefined && last.end === start && last.end - last.start < BATCH) {
        last.crc = this.wasm.exports.kh_crc64(base + start, end - start, last.crc);
        last.end = end;
      } else {
        this.pieces.push({
          start,
          end,
          crc: this.wasm.exports.kh_crc64(base + start, end - start, 0n),
        });
      }
      return;
    }
    // Few large messages: the worker gets a piece once BATCH bytes are final;
    // what is left at the end is hashed inline by crcOf().
    const last = this.unsent;
    if (last && last.end === start) last.end = end;
    else this.pieces.push((this.unsent = { start, end }));
    const piece = this.unsent!;
    if (piece.end - piece.start < BATCH) return;
    this.unsent = undefined;
    const id = nextId++;
    const bytes = this.wasm.heap.slice(base + piece.start, base + piece.end);
    this.pending.push(
      new Promise<void>((resolve) => {
        waiting.set(id, (crc) => {
          piece.crc = crc;
          resolve();
        });
      }),
    );
    this.worker.postMessage({ id, bytes } satisfies PieceRequest, [bytes.buffer]);
  }

  /** Forgets every piece at or past `offset` (a stream decoded again). */
  dropFrom(offset: number): void {
    this.pieces = this.pieces.filter((p) => p.end <= offset);
    if (this.unsent && this.unsent.end > offset) this.unsent = undefined;
  }

  /** Waits for the worker's answers (a failed worker answers nothing). */
  async settle(): Promise<void> {
    await Promise.all(this.pending);
  }

  /** CRC64 of output [start, end) at `base`: joined from pieces, the rest from the heap. */
  crcOf(base: number, start: number, end: number): bigint {
    const { exports } = this.wasm;
    let crc = 0n;
    let at = start;
    for (const p of this.pieces) {
      if (p.end <= at || p.start >= end) continue;
      if (p.start > at) crc = exports.kh_crc64(base + at, p.start - at, crc);
      const from = Math.max(p.start, at);
      const to = Math.min(p.end, end);
      if (p.crc !== undefined && from === p.start && to === p.end) {
        crc = exports.kh_crc64_combine(crc, p.crc, BigInt(to - from));
      } else {
        crc = exports.kh_crc64(base + from, to - from, crc);
      }
      at = to;
    }
    if (at < end) crc = exports.kh_crc64(base + at, end - at, crc);
    return crc;
  }
}
