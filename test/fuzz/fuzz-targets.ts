/**
 * What each fuzz target feeds and what it accepts. A target's run() returns
 * 'ok' or 'rejected' (the clean error its contract names); anything else
 * (another exception, output past a limit, two decode paths that disagree)
 * throws a FuzzFailure, which the runner records with the seed and bytes.
 */
import { decodeXz } from '../../src/worker/xz/xz-decoder';
import { XzError } from '../../src/worker/xz/xz-error';
import type { XzLimits } from '../../src/worker/xz/xz-limits';
import { XzStreamDecoder } from '../../src/worker/xz/xz-stream-decoder';
import { ArchiveFs } from '../../src/worker/tar/archive-fs';
import { FsError } from '../../src/worker/vfs/errno';
import { TarError } from '../../src/worker/tar/tar-error';
import { indexTarUntilError } from '../../src/worker/tar/tar-index';
import { int, pick, type Random, type Region } from './mutate';

export type Outcome = 'ok' | 'rejected';

export class FuzzFailure extends Error {
  override name = 'FuzzFailure';
}

export interface SeedInput {
  name: string;
  bytes: Uint8Array;
  regions: Region[];
  /** Heavy seeds (the 4 MB demo archive) are mutated less often. */
  weight: number;
}

export interface FuzzTarget {
  name: string;
  /** What the target accepts, for the figures table. */
  contract: string;
  seeds(): Promise<SeedInput[]>;
  /** Optional repair after mutation (e.g. tar header checksums), so fuzzing gets past the first check. */
  fixup?(bytes: Uint8Array, r: Random): Uint8Array;
  run(bytes: Uint8Array): Promise<Outcome>;
}

const fetchBytes = async (url: URL) => new Uint8Array(await (await fetch(url)).arrayBuffer());

function unexpected(where: string, err: unknown): FuzzFailure {
  const e = err as Error;
  return new FuzzFailure(`${where} threw ${e?.name ?? typeof err}: ${e?.message ?? String(err)}`);
}

// ---------------------------------------------------------------- xz

const XZ_BASE = new URL('../fixtures/generated/xz/', import.meta.url);
const XZ_SEEDS = [
  'text-0-crc32.xz',
  'text-6-crc64.xz',
  'text-9e-sha256.xz',
  'text-6-none.xz',
  'multiblock-crc64.xz',
  'multiblock-sha256.xz',
  'concatenated.xz',
  'padded.xz',
  'bcj-x86-crc64.xz',
  'arm64-filter.xz',
  'delta-filter.xz',
  'empty-crc64.xz',
  'dict-8mib.xz',
  'bomb.xz',
];

/** Limits tight enough that a mutated size field meets them, loose enough for the seeds. */
export const FUZZ_XZ_LIMITS: XzLimits = { maxDictBytes: 16 << 20, maxOutputBytes: 8 << 20 };

/** Stream header, first block header, and the index + footer at the end. */
function xzRegions(n: number): Region[] {
  return [
    { start: 0, end: 12 },
    { start: 12, end: 32 },
    { start: Math.max(0, n - 64), end: n },
  ];
}

async function decodeWhole(bytes: Uint8Array, limits: XzLimits): Promise<Uint8Array | XzError> {
  try {
    return (await decodeXz(bytes, { limits })).bytes;
  } catch (err) {
    if (err instanceof XzError) return err;
    throw unexpected('decodeXz', err);
  }
}

