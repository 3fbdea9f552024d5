/** xz(1)'s own words for our decoder's error kinds (xz-utils 5.4, src/xz/message.c). */
import { XzError } from '../xz/xz-error';

export function xzMessage(err: unknown): string {
  if (!(err instanceof XzError)) return err instanceof Error ? err.message : String(err);
  switch (err.kind) {
    case 'empty':
    case 'truncated':
      return 'Unexpected end of input';
    case 'not-xz':
    case 'legacy-lzma':
      return 'File format not recognized';
    case 'unsupported':
      return 'Unsupported options';
    case 'limit':
    case 'memory':
      return 'Memory usage limit reached';
    case 'corrupt':
    case 'check-mismatch':
      return 'Compressed data is corrupt';
  }
}
