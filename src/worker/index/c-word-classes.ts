/**
 * What the definition scanner knows of C's words: the keywords it acts on
 * and the classes of words around a declarator (attributes, words that are
 * not function names, builtin types, storage words), looked up by the
 * identifier's hash so the scanner never makes a word's string.
 */
import { hashOf } from './name-table';

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
export const W = {
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
