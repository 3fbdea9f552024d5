/**
 * The machine's disk for /root and /home as MachineApi offers it (the
 * panel's status, download, restore and reset): opened once, on first
 * need, apart from the kernel's files; restored or emptied only between
 * commands, so a running line never sees its files change under it.
 */
import type { Shell } from './shell/shell';
import { HomeDisk, type HomeDiskOptions } from './vfs/home-disk';
import { exportHome, importHome } from './vfs/home-archive';

/** What the disk needs of its machine. */
export interface DiskHost {
  shell(): Promise<Shell>;
  /** Resolves when no command runs. */
  idle(): Promise<void>;
  /** The machine's files changed outside a command. */
  changed(): void;
}

export class MachineDisk {
  private opening: Promise<HomeDisk> | undefined;

  constructor(
    private readonly options: HomeDiskOptions | undefined,
    private readonly host: DiskHost,
  ) {}

  /** The disk, opening it on first call; undefined for a machine without one. */
  open(): Promise<HomeDisk> | undefined {
    const options = this.options;
    if (!options) return undefined;
    this.opening ??= import('just-bash/browser').then((jb) => HomeDisk.open(jb, options));
    return this.opening;
  }

  private async mounted(): Promise<HomeDisk> {
    const disk = (await this.host.shell()).machineFs.disk;
    if (!disk) throw new Error('this machine has no disk for /root and /home');
    return disk;
  }

  async status() {
    return (await this.mounted()).status();
  }

  async export(): Promise<Uint8Array> {
    return exportHome(await this.mounted());
  }

  async import(bytes: Uint8Array) {
    const shell = await this.host.shell();
    const disk = await this.mounted();
    await this.host.idle();
    const { files, skipped } = await importHome(shell.fs, disk, bytes);
    this.host.changed();
    return { ...disk.status(), restored: files, skipped };
  }

  async reset() {
    const disk = await this.mounted();
    await this.host.idle();
    await disk.reset();
    this.host.changed();
    return disk.status();
  }
}
