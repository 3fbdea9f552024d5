/** The type letters `ls -l`, `stat -c %A` and `tar -tv` put before the permissions. */
export type TypeLetter = '-' | 'd' | 'l' | 'c' | 'b' | 'p';

/** `drwxr-xr-x`: a type letter and the nine permission bits, as coreutils' filemode.c draws them. */
export function modeString(type: TypeLetter, mode: number): string {
  return type + 'rwxrwxrwx'.replace(/./g, (c, i: number) => (mode & (1 << (8 - i)) ? c : '-'));
}
