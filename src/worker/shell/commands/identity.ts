/**
 * Who you are on this machine: root (uid 0, gid 0) at first, the student
 * after `su student` (kernel/users.ts), on the host the prompt and
 * `uname -n` name. coreutils' id, whoami, groups and hostname's output shapes.
 */
import type { Command } from 'just-bash';
import { HOSTNAME } from '../../kernel/kernel-text';
import { findAccount, type Credentials } from '../../kernel/users';
import { fail, ok, command } from '../command-kit';

const usage = (tool: string, a: string): string =>
  `${tool}: ${a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a[1] ?? ''}'`}\nTry '${tool} --help' for more information.\n`;

export function identity(creds: Credentials): Command[] {
  const whoami = command('whoami', async (args) => {
    if (args[0]?.startsWith('-')) return fail(usage('whoami', args[0]));
    if (args.length)
      return fail(
        `whoami: extra operand '${args[0]}'\nTry 'whoami --help' for more information.\n`,
      );
    return ok(`${creds.current.name}\n`);
  });

  const id = command('id', async (args) => {
    const names: string[] = [];
    let field = '';
    let name = false;
    for (const a of args) {
      if (/^-[ugGnr]+$/.test(a)) {
        for (const c of a.slice(1)) {
          if (c === 'n') name = true;
          else if (c !== 'r') field = c;
        }
      } else if (a.startsWith('-')) return fail(usage('id', a));
      else names.push(a);
    }
    const unknown = names.find((n) => !findAccount(n));
    if (unknown) return fail(`id: '${unknown}': no such user\n`);
    const who = names.length ? findAccount(names[0]!)! : creds.current;
    if (name && !field) {
      return fail(
        `id: printing only names or real IDs requires -u, -g, or -G\nTry 'id --help' for more information.\n`,
      );
    }
    if (field === 'u') return ok(name ? `${who.name}\n` : `${who.uid}\n`);
    if (field) return ok(name ? `${who.group}\n` : `${who.gid}\n`);
    return ok(
      `uid=${who.uid}(${who.name}) gid=${who.gid}(${who.group}) groups=${who.gid}(${who.group})\n`,
    );
  });

  const groups = command('groups', async () => ok(`${creds.current.group}\n`));

  const hostname = command('hostname', async (args) => {
    if (
      args.length &&
      args[0]!.startsWith('-') &&
      !['-s', '--short', '-f', '--fqdn'].includes(args[0]!)
    ) {
      return fail(usage('hostname', args[0]!));
    }
    if (args.length && !args[0]!.startsWith('-')) {
      return fail(`hostname: the playground keeps its host name (${HOSTNAME})\n`);
    }
    return ok(`${HOSTNAME}\n`);
  });

  return [whoami, id, groups, hostname];
}
