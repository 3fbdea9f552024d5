/** A growing list of 32-bit integers (millions of entries, no boxed numbers). */
export class IntList {
  data = new Int32Array(1 << 12);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /** The filled part, trimmed to its length (a copy, so the spare capacity is freed). */
  trimmed(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Rows grouped by key, as compressed sparse rows: rows of key k are
 * order[start[k] .. start[k + 1]), in the order they were added.
 */
export function groupByKey(
  keys: Int32Array,
  keyCount: number,
): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(keyCount + 1);
  const n = keys.length;
  for (let row = 0; row < n; row++) start[keys[row]! + 1]!++;
  for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, keyCount);
  const order = new Int32Array(n);
  for (let row = 0; row < n; row++) order[fill[keys[row]!]!++] = row;
  return { start, order };
}
