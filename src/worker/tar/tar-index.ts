// An index of a tar archive that grows while the archive is still being
// decoded: feed it the bytes decoded so far and it returns the members that
// became complete; finish() checks how the archive ends.
//
// Why our own reader and not modern-tar 0.7.7 (the copy under just-bash):
// measured on the demo's 31.5 MB kheaders tar (6691 members), median of 15+
// runs, time to a complete index / memory held beyond the tar itself:
//   Chromium 156   this reader 18 ms | modern-tar unpackTar 49 ms | its stream decoder (listing only) 69 ms
//   Node 20        this reader 23 ms, 1.9 MB | unpackTar 58 ms, 30.2 MB (a copy of every file)
//                  | stream decoder 116 ms reading bodies, 111 ms listing only
// unpackTar copies each body; the stream decoder hands each body out as a
// ReadableStream of pieces cut at chunk edges. Neither gives one view into
// the caller's buffer, nor resumes over a buffer that grows in place.
import { decodeUtf8 } from './file-text';
import { parsePax, type PaxRecords } from './pax';
import { buildEntry, memberName, type PendingMeta, type TarEntry } from './tar-entry';
import { TarError } from './tar-error';
import { BLOCK_SIZE, isZeroBlock, paddedSize, readHeader, type RawHeader } from './tar-header';
import { utf8Length } from './tar-path';
import { tarLimits, type TarLimits } from './limits';

/** How the archive ended. */
export interface TarEnd {
  /**
   * 'end-marker': two zero blocks, as POSIX asks. 'lone-zero-block': one zero
   * block then the end of the data (GNU tar warns and accepts). 'no-end-marker':
   * the data stops right after a member (GNU tar accepts it silently).
   */
  kind: 'end-marker' | 'lone-zero-block' | 'no-end-marker';
  /** Byte offset where the members end (the end marker, or the end of the data). */
  offset: number;
  entries: number;
}

export interface TarIndexOptions {
  /** Replaces some of TAR_LIMITS for this archive. */
  limits?: Partial<TarLimits>;
}

const EMPTY = new Uint8Array(0);
/** GNU long name, long link; pax local (and Solaris 'X'), pax global. */
const META_TYPES = new Set(['L', 'K', 'x', 'X', 'g']);

export class TarIndex {
  /** Every member in archive order, duplicates included (as `tar -tv` lists them). */
  readonly entries: TarEntry[] = [];
  readonly limits: TarLimits;
  private buffer: Uint8Array = EMPTY;
  private available = 0;
  private pos = 0;
  private meta: PendingMeta = {};
  private global: PaxRecords = {};
  private ended: TarEnd | null = null;
  private failure: TarError | null = null;
  private finished = false;
  private readonly byPath = new Map<string, TarEntry>();

  constructor(options: TarIndexOptions = {}) {
    this.limits = tarLimits(options.limits);
  }

  /** The buffer last fed: entries' offsets point into it. */
  get bytes(): Uint8Array {
    return this.buffer;
  }

  /** Bytes consumed so far: the offset of the next header to read. */
  get parsedBytes(): number {
    return this.pos;
  }

  /** How the archive ended, once finish() has run. */
  get end(): TarEnd | null {
    return this.finished ? this.ended : null;
  }

  /** The error that stopped the index, if one did; entries before it stay valid. */
  get error(): TarError | null {
    return this.failure;
  }

  /** The last member with this mount path (later duplicates win, as on extraction). */
  lookup(path: string): TarEntry | undefined {
    return this.byPath.get(path);
  }

  /**
   * Parses every member complete within `bytes[0, available)` not seen yet
   * and returns them. `bytes` may be a new view each time (over a buffer
   * that grew), but must hold the same archive from offset 0.
   */
  feed(bytes: Uint8Array, available: number = bytes.length): TarEntry[] {
    if (this.failure) throw this.failure;
    if (this.finished) throw new Error('tar: feed() after finish()');
    if (available > bytes.length || available < this.available) {
      throw new RangeError(
        `tar: available must grow and stay within the buffer (was ${this.available}, now ${available} of ${bytes.length})`,
      );
    }
    this.buffer = bytes;
    this.available = available;
    const first = this.entries.length;
    this.guard(() => this.parse(false));
    return this.entries.slice(first);
  }

  /**
   * Declares that the archive is `totalBytes` long (default: all of the last
   * buffer fed), parses what is left and checks the end. Throws a TarError
   * when a header or a member's data is cut off.
   */
  finish(totalBytes: number = this.buffer.length): TarEnd {
    if (this.failure) throw this.failure;
    if (this.finished) return this.ended!;
    if (totalBytes > this.buffer.length || totalBytes < this.available) {
      throw new RangeError(
        `tar: finish(${totalBytes}) outside the data fed (${this.available} of ${this.buffer.length})`,
      );
    }
    this.available = totalBytes;
    this.guard(() => this.parse(true));
    this.ended ??= { kind: 'no-end-marker', offset: this.pos, entries: this.entries.length };
    this.finished = true;
    return this.ended;
  }

  private guard(step: () => void): void {
    try {
      step();
    } catch (err) {
      if (err instanceof TarError) this.failure = err;
      throw err;
    }
  }

