/**
 * Who you are on this machine: root (uid 0, gid 0), as the prompt says, on
 * the host the prompt and `uname -n` name. coreutils' id, whoami, groups
 * and hostname's output shapes.
 */
import type { Command } from 'just-bash';
import { HOSTNAME } from '../../kernel/kernel-text';
import { fail, ok, command } from '../command-kit';

const usage = (tool: string, a: string): string =>
  `${tool}: ${a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a[1] ?? ''}'`}\nTry '${tool} --help' for more information.\n`;

export function identity(): Command[] {
  const whoami = command('whoami', async (args) => {
    if (args[0]?.startsWith('-')) return fail(usage('whoami', args[0]));
    if (args.length)
      return fail(
        `whoami: extra operand '${args[0]}'\nTry 'whoami --help' for more information.\n`,
      );
    return ok('root\n');
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
    const unknown = names.find((n) => n !== 'root' && n !== '0');
    if (unknown) return fail(`id: '${unknown}': no such user\n`);
    if (name && !field) {
      return fail(
        `id: printing only names or real IDs requires -u, -g, or -G\nTry 'id --help' for more information.\n`,
      );
    }
    if (field) return ok(name ? 'root\n' : '0\n');
    return ok('uid=0(root) gid=0(root) groups=0(root)\n');
  });

  const groups = command('groups', async () => ok('root\n'));

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
