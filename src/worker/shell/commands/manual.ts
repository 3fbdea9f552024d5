/**
 * help and man for the machine's own commands: one line each in `help`,
 * a short page of what the playground's version does in `man <command>`.
 * The words are ours; the options listed are the ones the commands take.
 */
import type { Command } from 'just-bash';
import { fail, ok, command } from '../command-kit';
import { MACHINE_HELP } from '../help-route';

interface Page {
  line: string;
  usage: string;
  options?: [string, string][];
  notes?: string;
}

export const PAGES: Record<string, Page> = {
  modprobe: {
    line: 'load a kernel module (kheaders, configs) by name',
    usage: 'modprobe [-r] [-v] NAME',
    options: [
      ['-r', 'remove the module instead'],
      ['-v', 'print what is done'],
    ],
    notes: 'A module built in (=y) or not built (=n) cannot be loaded; the message is kmod’s.',
  },
  rmmod: { line: 'unload a loaded module', usage: 'rmmod NAME' },
  insmod: {
    line: 'load a module from its .ko file',
    usage: 'insmod /lib/modules/RELEASE/kernel/kernel/NAME.ko',
  },
  lsmod: { line: 'list loaded modules with their size and use count', usage: 'lsmod' },
  modinfo: {
    line: 'show a module’s file, description, author and licence',
    usage: 'modinfo [-F FIELD] NAME',
  },
  xz: {
    line: 'decompress or list .xz files with the kernel’s own xz decoder',
    usage: 'xz -d|-t|-l [-c] [-k] [-f] [-v] FILE...',
    options: [
      ['-d', 'decompress (unxz)'],
      ['-c', 'write to standard output (xzcat)'],
      ['-t', 'test: decode and verify, write nothing'],
      ['-l', 'list streams and blocks from the index; -v and -vv say more'],
      ['-k', 'keep the input file'],
    ],
    notes: 'There is no compressor here: only the decoder from lib/xz.',
  },
  unxz: { line: 'same as xz -d', usage: 'unxz FILE...' },
  xzcat: { line: 'same as xz -dc', usage: 'xzcat FILE...' },
  tar: {
    line: 'list or extract archives, xz and gzip included (GNU tar’s options)',
    usage: 'tar -t|-x [-v] [-J|-z] [-O] [-C DIR] [--strip-components=N] -f ARCHIVE [MEMBER...]',
    options: [
      ['-J, -z', 'filter through xz or gzip; without either tar looks at the data'],
      ['-C DIR', 'extract into DIR'],
      ['-O', 'write members to standard output'],
    ],
    notes: 'Extraction restores each member’s mode and mtime, as GNU tar does.',
  },
  gzip: { line: 'decompress or test gzip data', usage: 'gzip -d|-t [-c] [-k] FILE...' },
  gunzip: { line: 'same as gzip -d', usage: 'gunzip FILE...' },
  zcat: { line: 'write gzip data decompressed (zcat /proc/config.gz)', usage: 'zcat FILE...' },
  zgrep: { line: 'grep inside gzip files', usage: 'zgrep [GREP OPTIONS] PATTERN FILE...' },
  uname: { line: 'print the kernel’s name, release and version', usage: 'uname [-asnrvmo]' },
  dmesg: { line: 'print the kernel log of this boot', usage: 'dmesg' },
  free: { line: 'show memory use, kernel modules included', usage: 'free [-k|-m|-g|-h]' },
  stat: {
    line: 'show a file’s size, blocks, mode, owner and times (GNU format)',
    usage: 'stat [-L] [-c FORMAT | --printf FORMAT] FILE...',
    options: [['-c', '%a %A %b %B %F %g %G %h %i %n %N %s %u %U %x %X %y %Y %z %Z']],
  },
  du: {
    line: 'show disk use as the filesystem counts it (tmpfs: 4 KiB pages)',
    usage: 'du [-s] [-a] [-c] [-h] [-b|--apparent-size] [-d N] FILE...',
  },
  wc: { line: 'count lines, words and bytes', usage: 'wc [-l] [-w] [-c] [-m] [-L] FILE...' },
  uptime: { line: 'how long since this boot (a config change reboots)', usage: 'uptime [-p|-s]' },
  mount: { line: 'list mounted filesystems (from /proc/mounts)', usage: 'mount' },
  ps: { line: 'list processes', usage: 'ps [aux|-ef]' },
  id: { line: 'print your user and group ids (root: 0)', usage: 'id [-u|-g|-G] [-n]' },
  whoami: { line: 'print your user name', usage: 'whoami' },
  hostname: { line: 'print the machine’s name', usage: 'hostname' },
  bpftrace: {
    line: 'what bpftrace 0.21 says about kernel headers (no BPF runs here)',
    usage: 'bpftrace [-e PROGRAM] | --version',
    notes: 'Since 0.21 bpftrace no longer unpacks /sys/kernel/kheaders.tar.xz itself.',
  },
  trap: {
    line: 'set, list or reset a trap (INT runs on Ctrl-C, EXIT on exit)',
    usage: 'trap [-p] [[ACTION] SIGNAL ...]',
    notes:
      'No real signal reaches this shell: DEBUG, ERR and RETURN traps are kept and listed, not run.',
  },
  history: { line: 'list the lines this shell has run', usage: 'history [-c] [N]' },
  diff: {
    line: 'compare two files or trees line by line (GNU diff’s formats)',
    usage: 'diff [-r] [-q] [-N] [-u | -U N] FILE1 FILE2',
    options: [
      ['-r', 'compare directories recursively'],
      ['-u, -U N', 'unified format with 3 (or N) lines of context'],
      ['-q', 'only say whether files differ'],
      ['-N', 'treat a file missing on one side as empty'],
    ],
  },
  'kh-sym': {
    line: 'where a name is defined in a header tree (struct, macro, typedef, function...)',
    usage: 'kh-sym [-r | -s] NAME [TREE]',
    options: [
      ['-r', 'list the lines that mention NAME (references)'],
      ['-s', 'search: names that contain NAME'],
    ],
    notes:
      'The tree’s index is built on first use (about a second for a kheaders tree) and rebuilt after the tree changes. TREE defaults to the tree the shell is in.',
  },
  'kh-ifdef': {
    line: 'which #if/#ifdef blocks of a header this tree’s config compiled in or out',
    usage: 'kh-ifdef [-a] FILE',
    options: [['-a', 'list include guards too']],
    notes:
      'Conditions are evaluated against the tree’s include/generated/autoconf.h. A condition on anything but CONFIG_ options (another macro, __KERNEL__) is reported unknown, never guessed.',
  },
  'kh-diff': {
    line: 'what differs between two header trees: files added, removed, changed',
    usage: 'kh-diff [-l] TREE_A TREE_B',
    options: [['-l', 'list every file, not only the first 40']],
    notes: 'For the lines themselves: diff -u FILE_A FILE_B, or diff -r TREE_A TREE_B.',
  },
  help: { line: 'list these commands', usage: 'help' },
  man: { line: 'show a command’s page', usage: 'man COMMAND' },
};

