/**
 * Every limit that keeps a hostile archive, link or command from taking the
 * tab down, in one table. The values live beside the code they guard (xz,
 * tar, tmpfs, shell, fetch, links, history), which takes them as
 * parameters where a test needs another value; this table only collects
 * them, so limits.test.ts can trip each one and `npm run fuzz` can print
 * them (docs/figures.md). It sits with the tests, not in src/shared: the
 * contract is types only, and nothing in the app needs the whole list.
 * Every error that trips a limit names it and its value.
 */
import { FETCH_LIMITS } from '../../src/worker/archive-loader';
import { SHELL_LIMITS } from '../../src/worker/shell/shell';
import { TAR_LIMITS } from '../../src/worker/tar/limits';
import { TMPFS_BYTES } from '../../src/worker/vfs/machine-fs';
import { DISK_BYTES_UNKNOWN } from '../../src/worker/vfs/home-disk';
import { XZ_LIMITS } from '../../src/worker/xz/xz-limits';
import { shareLimitRows } from '../../src/share/link-limits';
import { HISTORY_LIMITS } from '../../src/ui/terminal/history-store';
import { TRANSCRIPT_LIMITS } from '../../src/ui/terminal/transcript';

export { FETCH_LIMITS, SHELL_LIMITS, TAR_LIMITS, TMPFS_BYTES, XZ_LIMITS };

export interface NamedLimit {
  /** Dotted name, as the code spells it: `xz.maxOutputBytes`. */
  name: string;
  value: number;
  unit: 'bytes' | 'count' | 'ms';
  /** What it stops, in a few words. */
  guards: string;
}

export function limitTable(): NamedLimit[] {
  return [
    {
      name: 'xz.maxOutputBytes',
      value: XZ_LIMITS.maxOutputBytes,
      unit: 'bytes',
      guards: 'xz bombs: total decoded size',
    },
    {
      name: 'xz.maxDictBytes',
      value: XZ_LIMITS.maxDictBytes,
      unit: 'bytes',
      guards: 'LZMA2 dictionary a block may ask for',
    },
    {
      name: 'tar.maxEntries',
      value: TAR_LIMITS.maxEntries,
      unit: 'count',
      guards: 'members in one archive',
    },
    {
      name: 'tar.maxPathBytes',
      value: TAR_LIMITS.maxPathBytes,
      unit: 'bytes',
      guards: 'member name or link target (PATH_MAX)',
    },
    {
      name: 'tar.maxExtendedHeaderBytes',
      value: TAR_LIMITS.maxExtendedHeaderBytes,
      unit: 'bytes',
      guards: 'GNU long name / pax header body',
    },
    {
      name: 'tar.maxEntryBytes',
      value: TAR_LIMITS.maxEntryBytes,
      unit: 'bytes',
      guards: 'one member’s declared size',
    },
    {
      name: 'tar.maxSymlinkHops',
      value: TAR_LIMITS.maxSymlinkHops,
      unit: 'count',
      guards: 'symlinks followed per lookup (MAXSYMLINKS)',
    },
    {
      name: 'tmpfs.bytes',
      value: TMPFS_BYTES,
      unit: 'bytes',
      guards: 'each tmpfs mount (/tmp; /home where there is no disk): ENOSPC past it',
    },
    {
      // The disk's size is what the browser grants (navigator.storage.estimate()); this when it says nothing.
      name: 'disk.bytes',
      value: DISK_BYTES_UNKNOWN,
      unit: 'bytes',
      guards: 'the disk behind /root and /home: ENOSPC past it',
    },
    {
      name: 'shell.maxCommands',
      value: SHELL_LIMITS.maxCommands,
      unit: 'count',
      guards: 'commands and loop iterations per line',
    },
    {
      name: 'fetch.maxDownloadBytes',
      value: FETCH_LIMITS.maxDownloadBytes,
      unit: 'bytes',
      guards: 'an archive opened by URL',
    },
    {
      name: 'fetch.stallMs',
      value: FETCH_LIMITS.stallMs,
      unit: 'ms',
      guards: 'a download that stops sending',
    },
    {
      name: 'fetch.maxRetries',
      value: FETCH_LIMITS.maxRetries,
      unit: 'count',
      guards: 'resumes of a dropped download',
    },
    ...shareLimitRows(),
    {
      name: 'history.maxEntries',
      value: HISTORY_LIMITS.maxEntries,
      unit: 'count',
      guards: 'lines the saved history keeps (the newest)',
    },
    {
      name: 'history.maxEntryChars',
      value: HISTORY_LIMITS.maxEntryChars,
      unit: 'count',
      guards: 'characters of one saved history line',
    },
    {
      name: 'terminal.maxTranscriptEntries',
      value: TRANSCRIPT_LIMITS.maxEntries,
      unit: 'count',
      guards: 'commands the screen-reader transcript keeps',
    },
    {
      name: 'terminal.maxTranscriptEntryChars',
      value: TRANSCRIPT_LIMITS.maxEntryChars,
      unit: 'count',
      guards: 'characters of one transcript entry (its end kept)',
    },
  ];
}
