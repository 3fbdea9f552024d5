/**
 * kmod's tools over the simulated kernel, with kmod's messages and exit
 * codes (kmod 30, Debian bookworm). Loading and unloading print nothing,
 * and leave nothing in the kernel log: kernel/kheaders.c has no printk.
 */
import type { Command } from 'just-bash';
import type { ModuleName } from '../../../shared/worker-api';
import { MODULE_NAMES, isModuleName } from '../../kernel/module-registry';
import { modinfoStrings } from '../../kernel/module-object';
import { procModules } from '../../vfs/procfs';
import { modulePath } from '../../vfs/lib-modules';
import { fail, ok, resolve, type MachineServices, command } from '../command-kit';

/**
 * getopt's complaint, under the name the tool was run as. kmod 30's tools
 * return at once on '?' (their "unexpected getopt_long() value" line is for
 * options they declare but do not handle), so nothing follows it.
 */
function badOption(tool: string, arg: string): string {
  const what = arg.startsWith('--')
    ? `unrecognized option '${arg}'`
    : `invalid option -- '${arg[1] ?? ''}'`;
  return `${tool}: ${what}\n`;
}

/** A module name from a name or a path to its .ko. */
function nameOf(arg: string): string {
  return (arg.split('/').pop() ?? arg).replace(/\.ko(\.xz|\.zst|\.gz)?$/, '').replace(/-/g, '_');
}

function splitFlags(
  args: string[],
  known: string,
): { flags: Set<string>; rest: string[]; bad?: string } {
  const flags = new Set<string>();
  const rest: string[] = [];
  const long: Record<string, string> = {
    remove: 'r',
    quiet: 'q',
    verbose: 'v',
    'dry-run': 'n',
    all: 'a',
    force: 'f',
  };
  for (const a of args) {
    if (a.startsWith('--') && a.length > 2) {
      const f = long[a.slice(2)];
      if (!f || !known.includes(f)) return { flags, rest, bad: a };
      flags.add(f);
    } else if (a.startsWith('-') && a.length > 1 && rest.length === 0) {
      for (const c of a.slice(1)) {
        if (!known.includes(c)) return { flags, rest, bad: `-${c}` };
        flags.add(c);
      }
    } else rest.push(a);
  }
  return { flags, rest };
}

/**
 * What init_module and delete_module return without CAP_SYS_MODULE (EPERM),
 * worded as kmod 30 words it: the tool's own ERR line, and for removal
 * libkmod's too, which Debian builds with its file and line
 * (libkmod/libkmod-module.c:856, kmod_module_remove_module).
 */
const EPERM = 'Operation not permitted';
const libkmodRemove = (tool: string, name: string): string =>
  `${tool}: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove '${name}': ${EPERM}\n`;

