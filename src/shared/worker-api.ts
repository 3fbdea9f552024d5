/**
 * The one contract between the page and the simulated machine in the
 * worker. The worker builds an object of type MachineApi and exposes it with
 * Comlink; the page holds a Remote<MachineApi>. Types only: both realms
 * import this file, neither ships code from it.
 *
 * Ordering, which every method keeps: a call settles only after every
 * callback it made (progress, output) has been delivered to the page, and
 * a command's output arrives in the order it was written, while it runs.
 * (Comlink sends each proxied callback on a port of its own, unordered
 * against the call's answer; the worker waits for the callbacks' answers.)
 */

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

/** Everything the page shows of the machine; pushed on every change. */
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
}

/** How a command line runs. */
export interface RunOptions {
  /**
   * The output goes to a terminal: what reaches it uncaptured is as on a
   * tty (`ls` colours its names, as GNU ls --color=auto does).
   */
  terminal?: boolean;
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
  machineFault: string;
}

export interface FaultDrillMessage {
  faultDrill: FaultDrill;
}

/** The state after a config change, with what the terminal says of the reboot. */
export interface RebootedState extends MachineState {
  /** The new kernel's banner, what became of loaded modules and of /tmp. */
  rebootNotice: string;
}

/** What a header defines (the identifier index). */
export type DefinitionKind =
  | 'struct'
  | 'union'
  | 'enum'
  | 'enumerator'
  | 'typedef'
  | 'macro'
  | 'function-macro'
  | 'function'
  | 'prototype';

export interface SymbolDefinition {
  name: string;
  kind: DefinitionKind;
  /** Relative to the tree's root. */
  path: string;
  /** 1-based. */
  line: number;
}

export interface SymbolReference {
  path: string;
  line: number;
  /** The line's text (up to 200 characters). */
  text: string;
}

export interface SymbolAnswer<T> {
  /** The header tree the path lies in, e.g. /tmp/kheaders-6.1.176. */
  root: string;
  results: T[];
  /** More results exist than were returned. */
  truncated: boolean;
}

/** Compiled in, out, or unknown: the condition reads more than the config. */
export type CompiledState = 'in' | 'out' | 'unknown';

export interface ConditionalBranchInfo {
  line: number;
  endLine: number;
  directive: string;
  state: CompiledState;
  reason: string;
  depth: number;
}

export interface ConditionalInfo {
  root: string;
  branches: ConditionalBranchInfo[];
  /** Each line's state, index 0 = line 1. */
  lines: CompiledState[];
}

export interface TreeDiffInfo {
  /** Relative paths; a directory on one side only ends in '/'. */
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
}

export interface FileDiffInfo {
  /** `diff -u A B` as GNU diff prints it ('' when equal). */
  unified: string;
  /** Each hunk's first line in A and in B (1-based), for line links. */
  hunks: { a: number; b: number }[];
}

/** The identifier index, #if marking and diff: the methods views browse a header tree with. */
export interface MachineBrowseApi {
  /** Definitions of a name in the tree `path` lies in (its index is built on first use). */
  findDefinitions(path: string, name: string): Promise<SymbolAnswer<SymbolDefinition>>;
  /** Defined names containing query: exact first, then prefixes, then the rest. */
  searchSymbols(
    path: string,
    query: string,
    limit?: number,
  ): Promise<SymbolAnswer<SymbolDefinition>>;
  /** Lines that mention the name as a whole word. */
  findReferences(
    path: string,
    name: string,
    limit?: number,
  ): Promise<SymbolAnswer<SymbolReference>>;
  /** A header's #if branches, compiled in or out under its tree's autoconf.h. */
  conditionals(path: string): Promise<ConditionalInfo>;
  /** Files added, removed and changed from tree a to tree b. */
  diffTrees(a: string, b: string): Promise<TreeDiffInfo>;
  /** One file against another, as `diff -u`. */
  diffFiles(a: string, b: string): Promise<FileDiffInfo>;
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
  /** Calls back on every change: modules, config, mounts, files under /tmp. */
  subscribe(onChange: (state: MachineState) => void): Promise<void>;
  /** Changes the kernel config (like rebuilding and rebooting that kernel). */
  setConfig(patch: Partial<KernelConfig>): Promise<RebootedState>;
  /** Runs one shell command line; output streams to io; resolves to the exit code. */
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
