/**
 * The point a restarted machine comes back to: the config, the loaded
 * modules, the shell's directory and variables, and the files a user can
 * write under /tmp and /home (only when they changed since the generation
 * the page holds). Taken between commands, so it is always consistent.
 */
import type { MachineSnapshot } from '../shared/worker-api';
import { hasTrapped } from './faults/wasm-trap';
import type { Kernel } from './kernel/kernel';
import type { Shell } from './shell/shell';
import { restoreFs, snapshotFs } from './vfs/fs-snapshot';

/** Where a shell that has not loaded yet is (its login's HOME, see shell.ts). */
const LOGIN_DIRECTORY = '/root';

export function takeCheckpoint(
  kernel: Kernel,
  shell: Shell | undefined,
  generation: number,
  knownGeneration?: number,
): MachineSnapshot {
  if (hasTrapped()) throw new Error('the xz decoder trapped: this machine’s state is not saved');
  const state = kernel.state();
  const unchanged = knownGeneration === generation;
  return {
    generation,
    config: { ...state.config },
    loaded: state.modules.filter((m) => m.status === 'loaded').map((m) => m.name),
    ...(shell ? shell.session : { cwd: LOGIN_DIRECTORY, env: {} }),
    ...(unchanged ? {} : { files: shell ? snapshotFs(shell.machineFs.writable) : [] }),
    takenAt: Date.now(),
  };
}

/** Puts a freshly booted machine's kernel and shell back into the snapshot's state. */
export async function restoreCheckpoint(
  kernel: Kernel,
  shell: () => Promise<Shell>,
  snapshot: MachineSnapshot,
): Promise<void> {
  kernel.setConfig(snapshot.config);
  for (const name of snapshot.loaded) kernel.load(name);
  const sh = await shell();
  if (snapshot.files) await restoreFs(sh.fs, snapshot.files);
  sh.session = { cwd: snapshot.cwd, env: snapshot.env };
}
