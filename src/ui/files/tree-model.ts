/**
 * The file browser's model without the element: which directories are
 * open, what each holds, and the flat list of visible rows that the
 * virtualized view draws. A folder is read when it opens; after that the
 * machine keeps it current: the open folders are watched, and a command's
 * changes bring their new listings.
 */
import type { DirEntry, MachineApi, MachineChange } from '../../shared/worker-api';
import type { SupervisedMachine } from '../../client/machine-client';

/**
 * What the tree asks of the machine: a folder's entries, and (the page's
 * supervised machine) to bring the open ones' new listings with a change.
 */
export type TreeMachine = Pick<MachineApi, 'readDir'> & Partial<Pick<SupervisedMachine, 'watch'>>;

export interface TreeRow {
  path: string;
  name: string;
  depth: number;
  entry: DirEntry;
  expanded: boolean;
}

export const join = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);
export const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';

const byKindThenName = (a: DirEntry, b: DirEntry) =>
  Number(b.kind === 'directory') - Number(a.kind === 'directory') ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export class TreeModel {
  /** Open folders, hidden ones (under a closed folder) too. */
  readonly expanded = new Set<string>(['/']);
  /** What each open folder holds: kept current by the machine's changes. */
  private readonly children = new Map<string, DirEntry[]>();

  constructor(private readonly machine: TreeMachine) {}

  /** Opens a folder (it is watched from now on) and reads it. */
  async expand(path: string): Promise<void> {
    this.open(path);
    await this.load(path);
    await this.settle();
  }

  collapse(path: string): void {
    this.expanded.delete(path);
    this.children.delete(path);
    this.machine.watch?.([...this.expanded]);
  }

  /**
   * Opens every directory on the way to path (for "reveal"), re-reading each
   * so a folder that just appeared (a new mount) is there; with `held`, only
   * those whose entries it does not hold (it was just kept current). A
   * trailing slash opens the last folder too.
   */
  async reveal(path: string, held = false): Promise<void> {
    const parts = path.split('/').filter(Boolean);
    const folders = path.endsWith('/') ? parts : parts.slice(0, -1);
    let dir = '/';
    if (!held || !this.children.has(dir)) await this.load(dir);
    for (const p of folders) {
      dir = join(dir, p);
      this.open(dir);
      if (!held || !this.children.has(dir)) await this.load(dir);
    }
  }

  /**
   * Re-reads every open directory in place. No clearing first: a reveal
   * running beside a refresh (the module's file appearing mid-burst) must
   * not lose the folders it just opened.
   */
  async refresh(): Promise<void> {
    this.machine.watch?.([...this.expanded]);
    await Promise.all([...this.expanded].map((p) => this.load(p)));
  }

  /**
   * Takes a change in: the new listings of open folders replace what was
   * held, and where the change could not name every folder ('all') the open
   * ones it did not list are read again.
   */
  async apply(change: MachineChange): Promise<void> {
    const listed = new Set<string>();
    for (const { path, entries } of change.listings) {
      if (!this.expanded.has(path)) continue;
      listed.add(path);
      if (entries) this.children.set(path, [...entries].sort(byKindThenName));
      else this.children.delete(path);
    }
    const unnamed = change.dirs === 'all' ? [...this.expanded].filter((p) => !listed.has(p)) : [];
    await Promise.all(unnamed.map((p) => this.load(p)));
    await this.settle();
  }

  /**
   * Open folders follow their parents' entries: one that is gone holds
   * nothing (it unfolds again when it comes back), one that is there and
   * holds nothing (it came back, or its parent was opened again) is read.
   */
  private async settle(): Promise<void> {
    const tried = new Set<string>();
    for (;;) {
      const back: string[] = [];
      for (const dir of [...this.expanded].sort((a, b) => a.length - b.length)) {
        if (dir === '/') continue;
        const name = dir.slice(dir.lastIndexOf('/') + 1);
        const siblings = this.children.get(parentOf(dir));
        if (!siblings?.some((e) => e.name === name && e.kind === 'directory'))
          this.children.delete(dir);
        else if (!this.children.has(dir) && !tried.has(dir)) back.push(dir);
      }
      if (!back.length) return;
      for (const dir of back) tried.add(dir);
      await Promise.all(back.map((p) => this.load(p)));
    }
  }

  private open(path: string): void {
    if (this.expanded.has(path)) return;
    this.expanded.add(path);
    this.machine.watch?.([...this.expanded]);
  }

  private async load(path: string): Promise<void> {
    try {
      const entries = await this.machine.readDir(path);
      this.children.set(path, [...entries].sort(byKindThenName));
    } catch {
      // Gone (an unloaded module's file, a removed folder): show nothing,
      // but keep it open so it unfolds again when it comes back.
      this.children.delete(path);
    }
  }

  /** The rows to draw, depth first, open directories unfolded. */
  rows(): TreeRow[] {
    const out: TreeRow[] = [];
    const walk = (dir: string, depth: number) => {
      for (const entry of this.children.get(dir) ?? []) {
        const path = join(dir, entry.name);
        const expanded = entry.kind === 'directory' && this.expanded.has(path);
        out.push({ path, name: entry.name, depth, entry, expanded });
        if (expanded) walk(path, depth + 1);
      }
    };
    walk('/', 0);
    return out;
  }
}

/** Every file under root, read breadth first (for filtering by name). */
export async function walkAll(
  machine: TreeMachine,
  root = '/',
  limit = 200_000,
): Promise<TreeRow[]> {
  const out: TreeRow[] = [];
  let level = [root];
  let depth = 0;
  while (level.length && out.length < limit) {
    const next: string[] = [];
    const listed = await Promise.all(
      level.map((dir) =>
        machine.readDir(dir).then(
          (e) => [dir, e] as const,
          () => [dir, []] as const,
        ),
      ),
    );
    for (const [dir, entries] of listed) {
      for (const entry of entries) {
        const path = join(dir, entry.name);
        out.push({ path, name: entry.name, depth, entry, expanded: false });
        if (entry.kind === 'directory') next.push(path);
      }
    }
    level = next;
    depth++;
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
