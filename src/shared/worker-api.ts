/**
 * The one contract between the page and the simulated machine in the
 * worker. The worker builds an object of type MachineApi and exposes it with
 * Comlink; the page holds a Remote<MachineApi>. Types only: both realms
 * import this file, neither ships code from it.
 */

/** Where the archive bytes come from. */
export type ArchiveSource =
  | { kind: 'url'; url: string; name: string }
  | { kind: 'bytes'; bytes: Uint8Array; name: string }
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
}

/** An error as it crosses the boundary: a message a person can act on. */
export interface MachineErrorInfo {
  kind: string;
  message: string;
  offset?: number;
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
}

export interface DirEntry {
  name: string;
  kind: 'file' | 'directory' | 'symlink';
  size: number;
  mode: number;
}

export interface CommandIo {
  /** Output as it is produced; stderr separately so the terminal can colour it. */
  write(chunk: string, stream: 'stdout' | 'stderr'): void;
}

export interface MachineApi {
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
  setConfig(patch: Partial<KernelConfig>): Promise<MachineState>;
  /** Runs one shell command line; output streams to io; resolves to the exit code. */
  run(commandLine: string, io: CommandIo): Promise<number>;
  /** Ctrl-C: aborts the running command (exit code 130). */
  interrupt(): Promise<void>;
  /** Tab completion of commands and paths at the cursor. */
  complete(line: string, cursor: number): Promise<{ from: number; candidates: string[] }>;
  cwd(): Promise<string>;
  readDir(path: string): Promise<DirEntry[]>;
  /** A file's bytes (a copy crosses the boundary), at most maxBytes of them. */
  readFile(path: string, maxBytes?: number): Promise<Uint8Array>;
}
