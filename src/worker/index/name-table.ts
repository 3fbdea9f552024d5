/**
 * Identifiers interned straight from a file's bytes: each distinct name
 * gets a small integer id and one flat string, made only the first time it
 * is seen (a string per occurrence would be millions of them).
 */
export class NameTable {
  readonly names: string[] = [];
  private slots = new Int32Array(1 << 16).fill(-1);
  private hashes = new Uint32Array(1 << 15);

  get size(): number {
    return this.names.length;
  }

  /** The id of bytes[start, end) (h: its hash, when the caller has it), added when new. */
  intern(bytes: Uint8Array, start: number, end: number, h = hashOf(bytes, start, end)): number {
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = this.slots[s]!;
      if (id < 0) return this.add(s, h, bytes, start, end);
      if (this.hashes[id] === h && same(this.names[id]!, bytes, start, end)) return id;
    }
  }

  /** The id of a name, or -1. */
  find(name: string): number {
    const bytes = new Uint8Array(name.length);
    for (let i = 0; i < name.length; i++) bytes[i] = name.charCodeAt(i) & 0xff;
    const h = hashOf(bytes, 0, bytes.length);
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = this.slots[s]!;
      if (id < 0) return -1;
      if (this.hashes[id] === h && this.names[id] === name) return id;
    }
  }

  /** Bytes held: slots, hashes, and one to two bytes per name character plus V8's string header. */
  byteSize(): number {
    let chars = 0;
    for (const n of this.names) chars += n.length + 16;
    return this.slots.byteLength + this.hashes.byteLength + chars;
  }

  private add(slot: number, h: number, bytes: Uint8Array, start: number, end: number): number {
    const id = this.names.length;
    // apply, not a spread: spreading a typed array walks its iterator.
    this.names.push(
      String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]),
    );
    if (id === this.hashes.length) {
      const grown = new Uint32Array(id * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = h;
    this.slots[slot] = id;
    if (this.names.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.names.length; id++) {
      let s = this.hashes[id]! & mask;
      while (slots[s]! >= 0) s = (s + 1) & mask;
      slots[s] = id;
    }
    this.slots = slots;
  }
}

/** FNV-1a over bytes[start, end), as the tokenizer computes it. */
export function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

function same(name: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (name.length !== end - start) return false;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}
