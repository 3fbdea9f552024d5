/**
 * Where a header defines things: struct, union and enum tags with a body,
 * enum constants, typedef names, macros (object-like and function-like),
 * function bodies (static inline ones, in headers) and prototypes. Read
 * from tokens, not parsed: C in kernel headers is regular enough that a
 * few shapes find nearly all of what universal-ctags finds (the test
 * compares the two and lists every miss with its reason).
 */
import type { DefinitionKind } from '../../shared/worker-api';
import { isIdentChar, Tok, tokenize, type TokenBuffer } from './c-tokens';
import { hashOf } from './name-table';

export const DEF_KINDS = [
  'struct',
  'union',
  'enum',
  'enumerator',
  'typedef',
  'macro',
  'function-macro',
  'function',
  'prototype',
] as const satisfies readonly DefinitionKind[];
/** DEF_KINDS' indices, by name. */
export const K = {
  Struct: 0,
  Union: 1,
  Enum: 2,
  Enumerator: 3,
  Typedef: 4,
  Macro: 5,
  FunctionMacro: 6,
  Function: 7,
  Prototype: 8,
} as const;
export type K = (typeof K)[keyof typeof K];

export interface DefinitionSink {
  /** An identifier at bytes[start, end) (hash: its FNV-1a), in code or a directive; returns its name id. */
  ident(start: number, end: number, hash: number): number;
  /** Each name id's word class (wordClass()), read once the file's identifiers are in. */
  tags(): Uint8Array;
  def(nameId: number, kind: K, line: number): void;
}

/** Tags and qualifiers that come between `struct` and its name, or around a declarator. */
const ATTRIBUTES = new Set(
  (
    '__attribute__ __attribute __packed __aligned __randomize_layout __no_randomize_layout ' +
    '__designated_init __may_alias __cacheline_aligned __cacheline_aligned_in_smp ' +
    '____cacheline_aligned ____cacheline_aligned_in_smp __mode __deprecated __printf __scanf ' +
    '__section __alloc_size __must_hold __acquires __releases __malloc __nonnull ' +
    '__assume_aligned __diagnose_as __counted_by __weak __visible __noreturn __cold __pure ' +
    '__user __iomem __rcu __percpu __force __bitwise __kernel __nocast __safe asm __asm__ ' +
    '__asm __must_check __always_unused __maybe_unused __used __init __exit __ref'
  ).split(' '),
);

/** Words that come before `(` without naming a function. */
const NOT_FUNCTIONS = new Set(
  (
    'if while for switch return sizeof typeof __typeof__ __typeof _Static_assert static_assert ' +
    '_Alignas _Alignof __alignof__ offsetof void char short int long unsigned signed float ' +
    'double _Bool bool const volatile __extension__ __builtin_offsetof struct union enum'
  ).split(' '),
);

/** Words that make up a type by themselves (`unsigned long`, `const char`). */
const BUILTIN_TYPES = new Set(
  'void char short int long unsigned signed float double _Bool const volatile restrict'.split(' '),
);

/** Storage and inline words: a statement with only these before its `NAME(` is a macro call. */
const STORAGE = new Set(
  'static extern inline __inline __inline__ __always_inline noinline __init __exit'.split(' '),
);

/** Word classes: bits 0-2 a keyword the scanner acts on, the others the sets above. */
const W = {
  Struct: 1,
  Union: 2,
  Enum: 3,
  Typedef: 4,
  Extern: 5,
  Const: 6,
  Keyword: 7,
  Attribute: 8,
  NotFunction: 16,
  BuiltinType: 32,
  Storage: 64,
} as const;

/** The words with a class, by hash (few enough that a collision is checked, not designed out). */
const CLASSED = new Map<number, { word: string; tag: number }[]>();
{
  const keywords = ['struct', 'union', 'enum', 'typedef', 'extern', 'const'];
  const tags = new Map<string, number>(keywords.map((w, i) => [w, i + 1]));
  const flag = (words: Set<string>, bit: number) =>
    words.forEach((w) => tags.set(w, (tags.get(w) ?? 0) | bit));
  flag(ATTRIBUTES, W.Attribute);
  flag(NOT_FUNCTIONS, W.NotFunction);
  flag(BUILTIN_TYPES, W.BuiltinType);
  flag(STORAGE, W.Storage);
  for (const [word, tag] of tags) {
    const h = hashOf(
      Uint8Array.from(word, (c) => c.charCodeAt(0)),
      0,
      word.length,
    );
    CLASSED.set(h, [...(CLASSED.get(h) ?? []), { word, tag }]);
  }
}

/** The class of the identifier bytes[start, end) with hash h: what the scanner needs of a word, without its string. */
export function wordClass(bytes: Uint8Array, start: number, end: number, h: number): number {
  const entries = CLASSED.get(h);
  if (!entries) return 0;
  for (const { word, tag } of entries) {
    if (word.length !== end - start) continue;
    let k = 0;
    while (k < word.length && word.charCodeAt(k) === bytes[start + k]) k++;
    if (k === word.length) return tag;
  }
  return 0;
}

