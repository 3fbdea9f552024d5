// Errors in the wording just-bash's filesystems use (Node's: "ENOENT: no
// such file or directory, stat '/x'"), which its commands turn into the
// usual "No such file or directory" messages.

const TEXT = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'illegal operation on a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EINVAL: 'invalid argument',
  EINTR: 'interrupted system call',
} as const;

export type ViewErrorCode = keyof typeof TEXT;

export class ViewFsError extends Error {
  override name = 'ViewFsError';
  constructor(
    readonly code: ViewErrorCode,
    syscall: string,
    path: string,
  ) {
    super(`${code}: ${TEXT[code]}, ${syscall} '${path}'`);
  }
}
