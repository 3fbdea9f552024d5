/**
 * Colours for `ls`, added by the terminal (the shell writes plain text, as
 * a real ls does when its output is not a tty). Directory blue, symlink
 * cyan, executable green, compressed archives red: the dircolors defaults.
 */
import type { DirEntry } from '../../shared/worker-api';

const BLUE = '\x1b[1;34m';
const CYAN = '\x1b[1;36m';
const GREEN = '\x1b[1;32m';
const RED = '\x1b[1;31m';
const RESET = '\x1b[0m';
const ARCHIVE = /\.(xz|gz|tgz|txz|tar|bz2|zst|zip)$/;

/** True for a plain `ls` the terminal may colour: no pipes, redirects or lists. */
export function isColourableLs(line: string): boolean {
  return /^\s*ls(\s|$)/.test(line) && !/[|;&<>`$()]/.test(line);
}

/** The paths an `ls` line lists (its operands), or ['.'] when none. */
export function lsOperands(line: string): string[] {
  const args = line.trim().split(/\s+/).slice(1);
  const paths = args.filter((a) => !a.startsWith('-'));
  return paths.length ? paths : ['.'];
}

function colourFor(kind: DirEntry['kind'] | undefined, name: string, mode = 0): string {
  if (kind === 'directory') return BLUE;
  if (kind === 'symlink') return CYAN;
  if (ARCHIVE.test(name)) return RED;
  if (mode & 0o111) return GREEN;
  return '';
}

/**
 * Colours ls output. Long listings (`-l`) are coloured from their mode
 * column; short ones from the entries the terminal looked up beforehand.
 */
export function colourLs(output: string, entries: ReadonlyMap<string, DirEntry>): string {
  return output
    .split('\n')
    .map((line) => {
      const long = /^([dlcbps-])([rwxsStT-]{9})\S*\s+.*?\s(\S+)((?: -> .*)?)$/.exec(line);
      if (long) {
        const [, type, perms, name, link] = long;
        const kind = type === 'd' ? 'directory' : type === 'l' ? 'symlink' : 'file';
        const colour = colourFor(kind, name, perms.includes('x') ? 0o100 : 0);
        if (!colour) return line;
        const at = line.length - link.length - name.length;
        return line.slice(0, at) + colour + name + RESET + link;
      }
      return line.replace(/\S+/g, (word) => {
        const bare = word.replace(/\/$/, '');
        const entry = entries.get(bare);
        const colour = word.endsWith('/') ? BLUE : colourFor(entry?.kind, bare, entry?.mode);
        return colour ? colour + word + RESET : word;
      });
    })
    .join('\n');
}
