/**
 * One batch of changes on its way to the disk: its records, and the blob
 * files their bodies go into. A body of up to PACK_MAX bytes shares one
 * pack file with the batch's other small bodies (a record names the file
 * and the offset), so a command that writes 1,000 small files writes two
 * files to OPFS, not 1,001; a bigger body gets a blob of its own, so
 * removing it frees its space. A pack is removed when no entry uses it.
 */
import type { DiskRecord } from './disk-records';

/** Bodies up to this size share the batch's pack. */
export const PACK_MAX = 64 * 1024;

/** Where a body is kept: a blob file, and its offset there. */
export interface BodyPlace {
  b: string;
  o: number;
}

const key = (b: string, o: number): string => `${b}@${o}`;

export class DiskBatch {
  readonly records: DiskRecord[] = [];
  /** Blob files to write before the batch's line: id -> its bodies in order. */
  readonly files = new Map<string, Uint8Array[]>();
  private readonly bodies = new Map<string, Uint8Array>();
  private pack: { id: string; size: number } | undefined;

  constructor(private readonly newId: () => string) {}

  /** A place for new bytes in this batch. */
  place(bytes: Uint8Array): BodyPlace {
    if (bytes.byteLength > PACK_MAX) {
      const b = this.newId();
      this.files.set(b, [bytes]);
      this.bodies.set(key(b, 0), bytes);
      return { b, o: 0 };
    }
    const pack = (this.pack ??= { id: this.newId(), size: 0 });
    const o = pack.size;
    const parts = this.files.get(pack.id) ?? [];
    parts.push(bytes);
    this.files.set(pack.id, parts);
    pack.size += bytes.byteLength;
    this.bodies.set(key(pack.id, o), bytes);
    return { b: pack.id, o };
  }

  /** Whether this batch writes the blob. */
  writes(blob: string): boolean {
    return this.files.has(blob);
  }

  /** Bytes this batch holds for a place, if it wrote them. */
  body(b: string, o: number): Uint8Array | undefined {
    return this.bodies.get(key(b, o));
  }
}
