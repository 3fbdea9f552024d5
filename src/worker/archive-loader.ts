/**
 * Gets an archive's bytes into the machine, whatever the user brought, in
 * one line: the first bytes name the format (one sniff), one decoder turns
 * the rest into the tar (xz through the kernel's decoder, gzip through the
 * browser's DecompressionStream, a plain tar as it is); the tar members are
 * indexed as the output becomes final, so the index is ready with the last
 * byte, and the machine mounts the result (vfs/archive-mounts.ts). A URL
 * streams through its decoder as it downloads, a picked File as it is
 * read (a plain tar straight into its one buffer); a buffer handed over
 * takes the xz decoder's whole-buffer fast path.
 */
import type {
  ArchiveFormat,
  ArchiveSource,
  ArchiveSummary,
  LoadProgress,
} from '../shared/worker-api';
import { SNIFF_BYTES, sniffFormat } from '../common/file-format';
import { errnoText, fromLibraryError } from './vfs/errno';
import {
  capped,
  collect,
  collectSized,
  downloadTooBig,
  indexInSteps,
  peek,
  ProgressPacer,
  readTarFile,
  streamOf,
  streamOfBlob,
  tarWithinLimit,
  wholeTar,
} from './archive-input';
import { openDownload, type FetchTiming } from './net/resumable-fetch';
import { GrowingListing } from './tar/growing-listing';
import type { TarIndex } from './tar/tar-index';
import { fixedLength } from './vfs/archive-mounts';
import { readXzTail, readXzTailOfBlob, type XzTail } from './net/xz-tail';
import { decodeXz, decodeXzStream, overOutputLimit } from './xz/xz-decoder';
import { XZ_LIMITS } from './xz/xz-limits';
import { whyNotXz } from './xz/xz-explain';
import type { XzResult } from './xz/xz-result';

export interface LoadedArchive {
  summary: ArchiveSummary;
  /** The decoded bytes: the archive's one copy, views are taken from it. */
  bytes: Uint8Array;
  /**
   * Their tar index, built while they decoded (members up to a TarError, and
   * the error, as indexTarUntilError gives them); undefined if it gave up.
   */
  index: TarIndex | undefined;
}

/** Bounds on what a URL may send, checked before and while it downloads. */
export const FETCH_LIMITS: Readonly<{ maxDownloadBytes: number } & FetchTiming> = {
  /** Largest download accepted: kheaders.tar.xz is about 4 MB, a distro's whole source tarball about 150 MB. */
  maxDownloadBytes: 256 * 1024 * 1024,
  /** A download with no byte for this long is given up: a slow link still sends something every few seconds. */
  stallMs: 20_000,
  /** A dropped connection is resumed this many times before the load fails. */
  maxRetries: 2,
  /** First wait before a retry (then 2 s): long enough for a flapping link to come back. */
  retryDelayMs: 1_000,
};

type Report = (p: LoadProgress) => void;

/** What the summary says of the decoding, beside the decoded bytes themselves. */
type Decoded = Omit<ArchiveSummary, 'name' | 'decodedBytes' | 'elapsedMs' | 'notice'> & {
  bytes: Uint8Array;
};

/** The input as the decoder gets it: its first bytes, then all of it, whole or as a stream. */
interface Input {
  head: Uint8Array;
  /** Compressed size, when known before the end. */
  totalIn: number | undefined;
  phase: LoadProgress['phase'];
  /** All of it, when the page handed over a buffer. */
  whole?: Uint8Array;
  stream: ReadableStream<Uint8Array>;
  /** The picked File itself, for a plain tar read straight into its buffer. */
  file?: { blob: Blob; name: string };
  /** The input's size exactly (a File, a download whose Content-Length is the file's). */
  exactSize?: number;
  /** Reads its xz index ahead of the body (Range requests, or slices of a File). */
  readTail?: () => Promise<XzTail | undefined>;
  /** The decoded size, when an xz index read ahead gave it. */
  outputSize?: number;
}

/** Names the format from its first bytes; anything else is explained (byte offset 0, what it looks like). */
export function detectFormat(head: Uint8Array, total: number): ArchiveFormat {
  const format = sniffFormat(head);
  if (format === 'xz' || format === 'gzip' || format === 'tar') return format;
  throw whyNotXz(head, total);
}

