/**
 * The machine's one table of errno codes, in both wordings people meet:
 * a filesystem error's message as just-bash's own filesystems word it
 * (Node's, "ENOENT: no such file or directory, stat '/x'"), which its
 * commands turn into messages, and strerror's ("No such file or directory")
 * for the messages our commands write themselves.
 */
import { formatBytes } from '../../common/byte-size';

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
  EIO: ['input/output error', 'Input/output error'],
  // Only just-bash raises these (a mount point, a link across mounts, a call it lacks).
  EBUSY: ['resource busy or locked', 'Device or resource busy'],
  EXDEV: ['cross-device link not permitted', 'Invalid cross-device link'],
  ENOSYS: ['function not implemented', 'Function not implemented'],
} as const;

export type ErrnoCode = keyof typeof ERRNO;

/** A size a write would have passed, by its name in the limits table ("tmpfs.bytes"). */
export interface SizeLimit {
  name: string;
  bytes: number;
}

/** A limit as the limits table says it: "tmpfs.bytes = 96.0 MiB". */
export const limitText = (limit: SizeLimit): string =>
  `${limit.name} = ${formatBytes(limit.bytes)}`;

/** What an FsError says besides its code, call and path. */
export interface FsErrorNotes {
  /** Said between the code's text and the syscall, e.g. why a link was refused. */
  detail?: string;
  /** The limit that left no space (ENOSPC); said as the detail ("tmpfs.bytes = 96.0 MiB"). */
  limit?: SizeLimit;
  /** Words after the code instead of the table's: just-bash's own, which its commands print as they are. */
  words?: string;
}

export class FsError extends Error {
  override name = 'FsError';
  readonly limit?: SizeLimit;
  private readonly notes: FsErrorNotes;

  constructor(
    readonly code: ErrnoCode,
    /** The call that failed ('open', 'scandir'); empty when the message names none. */
    readonly syscall: string,
    /** The path as the call named it; undefined when the message names none. */
    readonly path: string | undefined,
    notes: string | FsErrorNotes = {},
  ) {
    const n = typeof notes === 'string' ? { detail: notes } : notes;
    const detail = n.detail ?? (n.limit && limitText(n.limit));
    const words = n.words ?? `${ERRNO[code][0]}${detail ? ` (${detail})` : ''}`;
    const call = `${syscall ? `, ${syscall}` : ''}${path === undefined ? '' : ` '${path}'`}`;
    super(`${code}: ${words}${call}`);
    this.limit = n.limit;
    this.notes = n;
  }

  /** The same error at another path: a mount names paths inside itself, the shell the machine's. */
  at(path: string): FsError {
    return new FsError(this.code, this.syscall, path, this.notes);
  }
}

const isCode = (code: string | undefined): code is ErrnoCode =>
  code !== undefined && Object.hasOwn(ERRNO, code);

/** The error is a filesystem error with this code. */
export const isErrno = (err: unknown, code: ErrnoCode): err is FsError =>
  err instanceof FsError && err.code === code;

/** "No such file or directory" and friends from an fs error's code (any other error's message). */
export function errnoText(err: unknown): string {
  if (err instanceof FsError) return ERRNO[err.code][1];
  return err instanceof Error ? err.message : String(err);
}

/** just-bash's wording of an error with a call and a path: "ENOENT: <words>, stat '/x'". */
const CALL_AND_PATH = /^(E[A-Z]+): (.*), ([a-z][\w ]*) '([^']*)'$/s;
/** Any other wording it has: "EXDEV: cross-device link not permitted, link '/a' -> '/b'". */
const CODE_FIRST = /^(E[A-Z]+): (.*)$/s;
/** InMemoryFs's full disk: "ENOSPC: in-memory filesystem byte limit exceeded (N bytes)". */
const BYTE_LIMIT = /\((\d+) bytes\)/;

/**
 * just-bash's filesystems throw plain Errors whose only code is the start
 * of their message (Node's wording, without Node's `code`), so this is the
 * one place that reads an error's words: where its filesystem's errors
 * enter our code (guarded-fs.ts), each becomes an FsError that says just
 * what it said. Its full disk names neither call nor path: it becomes our
 * ENOSPC on `path`, naming the limit as the limits table does (every
 * InMemoryFs with a limit on the machine is a TmpFs). Anything else is
 * returned as it is.
 */
export function fromLibraryError(err: unknown, path: string): unknown {
  if (err instanceof FsError || !(err instanceof Error)) return err;
  /* eslint-disable kh/error-words -- the boundary above: just-bash's words are all it gives */
  const said = CALL_AND_PATH.exec(err.message) ?? CODE_FIRST.exec(err.message);
  const bytes = BYTE_LIMIT.exec(err.message)?.[1];
  /* eslint-enable kh/error-words */
  const code = said?.[1];
  if (!said || !isCode(code)) return err;
  if (code === 'ENOSPC') {
    const limit = bytes === undefined ? undefined : { name: 'tmpfs.bytes', bytes: Number(bytes) };
    return new FsError('ENOSPC', 'write', path, { limit });
  }
  const [, , words, syscall, where] = said;
  return new FsError(code, syscall ?? '', where, { words });
}