export function moduleTools({ kernel, creds }: MachineServices): Command[] {
  const lib = (): string => `/lib/modules/${kernel.release}`;
  const privileged = (): boolean => creds?.privileged ?? true;

  const modprobe = command('modprobe', async (args) => {
    const { flags, rest, bad } = splitFlags(args, 'rqvnaf');
    if (bad) return fail(badOption('modprobe', bad));
    if (rest.length === 0) return fail('modprobe: ERROR: missing parameters. See -h.\n');
    const names = flags.has('a') || flags.has('r') ? rest : rest.slice(0, 1);
    const quiet = flags.has('q');
    let err = '';
    for (const name of names.map(nameOf)) {
      if (!isModuleName(name)) {
        if (!quiet) err += `modprobe: FATAL: Module ${name} not found in directory ${lib()}\n`;
        return fail(err);
      }
      if (flags.has('r')) {
        const status = kernel.modules.status(name);
        if (status === 'builtin')
          return fail(`${err}modprobe: FATAL: Module ${name} is builtin.\n`);
        if (status === 'absent') return fail(`${err}modprobe: FATAL: Module ${name} not found.\n`);
        if (status === 'unloaded')
          return fail(`${err}modprobe: FATAL: Module ${name} is not in kernel.\n`);
        if (!flags.has('n') && !privileged()) return fail(err + libkmodRemove('modprobe', name));
        if (!flags.has('n')) kernel.unload(name);
      } else {
        const status = kernel.modules.status(name);
        if (status === 'absent') {
          if (!quiet) err += `modprobe: FATAL: Module ${name} not found in directory ${lib()}\n`;
          return fail(err);
        }
        if (flags.has('v') && status === 'unloaded')
          err += `insmod ${lib()}/${modulePath(name)} \n`;
        // init_module refuses a caller without CAP_SYS_MODULE before it reads anything.
        if (status === 'unloaded' && !flags.has('n') && !privileged())
          return fail(`${err}modprobe: ERROR: could not insert '${name}': ${EPERM}\n`);
        // Loading reads the .ko, which holds the payload: it waits for the bytes to arrive.
        if (!flags.has('n') && status === 'unloaded') await kernel.payloads();
        if (!flags.has('n')) kernel.load(name);
      }
    }
    return { stdout: err, stderr: '', exitCode: 0 };
  });

  const insmod = command('insmod', async (args, ctx) => {
    const { rest, bad } = splitFlags(args, 'fsvp');
    if (bad) return fail(badOption('insmod', bad));
    const file = rest[0];
    if (!file) return fail('insmod: ERROR: missing filename.\n');
    const path = resolve(ctx, file);
    if (!(await ctx.fs.exists(path))) {
      return fail(`insmod: ERROR: could not load module ${file}: No such file or directory\n`);
    }
    const name = nameOf(file);
    const known = MODULE_NAMES.find((n) => path === `${lib()}/${modulePath(n)}`);
    if (!privileged()) return fail(`insmod: ERROR: could not insert module ${file}: ${EPERM}\n`);
    if (!known || !isModuleName(name)) {
      return fail(`insmod: ERROR: could not insert module ${file}: Invalid module format\n`);
    }
    await kernel.payloads();
    const r = kernel.load(known);
    if (r === 'already-loaded' || r === 'builtin') {
      return fail(`insmod: ERROR: could not insert module ${file}: File exists\n`);
    }
    return ok();
  });

  const rmmod = command('rmmod', async (args) => {
    const { rest, bad } = splitFlags(args, 'fsv');
    if (bad) return fail(badOption('rmmod', bad));
    if (rest.length === 0) return fail('rmmod: ERROR: missing module name.\n');
    let err = '';
    for (const name of rest.map(nameOf)) {
      const loaded = isModuleName(name) && kernel.modules.status(name) === 'loaded';
      if (loaded && !privileged()) {
        err += `${libkmodRemove('rmmod', name)}rmmod: ERROR: could not remove module ${name}: ${EPERM}\n`;
        continue;
      }
      const r = isModuleName(name) ? kernel.unload(name) : 'not-loaded';
      if (r === 'builtin') err += `rmmod: ERROR: Module ${name} is builtin.\n`;
      else if (r === 'not-loaded') err += `rmmod: ERROR: Module ${name} is not currently loaded\n`;
    }
    return err ? fail(err) : ok();
  });

  const lsmod = command('lsmod', async (args) => {
    if (args.length > 0) return fail('Usage: lsmod\n');
    // kmod's lsmod.c: "%-19s %8lu  %d" per line, then the holders.
    const lines = procModules(kernel)
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [name, size, used] = l.split(' ');
        return `${name!.padEnd(19)} ${size!.padStart(8)}  ${used}\n`;
      });
    return ok(`Module                  Size  Used by\n${lines.join('')}`);
  });

  const modinfo = command('modinfo', async (args) => {
    const fieldAt = args.findIndex((a) => a === '-F' || a === '--field');
    const field = fieldAt >= 0 ? args[fieldAt + 1] : undefined;
    const rest = args.filter((_, i) => fieldAt < 0 || (i !== fieldAt && i !== fieldAt + 1));
    const bad = rest.find((a) => a.startsWith('-'));
    if (bad) return fail(badOption('modinfo', bad));
    if (rest.length === 0) return fail('modinfo: ERROR: missing module or filename.\n');
    let out = '';
    let err = '';
    for (const arg of rest) {
      const name = nameOf(arg);
      const status = isModuleName(name) ? kernel.modules.status(name) : 'absent';
      if (!isModuleName(name) || status === 'absent') {
        err += `modinfo: ERROR: Module ${arg} not found.\n`;
        continue;
      }
      const rows: [string, string][] =
        status === 'builtin'
          ? [
              ['name', name],
              ['filename', '(builtin)'],
              ...modinfoStrings(kernel, name as ModuleName)
                .filter(([k]) => ['license', 'author', 'description'].includes(k))
                .flatMap(([k, v]): [string, string][] =>
                  k === 'license'
                    ? [
                        [k, v],
                        ['file', `kernel/${name}`],
                      ]
                    : [[k, v]],
                ),
            ]
          : [['filename', `${lib()}/${modulePath(name)}`], ...modinfoStrings(kernel, name)];
      for (const [k, v] of rows) {
        if (field === undefined) out += `${`${k}:`.padEnd(16)}${v}\n`;
        else if (k === field) out += `${v}\n`;
      }
    }
    return { stdout: out, stderr: err, exitCode: err ? 1 : 0 };
  });

  return [modprobe, insmod, rmmod, lsmod, modinfo];
}
