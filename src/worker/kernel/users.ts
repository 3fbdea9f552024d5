/**
 * The machine's users and who a command runs as. A Debian box has root and
 * the accounts people log in with; this one has `student` (uid 1000, the
 * first account adduser makes) beside root. Root's password is not set
 * (`*` in /etc/shadow, as on a box installed with sudo in mind), so `su`
 * from the student cannot become root: util-linux su then fails with
 * "su: Authentication failure", and the way back is `exit`.
 */

export interface Account {
  name: string;
  uid: number;
  gid: number;
  /** The primary group's name (Debian's user private groups: the user's own name). */
  group: string;
  home: string;
  shell: string;
  gecos: string;
}

export const ROOT: Account = {
  name: 'root',
  uid: 0,
  gid: 0,
  group: 'root',
  home: '/root',
  shell: '/bin/bash',
  gecos: 'root',
};

export const STUDENT: Account = {
  name: 'student',
  uid: 1000,
  gid: 1000,
  group: 'student',
  home: '/home/student',
  shell: '/bin/bash',
  gecos: 'student',
};

export const ACCOUNTS: readonly Account[] = [ROOT, STUDENT];

/** An account by name or by decimal uid, as id(1) and su(1) accept them. */
export function findAccount(nameOrUid: string): Account | undefined {
  return ACCOUNTS.find((a) => a.name === nameOrUid || String(a.uid) === nameOrUid);
}

/** A uid's name, or the number itself when no account has it (as ls and stat print it). */
export const userName = (uid: number): string =>
  ACCOUNTS.find((a) => a.uid === uid)?.name ?? String(uid);

export const groupName = (gid: number): string =>
  ACCOUNTS.find((a) => a.gid === gid)?.group ?? String(gid);

/** /etc/passwd and /etc/group as adduser leaves them (the lines `getent` would print). */
export const PASSWD = ACCOUNTS.map(
  (a) => `${a.name}:x:${a.uid}:${a.gid}:${a.gecos}:${a.home}:${a.shell}\n`,
).join('');
export const GROUP = ACCOUNTS.map((a) => `${a.group}:x:${a.gid}:\n`).join('');

/**
 * Who runs the shell now: a stack, as nested shells are. `su student`
 * starts the student's shell on top of root's; its `exit` ends it and
 * root's shell, with its directory and variables, is back.
 */
export class Credentials {
  private readonly stack: Account[] = [ROOT];

  get current(): Account {
    return this.stack[this.stack.length - 1]!;
  }

  get uid(): number {
    return this.current.uid;
  }

  get gid(): number {
    return this.current.gid;
  }

  /** CAP_SYS_MODULE, CAP_FOWNER, CAP_DAC_OVERRIDE: all of root's, none of anyone else's. */
  get privileged(): boolean {
    return this.current.uid === 0;
  }

  /** Shells started by su still running above the login shell. */
  get depth(): number {
    return this.stack.length - 1;
  }

  push(account: Account): void {
    this.stack.push(account);
  }

  pop(): Account | undefined {
    return this.stack.length > 1 ? this.stack.pop() : undefined;
  }

  /** Back to a login shell as this account (a restored session, a lesson step). */
  reset(account: Account = ROOT): void {
    this.stack.length = 0;
    this.stack.push(...(account.uid === 0 ? [ROOT] : [ROOT, account]));
  }
}