/** The most the index read ahead may take before the load goes on without it. */
const INDEX_FIRST_MS = 5_000;

async function openInput(
  source: Exclude<ArchiveSource, { kind: 'path' }>,
  timing: Partial<typeof FETCH_LIMITS>,
): Promise<Input> {
  if (source.kind === 'bytes') {
    const { bytes } = source;
    const head = bytes.subarray(0, SNIFF_BYTES);
    return { head, totalIn: bytes.length, phase: 'decode', whole: bytes, stream: streamOf(bytes) };
  }
  if (source.kind === 'blob') {
    // Read here as it decodes: the page keeps the same File for a restart, so nothing is copied there.
    const { blob, name } = source;
    const [head, stream] = await peek(streamOfBlob(blob, name));
    const readTail = () => readXzTailOfBlob(blob);
    const known = { totalIn: blob.size, exactSize: blob.size, file: source };
    return { head, ...known, phase: 'decode', stream, readTail };
  }
  const { url } = source;
  const limits = { ...FETCH_LIMITS, ...timing };
  const { body, totalIn, rangeable } = await openDownload(url, limits);
  if (totalIn !== undefined && totalIn > limits.maxDownloadBytes) {
    await body.cancel();
    throw downloadTooBig(url, totalIn, 'said to be', limits.maxDownloadBytes);
  }
  const [head, stream] = await peek(body.pipeThrough(capped(url, limits.maxDownloadBytes)));
  // It only saves work: a server slow to answer it is not waited for long.
  const stallMs = Math.min(INDEX_FIRST_MS, limits.stallMs);
  const readTail = () => readXzTail(url, rangeable ? totalIn : undefined, { stallMs });
  const exact = rangeable && totalIn !== undefined ? { exactSize: totalIn } : {};
  return { head, totalIn, ...exact, phase: 'download', stream, readTail };
}

/**
 * For an xz download or picked file: its index, read ahead, refuses an
 * archive over the output limit before decoding and sizes the output of
 * one that is not. Without it the decoder finds both out as it goes.
 */
async function readIndexFirst(input: Input): Promise<void> {
  const tail = await input.readTail?.();
  if (!tail) return;
  const known = tail.total ?? tail.lastStream;
  if (known > XZ_LIMITS.maxOutputBytes) {
    await input.stream.cancel();
    throw overOutputLimit(known, XZ_LIMITS, 0, tail.total === undefined);
  }
  if (tail.total !== undefined) input.outputSize = tail.total;
}

function fromXz(r: XzResult): Decoded {
  return {
    format: 'xz',
    bytes: r.bytes,
    compressedBytes: r.compressedBytes,
    checks: r.verification.checks,
    verified: r.verification.verified,
    verification: r.verification.summary,
    streams: r.streams.length,
    blocks: r.streams.reduce((n, s) => n + s.blocks.length, 0),
  };
}

const tarFacts = () => ({
  checks: [] as string[],
  verified: false,
  verification: 'not verified: a plain tar carries no integrity check',
  streams: 0,
  blocks: 0,
});

/**
 * The one decoder for the format; the listing indexes its output as it
 * becomes final, and progress counts the work done (ProgressPacer): bytes
 * decoded, or indexed for a plain tar.
 */
