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
    } else if ('|;&()`{}\n'.includes(c) || (c === '$' && line[i + 1] === '(')) {
      if (c === '$') i++;
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

/** True when the line can only have printed (and so need not be replayed). */
export function onlyPrints(line: string): boolean {
  const parsed = simpleCommands(line);
  if (!parsed || parsed.writes) return false;
  return parsed.commands.every(([name, ...args]) => {
    if (!PRINTERS.has(name) || name.includes('=')) return false;
    if (name === 'find') return !args.some((a) => /^-(delete|exec|execdir|ok|fprint)/.test(a));
    if (name === 'sed') return !args.some((a) => /^-[a-zA-Z]*i|^--in-place/.test(a));
    return true;
  });
}

/** A bare `cd DIR` (or `cd`): the link carries directories itself. */
export function isPlainCd(line: string): boolean {
  const parsed = simpleCommands(line);
  return (
    !!parsed && !parsed.writes && parsed.commands.length === 1 && parsed.commands[0][0] === 'cd'
  );
}

/** Quotes a path for the shell when it needs it. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
