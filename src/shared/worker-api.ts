/**
 * The one contract between the page and the simulated machine in the
 * worker. The worker builds an object of type MachineApi and exposes it with
 * Comlink; the page holds a Remote<MachineApi>. Types only: both realms
 * import this file, neither ships code from it.
 *
 * Ordering, which every method keeps: a call settles only after every
 * callback it made (progress, output, a command's result) has been
 * delivered to the page, and a command's output arrives in the order it was
 * written, while it runs, its result after all of it. (Comlink sends each
 * proxied callback on a port of its own, unordered against the call's
 * answer; the worker waits for the callbacks' answers.) The methods as a
 * list: machine-methods.ts. The header browser's part: browse-api.ts.
 */
import type { MachineBrowseApi } from './browse-api';

export type * from './browse-api';

/** Where the archive bytes come from. */
export type ArchiveSource =
  | { kind: 'url'; url: string; name: string }
  | { kind: 'bytes'; bytes: Uint8Array; name: string }
  /** A file the user picked or dropped: the worker reads it, the page keeps it for a restart. */
  | { kind: 'blob'; blob: Blob; name: string }
  /** A file of the machine itself, e.g. /sys/kernel/kheaders.tar.xz while the module is loaded. */
  | { kind: 'path'; path: string; name: string };

export type LoadPhase = 'download' | 'decode' | 'verify' | 'done';

export interface LoadProgress {
  phase: LoadPhase;
  /** Compressed bytes read so far. */
  bytesIn: number;
  /** Compressed size, when known (Content-Length, File.size). */
  totalIn?: number;
  /** Decompressed bytes so far. */
  bytesOut: number;
  /** Archive members complete so far, while a tar is still arriving. */
  entries?: number;
}

/** How the archive was packed: xz (the kernel's choice), gzip, or none. */
export type ArchiveFormat = 'xz' | 'gzip' | 'tar';

export interface ArchiveSummary {
  name: string;
  format: ArchiveFormat;
  compressedBytes: number;
  /** Size of the decompressed data (the tar). */
  decodedBytes: number;
  /** Check types in stream order, e.g. ["CRC64"]. */
  checks: string[];
  /** True only when every block's check was computed and matched. */
  verified: boolean;
  verification: string;
  streams: number;
  blocks: number;
  /** Milliseconds from first byte requested to verified output. */
  elapsedMs: number;
  /** Said beside the summary when the archive opened other than as a tree (its payload is not a tar). */
  notice?: string;
}

export type Tristate = 'y' | 'm' | 'n';

/**
 * Which kernel the machine plays: 5.2-rc1..rc3 exposed the archive as
 * /proc/kheaders.tar.xz (CONFIG_IKHEADERS_PROC); 5.2-rc4 moved it to
 * /sys/kernel/kheaders.tar.xz (CONFIG_IKHEADERS).
 */
export type Era = 'proc-5.2-rc1' | 'sysfs-5.2-rc4';

export interface KernelConfig {
  era: Era;
  /** CONFIG_IKHEADERS (CONFIG_IKHEADERS_PROC in the proc era). */
  IKHEADERS: Tristate;
  IKCONFIG: Tristate;
  /** bool: /proc/config.gz, with IKCONFIG. */
  IKCONFIG_PROC: boolean;
}

export type ModuleName = 'kheaders' | 'configs';

export interface ModuleState {
  name: ModuleName;
  /** built-in (=y), loaded or not loaded (=m), absent (=n). */
  status: 'builtin' | 'loaded' | 'unloaded' | 'absent';
  /** Core size as lsmod shows it (follows the embedded data's size). */
  sizeBytes: number;
  refcnt: number;
}

export interface MemoryState {
  totalKb: number;
  freeKb: number;
  availableKb: number;
  /** Memory held by loaded modules' embedded data. */
  modulesKb: number;
}

/** Everything the page shows of the machine; told on every change (subscribe, a command's result). */
export interface MachineState {
  /** `uname -r`, from the demo's manifest. */
  release: string;
  config: KernelConfig;
  modules: ModuleState[];
  memory: MemoryState;
  /** Path of the headers archive while it exists, else null. */
  headersPath: string | null;
  /** Archives mounted read-only in the VFS, by mount point. */
  mounts: { path: string; name: string; entries: number }[];
  /** Who the shell runs as and what its image lacks, once the shell has started (getState only). */
  session?: ShellSession;
}

/** The shell's user and image, for a link or a lesson step that sets them (share-restore.ts). */
export interface ShellSession {
  /** The user now (`whoami`). */
  user: string;
  /** Shells `su` started above the login shell: `exit`s back to root. */
  shells: number;
  /** Packages whose programs are not in /usr/bin (kh-image). */
  absent: string[];
}

