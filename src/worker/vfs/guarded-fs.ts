/**
 * Wraps the machine's filesystem for the shell: every call first checks
 * the running command's abort signal (so Ctrl-C stops a long grep -r or
 * extraction between two files), gives the event loop a turn now and then
 * (so the interrupt message can arrive at all), reports writes under the
 * tmpfs mounts, and is where just-bash's filesystem errors become FsErrors
 * (errno.ts, fromLibraryError): our commands tell them apart by code.
 */
import type { IFileSystem } from 'just-bash';
import { FsError, fromLibraryError, isErrno } from './errno';

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
  'createExclusive',
]);
/** Which arguments name the paths a call changes: a copy or link writes its second, a move both. */
const CHANGED_ARGS: Record<string, number[]> = { cp: [1], symlink: [1], link: [1], mv: [0, 1] };
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
  if (!(err instanceof FsError)) return err;
  const inner = err.path;
  if (!inner?.startsWith('/')) return err;
  // The destination first: that is where a copy or a link fails to be written.
  const full = [args[1], args[0]].find(
    (a): a is string => typeof a === 'string' && a !== inner && a.endsWith(inner),
  );
  return full ? err.at(full) : err;
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
    const changed = CHANGED_ARGS[prop] ?? [0];
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
        const fsErr = fromLibraryError(err, path);
        // just-bash's full tmpfs named no path, so it has the command's already.
        if (fsErr !== err && isErrno(fsErr, 'ENOSPC')) throw fsErr;
        throw withFullPath(fsErr, args);
      } finally {
        // A failed write (ENOSPC halfway, rm -r stopped early) may still have changed the tree.
        if (writes) for (const i of changed) guard.onWrite(String(args[i]));
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
