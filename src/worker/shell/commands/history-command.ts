/**
 * `history` as bash prints it (`%5d  %s`), over the lines this shell ran.
 * just-bash's own history has nothing to list: each exec() is a fresh
 * script. The terminal keeps its own recall list (↑/↓) across reloads;
 * this one is the machine's, and a restart of the machine starts it anew.
 */
import type { Command } from 'just-bash';
import { command, fail, ok } from '../command-kit';

export class HistoryList {
  readonly lines: string[] = [];

  add(line: string): void {
    if (line.trim()) this.lines.push(line);
  }
}

export function historyCommand(history: HistoryList): Command {
  return command('history', async (args) => {
    const [first] = args;
    if (first === '-c') {
      history.lines.length = 0;
      return ok();
    }
    if (first !== undefined && !/^\d+$/.test(first)) {
      return fail(`bash: history: ${first}: numeric argument required\n`);
    }
    const all = history.lines.map((l, i) => `${String(i + 1).padStart(5)}  ${l}\n`);
    return ok((first === undefined ? all : all.slice(-Number(first) || all.length)).join(''));
  });
}
