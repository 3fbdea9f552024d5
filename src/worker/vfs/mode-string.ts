/** The type letters `ls -l`, `stat -c %A` and `tar -tv` put before the permissions. */
export type TypeLetter = '-' | 'd' | 'l' | 'c' | 'b' | 'p';

/**
 * `drwxrwxrwt`: a type letter and the nine permission bits, as coreutils'
 * filemode.c draws them: setuid and setgid as s/S over the owner's and the
 * group's x, the sticky bit as t/T over the others' x.
 */
export function modeString(type: TypeLetter, mode: number): string {
  const bits = 'rwxrwxrwx'.replace(/./g, (c, i: number) => (mode & (1 << (8 - i)) ? c : '-'));
  const special = (s: string, at: number, flag: number, letter: string): string =>
    mode & flag
      ? s.slice(0, at) + (s[at] === 'x' ? letter : letter.toUpperCase()) + s.slice(at + 1)
      : s;
  return type + special(special(special(bits, 2, 0o4000, 's'), 5, 0o2000, 's'), 8, 0o1000, 't');
}
