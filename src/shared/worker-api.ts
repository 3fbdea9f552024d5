/**
 * The one contract between the page and the simulated machine in the
 * worker. The worker builds an object of type MachineApi and exposes it with
 * Comlink; the page holds a Remote<MachineApi>. Types only: both realms
 * import this file, neither ships code from it.
 */

/** Where the archive bytes come from. */
export type ArchiveSource =
  { kind: 'url'; url: string; name: string } | { kind: 'bytes'; bytes: Uint8Array; name: string };

export type LoadPhase = 'download' | 'decode' | 'verify' | 'done';

export interface LoadProgress {
  phase: LoadPhase;
  /** Compressed bytes read so far. */
  bytesIn: number;
  /** Compressed size, when known (Content-Length, File.size). */
  totalIn?: number;
  /** Decompressed bytes so far. */
  bytesOut: number;
}

export interface ArchiveSummary {
  name: string;
  compressedBytes: number;
  /** Size of the decompressed data (the tar). */
  decodedBytes: number;
  /** Check types in stream order, e.g. ["CRC64"]. */
  checks: string[];
  /** True only when every block's check was computed and matched. */
  verified: boolean;
  verification: string;
  streams: number;
  blocks: number;
  /** Milliseconds from first byte requested to verified output. */
  elapsedMs: number;
}

/** An error as it crosses the boundary: a message a person can act on. */
export interface MachineErrorInfo {
  kind: string;
  message: string;
  offset?: number;
}

export interface MachineApi {
  /** Decodes and verifies an archive; progress arrives as it goes. */
  loadArchive(
    source: ArchiveSource,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<ArchiveSummary>;
}
