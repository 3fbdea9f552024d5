/**
 * The machine's one table of errno codes, in both wordings people meet:
 * a filesystem error's message as just-bash's own filesystems word it
 * (Node's, "ENOENT: no such file or directory, stat '/x'"), which its
 * commands turn into messages, and strerror's ("No such file or directory")
 * for the messages our commands write themselves.
 */
const ERRNO = {
  ENOENT: ['no such file or directory', 'No such file or directory'],
  ENOTDIR: ['not a directory', 'Not a directory'],
  EISDIR: ['illegal operation on a directory', 'Is a directory'],
  EACCES: ['permission denied', 'Permission denied'],
  EPERM: ['operation not permitted', 'Operation not permitted'],
  EEXIST: ['file already exists', 'File exists'],
  EROFS: ['read-only file system', 'Read-only file system'],
  ENOSPC: ['no space left on device', 'No space left on device'],
  EINTR: ['interrupted system call', 'Interrupted system call'],
  EINVAL: ['invalid argument', 'Invalid argument'],
  ENOTEMPTY: ['directory not empty', 'Directory not empty'],
  ELOOP: ['too many levels of symbolic links', 'Too many levels of symbolic links'],
} as const;

export type ErrnoCode = keyof typeof ERRNO;

export class FsError extends Error {
  override name = 'FsError';

  constructor(
    readonly code: ErrnoCode,
    readonly syscall: string,
    readonly path: string,
    /** Said between the code's text and the syscall, e.g. why a link was refused. */
    detail?: string,
  ) {
    super(`${code}: ${ERRNO[code][0]}${detail ? ` (${detail})` : ''}, ${syscall} '${path}'`);
  }
}

const isCode = (code: string | undefined): code is ErrnoCode =>
  code !== undefined && Object.hasOwn(ERRNO, code);

/** "No such file or directory" and friends from an fs error's code (its message otherwise). */
export function errnoText(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const code = /^(E[A-Z]+)/.exec(msg)?.[1];
  return isCode(code) ? ERRNO[code][1] : msg;
}
