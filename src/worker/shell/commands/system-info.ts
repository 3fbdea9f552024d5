/**
 * uname, dmesg and free: coreutils/procps/util-linux output shapes, with
 * the numbers read from the kernel state. (mktemp is just-bash's own since
 * 3.6, on the mount table's createExclusive.)
 */
import type { Command } from 'just-bash';
import { HOSTNAME, bootLog, utsVersion } from '../../kernel/kernel-text';
import { fail, ok, type MachineServices, command } from '../command-kit';

const UNAME_ORDER = 'snrvmpio';

export function systemInfo({ kernel }: MachineServices): Command[] {
  const m = kernel.artifacts.manifest;

  const uname = command('uname', async (args) => {
    const long: Record<string, string> = {
      '--all': 'a',
      '--kernel-name': 's',
      '--nodename': 'n',
      '--kernel-release': 'r',
      '--kernel-version': 'v',
      '--machine': 'm',
      '--processor': 'p',
      '--hardware-platform': 'i',
      '--operating-system': 'o',
    };
    const want = new Set<string>();
    for (const a of args) {
      if (long[a]) want.add(long[a]!);
      else if (/^-[asnrvmpio]+$/.test(a)) for (const c of a.slice(1)) want.add(c);
      else if (a.startsWith('--')) {
        return fail(
          `uname: unrecognized option '${a}'\nTry 'uname --help' for more information.\n`,
        );
      } else if (a.startsWith('-') && a !== '-') {
        const c = [...a.slice(1)].find((x) => !'asnrvmpio'.includes(x));
        return fail(`uname: invalid option -- '${c}'\nTry 'uname --help' for more information.\n`);
      } else {
        return fail(`uname: extra operand '${a}'\nTry 'uname --help' for more information.\n`);
      }
    }
    const fields: Record<string, string> = {
      s: 'Linux',
      n: HOSTNAME,
      r: m.release,
      v: utsVersion(m),
      m: m.arch,
      p: 'unknown',
      i: 'unknown',
      o: 'GNU/Linux',
    };
    if (want.size === 0) want.add('s');
    // -a omits -p and -i when they are unknown (coreutils uname.c).
    const order = want.has('a') ? 'snrvmo' : UNAME_ORDER;
    const out = [...order].filter((c) => want.has('a') || want.has(c)).map((c) => fields[c]);
    return ok(`${out.join(' ')}\n`);
  });

  const dmesg = command('dmesg', async (args) => {
    const bad = args.find(
      (a) => !['-T', '-H', '--color=never', '-k', '-x', '-L', '--nopager'].includes(a),
    );
    if (bad) {
      return fail(
        bad.startsWith('--')
          ? `dmesg: unrecognized option '${bad}'\nTry 'dmesg --help' for more information.\n`
          : `dmesg: invalid option -- '${bad[1] ?? ''}'\nTry 'dmesg --help' for more information.\n`,
      );
    }
    return ok(bootLog(m, kernel.memory().totalKb));
  });

  const free = command('free', async (args) => {
    let unit = 1; // kibibytes
    let human = false;
    for (const a of args) {
      if (a === '-k' || a === '--kibi') unit = 1;
      else if (a === '-m' || a === '--mebi') unit = 1024;
      else if (a === '-g' || a === '--gibi') unit = 1024 * 1024;
      else if (a === '-h' || a === '--human') human = true;
      else if (a === '-w' || a === '--wide' || a === '-t') continue;
      else {
        return fail(
          `free: ${a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a[1] ?? ''}'`}\n\nUsage:\n free [options]\n`,
        );
      }
    }
    const mem = kernel.memory();
    const buffCache = mem.buffersKb + mem.cachedKb + mem.sReclaimableKb;
    const used = mem.totalKb - mem.freeKb - buffCache;
    const fmt = (kb: number): string => {
      if (!human) return String(Math.floor(kb / unit));
      const units = ['Ki', 'Mi', 'Gi', 'Ti'];
      let v = kb;
      let i = 0;
      while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
      }
      return i === 0 ? `${v}Ki` : `${v < 10 ? v.toFixed(1) : Math.round(v)}${units[i]}`;
    };
    const row = (label: string, cols: number[]): string =>
      `${label.padEnd(9)}${cols.map((c, i) => (i === 0 ? fmt(c).padStart(11) : ` ${fmt(c).padStart(11)}`)).join('')}\n`;
    return ok(
      '               total        used        free      shared  buff/cache   available\n' +
        row('Mem:', [mem.totalKb, used, mem.freeKb, mem.shmemKb, buffCache, mem.availableKb]) +
        row('Swap:', [0, 0, 0]),
    );
  });

  return [uname, dmesg, free];
}