export function manual(): Command[] {
  const help = command(MACHINE_HELP, async () => {
    const width = Math.max(...Object.keys(PAGES).map((n) => n.length));
    const lines = Object.entries(PAGES).map(([n, p]) => `  ${n.padEnd(width)}  ${p.line}\n`);
    return ok(
      `The machine's own commands:\n${lines.join('')}\n` +
        'The shell (just-bash) adds its builtins and the usual tools: ls, cat, grep, find, sed, awk, head, sort, sha256sum, ...\n' +
        'Type `man COMMAND` for a command’s options.\n',
    );
  });
  const man = command('man', async (args) => {
    const name = args.find((a) => !a.startsWith('-'));
    if (!name) return fail("What manual page do you want?\nFor example, try 'man man'.\n");
    const p = PAGES[name];
    if (!p) return fail(`No manual entry for ${name}\n`, 16);
    let s = `${name.toUpperCase()}\n\nNAME\n       ${name} - ${p.line}\n\nSYNOPSIS\n       ${p.usage}\n`;
    if (p.options?.length) {
      s += '\nOPTIONS\n' + p.options.map(([o, d]) => `       ${o}\n              ${d}\n`).join('');
    }
    if (p.notes) s += `\nNOTES\n       ${p.notes}\n`;
    return ok(s);
  });
  return [help, man];
}
