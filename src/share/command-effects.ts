/**
 * Whether a command line only printed: then a link that rebuilds the
 * session can leave it out. Conservative on purpose: anything it does not
 * recognise (a redirect to a file, an assignment, a function, `sed -i`,
 * `find -delete`) counts as a change and is kept.
 */

/** Commands that read and print, and change no file or shell state. */
const PRINTERS = new Set([
  'basename',
  'cat',
  'cmp',
  'cut',
  'date',
  'df',
  'diff',
  'dirname',
  'dmesg',
  'du',
  'echo',
  'egrep',
  'false',
  'fgrep',
  'file',
  'free',
  'grep',
  'head',
  'help',
  'hexdump',
  'id',
  'ls',
  'lsmod',
  'md5sum',
  'modinfo',
  'nl',
  'od',
  'printenv',
  'printf',
  'pwd',
  'readlink',
  'realpath',
  'seq',
  'sha1sum',
  'sha256sum',
  'sort',
  'stat',
  'tail',
  'tr',
  'tree',
  'true',
  'type',
  'uname',
  'uniq',
  'wc',
  'which',
  'whoami',
  'xxd',
  'xzcat',
  'zcat',
  // Options decide these: checked below.
  'find',
  'sed',
]);

/**
 * Splits a line into simple commands (their words), honouring quotes; also
 * reports whether it writes through a redirect. Returns undefined for what
 * it cannot read (an unclosed quote), which callers keep.
 */
function simpleCommands(line: string): { commands: string[][]; writes: boolean } | undefined {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let writes = false;
  const endWord = () => {
    if (word) words.push(word);
    word = '';
  };
  /** The commands a `$(` interrupted, innermost last. */
  const outer: { words: string[]; word: string }[] = [];
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'" || c === '"') {
      const close = line.indexOf(c, i + 1);
      if (close < 0) return undefined;
      const inner = line.slice(i + 1, close);
      // A command substitution inside double quotes runs too.
      if (c === '"' && /\$\(|`/.test(inner)) {
        const nested = simpleCommands(inner.replace(/^[^$`]*(\$\(|`)/, ''));
        if (!nested) return undefined;
        commands.push(...nested.commands);
        writes ||= nested.writes;
      }
      word += inner || '""';
      i = close;
    } else if (c === '\\') {
      word += line[++i] ?? '';
    } else if (c === '>' || (c === '<' && line[i + 1] !== '(')) {
      // `2>`, `&>`: the fd before the arrow is part of the redirect, not a word.
      if (/^[0-9]*&?$/.test(word)) word = '';
      endWord();
      const m = /^[<>]+(&?)\s*([^\s|;&()<>]*)/.exec(line.slice(i))!;
      if (c === '>' && !(m[2] === '/dev/null' || (m[1] && /^[0-9]$/.test(m[2])))) writes = true;
      i += m[0].length - 1;
    } else if (c === '$' && line[i + 1] === '(') {
      // A substitution: its commands run too; the outer word goes on after it.
      outer.push({ words, word });
      words = [];
      word = '';
      i++;
    } else if (c === ')' && outer.length) {
      endCommand();
      ({ words, word } = outer.pop()!);
      word += '$()';
    } else if ('|;&()`{}\n'.includes(c)) {
      endCommand();
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else {
      word += c;
    }
  }
  endCommand();
  return { commands, writes };
}

/** A simple command that only prints (its options checked where they decide). */
function prints([name, ...args]: string[]): boolean {
  if (!PRINTERS.has(name)) return false;
  if (name === 'find') return !args.some((a) => /^-(delete|exec|execdir|ok|fprint)/.test(a));
  if (name === 'sed') return !args.some((a) => /^-[a-zA-Z]*i|^--in-place/.test(a));
  return true;
}

/** True when the line can only have printed (and so need not be replayed). */
export function onlyPrints(line: string): boolean {
  const parsed = simpleCommands(line);
  return !!parsed && !parsed.writes && parsed.commands.every(prints);
}

/**
 * A `cd` whose other parts only print (`cd /tmp/kheaders-$(uname -r)`):
 * the link carries the directory itself.
 */
export function isPlainCd(line: string): boolean {
  const parsed = simpleCommands(line);
  if (!parsed || parsed.writes) return false;
  const cds = parsed.commands.filter(([name]) => name === 'cd');
  return cds.length === 1 && parsed.commands.every((c) => c[0] === 'cd' || prints(c));
}

/** Quotes a path for the shell when it needs it. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
