/**
 * The loader's plumbing for bytes that arrive as a stream: the first bytes
 * read ahead for the format sniff without losing them, a download capped at
 * the fetch limit as it grows, and a gzip or plain tar stream collected in
 * place (the browser's DecompressionStream does the gzip).
 */
import { formatBytes } from '../common/byte-size';
import { SNIFF_BYTES } from '../common/file-format';
import { FetchError } from './net/resumable-fetch';
import { GrowableBytes } from './xz/growable-bytes';
import { XzError } from './xz/xz-error';
import { XZ_LIMITS } from './xz/xz-limits';

/** Reads the first bytes of a stream and gives back a stream of all of it. */
export async function peek(
  body: ReadableStream<Uint8Array>,
): Promise<[head: Uint8Array, all: ReadableStream<Uint8Array>]> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < SNIFF_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  const head = new Uint8Array(size);
  chunks.reduce((at, c) => (head.set(c, at), at + c.length), 0);
  const all = new ReadableStream<Uint8Array>({
    start: (controller) => controller.enqueue(head),
    pull: async (controller) => {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return [head, all];
}

/** One buffer as a stream, without copying it. */
export function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** A picked file that can no longer be read (changed, moved or deleted since it was picked). */
export class FileReadError extends Error {
  override name = 'FileReadError';
}

/** The error for a picked file whose read failed: its name, and why. */
function unreadable(name: string, err: unknown): FileReadError {
  const why = err instanceof Error ? err.message : String(err);
  return new FileReadError(
    `cannot read ${name}: ${why} (was it changed or moved after it was picked?)`,
  );
}

/** A Blob (a File the user picked) as a stream; a failed read names the file and says why. */
export function streamOfBlob(blob: Blob, name: string): ReadableStream<Uint8Array> {
  const reader = blob.stream().getReader();
  return new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (err) {
        throw unreadable(name, err);
      }
      if (read.done) controller.close();
      else controller.enqueue(read.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** The error for a download over `maxBytes`: `how` is "said to be" (headers) or "at least". */
export function downloadTooBig(url: string, bytes: number, how: string, maxBytes: number): XzError {
  return new XzError(
    'limit',
    `could not fetch ${url}: the download is ${how} ${formatBytes(bytes)}, over the fetch limit maxDownloadBytes = ${formatBytes(maxBytes)}`,
    bytes,
  );
}

/** Passes a download through, failing as soon as it grows past `maxBytes`. */
export function capped(url: string, maxBytes: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.length;
      if (seen > maxBytes) throw downloadTooBig(url, seen, 'at least', maxBytes);
      controller.enqueue(chunk);
    },
  });
}

/**
 * Collects a gzip or plain tar stream in place, counting what goes in for
 * the progress bar; the result is fixed-length (GrowableBytes.sealFixed).
 */
export async function collect(
  body: ReadableStream<Uint8Array>,
  format: 'gzip' | 'tar',
  report: (bytesIn: number, bytesOut: number, decoded: Uint8Array) => void,
  /** While the bytes are moved into their fixed-length buffer at the end: the counts as they stand. */
  sealing: (bytesIn: number, bytesOut: number) => void = () => {},
): Promise<{ bytes: Uint8Array; compressedBytes: number }> {
  let bytesIn = 0;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, c) => {
        bytesIn += chunk.length;
        c.enqueue(chunk);
      },
    }),
  );
  const decoded =
    format === 'gzip'
      ? counted.pipeThrough(
          new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
        )
      : counted;
  const out = new GrowableBytes(XZ_LIMITS.maxOutputBytes);
  try {
    for await (const chunk of decoded as unknown as AsyncIterable<Uint8Array>) {
      if (out.length + chunk.length > out.maxLength) {
        throw overOutputLimit(out.maxLength, bytesIn);
      }
      out.append(chunk);
      report(bytesIn, out.length, out.view());
    }
  } catch (err) {
    // A download that failed says so itself; only the gzip decoder's own errors need words.
    const theirs =
      err instanceof XzError || err instanceof FetchError || err instanceof FileReadError;
    if (theirs || format !== 'gzip') throw err;
    throw new XzError(
      'corrupt',
      `corrupt or truncated gzip data near byte offset ${bytesIn}: ${(err as Error).message}`,
      bytesIn,
    );
  }
  return { bytes: out.sealFixed(() => sealing(bytesIn, out.length)), compressedBytes: bytesIn };
}

/**
 * Collects a plain tar stream of known size (a picked File, a download
 * whose Content-Length is the file's) into one buffer of that size, so it
 * is never grown or sealed (moving 250 MiB into a fixed buffer takes a
 * third of a second, with the bar still). A stream that ends short keeps
 * what came, and the tar index says where it stops.
 */
