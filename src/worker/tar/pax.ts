// POSIX pax extended headers (typeflags 'x' and 'g'): records of the form
// "<length> <keyword>=<value>\n", where length counts the whole record.
import { decodeUtf8 } from './file-text';
import { TarError } from './tar-error';

/** The keywords this reader applies; the rest (atime, ctime, comment, ...) are ignored. */
export interface PaxRecords {
  path?: string;
  linkpath?: string;
  size?: number;
  mtime?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  /** Set when the member is a GNU sparse file (GNU.sparse.* keywords), which is not supported. */
  sparse?: boolean;
}

/**
 * Parses the body of a pax header. `offset` is where the body sits in the
 * archive and `entryName` the header's own name, for error messages.
 */
export function parsePax(body: Uint8Array, offset: number, entryName: string): PaxRecords {
  const records: PaxRecords = {};
  let pos = 0;
  while (pos < body.length) {
    if (body[pos] === 0) break; // NUL padding after the last record
    const space = body.indexOf(0x20, pos);
    const lengthText = space < 0 ? '' : decodeUtf8(body.subarray(pos, space));
    const length = /^[0-9]+$/.test(lengthText) ? Number(lengthText) : NaN;
    const end = pos + length;
    if (!(length > 0) || end > body.length || body[end - 1] !== 0x0a) {
      throw new TarError('bad-pax', 'malformed pax record', offset + pos, entryName);
    }
    const record = decodeUtf8(body.subarray(space + 1, end - 1));
    const eq = record.indexOf('=');
    if (eq <= 0)
      throw new TarError('bad-pax', 'pax record without keyword', offset + pos, entryName);
    apply(records, record.slice(0, eq), record.slice(eq + 1), offset + pos, entryName);
    pos = end;
  }
  return records;
}

function decimal(value: string, keyword: string, at: number, entryName: string): number {
  // mtime may carry a fraction ("1700000000.25"); the others are integers.
  const ok = keyword === 'mtime' ? /^-?[0-9]+(\.[0-9]+)?$/ : /^[0-9]+$/;
  const n = Number(value);
  if (!ok.test(value) || !Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) {
    throw new TarError('bad-pax', `pax ${keyword} is not a number`, at, entryName, `'${value}'`);
  }
  return n;
}

function apply(r: PaxRecords, keyword: string, value: string, at: number, name: string): void {
  switch (keyword) {
    case 'path':
    case 'linkpath':
    case 'uname':
    case 'gname': {
      // GNU tar keeps these as C strings (xheader.c decode_string): a NUL ends them.
      const nul = value.indexOf('\0');
      r[keyword] = nul < 0 ? value : value.slice(0, nul);
      return;
    }
    case 'size':
    case 'mtime':
    case 'uid':
    case 'gid':
      r[keyword] = decimal(value, keyword, at, name);
      return;
    default:
      if (keyword.startsWith('GNU.sparse.')) r.sparse = true;
  }
}