async function decodeStreaming(
  bytes: Uint8Array,
  limits: XzLimits,
  chunk: number,
): Promise<Uint8Array | XzError> {
  let decoder: XzStreamDecoder | undefined;
  try {
    decoder = await XzStreamDecoder.create({ limits });
    for (let at = 0; at < bytes.length; at += chunk) decoder.push(bytes.subarray(at, at + chunk));
    return (await decoder.finish()).bytes;
  } catch (err) {
    if (err instanceof XzError) return err;
    throw unexpected('XzStreamDecoder', err);
  } finally {
    decoder?.release();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export async function xzOutcome(bytes: Uint8Array, limits: XzLimits): Promise<Outcome> {
  const whole = await decodeWhole(bytes, limits);
  // Uneven chunk sizes reach every resumption point of the multi-call decoder.
  const chunk = 1 + ((bytes.length * 2654435761) % 4093);
  const streamed = await decodeStreaming(bytes, limits, chunk);
  for (const r of [whole, streamed]) {
    if (r instanceof XzError) {
      if (!r.message) throw new FuzzFailure(`XzError '${r.kind}' without a message`);
    } else if (r.length > limits.maxOutputBytes) {
      throw new FuzzFailure(`output of ${r.length} bytes is past maxOutputBytes`);
    }
  }
  if (whole instanceof XzError !== streamed instanceof XzError) {
    const [err] = [whole, streamed].filter((r) => r instanceof XzError) as XzError[];
    throw new FuzzFailure(
      `the whole-buffer and streaming paths disagree: ${whole instanceof XzError ? 'whole' : 'streaming'} failed with ${err!.kind}: ${err!.message}`,
    );
  }
  if (!(whole instanceof XzError) && !sameBytes(whole, streamed as Uint8Array)) {
    throw new FuzzFailure('the whole-buffer and streaming paths decode to different bytes');
  }
  return whole instanceof XzError ? 'rejected' : 'ok';
}

export const xzTarget: FuzzTarget = {
  name: 'xz decoder',
  contract: 'decodes, or throws XzError; whole-buffer and streaming agree; output within limits',
  async seeds() {
    const small = await Promise.all(
      XZ_SEEDS.map(async (name) => {
        const bytes = await fetchBytes(new URL(name, XZ_BASE));
        return { name, bytes, regions: xzRegions(bytes.length), weight: 1 };
      }),
    );
    const demo = await fetchBytes(new URL('/public/kernel/kheaders.tar.xz', location.href));
    // Mutations of the demo archive keep to its headers and index: a flip in
    // the middle costs a full 30 MB decode and finds what a small seed finds.
    const demoRegions = xzRegions(demo.length);
    return [...small, { name: 'kheaders.tar.xz', bytes: demo, regions: demoRegions, weight: 0.3 }];
  },
  run: (bytes) =>
    xzOutcome(
      bytes,
      bytes.length > 1 << 20 ? { ...FUZZ_XZ_LIMITS, maxOutputBytes: 64 << 20 } : FUZZ_XZ_LIMITS,
    ),
};

// ---------------------------------------------------------------- tar

const TAR_BASE = new URL('../fixtures/generated/tar/', import.meta.url);
const TAR_SEEDS = [
  'ustar.tar',
  'gnu.tar',
  'pax.tar',
  'pax-global.tar',
  'v7.tar',
  'types.tar',
  'long-path.tar',
  'links-out.tar',
  'traversal.tar',
  'duplicates-mixed.tar',
  'base256.tar',
  'sparse.tar',
  'kheaders-style.tar',
];

/** Every 512-byte block's header fields: name, mode..size, checksum, type, link name, magic, prefix. */
function tarRegions(n: number): Region[] {
  const regions: Region[] = [];
  for (let b = 0; b < Math.min(n, 64 * 512); b += 512) {
    regions.push(
      { start: b, end: b + 100 },
      { start: b + 100, end: b + 148 },
      { start: b + 148, end: b + 157 },
      { start: b + 157, end: b + 265 },
      { start: b + 345, end: b + 500 },
    );
  }
  return regions;
}

const isOctalField = (bytes: Uint8Array, at: number): boolean => {
  for (let i = at; i < at + 6; i++) if (bytes[i]! < 0x30 || bytes[i]! > 0x37) return false;
  return true;
};

/** Recomputes the checksum of blocks that look like headers, most of the time. */
function fixTarChecksums(bytes: Uint8Array, r: Random): Uint8Array {
  if (r() < 0.2) return bytes;
  for (let b = 0; b + 512 <= bytes.length; b += 512) {
    if (!isOctalField(bytes, b + 148)) continue;
    let sum = 8 * 0x20;
    for (let i = b; i < b + 512; i++) if (i < b + 148 || i >= b + 156) sum += bytes[i]!;
    const text = `${sum.toString(8).padStart(6, '0')}\0 `;
    for (let i = 0; i < 8; i++) bytes[b + 148 + i] = text.charCodeAt(i);
  }
  return bytes;
}

/** Walks every path the archive offers, reading each file and link. */
async function walkArchive(fs: ArchiveFs): Promise<void> {
  const visit = async (dir: string, depth: number): Promise<void> => {
    // PATH_MAX bounds the depth (maxPathBytes / 2 for "x/"); deeper means a cycle in the tree.
    if (depth > 2048)
      throw new FuzzFailure(`directory tree deeper than 2048 at ${dir.slice(0, 80)}`);
    for (const d of await fs.readdirWithFileTypes(dir)) {
      const path = `${dir === '/' ? '' : dir}/${d.name}`;
      await fs.lstat(path);
      if (d.isDirectory) await visit(path, depth + 1);
      else if (d.isSymbolicLink) {
        await fs.readlink(path);
        await fs.realpath(path).catch(swallowFsError);
        await fs.readFileBuffer(path).catch(swallowFsError);
      } else await fs.readFileBuffer(path);
    }
  };
  await visit('/', 0);
}

function swallowFsError(err: unknown): void {
  if (!(err instanceof FsError)) throw err;
}

export const tarTarget: FuzzTarget = {
  name: 'tar reader',
  contract:
    'indexes, or throws TarError; the mounted tree reads back with only FsError (ENOENT, ELOOP, ...)',
  async seeds() {
    return Promise.all(
      TAR_SEEDS.map(async (name) => {
        const bytes = await fetchBytes(new URL(name, TAR_BASE));
        return { name, bytes, regions: tarRegions(bytes.length), weight: 1 };
      }),
    );
  },
  fixup: fixTarChecksums,
  async run(bytes) {
    let index;
    try {
      index = indexTarUntilError(bytes, { limits: { maxEntries: 10_000 } });
    } catch (err) {
      throw unexpected('TarIndex', err);
    }
    if (index.error && !(index.error instanceof TarError)) {
      throw unexpected('TarIndex', index.error);
    }
    try {
      await walkArchive(new ArchiveFs(index));
    } catch (err) {
      if (err instanceof FuzzFailure) throw err;
      throw unexpected('ArchiveFs', err);
    }
    return index.error ? 'rejected' : 'ok';
  },
};

export { int, pick };