  /** Reads members until the data runs out; `final` turns running out into an error. */
  private parse(final: boolean): void {
    const bytes = this.buffer;
    while (!this.ended && this.pos < this.available) {
      const at = this.pos;
      if (at + BLOCK_SIZE > this.available) {
        if (final)
          throw new TarError(
            'truncated',
            'archive ends inside a header',
            at,
            undefined,
            `${this.available - at} of 512 bytes present`,
          );
        return;
      }
      if (isZeroBlock(bytes, at)) {
        // One zero block ends the archive for GNU tar; POSIX asks for two.
        const second = at + BLOCK_SIZE;
        const secondHere = second + BLOCK_SIZE <= this.available;
        if (!secondHere && !final) return;
        const double = secondHere && isZeroBlock(bytes, second);
        const kind = double ? 'end-marker' : 'lone-zero-block';
        this.ended = { kind, offset: at, entries: this.entries.length };
        return;
      }
      const raw = readHeader(bytes, at);
      if (!this.readMember(raw, at, final)) return;
    }
  }

  /** Consumes one header and its data; false when the data is not all here yet. */
  private readMember(raw: RawHeader, at: number, final: boolean): boolean {
    const name = memberName(raw, this.meta, this.global);
    const isMeta = META_TYPES.has(raw.typeflag);
    const size = isMeta ? raw.size : (this.meta.pax?.size ?? raw.size);
    this.checkSize(size, isMeta, at, name);
    // GNU tar skips a member's data for every type but a plain directory.
    const dataSize = raw.typeflag === '5' ? 0 : size;
    const dataEnd = at + BLOCK_SIZE + dataSize;
    if (dataEnd > this.available) {
      if (!final) return false;
      throw new TarError(
        'truncated',
        'member data runs past the end of the archive',
        at,
        name,
        `needs bytes ${at + BLOCK_SIZE}..${dataEnd}, archive has ${this.available}`,
      );
    }
    const body = bytes(this.buffer, at + BLOCK_SIZE, dataSize);
    if (isMeta) {
      this.readMeta(raw, body, at, name);
    } else if (raw.typeflag !== 'V') {
      // 'V' is a GNU volume label, not a member.
      if (this.meta.pax?.sparse)
        throw new TarError('unsupported', 'unsupported GNU sparse member (pax)', at, name);
      this.addEntry(buildEntry(raw, this.meta, this.global, size, at), at, name);
      this.meta = {};
    }
    this.pos = at + BLOCK_SIZE + paddedSize(dataSize);
    return true;
  }

  private checkSize(size: number, isMeta: boolean, at: number, name: string): void {
    if (size < 0) throw new TarError('bad-field', 'negative size field', at, name, String(size));
    const limit = isMeta ? 'maxExtendedHeaderBytes' : 'maxEntryBytes';
    if (size > this.limits[limit]) {
      throw new TarError(
        'limit',
        `size ${size} exceeds the limit ${limit} = ${this.limits[limit]}`,
        at,
        name,
      );
    }
  }

  private readMeta(raw: RawHeader, body: Uint8Array, at: number, name: string): void {
    switch (raw.typeflag) {
      case 'L':
        this.meta.longName = this.checkPath(cString(body), at + BLOCK_SIZE, name);
        return;
      case 'K':
        this.meta.longLink = this.checkPath(cString(body), at + BLOCK_SIZE, name);
        return;
      case 'g': {
        // Global records apply to every member after them, as GNU tar 1.34
        // applies them (even path); but a global size would misframe every
        // member's data, so that one is ignored.
        const global = parsePax(body, at + BLOCK_SIZE, name);
        delete global.size;
        this.global = { ...this.global, ...global };
        return;
      }
      default: {
        const pax = parsePax(body, at + BLOCK_SIZE, name);
        if (pax.path !== undefined) this.checkPath(pax.path, at + BLOCK_SIZE, name);
        if (pax.linkpath !== undefined) this.checkPath(pax.linkpath, at + BLOCK_SIZE, name);
        this.meta.pax = { ...this.meta.pax, ...pax };
      }
    }
  }

  private checkPath(path: string, at: number, name: string): string {
    const max = this.limits.maxPathBytes;
    if (path.length * 3 <= max) return path; // a UTF-16 unit is at most 3 UTF-8 bytes
    const n = utf8Length(path);
    if (n > max)
      throw new TarError(
        'limit',
        `name of ${n} bytes exceeds the limit maxPathBytes = ${max}`,
        at,
        name,
      );
    return path;
  }

  private addEntry(entry: TarEntry, at: number, name: string): void {
    const max = this.limits.maxEntries;
    if (this.entries.length >= max) {
      throw new TarError(
        'limit',
        `too many members: more than the limit maxEntries = ${max}`,
        at,
        name,
      );
    }
    this.checkPath(name, at, name);
    if (entry.linkTarget !== undefined) this.checkPath(entry.linkTarget, at, name);
    this.entries.push(entry);
    this.byPath.set(entry.path, entry);
  }
}

function bytes(buffer: Uint8Array, start: number, length: number): Uint8Array {
  return buffer.subarray(start, start + length);
}

/** A GNU long name body: the name, then a NUL. */
function cString(body: Uint8Array): string {
  const nul = body.indexOf(0);
  return decodeUtf8(nul < 0 ? body : body.subarray(0, nul));
}

/** Indexes a whole archive at once: feed everything, then finish. */
export function indexTar(bytes: Uint8Array, options: TarIndexOptions = {}): TarIndex {
  const index = new TarIndex(options);
  index.feed(bytes);
  index.finish();
  return index;
}

/**
 * Indexes as much of a whole archive as it can, like GNU tar listing up to
 * the first fatal problem: a TarError ends the index and stays in
 * `index.error`, the members before it stay in `index.entries`. Other
 * errors (bugs) are thrown.
 */
export function indexTarUntilError(bytes: Uint8Array, options: TarIndexOptions = {}): TarIndex {
  const index = new TarIndex(options);
  try {
    index.feed(bytes);
    index.finish();
  } catch (err) {
    if (!(err instanceof TarError)) throw err;
  }
  return index;
}
