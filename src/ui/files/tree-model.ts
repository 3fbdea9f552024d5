/**
 * The file browser's model without the element: which directories are
 * open, what each holds, and the flat list of visible rows that the
 * virtualized view draws. Reads go through the machine's readDir.
 */
import type { DirEntry, MachineApi } from '../../shared/worker-api';

/** What the tree reads of the machine. */
export type TreeMachine = Pick<MachineApi, 'readDir'>;

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
  readonly expanded = new Set<string>(['/']);
  private readonly children = new Map<string, DirEntry[]>();

  constructor(private readonly machine: TreeMachine) {}

  async expand(path: string): Promise<void> {
    this.expanded.add(path);
    await this.load(path);
  }

  collapse(path: string): void {
    this.expanded.delete(path);
  }

  /**
   * Opens every directory on the way to path (for "reveal"), re-reading each
   * so a folder that just appeared (a new mount) is there. A trailing slash
   * opens the last folder too.
   */
  async reveal(path: string): Promise<void> {
    const parts = path.split('/').filter(Boolean);
    const folders = path.endsWith('/') ? parts : parts.slice(0, -1);
    let dir = '/';
    await this.load(dir);
    for (const p of folders) {
      dir = join(dir, p);
      this.expanded.add(dir);
      await this.load(dir);
    }
  }

  /**
   * Re-reads every open directory in place. No clearing first: a reveal
   * running beside a refresh (the module's file appearing mid-burst) must
   * not lose the folders it just opened.
   */
  async refresh(): Promise<void> {
    await Promise.all([...this.expanded].map((p) => this.load(p)));
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
