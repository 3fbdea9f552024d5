/**
 * `xz --list` as xz 5.4 prints it (src/xz/list.c): the one-line table,
 * -v's per-file report with its Streams and Blocks tables, -vv's block
 * details (check value, header size, flags, filters, memory). Read from
 * the stream index and block headers only, as xz does: nothing is decoded.
 */
import { hasMagic } from '../../common/file-format';
import { checkName, checkSize, locateStreams, parseBlockHeader } from '../xz/xz-format';

/** xz's uint64_to_nicestr: KiB and up with one decimal. */
function nice(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let i = 0;
  while (i < units.length - 1 && v > 9999.9) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** -v's sizes: `3916.5 KiB (4010540 B)`, or only bytes below 1 KiB. */
const niceWithBytes = (n: number): string => (n < 1024 ? `${n} B` : `${nice(n)} (${n} B)`);

const ratio = (inBytes: number, outBytes: number): string =>
  outBytes === 0 ? '---' : Math.min(9.999, inBytes / outBytes).toFixed(3);

/** Why xz 5.4 refuses to list a file (list.c, then lzma_file_info_decoder's codes). */
export function xzListError(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'File is empty';
  if (bytes.length < 24) return 'Too small to be a valid .xz file';
  if (!hasMagic(bytes, 'xz')) return 'File format not recognized';
  try {
    locateStreams(bytes);
    return undefined;
  } catch {
    // A good Stream Header with anything wrong after it is damage, not another format.
    return 'Compressed data is corrupt';
  }
}

export function xzListTable(bytes: Uint8Array, name: string): string {
  const streams = locateStreams(bytes);
  const blocks = streams.reduce((n, s) => n + s.blocks.length, 0);
  const out = streams.reduce((n, s) => n + s.uncompressedSize, 0);
  const checks = [...new Set(streams.map((s) => checkName(s.checkId)))].join(',');
  const row = [
    String(streams.length).padStart(5),
    ` ${String(blocks).padStart(7)}`,
    `  ${nice(bytes.length).padStart(11)}`,
    `  ${nice(out).padStart(11)}`,
    `  ${ratio(bytes.length, out).padStart(5)}`,
    `  ${checks.padEnd(7)}`,
    ` ${name}`,
  ].join('');
  return `Strms  Blocks   Compressed Uncompressed  Ratio  Check   Filename\n${row}\n`;
}

/** xz's option spelling of a filter chain (`--x86 --lzma2=dict=8MiB`). */
function filterText(filters: { id: number; props: Uint8Array }[], dict?: number): string {
  const size = (n: number): string =>
    n % (1 << 20) === 0 ? `${n >> 20}MiB` : n % 1024 === 0 ? `${n >> 10}KiB` : String(n);
  const names: Record<number, string> = {
    0x04: '--x86',
    0x05: '--powerpc',
    0x06: '--ia64',
    0x07: '--arm',
    0x08: '--armthumb',
    0x09: '--sparc',
    0x0a: '--arm64',
  };
  return filters
    .map((f) => {
      if (f.id === 0x21) return `--lzma2=dict=${dict === undefined ? '?' : size(dict)}`;
      if (f.id === 0x03) return `--delta=dist=${(f.props[0] ?? 0) + 1}`;
      return names[f.id] ?? `--filter=0x${f.id.toString(16)}`;
    })
    .join(' ');
}

/** A decoder's memory for a block, as xz rounds it: LZMA2's dictionary plus its state, in MiB up. */
const memMiB = (dict: number): number => Math.ceil((dict + 32 * 1024) / (1 << 20));

const hex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

const STREAMS_HEAD =
  '    Stream    Blocks      CompOffset    UncompOffset        CompSize      UncompSize  Ratio  Check      Padding';
const BLOCKS_HEAD =
  '    Stream     Block      CompOffset    UncompOffset       TotalSize      UncompSize  Ratio  Check';
const BLOCKS_HEAD_VV = '      CheckVal          Header  Flags        CompSize    MemUsage  Filters';

/** -v (verbosity 1) and -vv (2): one file's report; `nth/of` as xz counts the files. */
export function xzListVerbose(
  bytes: Uint8Array,
  name: string,
  nth: number,
  of: number,
  vv: boolean,
): string {
  const streams = locateStreams(bytes);
  const out = streams.reduce((n, s) => n + s.uncompressedSize, 0);
  const padding = streams.reduce((n, s) => n + s.padding, 0);
  const blocks = streams.reduce((n, s) => n + s.blocks.length, 0);
  const checks = [...new Set(streams.map((s) => checkName(s.checkId)))].join(',');
  const field = (label: string, v: string): string => `  ${`${label}:`.padEnd(19)}${v}\n`;
  let s = `${name} (${nth}/${of})\n`;
  s += field('Streams', String(streams.length));
  s += field('Blocks', String(blocks));
  s += field('Compressed size', niceWithBytes(bytes.length));
  s += field('Uncompressed size', niceWithBytes(out));
  s += field('Ratio', ratio(bytes.length, out));
  s += field('Check', checks);
  s += field('Stream Padding', `${padding} B`);
  s += `  Streams:\n${STREAMS_HEAD}\n`;
  streams.forEach((st, i) => {
    const comp = st.end - st.offset;
    s +=
      `    ${String(i + 1).padStart(6)} ${String(st.blocks.length).padStart(9)}` +
      ` ${String(st.offset).padStart(15)} ${String(st.uncompressedOffset).padStart(15)}` +
      ` ${String(comp).padStart(15)} ${String(st.uncompressedSize).padStart(15)}` +
      `  ${ratio(comp, st.uncompressedSize).padStart(5)}  ${checkName(st.checkId).padEnd(10)} ${String(st.padding).padStart(7)}\n`;
  });
  if (blocks) s += `  Blocks:\n${BLOCKS_HEAD}${vv ? BLOCKS_HEAD_VV : ''}\n`;
  let memory = 1;
  let allSizes = true;
  streams.forEach((st, si) => {
    const cs = checkSize(st.checkId);
    st.blocks.forEach((b, bi) => {
      const total = Math.ceil(b.unpaddedSize / 4) * 4;
      const check = checkName(st.checkId);
      s +=
        `    ${String(si + 1).padStart(6)} ${String(bi + 1).padStart(9)}` +
        ` ${String(b.offset).padStart(15)} ${String(b.uncompressedOffset).padStart(15)}` +
        ` ${String(total).padStart(15)} ${String(b.uncompressedSize).padStart(15)}` +
        `  ${ratio(total, b.uncompressedSize).padStart(5)}  `;
      if (!vv) {
        s += `${check}\n`;
        return;
      }
      const header = parseBlockHeader(bytes, b.offset);
      const flagsByte = bytes[b.offset + 1] ?? 0;
      const flags = `${flagsByte & 0x40 ? 'c' : '-'}${flagsByte & 0x80 ? 'u' : '-'}`;
      allSizes &&= flags === 'cu';
      const at = b.offset + total - cs;
      const mem = memMiB(header?.dictBytes ?? 0);
      memory = Math.max(memory, mem);
      // CRC32 and CRC64 print as numbers (stored little-endian); SHA-256 as its bytes.
      const field = bytes.subarray(at, at + cs);
      const value = cs <= 8 ? hex(field.slice().reverse()) : hex(field);
      s +=
        `${check.padEnd(10)} ${value.padEnd(16)}` +
        ` ${String(header?.size ?? 0).padStart(7)}  ${flags.padEnd(5)}` +
        ` ${String(b.unpaddedSize - (header?.size ?? 0) - cs).padStart(15)}` +
        `  ${`${mem} MiB`.padStart(10)}  ${filterText(header?.filters ?? [], header?.dictBytes)}\n`;
    });
  });
  if (vv) {
    s += field('Memory needed', `${memory} MiB`);
    s += field('Sizes in headers', allSizes && blocks ? 'Yes' : 'No');
    s += `  Minimum XZ Utils version: 5.0.0\n`;
  }
  return s;
}
