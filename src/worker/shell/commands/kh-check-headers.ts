/**
 * `kh-check-headers [DIR]`: a header tree (an extracted or dropped
 * kheaders.tar.xz; dropped archives mount under /mnt) checked as BCC would
 * use it, then the probe compiled against it with BCC's flags.
 */
import type { Command } from 'just-bash';
import { bccFlags } from '../../../common/bcc-flags';
import type { FlatFiles } from '../../clang/clang-api';
import { checkHeaders, type HeaderReport } from '../../clang/header-check';
import { command, fail, ok, type MachineServices } from '../command-kit';
import { clangFailure, clangServiceFor, runClangOn } from './clang-command';

const PROBE = '/.kh-check/probe.c';
const FIELDS: [string, string, string][] = [
  [
    'task_pid_offset',
    'offsetof(struct task_struct, pid)',
    '__builtin_offsetof(struct task_struct, pid)',
  ],
  ['task_struct_size', 'sizeof(struct task_struct)', 'sizeof(struct task_struct)'],
  ['file_f_pos_offset', 'offsetof(struct file, f_pos)', '__builtin_offsetof(struct file, f_pos)'],
];
const PROBE_SOURCE =
  '#include <linux/sched.h>\n#include <linux/fs.h>\n' +
  FIELDS.map(([n, , e]) => `int ${n} = ${e};\n`).join('');

/** The probe's compile against a tree at root, as BCC would run it (and clang's warm-up does). */
export function probeCompile(root: string, arch: string): { args: string[]; extra: FlatFiles } {
  return {
    args: [...bccFlags(root, arch), '-w', '-emit-llvm', '-S', PROBE, '-o', '/.kh-check/probe.ll'],
    extra: { [PROBE]: new TextEncoder().encode(PROBE_SOURCE) },
  };
}

function describe(root: string, r: HeaderReport): string[] {
  const lines = [`${root}:`];
  lines.push(`  release: ${r.release ?? 'unknown (no include/generated/utsrelease.h)'}`);
  lines.push(
    `  arch:    ${r.arch ?? 'unknown (no arch/<arch>/include)'}${r.arch ? ' (arch/ and CONFIG_ lines of include/generated/autoconf.h)' : ''}`,
  );
  lines.push('  files BCC reads first:');
  for (const f of r.present) lines.push(`    ok       ${f}`);
  for (const f of r.missing) lines.push(`    MISSING  ${f}`);
  lines.push(
    `  symlinks: ${r.symlinks}, of which ${r.badLinks.length} cannot be followed${r.badLinks.length ? ':' : ''}`,
  );
  for (const l of r.badLinks.slice(0, 20)) lines.push(`    ${l.path} -> ${l.target} (${l.why})`);
  if (r.badLinks.length > 20) lines.push(`    … and ${r.badLinks.length - 20} more`);
  return lines;
}

export function khCheckHeadersCommand(services: MachineServices): Command {
  return command('kh-check-headers', async (args, ctx) => {
    const release = services.kernel.artifacts.manifest.release;
    const root = ctx.fs.resolvePath(ctx.cwd, args[0] ?? `/tmp/kheaders-${release}`);
    if (!(await ctx.fs.exists(root)) || !(await ctx.fs.stat(root)).isDirectory) {
      return fail(
        `kh-check-headers: ${root}: not a directory; extract the archive there first (a dropped archive is mounted under /mnt)\n`,
      );
    }
    const report = await checkHeaders(ctx.fs, root);
    const lines = describe(root, report);
    const probe = probeCompile(root, report.arch ?? 'x86_64');
    try {
      const r = await runClangOn(clangServiceFor(services), ctx, probe.args, probe.extra, true);
      if (r.download) lines.unshift(r.download.trimEnd());
      if (r.exitCode === 0) {
        const ir = r.outputs?.['/.kh-check/probe.ll'] ?? '';
        lines.push("  the probe compiles with BCC's flags:");
        for (const [n, label] of FIELDS)
          lines.push(
            `    ${label} = ${ir.match(new RegExp(`^@${n} = [^\\n]*?global i32 (-?\\d+)`, 'm'))?.[1] ?? '?'}`,
          );
        lines.push('  BCC would use these headers.');
      } else {
        const first = r.stderr.split('\n').find((l) => /error:/.test(l)) ?? r.stderr.trim();
        lines.push(
          `  the probe does not compile with BCC's flags:\n    ${first}`,
          '  BCC would fail the same way.',
        );
      }
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return fail('', 130);
      lines.push(`  the probe was not compiled: ${clangFailure(err).trim()}`);
    }
    const broken = report.missing.length > 0 || report.badLinks.length > 0;
    return broken ? fail('', 1, `${lines.join('\n')}\n`) : ok(`${lines.join('\n')}\n`);
  });
}
