/**
 * Where a header defines things: struct, union and enum tags with a body,
 * enum constants, typedef names, macros (object-like and function-like),
 * function bodies (static inline ones, in headers) and prototypes. Read
 * from tokens, not parsed: C in kernel headers is regular enough that a
 * few shapes find nearly all of what universal-ctags finds (the test
 * compares the two and lists every miss with its reason).
 */
import { Tok, tokenize, type TokenBuffer } from './c-tokens';
import { directive } from './c-directives';
import { K, type DefinitionSink } from './c-definition-kinds';
import { W } from './c-word-classes';

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
