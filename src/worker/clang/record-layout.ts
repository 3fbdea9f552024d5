/**
 * clang's record layout dump (`-Xclang -fdump-record-layouts-canonical`)
 * read into a table of a struct's own fields: offset, size and the holes
 * between them, in the spirit of pahole (which reads DWARF; this reads what
 * clang laid out). Sizes of records come from their own dumped layouts.
 */

export interface LayoutField {
  name: string;
  type: string;
  /** In bytes; bit fields also carry bit positions. */
  offset: number;
  size: number | undefined;
  bits?: { from: number; to: number };
  /** Unused bytes before this field. */
  holeBefore: number;
}

export interface RecordLayout {
  name: string;
  kind: 'struct' | 'union';
  size: number;
  align: number;
  fields: LayoutField[];
  /** Unused bytes after the last field. */
  tailPadding: number;
}

interface Line {
  offset: number;
  bits?: { from: number; to: number };
  depth: number;
  text: string;
}

const LINE = /^\s*(\d+)(?::(\d+)-(\d+))? \|( +)(.*?)\s*$/;
const SIZE = /^\s*\| \[sizeof=(\d+),.*?align=(\d+)/;
const BUILTIN: Record<string, number> = {
  char: 1, 'signed char': 1, 'unsigned char': 1, _Bool: 1, bool: 1,
  short: 2, 'unsigned short': 2, int: 4, 'unsigned int': 4, float: 4,
  long: 8, 'unsigned long': 8, 'long long': 8, 'unsigned long long': 8, double: 8,
  __int128: 16, 'unsigned __int128': 16, 'long double': 16,
}; // prettier-ignore

/** All records in a dump, by the name clang prints for them. */
export function parseLayouts(
  dump: string,
): Map<string, { lines: Line[]; size: number; align: number }> {
  const out = new Map<string, { lines: Line[]; size: number; align: number }>();
  for (const block of dump.split('*** Dumping AST Record Layout').slice(1)) {
    const lines: Line[] = [];
    let size = 0;
    let align = 0;
    for (const raw of block.split('\n')) {
      const m = LINE.exec(raw);
      const s = SIZE.exec(raw);
      if (m) {
        lines.push({
          offset: Number(m[1]),
          ...(m[2] !== undefined && { bits: { from: Number(m[2]), to: Number(m[3]) } }),
          depth: (m[4]!.length - 1) / 2,
          text: m[5]!,
        });
      } else if (s) {
        size = Number(s[1]);
        align = Number(s[2]);
        break;
      }
    }
    if (lines[0]) out.set(lines[0].text, { lines: lines.slice(1), size, align });
  }
  return out;
}

/** `type name` → [type, name]; an anonymous member has no name. */
function splitField(text: string): [string, string] {
  if (text.endsWith(')') && /\(anonymous/.test(text)) return [text, ''];
  const m = /^(.*?)\s*\b(\w+)$/.exec(text);
  return m ? [m[1]!, m[2]!] : [text, ''];
}

function sizeOf(type: string, records: ReturnType<typeof parseLayouts>): number | undefined {
  const t = type.replace(/\b(const|volatile)\s+/g, '').trim();
  const arr = /^(.*?)((?:\[\d+\])+)$/.exec(t);
  if (arr) {
    const n = [...arr[2]!.matchAll(/\[(\d+)\]/g)].reduce((p, x) => p * Number(x[1]), 1);
    const e = sizeOf(arr[1]!, records);
    return e === undefined ? undefined : e * n;
  }
  if (t.endsWith('*') || /\(\*\)/.test(t)) return 8;
  if (BUILTIN[t] !== undefined) return BUILTIN[t];
  if (t.startsWith('enum ')) return 4; // x86_64 kernel enums fit an int unless they say otherwise
  return records.get(t)?.size ?? records.get(t.replace(/^(struct|union) /, ''))?.size;
}

export function recordLayout(dump: string, name: string): RecordLayout | undefined {
  const records = parseLayouts(dump);
  const key = [`struct ${name}`, `union ${name}`, name].find((k) => records.has(k));
  if (!key) return undefined;
  const rec = records.get(key)!;
  const kind = key.startsWith('union ') ? 'union' : 'struct';
  const fields: LayoutField[] = [];
  let endBits = 0;
  for (const l of rec.lines.filter((x) => x.depth === 1)) {
    const [type, field] = splitField(l.text);
    const size = l.bits ? undefined : sizeOf(type, records);
    const startBits = l.offset * 8 + (l.bits?.from ?? 0);
    const holeBefore = kind === 'union' ? 0 : Math.max(0, Math.floor((startBits - endBits) / 8));
    fields.push({
      name: field,
      type,
      offset: l.offset,
      size,
      holeBefore,
      ...(l.bits && { bits: l.bits }),
    });
    const fieldEnd = l.bits ? l.offset * 8 + l.bits.to + 1 : startBits + (size ?? 0) * 8;
    endBits = kind === 'union' ? Math.max(endBits, fieldEnd) : fieldEnd;
  }
  return {
    name: key,
    kind,
    size: rec.size,
    align: rec.align,
    fields,
    tailPadding: Math.max(0, rec.size - Math.ceil(endBits / 8)),
  };
}
