/**
 * The listing of an archive that is still arriving: fed the decoded bytes
 * so far after every chunk, it counts the complete members, so the first
 * entries show before the last byte is in. Data that turns out not to be a
 * tar (a bare config.gz) just stops being listed. The machine indexes the
 * final bytes for the mount itself.
 */
import { TarIndex } from './tar-index';

export class GrowingListing {
  private index: TarIndex | undefined = new TarIndex();

  /** Members complete so far (0 once the data is known not to be a tar). */
  get entries(): number {
    return this.index?.entries.length ?? 0;
  }

  feed(decoded: Uint8Array): void {
    if (!this.index) return;
    try {
      this.index.feed(decoded);
    } catch {
      this.index = undefined;
    }
  }
}
