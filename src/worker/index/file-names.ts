/**
 * The names of the file being read, in front of the tree's NameTable. Most
 * identifiers of a header repeat within it (on the demo tree 2.2M
 * occurrences, 0.77M distinct per file); a repeat is answered from this
 * small table, which stays in the CPU's cache, by comparing it with its
 * earlier occurrence in the same bytes, so the big table (megabytes, a
 * cache miss a probe) is asked once per name and file. A hit also means
 * the file mentioned the name before: no reference row to add.
 */
import { isIdentChar } from './c-tokens';

const BITS = 13;
const MASK = (1 << BITS) - 1;

export class FileNames {
  /** Direct-mapped by hash, four ints a slot: file + 1 (0: empty), hash, name id, start of the occurrence. */
  private readonly slots = new Int32Array(4 << BITS);

  /** The id of the identifier bytes[start, end) (hash h) if this file's earlier occurrence is still here, else -1. */
  lookup(file: number, bytes: Uint8Array, start: number, end: number, h: number): number {
    const o = (h & MASK) << 2;
    const slots = this.slots;
    if (slots[o] !== file + 1 || slots[o + 1] !== h) return -1;
    const prev = slots[o + 3]!;
    const len = end - start;
    let k = 0;
    while (k < len && bytes[prev + k] === bytes[start + k]) k++;
    if (k < len) return -1;
    // Identifiers are maximal runs, so the earlier one is as long if it ends here too.
    const after = bytes[prev + len];
    return after !== undefined && isIdentChar(after) ? -1 : slots[o + 2]!;
  }

  /** Keeps an occurrence of name id in file (replacing what shared its slot). */
  remember(file: number, start: number, h: number, id: number): void {
    const o = (h & MASK) << 2;
    this.slots[o] = file + 1;
    this.slots[o + 1] = h;
    this.slots[o + 2] = id;
    this.slots[o + 3] = start;
  }
}
