/**
 * `clang`: clang itself (@yowasp/clang, in a worker of its own, loaded on
 * first use) over the machine's filesystem. It reads what the command line
 * names (sources, -I trees, -include files) and writes back what clang
 * wrote (-o). Ctrl-C ends the compile by ending clang's worker.
 */
import type { Command } from 'just-bash';
import { planClang } from '../../clang/clang-args';
import type { FlatFiles } from '../../clang/clang-api';
import { ClangService, gatherFiles, gatherShallow, progressLine } from '../../clang/clang-service';
import { command, fail, type CommandCtx, type MachineServices } from '../command-kit';

/** Why clang could not run, in words; the machine itself is unaffected. */
export function clangFailure(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // TODO(#30): words read at a boundary. The browser's out-of-memory has no
  // code, and clang's worker's errors cross Comlink as message and name only.
  /* eslint-disable kh/error-words -- see above */
  if (/memory|allocat/i.test(msg) || err instanceof RangeError) {
    return `clang: not enough memory in this tab to run the compiler (it needs about 0.5 GB): ${msg}\n`;
  }
  return msg.startsWith('clang:') ? `${msg}\n` : `clang: the compiler stopped: ${msg}\n`;
  /* eslint-enable kh/error-words */
}

export interface ClangRunOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** On the first compile: the download's size, rate and time, one line. */
  download: string;
  /** With capture: what clang wrote, as text, instead of into the machine's files. */
  outputs?: Record<string, string>;
}

/** One clang run over the machine's files: gather, compile, write outputs back. */
export async function runClangOn(
  service: ClangService,
  ctx: Pick<CommandCtx, 'fs' | 'cwd' | 'signal'>,
  argv: string[],
  /** Files that exist only for this compile (a generated probe), by absolute path. */
  extra: FlatFiles = {},
  capture = false,
): Promise<ClangRunOutcome> {
  const plan = planClang(argv, ctx.cwd);
  if (plan.refusal) return { exitCode: 1, stdout: '', stderr: plan.refusal, download: '' };
  // The machine's own arrays, not the copies a command's fs hands out: the
  // service sends clang's worker only the files it does not hold yet.
  const fs = service.machineFiles ?? ctx.fs;
  const generated = (d: string) => Object.keys(extra).some((p) => p.startsWith(`${d}/`));
  // Gathered while clang's worker downloads, on the first compile.
  const files = gatherFiles(
    fs,
    plan.reads.filter((p) => !(p in extra)),
    { ...extra },
  ).then((read) =>
    gatherShallow(
      fs,
      plan.besideInputs.filter((d) => !generated(d)),
      read,
    ),
  );
  let note = '';
  const firstLoad = !service.started;
  let last = '';
  const r = await service.run(
    plan.args,
    files,
    ctx.cwd,
    ctx.signal,
    (p) => (last = progressLine(p)),
  );
  if (firstLoad && service.lastLoad && service.lastLoad.downloadBytes > 0)
    note = `${last}; ready in ${((service.lastLoad.downloadMs + service.lastLoad.instantiateMs) / 1000).toFixed(1)} s\n`;
  if (capture) {
    const text = Object.entries(r.outputs).map(([p, b]) => [p, new TextDecoder().decode(b)]);
    return {
      exitCode: r.exitCode,
      stdout: r.stdout,
      stderr: note + r.stderr,
      download: note,
      outputs: Object.fromEntries(text),
    };
  }
  for (const [path, bytes] of Object.entries(r.outputs)) {
    if (path in extra) continue;
    if (path.startsWith('/tmp/') && !plan.output) continue; // the driver's own scratch files
    await ctx.fs.writeFile(path, bytes);
  }
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: note + r.stderr, download: note };
}

const perMachine = new WeakMap<MachineServices, ClangService>();

/** One clang worker per machine, shared by clang and the commands built on it. */
export function clangServiceFor(services: MachineServices): ClangService {
  let s = perMachine.get(services);
  if (!s) {
    s = new ClangService(
      () => clangAssetBase(services),
      () => services.files,
    );
    perMachine.set(services, s);
  }
  return s;
}

export function clangCommand(services: MachineServices): Command {
  const service = clangServiceFor(services);
  return command('clang', async (args, ctx) => {
    if (args.length === 0) return fail('clang: error: no input files\n');
    try {
      return await runClangOn(service, ctx, args);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return fail('', 130);
      return fail(clangFailure(err));
    }
  });
}

/** The site's clang/ folder: beside kernel/, where setup puts the assets. */
export function clangAssetBase({ kernel }: MachineServices): string {
  const kernelBase =
    kernel.artifacts.baseUrl ?? new URL('/public/kernel/', self.location.href).href;
  return new URL('../clang/', kernelBase).href;
}
