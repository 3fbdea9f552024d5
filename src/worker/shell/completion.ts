/**
 * Tab completion at the cursor, as bash with kmod's completion does it: a
 * command name in command position, a module name after modprobe, rmmod or
 * modinfo, and otherwise a path (directories get a slash, dot files only
 * when the word starts with a dot).
 */
import type { DirEntry, ModuleName } from '../../shared/worker-api';
import { MODULE_NAMES } from '../kernel/module-registry';

export interface CompletionSource {
  commandNames: readonly string[];
  loadedModules: () => readonly ModuleName[];
  /** An absolute path for `path` from the shell's working directory. */
  resolve: (path: string) => string;
  readDir: (path: string) => Promise<DirEntry[]>;
}

export interface Completion {
  /** Where the completed word starts in the line. */
  from: number;
  candidates: string[];
}

export async function complete(
  line: string,
  cursor: number,
  src: CompletionSource,
): Promise<Completion> {
  const before = line.slice(0, cursor);
  const from =
    Math.max(before.lastIndexOf(' '), before.lastIndexOf('|'), before.lastIndexOf(';')) + 1;
  const word = before.slice(from);
  const head = before.slice(0, from);
  const firstWord = head.trim() === '' || /[|;&]\s*$/.test(head);
  if (firstWord && !word.includes('/')) {
    return { from, candidates: src.commandNames.filter((c) => c.startsWith(word)) };
  }
  const tool = /(?:^|[|;&]\s*)(modprobe|rmmod|modinfo)(?:\s+-\S+)*\s+$/.exec(head)?.[1];
  if (tool && !word.startsWith('-')) {
    // kmod's bash completion: rmmod offers the loaded modules, modprobe and modinfo the known ones.
    const names = tool === 'rmmod' ? src.loadedModules() : MODULE_NAMES;
    return { from, candidates: names.filter((n) => n.startsWith(word)) };
  }
  const slash = word.lastIndexOf('/');
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
  const prefix = word.slice(slash + 1);
  try {
    const entries = await src.readDir(src.resolve(dirPart || '.'));
    const candidates = entries
      .filter(
        (e) => e.name.startsWith(prefix) && (prefix.startsWith('.') || !e.name.startsWith('.')),
      )
      .map((e) => `${dirPart}${e.name}${e.kind === 'directory' ? '/' : ''}`);
    return { from, candidates };
  } catch {
    return { from, candidates: [] };
  }
}
