/**
 * Gets an archive's bytes into the machine, whatever the user brought:
 * .tar.xz/.txz/.xz through the kernel's xz decoder, .tar.gz/.tgz and a bare
 * config.gz through the browser's DecompressionStream, or a plain .tar.
 * A URL streams through the decoder as it downloads; a buffer handed over
 * by the page takes the whole-buffer fast path.
 */
import type {
  ArchiveFormat,
  ArchiveSource,
  ArchiveSummary,
  LoadProgress,
} from '../shared/worker-api';
import { GrowableBytes } from './xz/growable-bytes';
import { GrowingListing } from './tar/growing-listing';
import { decodeXz } from './xz/xz-decoder';
import { checkStart } from './xz/xz-explain';
import { XzError, formatBytes } from './xz/xz-error';
import { isXzMagic } from './xz/xz-format';
import { XZ_LIMITS } from './xz/xz-limits';
import { decodeXzStream } from './xz/xz-stream-decoder';
import { FetchError, openDownload, type FetchTiming } from './net/resumable-fetch';

export interface LoadedArchive {
  summary: ArchiveSummary;
  /** The decoded bytes: the archive's one copy, views are taken from it. */
  bytes: Uint8Array;
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

function tooBig(url: string, bytes: number, how: string, max: number): XzError {
  return new XzError(
    'limit',
    `could not fetch ${url}: the download is ${how} ${formatBytes(bytes)}, over the fetch limit maxDownloadBytes = ${formatBytes(max)}`,
    bytes,
  );
}

/** Passes a download through, failing as soon as it grows past the fetch limit. */
function capped(url: string, max: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.length;
      if (seen > max) throw tooBig(url, seen, 'at least', max);
      controller.enqueue(chunk);
    },
  });
}

/** Enough bytes to see a tar header's "ustar" magic at offset 257. */
const SNIFF_BYTES = 512;

type Report = (p: LoadProgress) => void;

interface Decoded {
  bytes: Uint8Array;
  compressedBytes: number;
  checks: string[];
  verified: boolean;
  verification: string;
  streams: number;
  blocks: number;
}

/** Names the format from its first bytes; anything unknown is explained. */
export function detectFormat(head: Uint8Array, total: number): ArchiveFormat {
  if (head.length >= 6 && isXzMagic(head)) return 'xz';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  const ustar = [0x75, 0x73, 0x74, 0x61, 0x72];
  if (head.length >= 262 && ustar.every((b, i) => head[257 + i] === b)) return 'tar';
  checkStart(head, total); // throws the reason it is not xz
  return 'xz';
}

/** Reads the first bytes of a stream and gives back a stream of all of it. */
async function peek(
  body: ReadableStream<Uint8Array>,
): Promise<[Uint8Array, ReadableStream<Uint8Array>]> {
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
  const rest = new ReadableStream<Uint8Array>({
    start: (controller) => controller.enqueue(head),
    pull: async (controller) => {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return [head, rest];
}

/** Collects a stream in place, counting what goes in for the progress bar. */
async function collect(
  body: ReadableStream<Uint8Array>,
  format: 'gzip' | 'tar',
  report: (bytesIn: number, bytesOut: number, decoded: Uint8Array) => void,
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
        throw new XzError(
          'limit',
          `the data expands past the output limit of ${formatBytes(out.maxLength)}`,
          bytesIn,
        );
      }
      out.append(chunk);
      report(bytesIn, out.length, out.view());
    }
  } catch (err) {
    // A download that failed says so itself; only the gzip decoder's own errors need words.
    if (err instanceof XzError || err instanceof FetchError || format !== 'gzip') throw err;
    throw new XzError(
      'corrupt',
      `corrupt or truncated gzip data near byte offset ${bytesIn}: ${(err as Error).message}`,
      bytesIn,
    );
  }
  return { bytes: out.seal(), compressedBytes: bytesIn };
}

