/**
 * The machine's identifier indexes, one per header tree, built on first use
 * and dropped when a file under that tree is written (an extraction over
 * it, a `rm -r`): the next lookup builds it again.
 */
import type { IFileSystem } from 'just-bash';
import { conditionalMap, type ConditionalMap } from './conditional-blocks';
import { parseAutoconf, type KernelConfigValues } from './kconfig-eval';
import { SymbolIndex } from './symbol-index';
import { regularFiles, treeRootOf } from './tree-reader';

export const AUTOCONF = 'include/generated/autoconf.h';

export class TreeIndexes {
  private readonly built = new Map<string, Promise<SymbolIndex>>();
  private readonly configs = new Map<string, Promise<KernelConfigValues | undefined>>();

  constructor(private readonly fs: () => IFileSystem) {}

  /** The tree's index, building it (in slices) the first time. */
  index(root: string): Promise<SymbolIndex> {
    let p = this.built.get(root);
    if (!p) {
      p = this.build(root);
      this.built.set(root, p);
      p.catch(() => this.built.delete(root));
    }
    return p;
  }

  /** Whether the tree's index is ready now (no build is started). */
  has(root: string): boolean {
    return this.built.has(root);
  }

  private async build(root: string): Promise<SymbolIndex> {
    const fs = this.fs();
    const st = await fs.stat(root).catch(() => undefined);
    if (!st?.isDirectory) throw new Error(`${root}: not a directory of headers`);
    const paths = (await regularFiles(fs, root)).filter((p) => p.endsWith('.h'));
    if (!paths.length) throw new Error(`${root}: no .h files under it`);
    return SymbolIndex.build({ paths, read: (p) => fs.readFileBuffer(`${root}/${p}`) });
  }

  /** The config of the tree a file is in (its include/generated/autoconf.h), if it has one. */
  config(root: string): Promise<KernelConfigValues | undefined> {
    let p = this.configs.get(root);
    if (!p) {
      p = this.fs()
        .readFile(`${root}/${AUTOCONF}`)
        .then(parseAutoconf, () => undefined);
      this.configs.set(root, p);
    }
    return p;
  }

  /** A header's #if branches under its own tree's config. */
  async conditionals(path: string): Promise<ConditionalMap & { root: string }> {
    const root = treeRootOf(path);
    if (!root)
      throw new Error(`${path}: not inside a kernel header tree (no include/ or arch/ above it)`);
    const config = await this.config(root);
    if (!config) throw new Error(`${root}/${AUTOCONF}: missing, so this tree's config is unknown`);
    const text = await this.fs().readFile(path, 'latin1');
    return { ...conditionalMap(text, config), root };
  }

  /** A write under a tree makes its index and config stale. */
  invalidate(path: string): void {
    for (const root of [...this.built.keys(), ...this.configs.keys()]) {
      if (path === root || path.startsWith(`${root}/`) || root.startsWith(`${path}/`)) {
        this.built.delete(root);
        this.configs.delete(root);
      }
    }
  }
}
