/**
 * The simulated kernel: its release, its config, the modules it can load
 * and the memory they hold. procfs, sysfs and the module tools are views and
 * verbs over this one object; it tells its listeners after every change.
 */
import { DEFAULT_CONFIG, sameConfig } from '../../common/kernel-config';
import type { KernelConfig, MachineState, ModuleName } from '../../shared/worker-api';
import { gunzip, gzip } from './gzip';
import { KernelArrival, type KernelBytes, type WaitHooks } from './kernel-arrival';
import type { KernelArtifacts, KernelFacts } from './kernel-manifest';
import { memorySnapshot, type MemorySnapshot } from './memory';
import { ModuleRegistry, type LoadOutcome, type UnloadOutcome } from './module-registry';

/** Where the archive appears: 5.2-rc1..rc3 in /proc, from 5.2-rc4 in /sys/kernel. */
export const HEADERS_PATHS = {
  'proc-5.2-rc1': '/proc/kheaders.tar.xz',
  'sysfs-5.2-rc4': '/sys/kernel/kheaders.tar.xz',
} as const;

/** One rebuild and reboot: which options changed and which loaded modules the reboot dropped. */
export interface BootRecord {
  /** performance.now() at boot. */
  at: number;
  changed: string[];
  unloaded: ModuleName[];
}

/** The config the artifacts were built with, in the era the machine first plays. */
function builtConfig(artifacts: KernelFacts): KernelConfig {
  const c = artifacts.manifest.config;
  return {
    era: DEFAULT_CONFIG.era,
    IKHEADERS: c.IKHEADERS,
    IKCONFIG: c.IKCONFIG,
    IKCONFIG_PROC: c.IKCONFIG_PROC === 'y',
  };
}

export class Kernel {
  private cfg: KernelConfig;
  /** Every boot of this machine, the first one included, oldest first. */
  readonly boots: BootRecord[] = [{ at: performance.now(), changed: [], unloaded: [] }];
  readonly modules: ModuleRegistry;
  private readonly listeners = new Set<() => void>();
  private configGzCache: { key: string; bytes: Promise<Uint8Array> } | undefined;

  /** The build's payloads: here, or on their way (the machine boots on the manifest). */
  readonly arrival: KernelArrival;
  /** What the kernel knows without its bytes: the manifest and where it came from. */
  readonly artifacts: KernelFacts;
  /** Set by the machine while a command runs: a wait for the bytes is said there and ends on Ctrl-C. */
  waitHooks: (WaitHooks & { said?: boolean }) | undefined;

  constructor(
    source: KernelArtifacts | (KernelFacts & { arrival: KernelArrival }),
    /** Bytes the tmpfs mounts hold now (they take page cache). */
    private readonly tmpfsBytes: () => number = () => 0,
  ) {
    const { manifest, baseUrl } = source;
    this.artifacts = baseUrl === undefined ? { manifest } : { manifest, baseUrl };
    this.arrival =
      'arrival' in source ? source.arrival : KernelArrival.arrived(source, source.manifest);
    this.cfg = builtConfig(this.artifacts);
    // The sizes are the manifest's: known before the bytes come (and checked when they do).
    this.modules = new ModuleRegistry(() => this.cfg, {
      kheaders: manifest.kheaders.bytes,
      configs: manifest.configGz.bytes,
    });
  }

  /** kheaders.tar.xz and config.gz, once they have arrived (a running command says it waits). */
  payloads(): Promise<KernelBytes> {
    return this.arrival.wait(this.waitHooks);
  }

  get release(): string {
    return this.artifacts.manifest.release;
  }

  get config(): KernelConfig {
    return { ...this.cfg };
  }

