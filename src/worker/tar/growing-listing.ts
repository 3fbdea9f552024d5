/**
 * The listing of an archive that is still decoding: fed the output that is
 * final so far after every chunk or decode step, it indexes the complete
 * members, so the first entries show before the last byte is in and the
 * mount's index is done when the decoder is. Data that turns out not to be
 * a tar (a bare config.gz) keeps the index's TarError, as
 * indexTarUntilError would.
 */
import { TarError } from './tar-error';
import { TarIndex } from './tar-index';

export class GrowingListing {
  /** Undefined after an error that is not the archive's (the caller indexes again). */
  private index: TarIndex | undefined = new TarIndex();

  /** Members complete so far. */
  get entries(): number {
    return this.index?.entries.length ?? 0;
  }

  feed(decoded: Uint8Array): void {
    if (!this.index || this.index.error) return;
    this.guard(() => this.index!.feed(decoded));
  }

  /**
   * The index of the whole archive: what was fed, finished over `bytes`
   * (the same archive, perhaps a new view of it), with the members up to a
   * TarError and that error, exactly as indexTarUntilError(bytes) gives it.
   * Undefined if the listing gave up, for the caller to index again.
   */
  complete(bytes: Uint8Array): TarIndex | undefined {
    const index = this.index;
    if (!index || index.error) return index;
    this.guard(() => {
      index.feed(bytes);
      index.finish();
    });
    return this.index;
  }

  private guard(step: () => void): void {
    try {
      step();
    } catch (err) {
      if (!(err instanceof TarError)) this.index = undefined;
    }
  }
}
