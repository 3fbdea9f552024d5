/**
 * The two modules the playground knows, and whether each is built in,
 * loadable, loaded or absent under the current config. Their size:
 * src/common/module-size.ts.
 */
import { coreSize } from '../../common/module-size';
import type { KernelConfig, ModuleName, ModuleState, Tristate } from '../../shared/worker-api';

export const MODULE_NAMES: readonly ModuleName[] = ['kheaders', 'configs'];

/** The Kconfig symbol that builds each module. */
export function moduleOption(name: ModuleName): 'IKHEADERS' | 'IKCONFIG' {
  return name === 'kheaders' ? 'IKHEADERS' : 'IKCONFIG';
}

export type LoadOutcome = 'loaded' | 'already-loaded' | 'builtin' | 'not-found';
export type UnloadOutcome = 'unloaded' | 'not-loaded' | 'builtin';

export function isModuleName(name: string): name is ModuleName {
  return (MODULE_NAMES as readonly string[]).includes(name);
}

export class ModuleRegistry {
  private readonly loaded = new Set<ModuleName>();

  constructor(
    private readonly config: () => KernelConfig,
    /** Bytes each module embeds: the archive, the gzipped config. */
    private readonly embedded: Record<ModuleName, number>,
  ) {}

  tristate(name: ModuleName): Tristate {
    return this.config()[moduleOption(name)];
  }

  status(name: ModuleName): ModuleState['status'] {
    switch (this.tristate(name)) {
      case 'y':
        return 'builtin';
      case 'n':
        return 'absent';
      case 'm':
        return this.loaded.has(name) ? 'loaded' : 'unloaded';
    }
  }

  /** Built in or loaded: its data is in kernel memory and its files exist. */
  isPresent(name: ModuleName): boolean {
    const s = this.status(name);
    return s === 'builtin' || s === 'loaded';
  }

  isLoaded(name: ModuleName): boolean {
    return this.status(name) === 'loaded';
  }

  coreSize(name: ModuleName): number {
    return coreSize(this.embedded[name], name);
  }

  load(name: ModuleName): LoadOutcome {
    switch (this.status(name)) {
      case 'builtin':
        return 'builtin';
      case 'absent':
        return 'not-found';
      case 'loaded':
        return 'already-loaded';
      case 'unloaded':
        this.loaded.add(name);
        return 'loaded';
    }
  }

  unload(name: ModuleName): UnloadOutcome {
    const s = this.status(name);
    if (s === 'builtin') return 'builtin';
    if (s !== 'loaded') return 'not-loaded';
    this.loaded.delete(name);
    return 'unloaded';
  }

  /** A new config is a rebuilt, rebooted kernel: nothing stays loaded. */
  reboot(): void {
    this.loaded.clear();
  }

  /** Loaded modules in load order, newest first (as /proc/modules lists them). */
  loadedNames(): ModuleName[] {
    return [...this.loaded].reverse();
  }

  /** Bytes of kernel memory the modules' data holds now (built-in or loaded). */
  residentBytes(): number {
    return MODULE_NAMES.filter((n) => this.isPresent(n)).reduce((s, n) => s + this.coreSize(n), 0);
  }

  states(): ModuleState[] {
    return MODULE_NAMES.map((name) => {
      const status = this.status(name);
      return { name, status, sizeBytes: status === 'absent' ? 0 : this.coreSize(name), refcnt: 0 };
    });
  }
}