export interface DirEntry {
  name: string;
  kind: 'file' | 'directory' | 'symlink';
  size: number;
  mode: number;
}

export interface CommandIo {
  /**
   * Output as each command of the line finishes, in the order written;
   * stderr separately so the terminal can colour it.
   */
  write(chunk: string, stream: 'stdout' | 'stderr'): void;
  /** While a long command runs (a burst at most every 100 ms): what it has changed so far. */
  changed?(change: MachineChange): void;
  /**
   * Last, once, when the line has ended: everything the page needs after a
   * command, so it asks nothing more. On the same port as the output, so it
   * arrives after all of it (playground-elements ends its stream the same way).
   */
  done?(result: CommandResult): void;
  /**
   * After the result, when the line changed files: the restart point with
   * them. A message of its own, as it may be large (an extracted tree is
   * 30 MB), so the page has its prompt back before this arrives.
   */
  checkpoint?(snapshot: MachineSnapshot): void;
}

/** How a command line runs. */
export interface RunOptions {
  /**
   * The output goes to a terminal: what reaches it uncaptured is as on a
   * tty (`ls` colours its names, as GNU ls --color=auto does).
   */
  terminal?: boolean;
  /**
   * io.changed, io.done and io.checkpoint are to hear what the line changes
   * and how it ended (the page's bridge asks; through Comlink an io answers
   * to every name, so the machine does not guess by looking).
   */
  report?: boolean;
  /** Directories the page shows: the changes carry the new listing of each one the command changed. */
  watch?: string[];
  /** The file generation the caller holds (MachineSnapshot.generation): the checkpoint leaves those files out. */
  knownGeneration?: number;
}

/** A directory's entries as the page shows them; null when the directory is gone. */
export interface DirListing {
  path: string;
  entries: DirEntry[] | null;
}

/**
 * What changed on the machine, as a command tells it (CommandIo.changed,
 * then its result). Between commands a subscriber hears only the new state.
 */
export interface MachineChange {
  /** The machine's state, when it changed (modules, config, mounts, memory). */
  state?: MachineState;
  /**
   * Directories whose entries changed (made, removed, written in them),
   * and the paths written or removed; 'all' when they were too many to
   * name, or not named at all (a change between commands).
   */
  dirs: string[] | 'all';
  /** New listings of the watched directories (RunOptions.watch) the change touched, even under 'all'. */
  listings: DirListing[];
}

/** How a command line ended, and what it changed. */
export interface CommandResult extends MachineChange {
  exitCode: number;
  /** The shell's directory and user afterwards (the prompt's). */
  cwd: string;
  user: { user: string; home: string };
  /**
   * The point a restart comes back to, taken as the line ended, when no
   * file changed since RunOptions.knownGeneration (so it is small; else
   * io.checkpoint brings it, with the files); absent then, and when this
   * machine cannot be trusted to save one (its decoder trapped).
   */
  checkpoint?: MachineSnapshot;
}

/** One entry of /tmp or /home, as a snapshot carries it across a restart. */
export interface SnapshotEntry {
  path: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  mtimeMs: number;
  content?: string | Uint8Array;
  target?: string;
}

/**
 * What a restarted machine needs to be the one the user had: the config,
 * the loaded modules, the shell's directory and variables, and the files
 * under /tmp and /home. Taken between commands, so it is always consistent.
 */
export interface MachineSnapshot {
  /** Counts changes under /tmp and /home; a snapshot at the same generation holds the same files. */
  generation: number;
  config: KernelConfig;
  loaded: ModuleName[];
  cwd: string;
  env: Record<string, string>;
  /** Absent when the caller already holds this generation's files. */
  files?: SnapshotEntry[];
  /** When it was taken (ms since the epoch). */
  takenAt: number;
}

/**
 * Faults the machine can be made to suffer on purpose, so recovery can be
 * proven: an uncaught error in the worker, a real WebAssembly trap in the
 * xz decoder's next decode (its output pointer is sent past the heap's
 * end), and a worker that stops answering (a loop that never yields).
 * They are not part of MachineApi: the page posts a FaultDrillMessage.
 */
export type FaultDrill = 'worker-crash' | 'wasm-trap' | 'hang';

/**
 * The two messages that travel beside Comlink's on the worker's port.
 * The worker posts MachineFaultMessage when its wasm decoder trapped (the
 * page's supervisor then restarts it, as after an uncaught error); the page
 * posts FaultDrillMessage to cause a drill (src/worker/faults/drills.ts).
 */
