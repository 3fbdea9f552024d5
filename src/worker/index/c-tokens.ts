/**
 * The C tokens the identifier index reads: identifiers and the punctuation
 * that shapes declarations, with their lines, in flat typed arrays reused
 * from file to file (6k headers, millions of tokens: no object per token), read straight
 * from the file's bytes (no string per file).
 * Comments, strings, character and number literals are skipped; a
 * preprocessor line is not tokenized but reported whole (with its
 * continuation lines) to onDirective, which is how macros are found.
 */

/** Token kinds: an identifier, or one punctuation character of { } ( ) [ ] ; , = * : */
export const Tok = { Ident: 1, Punct: 2 } as const;
export type Tok = (typeof Tok)[keyof typeof Tok];

export class TokenBuffer {
  kind = new Uint8Array(1 << 16);
  start = new Int32Array(1 << 16);
  end = new Int32Array(1 << 16);
  line = new Int32Array(1 << 16);
  /** Each identifier's FNV-1a hash (name-table.ts), computed while it is read. */
  hash = new Int32Array(1 << 16);
  /** Filled by the reader: each identifier's name id (-1 for punctuation). */
  ids = new Int32Array(1 << 16);
  count = 0;

  push(kind: Tok, start: number, end: number, line: number, hash = 0): void {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.hash[i] = hash;
    this.kind[i] = kind;
    this.start[i] = start;
    this.end[i] = end;
    this.line[i] = line;
  }

  private grow(): void {
    const n = this.kind.length * 2;
    const copy = <T extends Uint8Array | Int32Array>(a: T, b: T): T => (b.set(a), b);
    this.kind = copy(this.kind, new Uint8Array(n));
    this.start = copy(this.start, new Int32Array(n));
    this.end = copy(this.end, new Int32Array(n));
    this.line = copy(this.line, new Int32Array(n));
    this.hash = copy(this.hash, new Int32Array(n));
    this.ids = new Int32Array(n);
  }
}

const isIdentStart = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
export const isIdentChar = isIdentPart;

/** Punctuation kept as tokens (others, like + - < > . & |, only separate). */
const KEPT = new Uint8Array(128);
for (const c of '{}()[];,=*:') KEPT[c.charCodeAt(0)] = 1;

/** The end of a line that may continue with a backslash (returns the index of its final \n or text.length). */
function logicalLineEnd(text: Uint8Array, from: number): number {
  let i = from;
  for (;;) {
    const nl = text.indexOf(10, i);
    if (nl < 0) return text.length;
    let k = nl - 1;
    if (k >= 0 && text[k] === 13) k--;
    if (k >= 0 && text[k] === 92) i = nl + 1;
    else return nl;
  }
}

/**
 * Fills buf with text's tokens. onDirective(start, end, line) gets each
 * preprocessor line: start just after the `#`, end at its last newline.
 */
export function tokenize(
  text: Uint8Array,
  buf: TokenBuffer,
  onDirective: (start: number, end: number, line: number) => void,
): void {
  buf.count = 0;
  const n = text.length;
  let line = 1;
  let lineStart = true;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === 10) {
      line++;
      lineStart = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (c === 35 && lineStart) {
      const end = logicalLineEnd(text, i);
      onDirective(i + 1, end, line);
      for (let k = i; k < end; k++) if (text[k]! === 10) line++;
      i = end;
      continue;
    }
    lineStart = false;
    if (c === 92 && text[i + 1]! === 10) {
      i += 2;
      line++;
      continue;
    }
    if (c === 47 && text[i + 1]! === 42) {
      let stop = i + 2;
      while (stop < n && !(text[stop] === 42 && text[stop + 1] === 47)) stop++;
      stop = Math.min(n, stop + 2);
      for (let k = i; k < stop; k++) if (text[k]! === 10) line++;
      i = stop;
      continue;
    }
    if (c === 47 && text[i + 1]! === 47) {
      const nl = text.indexOf(10, i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (isIdentStart(c)) {
      let h = Math.imul(0x811c9dc5 ^ c, 0x01000193);
      let j = i + 1;
      for (let d = text[j]!; j < n && isIdentPart(d); d = text[++j]!)
        h = Math.imul(h ^ d, 0x01000193);
      buf.push(Tok.Ident, i, j, line, h);
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n && (isIdentPart(text[j]!) || text[j]! === 46)) j++;
      i = j;
      continue;
    }
    if (c === 34 || c === 39) {
      let j = i + 1;
      while (j < n) {
        const d = text[j]!;
        if (d === 92) j += 2;
        else if (d === c || d === 10) break;
        else j++;
      }
      i = j + 1;
      continue;
    }
    if (KEPT[c] === 1) buf.push(Tok.Punct, i, i + 1, line);
    i++;
  }
}