interface Brace {
  ctx: 'record' | 'enum' | 'body' | 'init' | 'block';
  paren: number;
}

/** Reads one file's definitions into sink. */
export function scanDefinitions(bytes: Uint8Array, buf: TokenBuffer, sink: DefinitionSink): void {
  tokenize(bytes, buf, (start, end, line) => directive(bytes, start, end, line, sink));
  const n = buf.count;
  const { kind, start, end, line } = buf;
  const ids = buf.ids;
  const hash = buf.hash;
  for (let i = 0; i < n; i++)
    ids[i] = kind[i] === Tok.Ident ? sink.ident(start[i]!, end[i]!, hash[i]!) : -1;
  const tags = sink.tags();
  /** The word class of token i (0 for punctuation and the end). */
  const tag = (i: number) => (i >= 0 && i < n && ids[i]! >= 0 ? tags[ids[i]!]! : 0);
  const isAttribute = (i: number) => (tag(i) & W.Attribute) !== 0;
  const punct = (i: number) => (kind[i] === Tok.Punct && i < n ? bytes[start[i]!]! : 0);
  /** Index after a balanced group that opens at i with `open`. */
  const skipGroup = (i: number, open: number, close: number): number => {
    let d = 0;
    for (; i < n; i++) {
      const p = punct(i);
      if (p === open) d++;
      else if (p === close && --d === 0) return i + 1;
    }
    return n;
  };
  const stack: Brace[] = [];
  let paren = 0;
  let pending: Brace['ctx'] | undefined;
  let expectEnumerator = false;
  let statement = 0;
  let typedefAt = -1;
  /** Open `extern "C" {` braces, by token index. */
  const linkage: number[] = [];

  const declaredName = (from: number, to: number): number => {
    // A typedef's declarator: inside `(*name)`, before `name(`, else the last word.
    let last = -1;
    for (let i = from; i < to; i++) {
      const p = punct(i);
      if (p === 123) i = skipGroup(i, 123, 125) - 1;
      else if (p === 91) i = skipGroup(i, 91, 93) - 1;
      else if (p === 40) {
        if (isAttribute(i - 1)) {
          i = skipGroup(i, 40, 41) - 1;
          continue;
        }
        // `(*name)`, `(ACPI_SYSTEM_XFACE * name)`, `(name)(args)`: the name is inside;
        // `void name(args)` (a type and a name before the group): the group is the parameters.
        const close = skipGroup(i, 40, 41);
        let inner = -1;
        let star = false;
        let words = 0;
        for (let k = i + 1; k < close - 1; k++) {
          if (punct(k) === 40) break;
          if (punct(k) === 42) star = true;
          else if (ids[k]! >= 0 && !isAttribute(k) && (tag(k) & W.Keyword) !== W.Const) {
            inner = k;
            words++;
          }
        }
        if (punct(i + 1) === 42 || (!star && words === 1 && punct(close) === 40)) return inner;
        if (typeWordsBefore(from, i) >= 2) return last;
        return star ? inner : last;
      } else if (ids[i]! >= 0 && !isAttribute(i)) last = i;
    }
    return last;
  };

  /** How many words of a declaration come before i: keyword types count once, a tag with its keyword. */
  const typeWordsBefore = (from: number, to: number): number => {
    let count = 0;
    let builtin = false;
    for (let k = from; k < to; k++) {
      if (ids[k]! < 0) continue;
      const t = tag(k);
      const code = t & W.Keyword;
      if (code === W.Struct || code === W.Union || code === W.Enum) {
        count++;
        k++;
      } else if (t & W.BuiltinType) builtin = true;
      else if (!(t & W.Attribute)) count++;
    }
    return count + (builtin ? 1 : 0);
  };

  const typedefNames = (from: number, to: number): void => {
    let d = 0;
    let part = from;
    for (let i = from; i <= to; i++) {
      const p = i === to ? 44 : punct(i);
      if (p === 123 || p === 40 || p === 91) d++;
      else if (p === 125 || p === 41 || p === 93) d--;
      else if (p === 44 && d === 0) {
        const name = declaredName(part, i);
        if (name >= 0) sink.def(ids[name]!, K.Typedef, line[name]!);
        part = i + 1;
      }
    }
  };

  /** The function a top-level statement declares, as the token index of its name, or -1. */
  const functionName = (from: number, to: number): number => {
    let sawType = false;
    for (let i = from; i < to; i++) {
      const p = punct(i);
      if (p === 123) {
        i = skipGroup(i, 123, 125) - 1;
        sawType = true;
        continue;
      }
      if (p === 61) return -1;
      if (p === 40) {
        if (isAttribute(i - 1)) {
          i = skipGroup(i, 40, 41) - 1;
          continue;
        }
        return -1;
      }
      if (ids[i]! < 0) continue;
      const t = tag(i);
      if (punct(i + 1) === 40 && !(t & (W.NotFunction | W.Attribute))) {
        return sawType ? i : -1;
      }
      if (!(t & (W.Storage | W.Attribute))) sawType = true;
    }
    return -1;
  };

  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (id >= 0) {
      const code = tags[id]! & W.Keyword;
      if (code === W.Struct || code === W.Union || code === W.Enum) {
        // `struct __ec_align4 name {`: of the words before the brace, the last that is no attribute.
        let j = i + 1;
        let name = -1;
        while (j < n && ids[j]! >= 0) {
          if (!isAttribute(j)) name = j;
          j++;
          if (punct(j) === 40) j = skipGroup(j, 40, 41);
        }
        if (punct(j) === 123) {
          const k = code === W.Struct ? K.Struct : code === W.Union ? K.Union : K.Enum;
          if (name >= 0) sink.def(ids[name]!, k, line[name]!);
          pending = code === W.Enum ? 'enum' : 'record';
          i = j - 1;
        }
        expectEnumerator = false;
        continue;
      }
      if (expectEnumerator && stack[stack.length - 1]?.ctx === 'enum') {
        sink.def(id, K.Enumerator, line[i]!);
      } else if (code === W.Typedef && stack.length === 0) typedefAt = i;
      else if (code === W.Extern && punct(i + 1) === 123 && stack.length === 0) {
        // `extern "C" {` (the string is not a token): its braces do not nest declarations.
        linkage.push(i + 1);
        statement = i + 2;
      }
      expectEnumerator = false;
      continue;
    }
    const p = punct(i);
    if (p === 40) paren++;
    else if (p === 41) paren--;
    else if (p === 123) {
      if (linkage[linkage.length - 1] === i) continue;
      let ctx = pending;
      pending = undefined;
      if (!ctx) {
        const top = stack[stack.length - 1]?.ctx;
        if (top) ctx = top === 'body' || top === 'block' ? 'block' : 'init';
        else if (typedefAt >= 0) ctx = 'block';
        else {
          const f = functionName(statement, i);
          if (f >= 0) sink.def(ids[f]!, K.Function, line[f]!);
          ctx = f >= 0 ? 'body' : 'init';
        }
      }
      stack.push({ ctx, paren });
      expectEnumerator = ctx === 'enum';
    } else if (p === 125) {
      if (stack.length === 0 && linkage.length) {
        linkage.pop();
        statement = i + 1;
        continue;
      }
      const b = stack.pop();
      if (b) paren = b.paren;
      if (stack.length === 0 && b?.ctx === 'body') {
        statement = i + 1;
        typedefAt = -1;
      }
    } else if (p === 44) {
      const top = stack[stack.length - 1];
      if (top?.ctx === 'enum' && paren === top.paren) expectEnumerator = true;
    } else if (p === 59 && stack.length === 0) {
      if (typedefAt >= 0) typedefNames(typedefAt + 1, i);
      else {
        const f = functionName(statement, i);
        if (f >= 0) sink.def(ids[f]!, K.Prototype, line[f]!);
      }
      typedefAt = -1;
      statement = i + 1;
      paren = 0;
    }
  }
}

