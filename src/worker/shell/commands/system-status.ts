/**
 * uptime (procps-ng 4.0), mount (util-linux) and ps: what a freshly booted
 * Debian 12 guest shows, read from the kernel's boot and /proc/mounts.
 */
import type { Command } from 'just-bash';
import { fail, ok, type MachineServices, command } from '../command-kit';

const two = (n: number): string => String(n).padStart(2, '0');

/** procps' "up 1 day,  3:04" / "up 5 min" / "up 2:07". */
function upFor(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const mins = Math.floor((seconds % 3600) / 60);
  const d = days ? `${days} day${days > 1 ? 's' : ''}, ` : '';
  return `up ${d}${hours ? `${String(hours).padStart(2)}:${two(mins)}` : `${mins} min`}`;
}

/** The few processes a minimal Debian 12 guest runs, and this shell. */
const PROCESSES: [pid: number, tty: string, stat: string, vsz: number, rss: number, cmd: string][] =
  [
    [1, '?', 'Ss', 101_812, 11_204, '/sbin/init'],
    [2, '?', 'S', 0, 0, '[kthreadd]'],
    [3, '?', 'I<', 0, 0, '[rcu_gp]'],
    [12, '?', 'S', 0, 0, '[ksoftirqd/0]'],
    [13, '?', 'I', 0, 0, '[rcu_preempt]'],
    [171, '?', 'Ss', 32_964, 9_480, '/lib/systemd/systemd-journald'],
    [198, '?', 'Ss', 25_476, 6_172, '/lib/systemd/systemd-udevd'],
    [301, '?', 'Ss', 7_044, 2_632, '/usr/sbin/cron -f'],
    [318, 'ttyS0', 'Ss', 8_236, 4_980, '-bash'],
  ];

export function systemStatus({ kernel }: MachineServices): Command[] {
  const uptime = command('uptime', async (args) => {
    const up = kernel.uptimeSeconds();
    if (args.includes('-p') || args.includes('--pretty')) {
      const mins = Math.floor(up / 60);
      return ok(`up ${mins} minute${mins === 1 ? '' : 's'}\n`);
    }
    if (args.length && args[0] !== '-s')
      return fail(`uptime: invalid option -- '${args[0]!.slice(1)}'\n`);
    if (args[0] === '-s') {
      const at = new Date(Date.now() - up * 1000).toISOString();
      return ok(`${at.slice(0, 10)} ${at.slice(11, 19)}\n`);
    }
    const now = new Date();
    const clock = `${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}`;
    return ok(` ${clock} ${upFor(up)},  1 user,  load average: 0.00, 0.00, 0.00\n`);
  });

  const mount = command('mount', async (args, ctx) => {
    if (args.length && !args.every((a) => a === '-l')) {
      return fail(
        'mount: the playground mounts the archives you open in the page, not devices\n',
        32,
      );
    }
    const text = await ctx.fs.readFile('/proc/mounts');
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [src, path, type, opts] = l.split(' ');
        return `${src} on ${path} type ${type} (${opts})\n`;
      });
    return ok(lines.join(''));
  });

  const ps = command('ps', async (args) => {
    const me: (typeof PROCESSES)[number] = [412, 'ttyS0', 'R+', 9_640, 3_312, 'ps'];
    const all = [...PROCESSES, me];
    const bsd = args.some((a) => /^-?a?u?x$|^aux$/.test(a));
    const full = args.some((a) => a === '-ef' || a === '-e' || a === '-A' || a === '-f');
    const time = '00:00:00';
    if (bsd) {
      const head = 'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n';
      return ok(
        head +
          all
            .map(
              ([pid, tty, stat, vsz, rss, cmd]) =>
                `root     ${String(pid).padStart(7)}  0.0  ${(rss / 20480).toFixed(1).padStart(3)} ${String(vsz).padStart(6)} ${String(rss).padStart(5)} ${tty.padEnd(8)} ${stat.padEnd(4)} 13:13   0:00 ${cmd}\n`,
            )
            .join(''),
      );
    }
    if (full) {
      return ok(
        'UID          PID    PPID  C STIME TTY          TIME CMD\n' +
          all
            .map(
              ([pid, tty, , , , cmd]) =>
                `root     ${String(pid).padStart(7)} ${String(pid === 1 || pid === 2 ? 0 : pid < 100 ? 2 : pid === 412 ? 318 : 1).padStart(7)}  0 13:13 ${tty.padEnd(8)} ${time} ${cmd}\n`,
            )
            .join(''),
      );
    }
    const mine = all.filter(([, tty]) => tty === 'ttyS0');
    return ok(
      '    PID TTY          TIME CMD\n' +
        mine
          .map(
            ([pid, tty, , , , cmd]) =>
              `${String(pid).padStart(7)} ${tty.padEnd(8)} ${time} ${cmd.replace(/^-/, '')}\n`,
          )
          .join(''),
    );
  });

  return [uptime, mount, ps];
}
