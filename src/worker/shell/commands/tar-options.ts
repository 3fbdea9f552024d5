/** GNU tar's command line, the parts people use: modes, -f, -C, -v, -J/-z, old-style bundles. */

export interface TarOptions {
  mode?: 'x' | 't' | 'c' | 'r' | 'u' | 'd' | 'A';
  file?: string;
  dir?: string;
  verbose: number;
  compress?: 'xz' | 'gzip' | 'bzip2' | 'auto';
  toStdout: boolean;
  /** -m: members keep the time of extraction, not the archive's mtimes. */
  touch: boolean;
  strip: number;
  members: string[];
}

const LONG: Record<string, string> = {
  '--extract': 'x',
  '--get': 'x',
  '--list': 't',
  '--create': 'c',
  '--append': 'r',
  '--update': 'u',
  '--diff': 'd',
  '--verbose': 'v',
  '--xz': 'J',
  '--gzip': 'z',
  '--gunzip': 'z',
  '--bzip2': 'j',
  '--auto-compress': 'a',
  '--to-stdout': 'O',
  '--no-same-owner': 'o',
  '--preserve-permissions': 'p',
  '--same-permissions': 'p',
  '--touch': 'm',
  '--keep-old-files': 'k',
};
const IGNORED_LONG =
  /^--(numeric-owner|no-same-permissions|overwrite|warning=.*|sort=.*|owner=.*|group=.*|mode=.*|mtime=.*|delay-directory-restore|no-overwrite-dir)$/;

export class TarUsageError extends Error {}

const usage = (what: string): TarUsageError =>
  new TarUsageError(`tar: ${what}\nTry 'tar --help' or 'tar --usage' for more information.\n`);

export function parseTarArgs(argv: string[]): TarOptions {
  const o: TarOptions = { verbose: 0, toStdout: false, touch: false, strip: 0, members: [] };
  const args = [...argv];
  // Old style: the first word's letters are options, their arguments follow in order.
  if (args[0] && !args[0].startsWith('-')) args[0] = `-${args[0]}`;
  const setMode = (m: TarOptions['mode']): void => {
    if (o.mode && o.mode !== m)
      throw usage(
        "You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option",
      );
    o.mode = m;
  };
  const flag = (f: string, value: () => string): void => {
    if ('xtcrudA'.includes(f)) setMode(f as TarOptions['mode']);
    else if (f === 'f') o.file = value();
    else if (f === 'C') o.dir = value();
    else if (f === 'v') o.verbose++;
    else if (f === 'J') o.compress = 'xz';
    else if (f === 'z') o.compress = 'gzip';
    else if (f === 'j') o.compress = 'bzip2';
    else if (f === 'a') o.compress = 'auto';
    else if (f === 'O') o.toStdout = true;
    else if (f === 'm') o.touch = true;
    else if (!'opkPs'.includes(f)) throw usage(`invalid option -- '${f}'`);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = (): string => {
      const v = args[++i];
      if (v === undefined) throw usage(`option requires an argument -- '${a.slice(-1)}'`);
      return v;
    };
    if (a === '--') {
      o.members.push(...args.slice(i + 1));
      break;
    } else if (a.startsWith('--')) {
      const [name, val] = a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
      if (name === '--file') o.file = val ?? next();
      else if (name === '--directory') o.dir = val ?? next();
      else if (name === '--strip-components') o.strip = Number(val ?? next()) || 0;
      else if (LONG[name]) flag(LONG[name]!, next);
      else if (!IGNORED_LONG.test(a)) throw usage(`unrecognized option '${a}'`);
    } else if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const f = a[k]!;
        if ((f === 'f' || f === 'C') && k < a.length - 1) {
          flag(f, () => a.slice(k + 1));
          break;
        }
        flag(f, next);
      }
    } else o.members.push(a);
  }
  if (!o.mode)
    throw usage("You must specify one of the '-Acdtrux', '--delete' or '--test-label' options");
  return o;
}