export async function collectSized(
  body: ReadableStream<Uint8Array>,
  size: number,
  report: (bytesIn: number, bytesOut: number, decoded: Uint8Array) => void,
): Promise<{ bytes: Uint8Array; compressedBytes: number }> {
  tarWithinLimit(size);
  const out = new Uint8Array(size);
  let at = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    if (at + chunk.length > size) {
      throw new FileReadError(`the input sent more than the ${size} bytes it said it had`);
    }
    out.set(chunk, at);
    at += chunk.length;
    report(at, at, out.subarray(0, at));
  }
  return { bytes: at === size ? out : out.slice(0, at), compressedBytes: at };
}

/** A picked tar is read at most this much per read. */
const FILE_READ_BYTES = 4 * 1024 * 1024;

/**
 * A picked File holding a plain tar, read straight into the archive's one
 * buffer (each BYOB read into the next part of it), so no chunk is made on
 * the way: Blob.stream()'s own chunks, freed only at V8's next collection,
 * held up to 146 MiB beside a 251 MiB tar (bench:load). Undefined where
 * the File's stream takes no BYOB reads; the caller then streams it.
 */
export async function readTarFile(
  file: Blob,
  name: string,
  report: (bytesIn: number, bytesOut: number, decoded: Uint8Array) => void,
): Promise<{ bytes: Uint8Array; compressedBytes: number } | undefined> {
  tarWithinLimit(file.size);
  let reader: ReadableStreamBYOBReader;
  try {
    reader = file.stream().getReader({ mode: 'byob' });
  } catch {
    return undefined;
  }
  let buffer = new ArrayBuffer(file.size);
  let at = 0;
  try {
    while (at < file.size) {
      const part = new Uint8Array(buffer, at, Math.min(FILE_READ_BYTES, file.size - at));
      const { done, value } = await reader.read(part);
      // The read moved the buffer: its new handle comes back in the view.
      if (value) buffer = value.buffer;
      if (done || !value) break;
      at += value.length;
      report(at, at, new Uint8Array(buffer, 0, at));
    }
  } catch (err) {
    throw unreadable(name, err);
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(buffer);
  return { bytes: at === file.size ? bytes : bytes.slice(0, at), compressedBytes: at };
}

/** Bytes of work (decoded or indexed) between two progress reports. */
export const PROGRESS_STEP_BYTES = 4 * 1024 * 1024;
/** Longest stretch of work without a report, however slowly it goes. */
const PROGRESS_MAX_GAP_MS = 200;

/**
 * Progress by work done: a report each time the work crosses another
 * PROGRESS_STEP_BYTES (so a load of N bytes sends at least N / step of them,
 * however fast the machine), and one whenever PROGRESS_MAX_GAP_MS went by
 * with work but no report. Offers in between are dropped, so a stream of
 * small chunks does not flood the page.
 */
export class ProgressPacer<P> {
  private step = 0;
  private at = performance.now();

  constructor(private readonly send: (p: P) => void) {}

  /** `work`: bytes done so far (it only grows); `progress` is made only when sent. */
  offer(work: number, progress: () => P): void {
    const step = Math.floor(work / PROGRESS_STEP_BYTES);
    const now = performance.now();
    if (step <= this.step && now - this.at < PROGRESS_MAX_GAP_MS) return;
    this.step = Math.max(step, this.step);
    this.at = now;
    this.send(progress());
  }
}

/** A plain tar handed over whole, within the output limit as a decoded one would be. */
export function wholeTar(bytes: Uint8Array): Uint8Array {
  tarWithinLimit(bytes.length);
  return bytes;
}

/** A plain tar is its own output: one known to be over the limit is refused before it is read. */
export function tarWithinLimit(size: number): void {
  if (size > XZ_LIMITS.maxOutputBytes) throw overOutputLimit(XZ_LIMITS.maxOutputBytes, 0);
}

/** A gzip or plain tar over the output limit: the message names the limit and its value, as every limit error does. */
function overOutputLimit(max: number, offset: number): XzError {
  return new XzError(
    'limit',
    `the data expands past xz.maxOutputBytes = ${formatBytes(max)}, the most this tab holds of one archive. There is no way past the limit here: unpack it elsewhere and open a part`,
    offset,
  );
}

/** A plain tar handed over whole: indexed in steps, so progress moves while it is. */
export function indexInSteps(
  bytes: Uint8Array,
  feed: (indexed: Uint8Array) => void,
  report: (done: number) => void,
): void {
  for (let done = 0; done < bytes.length;) {
    done = Math.min(bytes.length, done + PROGRESS_STEP_BYTES);
    feed(bytes.subarray(0, done));
    report(done);
  }
}
