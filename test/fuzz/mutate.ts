/**
 * Seeded mutations of real inputs, so a failing case is reproduced from its
 * seed alone: bit flips, interesting bytes, truncation, insertion, deletion,
 * duplicated runs, and writes into the regions that hold header fields.
 */

/** Mutations are picked by a seeded generator so every input can be replayed. */
export { seededRandom as rng } from '../support/seeded-random';

export type Random = () => number;

export const pick = <T>(r: Random, items: readonly T[]): T =>
  items[Math.floor(r() * items.length)]!;
export const int = (r: Random, below: number): number => Math.floor(r() * below);

/** Byte values that tend to reach edge cases: zero, sign bits, all ones, ASCII digits. */
const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x30, 0x37, 0x20, 0x2f];

/** A region of the input worth aiming at (a header, a size field, an index). */
export interface Region {
  start: number;
  end: number;
}

export type MutationKind =
  'bitflip' | 'byte' | 'truncate' | 'insert' | 'delete' | 'duplicate' | 'field';

export interface Mutant {
  bytes: Uint8Array;
  kinds: MutationKind[];
}

function mutateOnce(r: Random, input: Uint8Array, regions: Region[]): [Uint8Array, MutationKind] {
  const kind = pick<MutationKind>(r, [
    'bitflip',
    'bitflip',
    'byte',
    'truncate',
    'insert',
    'delete',
    'duplicate',
    'field',
    'field',
  ]);
  const n = input.length;
  const at = int(r, Math.max(n, 1));
  switch (kind) {
    case 'bitflip': {
      const out = input.slice();
      if (n) out[at] = out[at]! ^ (1 << int(r, 8));
      return [out, kind];
    }
    case 'byte': {
      const out = input.slice();
      if (n) out[at] = pick(r, INTERESTING);
      return [out, kind];
    }
    case 'truncate':
      return [input.slice(0, at), kind];
    case 'insert': {
      const extra = Uint8Array.from({ length: 1 + int(r, 16) }, () =>
        r() < 0.5 ? pick(r, INTERESTING) : int(r, 256),
      );
      const out = new Uint8Array(n + extra.length);
      out.set(input.subarray(0, at));
      out.set(extra, at);
      out.set(input.subarray(at), at + extra.length);
      return [out, kind];
    }
    case 'delete': {
      const len = Math.min(n - at, 1 + int(r, 64));
      const out = new Uint8Array(n - len);
      out.set(input.subarray(0, at));
      out.set(input.subarray(at + len), at);
      return [out, kind];
    }
    case 'duplicate': {
      const len = Math.min(n - at, 1 + int(r, 1024));
      const out = new Uint8Array(n + len);
      out.set(input.subarray(0, at + len));
      out.set(input.subarray(at, at + len), at + len);
      out.set(input.subarray(at + len), at + 2 * len);
      return [out, kind];
    }
    case 'field': {
      const out = input.slice();
      const region = regions.length ? pick(r, regions) : { start: 0, end: n };
      const start = Math.min(region.start, n);
      const span = Math.max(0, Math.min(region.end, n) - start);
      if (!span) return [out, kind];
      const len = 1 + int(r, Math.min(span, 8));
      const from = start + int(r, span - len + 1);
      for (let i = from; i < from + len; i++)
        out[i] = r() < 0.5 ? pick(r, INTERESTING) : int(r, 256);
      return [out, kind];
    }
  }
}

/** One to three stacked mutations of a seed input. */
export function mutate(r: Random, input: Uint8Array, regions: Region[] = []): Mutant {
  let bytes = input;
  const kinds: MutationKind[] = [];
  const rounds = 1 + (r() < 0.3 ? int(r, 3) : 0);
  for (let i = 0; i < rounds; i++) {
    const [next, kind] = mutateOnce(r, bytes, regions);
    bytes = next;
    kinds.push(kind);
  }
  return { bytes, kinds };
}
