/**
 * A small C tokenizer for the viewer's highlighting: line by line, carrying
 * only "inside a block comment" from one line to the next. It does not parse
 * C; it colours what a reader scans for in a kernel header.
 */

export type TokenKind =
  | 'plain'
  | 'keyword'
  | 'type'
  | 'string'
  | 'char'
  | 'number'
  | 'comment'
  | 'preproc'
  | 'include'
  | 'macro';

export interface Token {
  kind: TokenKind;
  text: string;
}

/** An `#include` target: `<linux/kernel.h>` (system) or `"foo.h"` (local). */
export interface IncludeTarget {
  name: string;
  local: boolean;
}

const KEYWORDS = new Set(
  (
    'auto break case const continue default do else enum extern for goto if inline ' +
    'register restrict return sizeof static struct switch typedef typeof union volatile ' +
    'while asm __asm__ __attribute__ __inline__ __volatile__ __always_inline _Static_assert ' +
    '_Generic _Alignof _Alignas'
  ).split(' '),
);

const TYPES = new Set(
  (
    'void char short int long float double signed unsigned bool _Bool size_t ssize_t ' +
    'u8 u16 u32 u64 s8 s16 s32 s64 __u8 __u16 __u32 __u64 __s8 __s16 __s32 __s64 ' +
    '__le16 __le32 __le64 __be16 __be32 __be64 uint8_t uint16_t uint32_t uint64_t ' +
    'int8_t int16_t int32_t int64_t uintptr_t intptr_t loff_t gfp_t pid_t atomic_t'
  ).split(' '),
);

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /(?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+)[uUlLfF]*/y;
const INCLUDE = /^(\s*#\s*include\s*)(<[^>]*>|"[^"]*")(.*)$/;

/** The header an `#include` line names, or null if the line is not one. */
export function includeTarget(line: string): IncludeTarget | null {
  const m = INCLUDE.exec(line);
  if (!m) return null;
  const quoted = m[2];
  return { name: quoted.slice(1, -1), local: quoted.startsWith('"') };
}

/** Tokenizes a whole text; one token array per line. */
export function tokenizeC(text: string): Token[][] {
  const lines = text.split('\n');
  const out: Token[][] = [];
  let inComment = false;
  for (const line of lines) {
    const result = tokenizeLine(line, inComment);
    out.push(result.tokens);
    inComment = result.inComment;
  }
  return out;
}

/** Tokenizes one line, given whether a block comment is open at its start. */
export function tokenizeLine(
  line: string,
  inComment: boolean,
): { tokens: Token[]; inComment: boolean } {
  const tokens: Token[] = [];
  const push = (kind: TokenKind, text: string) => {
    if (!text) return;
    const last = tokens[tokens.length - 1];
    if (last && last.kind === kind) last.text += text;
    else tokens.push({ kind, text });
  };
  let i = 0;
  if (inComment) {
    const end = line.indexOf('*/');
    if (end < 0) return { tokens: line ? [{ kind: 'comment', text: line }] : [], inComment: true };
    push('comment', line.slice(0, end + 2));
    i = end + 2;
  }
  const include = i === 0 ? INCLUDE.exec(line) : null;
  if (include) {
    push('preproc', include[1]);
    push('include', include[2]);
    i = include[1].length + include[2].length;
  } else if (/^\s*#/.test(line.slice(i))) {
    const m = /^\s*#\s*[a-z_]+/.exec(line.slice(i));
    if (m) {
      push('preproc', m[0]);
      i += m[0].length;
    }
  }
  while (i < line.length) {
    const c = line[i];
    if (c === '/' && line[i + 1] === '/') {
      push('comment', line.slice(i));
      break;
    }
    if (c === '/' && line[i + 1] === '*') {
      const end = line.indexOf('*/', i + 2);
      if (end < 0) {
        push('comment', line.slice(i));
        return { tokens, inComment: true };
      }
      push('comment', line.slice(i, end + 2));
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < line.length && line[j] !== c) j += line[j] === '\\' ? 2 : 1;
      push(c === '"' ? 'string' : 'char', line.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      IDENT.lastIndex = i;
      const word = IDENT.exec(line)![0];
      push(classifyWord(word), word);
      i += word.length;
      continue;
    }
    if (/[0-9.]/.test(c)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(line);
      if (m && m[0] !== '.') {
        push('number', m[0]);
        i += m[0].length;
        continue;
      }
    }
    push('plain', c);
    i++;
  }
  return { tokens, inComment: false };
}

function classifyWord(word: string): TokenKind {
  if (KEYWORDS.has(word)) return 'keyword';
  if (TYPES.has(word) || word.endsWith('_t')) return 'type';
  // Kernel style: CONSTANTS_AND_MACROS in capitals.
  if (word.length > 1 && /^[A-Z_][A-Z0-9_]*$/.test(word)) return 'macro';
  return 'plain';
}
