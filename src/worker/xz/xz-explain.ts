/**
 * Turns xz-embedded's return codes into XzErrors a person can act on,
 * naming the byte offset and, where the bytes tell, the reason.
 */
import { formatBytes } from '../../common/byte-size';
import { describeFormat, hasMagic, sniffFormat, XZ_MAGIC } from '../../common/file-format';
import {
  blockHeaderEndingAt,
  describeUnsupported,
  looksLikeLegacyLzma,
  STREAM_HEADER_SIZE,
} from './xz-format';
import { XzError } from './xz-error';
import { XzRet } from './xz-wasm';

/** Enough bytes to tell xz from other data before decoding (an LZMA_Alone header is 13). */
export const START_BYTES = 13;

/** Errors that can be told from the first bytes alone, before decoding. */
export function checkStart(head: Uint8Array, totalSize: number): void {
  if (totalSize === 0 || !hasMagic(head, 'xz')) throw whyNotXz(head, totalSize);
}

/** Why input without the xz magic is not xz: empty, cut short, legacy .lzma, or another format. */
export function whyNotXz(head: Uint8Array, totalSize: number): XzError {
  if (totalSize === 0) return new XzError('empty', 'empty input: there are no bytes to decode', 0);
  const short = totalSize < XZ_MAGIC.length && head.length < XZ_MAGIC.length;
  if (short && head.every((b, i) => b === XZ_MAGIC[i])) {
    return new XzError(
      'truncated',
      `truncated xz data: the input ends at byte ${totalSize}, inside the stream header`,
      totalSize,
    );
  }
  if (looksLikeLegacyLzma(head)) {
    return new XzError(
      'legacy-lzma',
      'this is legacy .lzma (LZMA_Alone) data, not .xz: the kernel xz decoder reads only .xz; ' +
        'convert it with `xz -dc file.lzma | xz > file.xz`',
      0,
    );
  }
  const other = sniffFormat(head);
  const seen = other && describeFormat(other);
  return new XzError(
    'not-xz',
    `not xz data: ${seen ? `the input looks like ${seen}` : 'the xz magic bytes FD 37 7A 58 5A 00 are missing'} at byte offset 0`,
    0,
  );
}

/** A block whose LZMA2 dictionary is larger than the limit allows. */
export function dictOverLimit(
  blockOffset: number,
  dictBytes: number,
  maxDictBytes: number,
): XzError {
  return new XzError(
    'limit',
    `the block at byte offset ${blockOffset} needs a dictionary of ${formatBytes(dictBytes)}, over the limit of ${formatBytes(maxDictBytes)}`,
    blockOffset,
  );
}

/** Output past the limit while decoding: the index said less, or there was none to ask. */
/** The input ended inside a stream. */
export function truncatedIn(total: number, stream: number, streamOffset: number): XzError {
  return new XzError(
    'truncated',
    `truncated xz data: the input ends at byte ${total}, inside stream ${stream} (which starts at byte offset ${streamOffset})`,
    total,
  );
}

/** Stream padding (between streams, or at the end) that is not whole 4-byte words. */
export function badPadding(where: string, padding: number, offset: number): XzError {
  return new XzError(
    'corrupt',
    `stream padding ${where} is ${padding} bytes, not a multiple of four`,
    offset,
  );
}

/** More compressed input than the tab takes. */
export function inputOverLimit(maxInputBytes: number, at: number): XzError {
  return new XzError(
    'limit',
    `the input is larger than the limit of ${formatBytes(maxInputBytes)}`,
    at,
  );
}

/** The decoder neither read nor wrote: the data cannot go on. */
export function decoderStuck(at: number): XzError {
  return new XzError('corrupt', `corrupt xz data: the decoder stops at byte offset ${at}`, at);
}

export function outputOverLimit(inputOffset: number, maxOutputBytes: number): XzError {
  return new XzError(
    'limit',
    `the data expands past xz.maxOutputBytes = ${formatBytes(maxOutputBytes)} ` +
      `by input byte offset ${inputOffset}: an xz bomb, or an archive bigger than this tab ` +
      `decodes. There is no way past the limit here: decode it elsewhere (xz -dc) and open a part`,
    inputOffset,
  );
}

export interface ErrorContext {
  /** Offset in the whole input where the decoder stopped. */
  offset: number;
  /** Start of the stream being decoded. */
  streamOffset: number;
  streamNumber: number;
  /** The compressed bytes read so far (for explaining header errors). */
  input: (offset: number, size: number) => Uint8Array;
  maxDictBytes: number;
}

/** The error for a failed xz_dec_run() call. */
export function explainRet(ret: XzRet, ctx: ErrorContext): XzError {
  const where = `at byte offset ${ctx.offset} (stream ${ctx.streamNumber})`;
  const blockHeader = () => {
    const from = Math.max(ctx.streamOffset, ctx.offset - 1024);
    const bytes = ctx.input(from, ctx.offset - from);
    return blockHeaderEndingAt(bytes, bytes.length);
  };
  switch (ret) {
    case XzRet.FormatError:
      return new XzError('not-xz', `not xz data: no xz stream header ${where}`, ctx.offset);
    case XzRet.OptionsError: {
      if (ctx.offset <= ctx.streamOffset + STREAM_HEADER_SIZE) {
        return new XzError(
          'unsupported',
          `unsupported stream flags in the stream header ${where}`,
          ctx.offset,
        );
      }
      const why = describeUnsupported(blockHeader(), ctx.maxDictBytes);
      return new XzError('unsupported', `unsupported xz data ${where}: it uses ${why}`, ctx.offset);
    }
    case XzRet.MemlimitError: {
      const dict = blockHeader()?.dictBytes;
      const size =
        dict === undefined ? 'a larger dictionary' : `a dictionary of ${formatBytes(dict)}`;
      return new XzError(
        'limit',
        `the block ${where} needs ${size}, over the dictionary limit of ${formatBytes(ctx.maxDictBytes)}`,
        ctx.offset,
      );
    }
    case XzRet.MemError:
      return new XzError(
        'memory',
        `out of memory while allocating the dictionary ${where}`,
        ctx.offset,
      );
    case XzRet.DataError:
      return new XzError('corrupt', `corrupt xz data ${where}`, ctx.offset);
    case XzRet.BufError:
      return new XzError(
        'corrupt',
        `the decoder cannot make progress ${where}: the data is corrupt or truncated`,
        ctx.offset,
      );
    default:
      return new XzError('corrupt', `unexpected decoder result ${ret} ${where}`, ctx.offset);
  }
}
