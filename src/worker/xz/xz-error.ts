/** What went wrong, in words a person can act on, and where in the input. */
export type XzErrorKind =
  | 'empty'
  | 'not-xz'
  | 'legacy-lzma'
  | 'truncated'
  | 'corrupt'
  | 'check-mismatch'
  | 'unsupported'
  | 'limit'
  | 'memory';

export class XzError extends Error {
  override name = 'XzError';

  constructor(
    readonly kind: XzErrorKind,
    message: string,
    /** Byte offset in the compressed input the error points at, when known. */
    readonly offset?: number,
  ) {
    super(message);
  }
}
