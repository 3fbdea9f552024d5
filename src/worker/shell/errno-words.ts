/**
 * just-bash's commands print a refused write as Node words it
 * ("touch: cannot touch '/usr/x': EACCES: permission denied, open '/usr/x'");
 * coreutils and bash end the line with strerror's text instead
 * ("touch: cannot touch '/usr/x': Permission denied"). Only the two
 * permission errors, which only the machine's users cause, are rewritten;
 * the machine's own wordings (ENOSPC with its limit) stay.
 */
const STRERROR = { EACCES: 'Permission denied', EPERM: 'Operation not permitted' } as const;
type Code = keyof typeof STRERROR;
/** A redirection's failure is bash's own line: "bash: /etc/x: Permission denied". */
const REDIRECT = /^bash: (EACCES|EPERM): [a-z ]+, \w+ '([^'\n]*)'$/gm;
const IN_MESSAGE = /: (EACCES|EPERM): [a-z ]+, \w+ '[^'\n]*'$/gm;

export function permissionWords(stderr: string): string {
  if (!stderr.includes('EACCES') && !stderr.includes('EPERM')) return stderr;
  return stderr
    .replace(REDIRECT, (_all, code: Code, path: string) => `bash: ${path}: ${STRERROR[code]}`)
    .replace(IN_MESSAGE, (_all, code: Code) => `: ${STRERROR[code]}`);
}
