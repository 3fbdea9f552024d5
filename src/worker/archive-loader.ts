/**
 * Gets an archive's bytes into the machine: streams a URL through the
 * decoder as it downloads, or decodes a buffer handed over by the page.
 */
import type { ArchiveSource, ArchiveSummary, LoadProgress } from '../shared/worker-api';
import { decodeXz } from './xz/xz-decoder';
import type { XzResult } from './xz/xz-result';
import { decodeXzStream } from './xz/xz-stream-decoder';

export interface LoadedArchive {
  summary: ArchiveSummary;
  /** The decoded bytes: the archive's one copy, views are taken from it. */
  bytes: Uint8Array;
}

async function openUrl(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new Error(
      `could not fetch ${url}: the network failed or the server does not allow cross-origin reads (CORS). ` +
        `Download the file and open it from disk instead. (${String(err)})`,
    );
  }
  if (!res.ok || !res.body)
    throw new Error(`could not fetch ${url}: HTTP ${res.status} ${res.statusText}`);
  return res;
}

export async function loadArchive(
  source: ArchiveSource,
  onProgress: (p: LoadProgress) => void = () => {},
): Promise<LoadedArchive> {
  const start = performance.now();
  let result: XzResult;
  if (source.kind === 'url') {
    const res = await openUrl(source.url);
    const length = Number(res.headers.get('content-length'));
    const totalIn = Number.isFinite(length) && length > 0 ? length : undefined;
    result = await decodeXzStream(res.body!, {
      ...(totalIn ? { sizeHint: totalIn } : {}),
      onProgress: (p) => onProgress({ phase: 'download', ...p, ...(totalIn ? { totalIn } : {}) }),
    });
  } else {
    const totalIn = source.bytes.length;
    onProgress({ phase: 'decode', bytesIn: 0, totalIn, bytesOut: 0 });
    result = await decodeXz(source.bytes, {
      onProgress: (p) => onProgress({ phase: 'decode', ...p, totalIn }),
    });
  }
  const summary: ArchiveSummary = {
    name: source.name,
    compressedBytes: result.compressedBytes,
    decodedBytes: result.bytes.length,
    checks: result.verification.checks,
    verified: result.verification.verified,
    verification: result.verification.summary,
    streams: result.streams.length,
    blocks: result.streams.reduce((n, s) => n + s.blocks.length, 0),
    elapsedMs: Math.round(performance.now() - start),
  };
  onProgress({
    phase: 'done',
    bytesIn: result.compressedBytes,
    totalIn: result.compressedBytes,
    bytesOut: result.bytes.length,
  });
  return { summary, bytes: result.bytes };
}
