// Errors in the shape just-bash's own filesystems throw (Node's wording:
// "ENOENT: no such file or directory, stat '/x'"), with the code attached.

export type FsErrorCode = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EINVAL' | 'ELOOP' | 'EEXIST' | 'EROFS';

const TEXT: Record<FsErrorCode, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'illegal operation on a directory',
  EINVAL: 'invalid argument',
  ELOOP: 'too many levels of symbolic links',
  EEXIST: 'file already exists',
  EROFS: 'read-only file system',
};

export class FsError extends Error {
  override name = 'FsError';

  constructor(
    readonly code: FsErrorCode,
    readonly syscall: string,
    readonly path: string,
    /** Said between the code's text and the syscall, e.g. why a link was refused. */
    detail?: string,
  ) {
    super(`${code}: ${TEXT[code]}${detail ? ` (${detail})` : ''}, ${syscall} '${path}'`);
  }
}
