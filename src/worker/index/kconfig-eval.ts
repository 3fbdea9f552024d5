/**
 * The value of a `#if` expression under one kernel's config, as the
 * preprocessor would compute it, or "unknown" where that depends on more
 * than the config: only CONFIG_ names (from include/generated/autoconf.h),
 * numbers, defined(), IS_ENABLED/IS_BUILTIN/IS_MODULE/IS_REACHABLE
 * (include/linux/kconfig.h) and C's operators are known. Any other name
 * (a macro of another header, __KERNEL__, a compiler's version) is unknown:
 * never a guess.
 */

/** CONFIG_ names to their autoconf.h values (`1` for y; `CONFIG_X_MODULE 1` for m). */
export type KernelConfigValues = Map<string, string>;

export function parseAutoconf(text: string): KernelConfigValues {
  const values: KernelConfigValues = new Map();
  for (const m of text.matchAll(/^#define\s+(CONFIG_\w+)[ \t]+(.*)$/gm))
    values.set(m[1]!, m[2]!.trim());
  return values;
}

export type Known = number | 'unknown';

export interface Evaluation {
  value: Known;
  /** The first name that made it unknown. */
  unknownName?: string;
}

type TokenKind = 'num' | 'name' | 'op' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  value?: number;
}

const OPS = [
  '&&',
  '||',
  '==',
  '!=',
  '<=',
  '>=',
  '<<',
  '>>',
  '!',
  '~',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '&',
  '|',
  '^',
  '(',
  ')',
  '?',
  ':',
  ',',
];

function lex(expr: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F]+|\d+)[uUlL]*/.exec(expr.slice(i));
    if (num) {
      const digits = num[1]!;
      const octal = /^0\d/.test(digits);
      out.push({ kind: 'num', text: num[0], value: octal ? parseInt(digits, 8) : Number(digits) });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_]\w*/.exec(expr.slice(i));
    if (name) {
      out.push({ kind: 'name', text: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => expr.startsWith(o, i));
    if (!op) return undefined;
    out.push({ kind: 'op', text: op });
    i += op.length;
  }
  out.push({ kind: 'end', text: '' });
  return out;
}

const BINARY: Record<string, [number, (a: number, b: number) => number]> = {
  '*': [10, (a, b) => a * b],
  '/': [10, (a, b) => (b ? Math.trunc(a / b) : NaN)],
  '%': [10, (a, b) => (b ? a % b : NaN)],
  '+': [9, (a, b) => a + b],
  '-': [9, (a, b) => a - b],
  '<<': [8, (a, b) => a << b],
  '>>': [8, (a, b) => a >> b],
  '<': [7, (a, b) => +(a < b)],
  '>': [7, (a, b) => +(a > b)],
  '<=': [7, (a, b) => +(a <= b)],
  '>=': [7, (a, b) => +(a >= b)],
  '==': [6, (a, b) => +(a === b)],
  '!=': [6, (a, b) => +(a !== b)],
  '&': [5, (a, b) => a & b],
  '^': [4, (a, b) => a ^ b],
  '|': [3, (a, b) => a | b],
  '&&': [2, (a, b) => +(a !== 0 && b !== 0)],
  '||': [1, (a, b) => +(a !== 0 || b !== 0)],
};

/** Evaluates a #if/#elif expression (the text after the directive word). */
export function evaluate(expr: string, config: KernelConfigValues): Evaluation {
  const tokens = lex(expr);
  if (!tokens) return { value: 'unknown', unknownName: expr.trim() };
  let pos = 0;
  let unknownName: string | undefined;
  const unknown = (name: string): Known => {
    unknownName ??= name;
    return 'unknown';
  };
  const peek = () => tokens[pos]!;
  const expect = (text: string) => {
    if (peek().text !== text) throw new SyntaxError(`expected ${text}`);
    pos++;
  };
  const configName = (): string => {
    const paren = peek().text === '(';
    if (paren) pos++;
    const t = tokens[pos++]!;
    if (t.kind !== 'name') throw new SyntaxError('expected a name');
    if (paren) expect(')');
    return t.text;
  };
  const isDefined = (name: string): Known =>
    name.startsWith('CONFIG_') ? +config.has(name) : unknown(name);
  const kconfig = (fn: string, name: string): Known => {
    if (!name.startsWith('CONFIG_')) return unknown(name);
    const builtin = config.get(name) === '1';
    const module = config.get(`${name}_MODULE`) === '1';
    if (fn === 'IS_BUILTIN') return +builtin;
    if (fn === 'IS_MODULE') return +module;
    if (fn === 'IS_ENABLED') return +(builtin || module);
    // IS_REACHABLE: built in, or a module seen from code built as a module (MODULE): that depends on who includes it.
    return builtin ? 1 : module ? unknown(`${fn}(${name}) in a module`) : 0;
  };

  const primary = (): Known => {
    const t = tokens[pos++]!;
    if (t.kind === 'num') return t.value!;
    if (t.kind === 'op' && t.text === '(') {
      const v = conditional();
      expect(')');
      return v;
    }
    if (t.kind === 'op' && (t.text === '!' || t.text === '~' || t.text === '-' || t.text === '+')) {
      const v = primary();
      if (v === 'unknown') return v;
      return t.text === '!' ? +(v === 0) : t.text === '~' ? ~v : t.text === '-' ? -v : v;
    }
    if (t.kind === 'name') {
      if (t.text === 'defined') return isDefined(configName());
      if (/^IS_(ENABLED|BUILTIN|MODULE|REACHABLE)$/.test(t.text) && peek().text === '(') {
        pos++;
        const name = tokens[pos++]!;
        expect(')');
        return kconfig(t.text, name.text);
      }
      if (peek().text === '(') return unknown(t.text);
      if (!t.text.startsWith('CONFIG_')) return unknown(t.text);
      const v = config.get(t.text);
      if (v === undefined) return 0;
      return /^(0[xX][0-9a-fA-F]+|\d+)$/.test(v) ? Number(v) : unknown(t.text);
    }
    throw new SyntaxError(`unexpected ${t.text || 'end'}`);
  };
  const binary = (minPrec: number): Known => {
    let left = primary();
    for (;;) {
      const op = BINARY[peek().text];
      if (!op || op[0] < minPrec || peek().kind !== 'op') return left;
      pos++;
      const right = binary(op[0] + 1);
      // `&&` with a false side and `||` with a true side are known even when the other side is not.
      const isTrue = (v: Known) => v !== 'unknown' && v !== 0;
      if (op === BINARY['&&'] && (left === 0 || right === 0)) left = 0;
      else if (op === BINARY['||'] && (isTrue(left) || isTrue(right))) left = 1;
      else left = left === 'unknown' || right === 'unknown' ? 'unknown' : op[1](left, right);
    }
  };
  const conditional = (): Known => {
    const c = binary(1);
    if (peek().text !== '?') return c;
    pos++;
    const a = conditional();
    expect(':');
    const b = conditional();
    if (c === 'unknown') return a === b ? a : 'unknown';
    return c !== 0 ? a : b;
  };
  try {
    const value = conditional();
    if (peek().kind !== 'end') throw new SyntaxError('trailing text');
    if (typeof value === 'number' && Number.isNaN(value))
      return { value: 'unknown', unknownName: expr.trim() };
    return unknownName && value === 'unknown' ? { value, unknownName } : { value };
  } catch {
    return { value: 'unknown', unknownName: expr.trim() };
  }
}
