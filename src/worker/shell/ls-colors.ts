/**
 * `ls` colours on a terminal. GNU ls --color=auto colours only when its
 * stdout is a tty, with dircolors' defaults: directories bold blue, symlinks
 * bold cyan, executables bold green, archives bold red (`dircolors -p`).
 */
import type { FsStat } from 'just-bash';

const RESET = '\x1b[0m';
const ARCHIVE = /\.(xz|gz|tgz|txz|tar|bz2|zst|zip)$/;

/** The SGR sequence for a name of this kind, '' when dircolors leaves it plain. */
function colourOf(st: Pick<FsStat, 'isDirectory' | 'isSymbolicLink' | 'mode'>, name: string) {
  if (st.isDirectory) return '\x1b[1;34m';
  if (st.isSymbolicLink) return '\x1b[1;36m';
  if (ARCHIVE.test(name)) return '\x1b[1;31m';
  if (st.mode & 0o111) return '\x1b[1;32m';
  return '';
}

/** A name as ls shows it on a terminal. */
export function paintName(
  name: string,
  st: Pick<FsStat, 'isDirectory' | 'isSymbolicLink' | 'mode'>,
): string {
  const colour = colourOf(st, name);
  return colour ? colour + name + RESET : name;
}

/**
 * Colours a short listing (one name a line, `dir:` headers between
 * directories) by what each name is. `lstat` answers for a listed path,
 * relative to the directory being listed; undefined leaves the name plain.
 */
export async function paintListing(
  listing: string,
  firstDir: string,
  lstat: (path: string) => Promise<FsStat | undefined>,
): Promise<string> {
  let dir = firstDir;
  const out: string[] = [];
  const lines = listing.split('\n');
  for (const [i, line] of lines.entries()) {
    // A header names the next directory: after a blank line, or first of all.
    const header = /^(.+):$/.exec(line);
    if (header && (i === 0 || lines[i - 1] === '')) {
      dir = header[1]!;
      out.push(line);
      continue;
    }
    const st = line ? await lstat(dir ? `${dir}/${line}` : line) : undefined;
    out.push(st ? paintName(line, st) : line);
  }
  return out.join('\n');
}