async function decodeStream(
  body: ReadableStream<Uint8Array>,
  totalIn: number | undefined,
  phase: LoadProgress['phase'],
  onProgress: Report,
): Promise<Decoded & { format: ArchiveFormat }> {
  const [head, all] = await peek(body);
  const format = detectFormat(head, totalIn ?? head.length);
  const listing = new GrowingListing();
  const report = (bytesIn: number, bytesOut: number, decoded: Uint8Array) => {
    listing.feed(decoded);
    onProgress({
      phase,
      bytesIn,
      bytesOut,
      entries: listing.entries,
      ...(totalIn ? { totalIn } : {}),
    });
  };
  if (format === 'xz') {
    const r = await decodeXzStream(all, {
      ...(totalIn ? { sizeHint: totalIn } : {}),
      onProgress: (p, decoded) => report(p.bytesIn, p.bytesOut, decoded),
    });
    return { format, ...fromXz(r) };
  }
  const { bytes, compressedBytes } = await collect(all, format, report);
  return format === 'gzip'
    ? {
        format,
        bytes,
        compressedBytes,
        checks: ['CRC32'],
        verified: true,
        verification: 'gzip CRC32 and size verified',
        streams: 1,
        blocks: 1,
      }
    : plainTar(bytes, compressedBytes);
}

/** A plain tar's facts: nothing to decode, nothing to verify. */
function plainTar(bytes: Uint8Array, compressedBytes: number): Decoded & { format: 'tar' } {
  return {
    format: 'tar',
    bytes,
    compressedBytes,
    checks: [],
    verified: false,
    verification: 'not verified: a plain tar carries no integrity check',
    streams: 0,
    blocks: 0,
  };
}

function fromXz(r: Awaited<ReturnType<typeof decodeXz>>): Decoded {
  return {
    bytes: r.bytes,
    compressedBytes: r.compressedBytes,
    checks: r.verification.checks,
    verified: r.verification.verified,
    verification: r.verification.summary,
    streams: r.streams.length,
    blocks: r.streams.reduce((n, s) => n + s.blocks.length, 0),
  };
}

function plainTarBytes(bytes: Uint8Array): Decoded & { format: 'tar' } {
  if (bytes.length > XZ_LIMITS.maxOutputBytes) {
    throw new XzError(
      'limit',
      `the tar is ${formatBytes(bytes.length)}, past xz.maxOutputBytes = ${formatBytes(XZ_LIMITS.maxOutputBytes)}, the most this tab holds decoded`,
      0,
    );
  }
  return plainTar(bytes, bytes.length);
}

/** One buffer as a stream, without copying it. */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/**
 * Loads an archive; a URL streams through the decoder as it downloads.
 * `limits` shortens the fetch's stall and retry clocks or its size bound
 * (tests pass their own); each defaults to FETCH_LIMITS.
 */
export async function loadArchive(
  source: Exclude<ArchiveSource, { kind: 'path' }>,
  onProgress: Report = () => {},
  limits: Partial<typeof FETCH_LIMITS> = {},
): Promise<LoadedArchive> {
  const fetchLimits = { ...FETCH_LIMITS, ...limits };
  const start = performance.now();
  let decoded: Decoded & { format: ArchiveFormat };
  if (source.kind === 'url') {
    const { body, totalIn } = await openDownload(source.url, fetchLimits);
    const max = fetchLimits.maxDownloadBytes;
    if (totalIn !== undefined && totalIn > max) {
      await body.cancel();
      throw tooBig(source.url, totalIn, 'said to be', max);
    }
    decoded = await decodeStream(
      body.pipeThrough(capped(source.url, max)),
      totalIn,
      'download',
      onProgress,
    );
  } else {
    const totalIn = source.bytes.length;
    const format = detectFormat(source.bytes.subarray(0, SNIFF_BYTES), totalIn);
    onProgress({ phase: 'decode', bytesIn: 0, totalIn, bytesOut: 0 });
    decoded =
      format === 'xz'
        ? {
            format,
            ...fromXz(
              await decodeXz(source.bytes, {
                onProgress: (p) => onProgress({ phase: 'decode', ...p, totalIn }),
              }),
            ),
          }
        : format === 'tar'
          ? // The page handed its buffer over (transferred): mount it as it is, no second copy.
            plainTarBytes(source.bytes)
          : await decodeStream(streamOf(source.bytes), totalIn, 'decode', onProgress);
  }
  const { bytes, ...facts } = decoded;
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
  return { summary, bytes };
}