/** `#define NAME` or `#define NAME(`: the macro and its kind. */
function directive(
  bytes: Uint8Array,
  start: number,
  end: number,
  line: number,
  sink: DefinitionSink,
): void {
  let i = skipBlanks(bytes, start, end);
  if (startsWith(bytes, i, 'include')) return;
  if (!startsWith(bytes, i, 'define')) return identifiers(bytes, i, end, sink);
  i = skipBlanks(bytes, i + 6, end);
  let j = i;
  let h = 0x811c9dc5;
  for (; j < end && isIdentChar(bytes[j]!); j++) h = Math.imul(h ^ bytes[j]!, 0x01000193);
  if (j > i) sink.def(sink.ident(i, j, h), bytes[j] === 40 ? K.FunctionMacro : K.Macro, line);
  identifiers(bytes, j, end, sink);
}

/** The identifiers of a directive's text, for references (`#define current get_current()`). */
function identifiers(bytes: Uint8Array, i: number, end: number, sink: DefinitionSink): void {
  while (i < end) {
    const c = bytes[i]!;
    if (isIdentChar(c) && !(c >= 48 && c <= 57)) {
      // FNV-1a as the tokenizer computes it, so intern need not read the bytes twice.
      let h = Math.imul(0x811c9dc5 ^ c, 0x01000193);
      let j = i + 1;
      for (; j < end && isIdentChar(bytes[j]!); j++) h = Math.imul(h ^ bytes[j]!, 0x01000193);
      sink.ident(i, j, h);
      i = j;
    } else if (c >= 48 && c <= 57) {
      while (i < end && isIdentChar(bytes[i]!)) i++;
    } else i++;
  }
}

const skipBlanks = (b: Uint8Array, i: number, end: number) => {
  while (i < end && (b[i] === 32 || b[i] === 9)) i++;
  return i;
};

function startsWith(b: Uint8Array, i: number, s: string): boolean {
  for (let k = 0; k < s.length; k++) if (b[i + k] !== s.charCodeAt(k)) return false;
  return !isIdentChar(b[i + s.length] ?? 0);
}
