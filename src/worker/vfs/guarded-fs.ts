/**
 * Wraps the machine's filesystem for the shell: every call first checks
 * the running command's abort signal (so Ctrl-C stops a long grep -r or
 * extraction between two files), gives the event loop a turn now and then
 * (so the interrupt message can arrive at all), reports writes under the
 * tmpfs mounts, and turns just-bash's byte-limit error into ENOSPC wording.
 */
import type { IFileSystem } from 'just-bash';
import { FsError } from './errno';
import { formatBytes } from '../../common/byte-size';

const WRITES = new Set([
  'writeFile',
  'appendFile',
  'mkdir',
  'rm',
  'cp',
  'mv',
  'symlink',
  'link',
  'chmod',
  'utimes',
]);
/** Calls whose second argument is the path written. */
const TWO_PATHS = new Set(['cp', 'mv', 'symlink', 'link']);
/** Longest stretch without yielding to the event loop. */
const YIELD_EVERY_MS = 40;

export interface FsGuard {
  /** The running command's signal; aborted means stop at the next call. */
  signal: AbortSignal | undefined;
  onWrite(path: string): void;
}

const macrotask = (): Promise<void> =>
  new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });

/**
 * A mounted filesystem names the path inside the mount ("EROFS: read-only
 * file system, open '/x'"); the shell prints such messages as they are, so
 * give them back the path the command used ('/mnt/k.tar/x').
 */
function withFullPath(err: unknown, args: unknown[]): unknown {
  if (!(err instanceof Error)) return err;
  const m = /^(E[A-Z]+: [^,]*, \w+ ')(\/[^']*)'$/.exec(err.message);
  if (!m) return err;
  // The destination first: that is where a copy or a link fails to be written.
  const full = [args[1], args[0]].find(
    (a): a is string => typeof a === 'string' && a !== m[2] && a.endsWith(m[2]!),
  );
  if (full) err.message = `${m[1]}${full}'`;
  return err;
}

export function guardFs(inner: IFileSystem, guard: FsGuard): IFileSystem {
  let lastYield = performance.now();
  // One wrapper per method, made on first use: commands call the fs
  // thousands of times in a walk, and a fresh closure per call shows.
  const wrappers = new Map<string, (...args: unknown[]) => unknown>();
  const wrap = (target: IFileSystem, prop: string, fn: (...args: unknown[]) => unknown) => {
    if (prop === 'resolvePath' || prop === 'getAllPaths' || prop.endsWith('Sync')) {
      return fn.bind(target);
    }
    const writes = WRITES.has(prop);
    const written = TWO_PATHS.has(prop) ? 1 : 0;
    return async (...args: unknown[]) => {
      const path = typeof args[0] === 'string' ? args[0] : '';
      const now = performance.now();
      if (now - lastYield > YIELD_EVERY_MS) {
        await macrotask();
        lastYield = performance.now();
      }
      if (guard.signal?.aborted) throw new FsError('EINTR', prop, path);
      try {
        return await fn.apply(target, args);
      } catch (err) {
        // A limit that names itself already (the home disk's disk.bytes) passes as it is.
        if (err instanceof FsError && err.code === 'ENOSPC') throw withFullPath(err, args);
        if (err instanceof Error && err.message.startsWith('ENOSPC')) {
          // just-bash says "byte limit exceeded (N bytes)": name the limit as the table does.
          const bytes = /\((\d+) bytes\)/.exec(err.message)?.[1];
          const limit = bytes ? `tmpfs.bytes = ${formatBytes(Number(bytes))}` : undefined;
          throw new FsError('ENOSPC', 'write', path, limit);
        }
        throw withFullPath(err, args);
      } finally {
        // A failed write (ENOSPC halfway, rm -r stopped early) may still have changed the tree.
        if (writes) guard.onWrite(String(args[written]));
      }
    };
  };
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      let w = wrappers.get(prop);
      if (!w)
        wrappers.set(prop, (w = wrap(target, prop, value as (...args: unknown[]) => unknown)));
      return w;
    },
  });
}
