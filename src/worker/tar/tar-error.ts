/** What went wrong, for code that reacts to a kind of failure rather than to its text. */
export type TarErrorKind =
  'checksum' | 'truncated' | 'bad-field' | 'limit' | 'unsupported' | 'bad-pax';

/**
 * A malformed or hostile archive. The message names what, which entry (when
 * known) and the byte offset in the decompressed tar, e.g.
 * `tar: header checksum mismatch in entry 'a.h' at byte 1536 (stored 01234, computed 01240)`.
 */
export class TarError extends Error {
  override name = 'TarError';

  constructor(
    readonly kind: TarErrorKind,
    what: string,
    /** Byte offset in the decompressed tar where the problem sits. */
    readonly offset: number,
    /** The member's name as the archive spells it, when it could be read. */
    readonly entryName?: string,
    detail?: string,
  ) {
    const where = entryName === undefined ? '' : ` in entry '${entryName}'`;
    super(`tar: ${what}${where} at byte ${offset}${detail ? ` (${detail})` : ''}`);
  }
}
