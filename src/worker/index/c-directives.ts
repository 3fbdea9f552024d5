/**
 * A preprocessor line as the definition scanner reads it: `#define NAME`
 * or `#define NAME(` defines a macro of that kind; every other directive's
 * identifiers count as references (`#if defined(CONFIG_X)`).
 */
import { isIdentChar } from './c-tokens';
import { K, type DefinitionSink } from './c-definition-kinds';

/** `#define NAME` or `#define NAME(`: the macro and its kind. */
export function directive(
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
