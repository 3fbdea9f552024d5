/**
 * Remembers the last few xz decodes by content. just-bash hands a command
 * a fresh copy of every buffer it reads (its context membrane copies each
 * Uint8Array on the way out), so the same /sys/kernel/kheaders.tar.xz
 * arrives as a new object each time and a cache keyed by identity never
 * hits: every `tar -xf`, `tar -tf`, `xz -l` would decode 31 MB again.
 */
import type { XzResult } from '../xz/xz-result';

/** Decoded archives are tens of MB: keep only the most recent. */
const ENTRIES = 2;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  // Word at a time where both are aligned (fresh copies always are).
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const n = a.length >> 2;
    const wa = new Uint32Array(a.buffer, a.byteOffset, n);
    const wb = new Uint32Array(b.buffer, b.byteOffset, n);
    for (; i < n; i++) if (wa[i] !== wb[i]) return false;
    i = n << 2;
  }
  for (; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class DecodeCache {
  private entries: { bytes: Uint8Array; result: Promise<XzResult> }[] = [];

  constructor(private readonly decode: (bytes: Uint8Array) => Promise<XzResult>) {}

  get(bytes: Uint8Array): Promise<XzResult> {
    const hit = this.entries.find((e) => sameBytes(e.bytes, bytes));
    if (hit) return hit.result;
    const entry = { bytes, result: this.decode(bytes) };
    // A failed decode is not remembered: the next try reports afresh.
    entry.result.catch(() => (this.entries = this.entries.filter((e) => e !== entry)));
    this.entries = [entry, ...this.entries].slice(0, ENTRIES);
    return entry.result;
  }
}
