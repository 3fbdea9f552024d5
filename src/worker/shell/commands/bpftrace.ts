/**
 * bpftrace, as far as kernel headers go. From 0.21 (2024, after
 * CVE-2024-2313) bpftrace no longer unpacks /sys/kernel/kheaders.tar.xz
 * itself: it looks in BPFTRACE_KERNEL_SOURCE / BPFTRACE_KERNEL_BUILD, else
 * /lib/modules/<release>/{source,build}, and when a program needs headers
 * that are not there it warns and shows how to unpack kheaders by hand
 * (bpftrace src/main.cc, get_kernel_dirs in src/utils.cpp). Nothing runs:
 * the machine has no BPF, and says so once the headers are found.
 */
import type { Command } from 'just-bash';
import { fail, ok, resolve, type MachineServices, command } from '../command-kit';

const VERSION = 'bpftrace v0.21.2';

export function bpftrace({ kernel }: MachineServices): Command {
  return command('bpftrace', async (args, ctx) => {
    if (args.includes('--version') || args.includes('-V')) return ok(`${VERSION}\n`);
    const e = args.indexOf('-e');
    let program: string | undefined = e >= 0 ? args[e + 1] : undefined;
    const file = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-e');
    if (program === undefined && file) {
      try {
        program = await ctx.fs.readFile(resolve(ctx, file));
      } catch {
        return fail(`ERROR: failed to open file '${file}': No such file or directory\n`);
      }
    }
    if (program === undefined) {
      return fail(
        "USAGE:\n    bpftrace [options] filename\n    bpftrace [options] - <stdin input>\n    bpftrace [options] -e 'program'\n",
      );
    }
    const rel = kernel.artifacts.manifest.release;
    const isDir = async (p: string | undefined): Promise<string> => {
      if (!p) return '';
      try {
        return (await ctx.fs.stat(resolve(ctx, p))).isDirectory ? p : '';
      } catch {
        return '';
      }
    };
    const ksrc = await isDir(ctx.env.get('BPFTRACE_KERNEL_SOURCE') ?? `/lib/modules/${rel}/source`);
    const kobj = await isDir(
      ctx.env.get('BPFTRACE_KERNEL_BUILD') ?? (ksrc || `/lib/modules/${rel}/build`),
    );
    const include = /#include\s*<([^>]+)>/.exec(program)?.[1];
    if (include && !ksrc && !kobj) {
      return fail(
        `definitions.h:1:10: fatal error: '${include}' file not found\n` +
          `WARNING: Could not find kernel headers in ${ksrc} / ${kobj}. To specify a particular path to kernel headers, ` +
          'set the env variables BPFTRACE_KERNEL_SOURCE and, optionally, BPFTRACE_KERNEL_BUILD if the kernel was built ' +
          'in a different directory than its source. You can also point the variable to a directory with built-in ' +
          'headers extracted from the following snippet:\n' +
          'modprobe kheaders && tar -C <directory> -xf /sys/kernel/kheaders.tar.xz\n',
      );
    }
    const where = ksrc || kobj;
    return fail(
      `bpftrace: this playground's kernel runs no BPF programs${where ? ` (the headers in ${where} would have been used)` : ''}\n`,
    );
  });
}
