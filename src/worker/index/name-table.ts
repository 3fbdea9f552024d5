/**
 * Identifiers interned straight from a file's bytes: each distinct name
 * gets a small integer id (in order of first sight) and its bytes in one
 * pool. No string is made while the index builds (430k names on the demo
 * tree): a name becomes a string when a lookup returns it, and the symbol
 * search reads all names at once from one joined string.
 */
export class NameTable {
  /** Name id's bytes are pool[ends[id - 1] (0 for id 0), ends[id]). */
  private pool = new Uint8Array(1 << 20);
  private ends = new Int32Array(1 << 15);
  /**
   * Open addressing, four ints a slot: id (or -1), hash, and where the name's
   * bytes are in the pool and how many: a probe reads one cache line, then the pool.
   */
  private slots: Int32Array;
  /** After trim(): the slots' ids, where they were (intern is over). */
  private frozen: Int32Array | undefined;
  /** Each name's class (the caller's small number, from classify), by id. */
  tags = new Uint8Array(1 << 15);
  size = 0;
  private joined: string | undefined;

  /**
   * classify: a new name's class, from its bytes and hash (0 for most names);
   * expected: about how many names will come (the slots are sized for it, so
   * the table need not grow and rehash on the way).
   */
  constructor(
    private readonly classify: (
      bytes: Uint8Array,
      start: number,
      end: number,
      h: number,
    ) => number = () => 0,
    expected = 1 << 15,
  ) {
    let slots = 1 << 16;
    while (slots < expected * 2) slots *= 2;
    this.slots = new Int32Array(4 * slots).fill(-1);
  }

  /** The id of bytes[start, end) (h: its hash, when the caller has it), added when new. */
  intern(bytes: Uint8Array, start: number, end: number, h = hashOf(bytes, start, end)): number {
    if (this.frozen) throw new Error('NameTable: intern after trim()');
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    const len = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const o = s << 2;
      const id = slots[o]!;
      if (id < 0) return this.add(o, h, bytes, start, end);
      if (slots[o + 1] !== h || slots[o + 3] !== len) continue;
      const from = slots[o + 2]!;
      const pool = this.pool;
      let k = 0;
      while (k < len && pool[from + k] === bytes[start + k]) k++;
      if (k === len) return id;
    }
  }

  /** The id of a name, or -1. */
  find(name: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i++)
      h = Math.imul(h ^ (name.charCodeAt(i) & 0xff), 0x01000193);
    const table = this.frozen ?? this.slots;
    const step = this.frozen ? 1 : 4;
    const mask = table.length / step - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = table[s * step]!;
      if (id < 0) return -1;
      if (this.is(id, name)) return id;
    }
  }

  private is(id: number, name: string): boolean {
    const from = id === 0 ? 0 : this.ends[id - 1]!;
    if (this.ends[id]! - from !== name.length) return false;
    for (let k = 0; k < name.length; k++)
      if (this.pool[from + k] !== name.charCodeAt(k)) return false;
    return true;
  }

  /** The name of an id, as a string. */
  name(id: number): string {
    const from = id === 0 ? 0 : this.ends[id - 1]!;
    // apply, not a spread: spreading a typed array walks its iterator.
    return String.fromCharCode.apply(
      null,
      this.pool.subarray(from, this.ends[id]) as unknown as number[],
    );
  }

  /** Ids (ascending) of the names that contain query; names are identifiers, so one with a newline has none. */
  idsContaining(query: string): number[] {
    const out: number[] = [];
    if (query.includes('\n')) return out;
    const all = (this.joined ??= this.joinNames());
    // In the joined text (each name then \n), name id ends at ends[id] + id.
    let id = 0;
    for (let at = all.indexOf(query); at >= 0;) {
      while (this.ends[id]! + id < at + query.length) id++;
      out.push(id);
      at = all.indexOf(query, this.ends[id]! + id + 1);
    }
    return out;
  }

  /** Bytes held: the pool, its ends, the slots, tags (and the joined names, once searched). */
  byteSize(): number {
    const joined = this.joined?.length ?? 0;
    return (
      this.pool.byteLength +
      this.ends.byteLength +
      this.slots.byteLength +
      (this.frozen?.byteLength ?? 0) +
      this.tags.byteLength +
      joined
    );
  }

  /** Frees the spare capacity of a table that takes no more names; find() then reads the slots' ids alone. */
  trim(): void {
    const frozen = new Int32Array(this.slots.length >> 2);
    for (let s = 0; s < frozen.length; s++) frozen[s] = this.slots[s << 2]!;
    this.frozen = frozen;
    this.slots = new Int32Array(0);
    this.pool = this.pool.slice(0, this.size ? this.ends[this.size - 1] : 0);
    this.ends = this.ends.slice(0, this.size);
    this.tags = this.tags.slice(0, this.size);
  }

  private joinNames(): string {
    // Names are identifiers (ASCII), so the bytes are the characters.
    const bytes = new Uint8Array((this.size ? this.ends[this.size - 1]! : 0) + this.size);
    let from = 0;
    for (let id = 0; id < this.size; id++) {
      const to = this.ends[id]!;
      bytes.set(this.pool.subarray(from, to), from + id);
      bytes[to + id] = 10;
      from = to;
    }
    return new TextDecoder('latin1').decode(bytes);
  }

  /** Adds a name at slot offset o. */
  private add(o: number, h: number, bytes: Uint8Array, start: number, end: number): number {
    const id = this.size++;
    const from = id === 0 ? 0 : this.ends[id - 1]!;
    const to = from + end - start;
    if (to > this.pool.length) this.pool = grown(this.pool, Math.max(to, this.pool.length * 2));
    // A loop, not set(subarray()): a view per name costs more than its few bytes.
    for (let k = start, p = from; k < end; k++, p++) this.pool[p] = bytes[k]!;
    if (id === this.ends.length) {
      this.ends = grown(this.ends, id * 2);
      this.tags = grown(this.tags, id * 2);
    }
    this.ends[id] = to;
    this.tags[id] = this.classify(bytes, start, end, h);
    this.slots[o] = id;
    this.slots[o + 1] = h;
    this.slots[o + 2] = from;
    this.slots[o + 3] = to - from;
    if (this.size * 2 > this.slots.length >> 2) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2).fill(-1);
    const mask = (slots.length >> 2) - 1;
    for (let o = 0; o < old.length; o += 4) {
      if (old[o]! < 0) continue;
      let s = old[o + 1]! & mask;
      while (slots[s << 2]! >= 0) s = (s + 1) & mask;
      const n = s << 2;
      slots[n] = old[o]!;
      slots[n + 1] = old[o + 1]!;
      slots[n + 2] = old[o + 2]!;
      slots[n + 3] = old[o + 3]!;
    }
    this.slots = slots;
  }
}

function grown<T extends Uint8Array | Int32Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}

/** FNV-1a over bytes[start, end), as the tokenizer computes it: a signed 32-bit int (a small integer to V8, never a boxed number). */
export function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}