  /** A rebuilt kernel, rebooted: modules start unloaded. */
  setConfig(patch: Partial<KernelConfig>): void {
    const before = this.cfg;
    const loaded = this.modules.loadedNames().filter((n) => this.modules.tristate(n) === 'm');
    this.cfg = { ...this.cfg, ...patch };
    // Kconfig: IKCONFIG_PROC depends on IKCONFIG.
    if (this.cfg.IKCONFIG === 'n') this.cfg.IKCONFIG_PROC = false;
    const changed = (Object.keys(this.cfg) as (keyof KernelConfig)[])
      .filter((k) => this.cfg[k] !== before[k])
      .map(
        (k) =>
          `${k === 'era' ? 'era' : `CONFIG_${k}`}: ${String(before[k])} -> ${String(this.cfg[k])}`,
      );
    this.boots.push({ at: performance.now(), changed, unloaded: loaded });
    this.modules.reboot();
    this.changed();
  }

  /** The boot the machine is in now. */
  get boot(): BootRecord {
    return this.boots[this.boots.length - 1]!;
  }

  /** Seconds since power-on (/proc/uptime, uptime): the boot log ends ~1.5 s in, the prompt at ~2 s. */
  uptimeSeconds(): number {
    return (performance.now() - this.boot.at) / 1000 + 2;
  }

  /** The archive's path while it exists (module loaded or built in), else null. */
  headersPath(): string | null {
    return this.modules.isPresent('kheaders') ? HEADERS_PATHS[this.cfg.era] : null;
  }

  /** /proc/config.gz exists with IKCONFIG_PROC while configs is built in or loaded. */
  hasProcConfig(): boolean {
    return this.cfg.IKCONFIG_PROC && this.modules.isPresent('configs');
  }

  load(name: ModuleName): LoadOutcome {
    const r = this.modules.load(name);
    if (r === 'loaded') this.changed();
    return r;
  }

  unload(name: ModuleName): UnloadOutcome {
    const r = this.modules.unload(name);
    if (r === 'unloaded') this.changed();
    return r;
  }

  memory(): MemorySnapshot {
    return memorySnapshot(this.modules.residentBytes(), this.tmpfsBytes());
  }

  /**
   * The config.gz payload: the build's own bytes while the config matches
   * the one that built them; otherwise the same .config with these options
   * rewritten, gzipped again (as a kernel rebuilt with them would embed).
   */
  configGz(): Promise<Uint8Array> {
    const c = this.cfg;
    const key = `${c.era}/${c.IKHEADERS}/${c.IKCONFIG}/${c.IKCONFIG_PROC}`;
    if (sameConfig(c, builtConfig(this.artifacts))) return this.payloads().then((p) => p.configGz);
    if (this.configGzCache?.key !== key) {
      this.configGzCache = { key, bytes: this.rewriteConfig(c) };
    }
    return this.configGzCache.bytes;
  }

  private async rewriteConfig(c: KernelConfig): Promise<Uint8Array> {
    const text = new TextDecoder().decode(await gunzip((await this.payloads()).configGz));
    const headersOption = c.era === 'proc-5.2-rc1' ? 'IKHEADERS_PROC' : 'IKHEADERS';
    const set = (name: string, v: string): string =>
      v === 'n' ? `# CONFIG_${name} is not set` : `CONFIG_${name}=${v}`;
    const wanted: Record<string, string> = {
      IKCONFIG: set('IKCONFIG', c.IKCONFIG),
      IKCONFIG_PROC: set('IKCONFIG_PROC', c.IKCONFIG_PROC ? 'y' : 'n'),
      [headersOption]: set(headersOption, c.IKHEADERS),
    };
    const lines = text.split('\n').map((line) => {
      const m = /^(?:# )?CONFIG_(IKHEADERS(?:_PROC)?|IKCONFIG(?:_PROC)?)(?:=| is not set)/.exec(
        line,
      );
      if (!m) return line;
      const name = m[1] === 'IKHEADERS' || m[1] === 'IKHEADERS_PROC' ? headersOption : m[1]!;
      return wanted[name] ?? line;
    });
    return gzip(new TextEncoder().encode(lines.join('\n')));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const l of this.listeners) l();
  }

  state(mounts: MachineState['mounts'] = []): MachineState {
    const { totalKb, freeKb, availableKb, modulesKb } = this.memory();
    return {
      release: this.release,
      config: this.config,
      modules: this.modules.states(),
      memory: { totalKb, freeKb, availableKb, modulesKb },
      headersPath: this.headersPath(),
      mounts,
    };
  }
}
