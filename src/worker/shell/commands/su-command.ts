/**
 * `su [-] [user]`: util-linux su (Debian 12, 2.38). Root becomes anyone
 * without a password; anyone else is asked for the target's password,
 * and root's is not set here, so PAM refuses: "Password: " then
 * "su: Authentication failure", status 1 (what the real su prints with
 * nothing to read, checked in test/fidelity/table.json). The new shell
 * starts when the command line ends and `exit` leaves it (user-session.ts).
 */
import type { Command } from 'just-bash';
import { findAccount, ROOT } from '../../kernel/users';
import { command, fail, ok } from '../command-kit';
import type { UserSession } from '../user-session';

const tryHelp = "Try 'su --help' for more information.\n";

export function suCommand(session: UserSession): Command {
  return command('su', async (args) => {
    let login = false;
    const names: string[] = [];
    for (const a of args) {
      if (a === '-' || a === '-l' || a === '--login') login = true;
      else if (a === '-c' || a.startsWith('--command') || a === '-s' || a === '--shell')
        return fail(
          `su: ${a}: this playground's su starts a shell only; run su, then the command, then exit\n`,
        );
      else if (a.startsWith('--')) return fail(`su: unrecognized option '${a}'\n${tryHelp}`);
      else if (a.startsWith('-')) return fail(`su: invalid option -- '${a[1]}'\n${tryHelp}`);
      else names.push(a);
    }
    const name = names[0] ?? ROOT.name;
    const account = findAccount(name);
    if (!account || String(account.uid) === name)
      return fail(
        `su: user ${name} does not exist or the user entry does not contain all the required fields\n`,
      );
    if (!session.creds.privileged)
      // PAM asks for the password; there is none to give (and root's is not set).
      return fail('Password: su: Authentication failure\n');
    session.pending = { account, login };
    return ok();
  });
}