async function decode(
  format: ArchiveFormat,
  input: Input,
  listing: GrowingListing,
  onProgress: Report,
): Promise<Decoded> {
  const { totalIn, phase } = input;
  const sized = totalIn ? { totalIn } : {};
  const pacer = new ProgressPacer(onProgress);
  const report = (bytesIn: number, bytesOut: number) =>
    pacer.offer(bytesOut, () => ({ phase, bytesIn, bytesOut, entries: listing.entries, ...sized }));
  onProgress({ phase, bytesIn: 0, bytesOut: 0, ...sized });
  if (format === 'tar' && input.whole) {
    // Handed over whole: the page's buffer is the archive's one copy.
    const bytes = wholeTar(input.whole);
    indexInSteps(
      bytes,
      (b) => listing.feed(b),
      (done) => report(done, done),
    );
    return { format, bytes, compressedBytes: bytes.length, ...tarFacts() };
  }
  if (format === 'xz' && input.whole) {
    const r = await decodeXz(input.whole, {
      onDecoded: (decoded, p) => {
        listing.feed(decoded);
        if (p) report(p.bytesIn, p.bytesOut);
      },
    });
    return fromXz(r);
  }
  const fed = (bytesIn: number, bytesOut: number, decoded: Uint8Array) => {
    listing.feed(decoded);
    report(bytesIn, bytesOut);
  };
  if (format === 'xz') {
    const r = await decodeXzStream(input.stream, {
      ...(totalIn ? { sizeHint: totalIn } : {}),
      ...(input.outputSize !== undefined ? { outputSize: input.outputSize } : {}),
      // Inside a chunk (one from a fast link decodes to megabytes) as well as after it.
      onDecoded: (decoded, p) => fed(p.bytesIn, p.bytesOut, decoded),
      onProgress: (p, decoded) => fed(p.bytesIn, p.bytesOut, decoded),
    });
    return fromXz(r);
  }
  const { bytes, compressedBytes } = await collectRest(format, input, fed, report);
  if (format === 'tar') return { format, bytes, compressedBytes, ...tarFacts() };
  return {
    format,
    bytes,
    compressedBytes,
    checks: ['CRC32'],
    verified: true,
    verification: 'gzip CRC32 and size verified',
    streams: 1,
    blocks: 1,
  };
}

/**
 * A plain tar or gzip collected: a picked tar read straight into its
 * buffer, one of known size into a buffer that size, the rest grown in
 * place and sealed.
 */
async function collectRest(
  format: 'gzip' | 'tar',
  input: Input,
  fed: (bytesIn: number, bytesOut: number, decoded: Uint8Array) => void,
  report: (bytesIn: number, bytesOut: number) => void,
): Promise<{ bytes: Uint8Array; compressedBytes: number }> {
  if (format === 'tar' && input.file) {
    // The sniff read its first bytes; the File is read again from its start, into the one buffer.
    const read = await readTarFile(input.file.blob, input.file.name, fed);
    if (read) {
      await input.stream.cancel();
      return read;
    }
  }
  if (format === 'tar' && input.exactSize !== undefined) {
    return collectSized(input.stream, input.exactSize, fed);
  }
  return collect(input.stream, format, fed, report);
}

/**
 * Loads an archive: sniff, decode, and the decoded bytes as one fixed-length
 * buffer with their tar index (built as they decoded), ready to mount. `timing` shortens the fetch's stall and
 * retry clocks (tests); it defaults to FETCH_LIMITS.
 */
/** A path on the machine becomes its bytes, read as the shell would read them. */
export async function fromMachinePath(
  source: ArchiveSource,
  fs: () => Promise<{ readFileBuffer(path: string): Promise<Uint8Array> }>,
): Promise<Exclude<ArchiveSource, { kind: 'path' }>> {
  if (source.kind !== 'path') return source;
  try {
    return {
      kind: 'bytes',
      bytes: await (await fs()).readFileBuffer(source.path),
      name: source.name,
    };
  } catch (err) {
    // The machine's files read from outside the shell: no guarded-fs turned just-bash's errors.
    throw new Error(`cannot read ${source.path}: ${errnoText(fromLibraryError(err, source.path))}`);
  }
}

export async function loadArchive(
  source: Exclude<ArchiveSource, { kind: 'path' }>,
  onProgress: Report = () => {},
  timing: Partial<typeof FETCH_LIMITS> = {},
): Promise<LoadedArchive> {
  const start = performance.now();
  const input = await openInput(source, timing);
  const format = detectFormat(input.head, input.totalIn ?? input.head.length);
  if (format === 'xz') await readIndexFirst(input);
  if (format === 'tar' && input.totalIn !== undefined) tarWithinLimit(input.totalIn);
  const listing = new GrowingListing();
  const { bytes: decoded, ...facts } = await decode(format, input, listing, onProgress);
  const bytes = fixedLength(decoded);
  const index = listing.complete(bytes);
  const summary: ArchiveSummary = {
    name: source.name,
    ...facts,
    decodedBytes: bytes.length,
    elapsedMs: Math.round(performance.now() - start),
  };
  onProgress({
    phase: 'done',
    bytesIn: facts.compressedBytes,
    totalIn: facts.compressedBytes,
    bytesOut: bytes.length,
  });
  return { summary, bytes, index };
}
