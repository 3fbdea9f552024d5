/**
 * The commands run since boot, kept on the page, so a link can rebuild the
 * machine its sender had: every line the terminal ran (typed, from a
 * button, from a link), with the directory it ran in.
 */
import { isPlainCd, onlyPrints, shellQuote } from './command-effects';
import { SESSION_LIMITS, limitName } from './link-limits';

export interface LoggedCommand {
  command: string;
  exitCode: number;
  /** The shell's directory before and after the line ran. */
  cwdBefore: string;
  cwdAfter: string;
}

/** The shell's directory at boot. */
export const HOME = '/root';
/** Exit code of a command that was not found: it changed nothing. */
const NOT_FOUND = 127;

export interface Replay {
  /** The lines to run on a fresh machine, in order. */
  commands: string[];
  /** The directory to end in. */
  cwd: string;
  /** Lines left out because they only printed or were bare `cd`s. */
  dropped: number;
}

export class SessionLog {
  private readonly entries: LoggedCommand[] = [];
  /** Lines not remembered (too long, or past the count): a link cannot rebuild them. */
  lost: string[] = [];

  record(entry: LoggedCommand): void {
    const { maxCommandChars, maxCommands } = SESSION_LIMITS;
    if (entry.command.length > maxCommandChars) {
      this.lost.push(
        `a ${entry.command.length.toLocaleString('en')}-character command (longer than ${limitName('session', 'maxCommandChars', maxCommandChars)})`,
      );
      return;
    }
    if (this.entries.length >= maxCommands) {
      this.lost.push(
        `commands after the first ${limitName('session', 'maxCommands', maxCommands)}`,
      );
      return;
    }
    this.entries.push(entry);
  }

  get commands(): readonly LoggedCommand[] {
    return this.entries;
  }

  /** Whether anything run since boot (or since entry `from`) may have changed the machine (the user's work). */
  changedState(from = 0): boolean {
    return this.entries.slice(from).some((e) => e.exitCode !== NOT_FOUND && !onlyPrints(e.command));
  }

  /** The shortest list of lines that rebuilds the session, ending in cwd. */
  replay(cwd: string): Replay {
    return compact(this.entries, cwd);
  }
}

/**
 * Leaves out lines that only printed, were not found, or only changed
 * directory; puts an absolute `cd` before a line that ran somewhere else
 * than where the replay stands.
 */
export function compact(entries: readonly LoggedCommand[], cwd: string): Replay {
  const commands: string[] = [];
  let at = HOME;
  let dropped = 0;
  for (const e of entries) {
    if (e.exitCode === NOT_FOUND || isPlainCd(e.command) || onlyPrints(e.command)) {
      dropped++;
      continue;
    }
    if (e.cwdBefore !== at) commands.push(`cd ${shellQuote(e.cwdBefore)}`);
    commands.push(e.command);
    at = e.cwdAfter;
  }
  return { commands, cwd, dropped };
}