export interface MachineFaultMessage {
  machineFault: Extract<MachineFaultReason, { kind: 'wasm-trap' }>;
}

/**
 * Why the machine was stopped, as data: the page's supervisor words its
 * notice by the kind, never by the message's text.
 */
export type MachineFaultReason =
  /** An uncaught error ended the worker; the message is the browser's. */
  | { kind: 'crash'; message: string }
  /** The worker's wasm decoder trapped (it said so: MachineFaultMessage). */
  | { kind: 'wasm-trap'; message: string }
  /** A command left Ctrl-C unanswered past the grace time. */
  | { kind: 'ignored-interrupt' };

export interface FaultDrillMessage {
  faultDrill: FaultDrill;
}

/** The state after a config change, with what the terminal says of the reboot. */
export interface RebootedState extends MachineState {
  /** The new kernel's banner, what became of loaded modules and of /tmp. */
  rebootNotice: string;
}

export interface MachineApi extends MachineBrowseApi {
  /** Decodes and verifies an archive; progress arrives as it goes. */
  loadArchive(
    source: ArchiveSource,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<ArchiveSummary>;
  /**
   * Starts the machine from the demo's public/kernel/ (manifest.json,
   * kheaders.tar.xz, config.gz), given that folder's URL.
   */
  boot(kernelBaseUrl: string, onProgress?: (p: LoadProgress) => void): Promise<MachineState>;
  getState(): Promise<MachineState>;
  /**
   * Calls back on every change between commands: modules, config, mounts,
   * files under /tmp. A command tells its own changes (CommandIo).
   */
  subscribe(onChange: (state: MachineState) => void): Promise<void>;
  /** Changes the kernel config (like rebuilding and rebooting that kernel). */
  setConfig(patch: Partial<KernelConfig>): Promise<RebootedState>;
  /**
   * Runs one shell command line; output streams to io, then io.done with
   * the result and what the line changed; resolves to the exit code.
   */
  run(commandLine: string, io: CommandIo, options?: RunOptions): Promise<number>;
  /** Ctrl-C: aborts the running command (exit code 130). */
  interrupt(): Promise<void>;
  /**
   * Shares a Ctrl-C flag (an Int32Array over a SharedArrayBuffer, so only
   * on a cross-origin isolated page): the page sets flag[0] = 1 and the
   * shell sees it at its next statement, even in a loop that never yields
   * to the worker's event loop, where interrupt()'s message cannot arrive.
   */
  shareInterruptFlag(flag: Int32Array): Promise<void>;
  /** Tab completion of commands and paths at the cursor. */
  complete(line: string, cursor: number): Promise<{ from: number; candidates: string[] }>;
  cwd(): Promise<string>;
  /** Who the shell runs as, for the prompt (`student@kheaders:~$` after `su - student`). */
  whoami?(): Promise<{ user: string; home: string }>;
  readDir(path: string): Promise<DirEntry[]>;
  /** A file's bytes (a copy crosses the boundary), at most maxBytes of them. */
  readFile(path: string, maxBytes?: number): Promise<Uint8Array>;
  /** The state to restore after a restart; waits for a running command to end. */
  snapshot(knownGeneration?: number): Promise<MachineSnapshot>;
  /** Puts a freshly booted machine back into a snapshot's state. */
  restore(snapshot: MachineSnapshot): Promise<MachineState>;
  /** The disk behind /root and /home: whether it keeps files, and what it holds. */
  diskStatus(): Promise<DiskStatus>;
  /** /root and /home as a .tar.gz (GNU tar format). */
  exportHome(): Promise<Uint8Array>;
  /** Writes a home .tar.gz (or .tar) back over /root and /home, as `tar -xzf -C /` would. */
  importHome(bytes: Uint8Array): Promise<DiskStatus & { restored: number; skipped: string[] }>;
  /** Empties the disk (the page asks the user first). */
  resetDisk(): Promise<DiskStatus>;
}

/** The disk that keeps /root and /home across reloads (the origin private file system). */
export interface DiskStatus {
  /** Files written under ~ outlive a reload; false where OPFS is missing or failed. */
  kept: boolean;
  /** Why nothing is kept, when so. */
  why?: string;
  /** The disk held files from an earlier boot (a reload is a reboot). */
  rebooted: boolean;
  /** Files and symlinks on it, and their bytes. */
  files: number;
  bytes: number;
  /** Its size: what the browser grants the site (`disk.bytes`). */
  sizeBytes: number;
  /** Time to open the disk and load its tree at boot, in ms. */
  mountMs: number;
}
