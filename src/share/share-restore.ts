/**
 * Opening a share link: puts the machine and the views into the link's
 * state, in a fixed order so the same link always gives the same screen:
 * archive, config, modules, commands, then the file. Module changes and
 * commands go through the terminal, so the reader sees what was done.
 */
import { sameConfig } from '../common/kernel-config';
import type { MachineApi, MachineState, ModuleName } from '../shared/worker-api';
import type { DemoFacts } from './demo-manifest';
import { SHA_PREFIX, type ArchiveRef, type ShareState } from './share-state';
import { shellQuote } from './command-effects';

/** What restoring a link needs of the machine itself (commands go through the terminal). */
export type RestoreMachine = Pick<MachineApi, 'loadArchive' | 'getState' | 'setConfig'>;

export interface RestoreTarget {
  machine: RestoreMachine;
  /** Runs a command in the terminal, as if typed; resolves to its exit code. */
  execute(command: string): Promise<number>;
  /** Opens a file in the viewer with the given lines selected. */
  openFile(path: string, from: number, to: number): Promise<boolean>;
}

/** Why a link cannot be shown as its sender saw it, or '' when it can. */
export function archiveMismatch(ref: ArchiveRef | undefined, demo: DemoFacts): string {
  if (ref?.kind !== 'demo') return '';
  if (ref.release === demo.release && demo.sha256.startsWith(ref.sha)) return '';
  const here = demo.sha256.slice(0, SHA_PREFIX);
  return `This link was made with a different demo archive (kernel ${ref.release}, sha256 ${ref.sha}…) than this playground's (kernel ${demo.release}, sha256 ${here}…). Its files may differ, so the link's file and commands were not opened.`;
}

/**
 * The module commands that take the machine from its state to the wanted
 * set of loaded modules: unloads first, then loads in the link's order.
 * Built-in and absent modules are left alone (the config decides them).
 */
export function moduleCommands(state: MachineState, wanted: ModuleName[]): string[] {
  const out: string[] = [];
  for (const m of state.modules)
    if (m.status === 'loaded' && !wanted.includes(m.name)) out.push(`rmmod ${m.name}`);
  for (const name of wanted)
    if (state.modules.find((m) => m.name === name)?.status === 'unloaded')
      out.push(`modprobe ${name}`);
  return out;
}

/**
 * What takes the shell back to root's login shell with the link's image
 * before anything else runs: `exit` for each shell su started, then
 * kh-image when the packages it lacks differ (a version 1 link names all
 * it lacks, none when it has no `t`).
 */
export function sessionCommands(state: MachineState, link: ShareState): string[] {
  // A shell not started yet is root's login shell on a full image.
  const s = state.session ?? { user: 'root', shells: 0, absent: [] };
  const out: string[] = Array.from({ length: s.shells }, () => 'exit');
  const want = link.v >= 1 ? (link.absent ?? []) : s.absent;
  if (want.join(',') !== s.absent.join(','))
    out.push(want.length ? `kh-image --without ${want.join(' ')}` : 'kh-image');
  return out;
}

/** Makes the shell run as `user` once the link's commands have run (a login shell, as `su -` gives). */
function userCommands(state: MachineState, user: string | undefined): string[] {
  const now = state.session?.user ?? 'root';
  const want = user ?? 'root';
  if (now === want) return [];
  // From another user, back to root first: a user's su would ask for a password.
  const back =
    now === 'root' ? [] : Array.from({ length: state.session?.shells ?? 0 }, () => 'exit');
  return want === 'root' ? back : [...back, `su - ${want}`];
}

/**
 * Applies a decoded link. Returns a message for the reader when something
 * could not be restored ('' when all went as the link says).
 */
export async function restoreShareState(
  link: ShareState,
  target: RestoreTarget,
  demo: DemoFacts,
): Promise<string> {
  const mismatch = archiveMismatch(link.archive, demo);
  if (mismatch) return mismatch;
  const { machine } = target;
  const problems: string[] = [];
  if (link.archive?.kind === 'url') {
    const url = link.archive.url;
    try {
      await machine.loadArchive({ kind: 'url', url, name: url.slice(url.lastIndexOf('/') + 1) });
    } catch (err) {
      return `The link's archive ${url} could not be opened: ${err instanceof Error ? err.message : String(err)}.`;
    }
  }
  let state = await machine.getState();
  for (const cmd of sessionCommands(state, link)) await target.execute(cmd);
  if (link.config && !sameConfig(state.config, link.config))
    state = await machine.setConfig(link.config);
  // A version 0 link says nothing about modules; a newer one lists all that are loaded.
  if (link.v >= 1)
    for (const cmd of moduleCommands(state, link.modules ?? [])) await target.execute(cmd);
  for (const cmd of link.commands ?? []) await target.execute(cmd);
  if (link.user || link.commands?.some((c) => /^\s*(su|exit)\b/.test(c)))
    for (const cmd of userCommands(await machine.getState(), link.user)) await target.execute(cmd);
  if (link.cwd) await target.execute(`cd ${shellQuote(link.cwd)}`);
  if (link.file) {
    const opened = await target.openFile(link.file, link.from ?? 0, link.to ?? link.from ?? 0);
    if (!opened) problems.push(`${link.file} is not there`);
  }
  return problems.length ? `The link was opened, but ${problems.join('; ')}.` : '';
}

/**
 * What opening the link would run or change on this machine, one line
 * each, for the user to read before saying yes; empty when nothing.
 */
export function planShareState(link: ShareState, state: MachineState): string[] {
  const plan: string[] = [];
  if (link.archive?.kind === 'url') plan.push(`(open the archive ${link.archive.url})`);
  const c = link.config;
  if (c && !sameConfig(state.config, c))
    plan.push(
      `(reboot with CONFIG_IKHEADERS=${c.IKHEADERS}, CONFIG_IKCONFIG=${c.IKCONFIG}, the ${c.era} layout)`,
    );
  plan.push(...sessionCommands(state, link));
  if (link.v >= 1) plan.push(...moduleCommands(state, link.modules ?? []));
  plan.push(...(link.commands ?? []));
  if (link.user) plan.push(`su - ${link.user}`);
  if (link.cwd) plan.push(`cd ${shellQuote(link.cwd)}`);
  return plan;
}
