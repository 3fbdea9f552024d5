/** What the page says when the supervisor stopped the machine and brought it back. */
import type { MachineFaultReason, MachineSnapshot } from '../shared/worker-api';

/** What happened, by the fault's kind: "The machine stopped (out of bounds)". */
export function faultWords(reason: MachineFaultReason): string {
  switch (reason.kind) {
    case 'ignored-interrupt':
      return 'The command did not stop on Ctrl-C, so the machine was restarted';
    case 'crash':
    case 'wasm-trap':
      return `The machine stopped (${reason.message})`;
  }
}

/** "…; restarted with kheaders loaded, 6,712 files under /tmp and /home as they were at 10:02:13." */
export function describeRestore(
  before: string,
  snapshot: MachineSnapshot | undefined,
  missing: string[],
  reopened: string[] = [],
): string {
  if (!snapshot) return `${before}; it was restarted fresh (nothing had been saved yet).`;
  const files = (snapshot.files ?? []).filter(
    (e) => e.type !== 'directory' && /^\/(tmp|home)\//.test(e.path),
  ).length;
  const modules = snapshot.loaded.length
    ? `${snapshot.loaded.join(' and ')} loaded`
    : 'no modules loaded';
  const at = new Date(snapshot.takenAt).toLocaleTimeString();
  const archives = reopened.length ? ` Reopened ${reopened.join(', ')}.` : '';
  const lostArchives = missing.length
    ? ` Could not reopen ${missing.join(', ')}: open it again.`
    : '';
  // A disk that keeps ~ is not in the snapshot: it holds every write that finished.
  const inSnapshot = (snapshot.files ?? []).some((e) => /^\/(home|root)\//.test(e.path));
  const where = inSnapshot ? '/tmp and /home' : '/tmp (~ is as the disk kept it)';
  return `${before}; it was restarted with ${modules} and ${files.toLocaleString('en-US')} files under ${where}, as they were at ${at}, before the command that failed.${archives}${lostArchives}`;
}
