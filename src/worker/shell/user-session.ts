/**
 * Shells started by `su`: each is a new shell on top of the one that ran
 * su, as another user, with its own directory and variables; its `exit`
 * ends it and the shell below comes back as it was. What util-linux su
 * sets (su-common.c, modify_environment): without `-`, HOME and SHELL, and
 * USER and LOGNAME for a user other than root, the directory unchanged;
 * with `-` (a login shell), a fresh environment with only TERM kept, PATH
 * from login.defs (ENV_PATH for users, ENV_SUPATH for root), the directory
 * the user's home.
 */
import { ROOT, type Account, type Credentials } from '../kernel/users';

/** What a session is: the interpreter state's directory and variables. */
export interface SessionState {
  cwd: string;
  env: Map<string, string>;
  [field: string]: unknown;
}

/** login.defs in Debian 12: ENV_SUPATH and ENV_PATH. */
const SUPATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const USERPATH = '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games';

interface Saved {
  cwd: string;
  env: Map<string, string>;
  login: boolean;
}

export class UserSession {
  private readonly saved: Saved[] = [];
  /** A `su` that ran in this line: the new shell starts when the line ends. */
  pending: { account: Account; login: boolean } | undefined;

  constructor(readonly creds: Credentials) {}

  /** Starts `account`'s shell over the current one. */
  enter(state: SessionState, account: Account, login: boolean): void {
    this.saved.push({ cwd: state.cwd, env: new Map(state.env), login });
    this.creds.push(account);
    const env = login ? new Map<string, string>() : state.env;
    if (login) {
      for (const k of ['TERM', 'LANG', 'HOSTNAME'])
        if (state.env.has(k)) env.set(k, state.env.get(k)!);
      env.set('PATH', account.uid === 0 ? SUPATH : USERPATH);
    }
    env.set('HOME', account.home);
    env.set('SHELL', account.shell);
    if (login || account.uid !== 0) {
      env.set('USER', account.name);
      env.set('LOGNAME', account.name);
    }
    state.env = env;
    if (login) state.cwd = account.home;
    env.set('PWD', state.cwd);
    state.virtualUid = account.uid;
    state.virtualGid = account.gid;
  }

  /** Ends the top shell started by su; what bash says as it goes ("exit", or "logout" for a login shell). */
  leave(state: SessionState): string | undefined {
    const back = this.saved.pop();
    if (!back || !this.creds.pop()) return undefined;
    state.cwd = back.cwd;
    state.env = back.env;
    state.virtualUid = this.creds.uid;
    state.virtualGid = this.creds.gid;
    return back.login ? 'logout\n' : 'exit\n';
  }

  /** Back to root's login shell alone (a restored machine, a lesson step that starts over). */
  reset(state: SessionState): void {
    while (this.leave(state) !== undefined);
    this.creds.reset(ROOT);
    state.virtualUid = 0;
    state.virtualGid = 0;
  }

  get depth(): number {
    return this.saved.length;
  }
}
