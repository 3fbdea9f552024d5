/**
 * `kh-other-machine`: the second kernel's archive (same source, another
 * config; scripts/setup/other-kernel.mjs) copied onto this machine, as if
 * taken from that machine's /sys/kernel/kheaders.tar.xz, so both trees can
 * be extracted side by side and one command line compiled against each.
 */
import type { Command } from 'just-bash';
import { command, fail, ok, type MachineServices } from '../command-kit';

export const OTHER_ARCHIVE = '/tmp/other-machine/kheaders.tar.xz';

export function otherMachineCommand({ kernel }: MachineServices): Command {
  return command('kh-other-machine', async (args, ctx) => {
    const other = kernel.artifacts.manifest.other;
    if (!other)
      return fail(
        'kh-other-machine: this build has no second kernel (manifest.json has no "other")\n',
      );
    const base = kernel.artifacts.baseUrl ?? new URL('/public/kernel/', self.location.href).href;
    const url = new URL(other.kheaders.path, base);
    let bytes: Uint8Array;
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
      bytes = new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      return fail(
        `kh-other-machine: cannot fetch ${url.href}: ${err instanceof Error ? err.message : String(err)}\n`,
      );
    }
    if (bytes.length !== other.kheaders.bytes) {
      return fail(
        `kh-other-machine: ${url.href} has ${bytes.length} bytes, manifest.json says ${other.kheaders.bytes}\n`,
      );
    }
    const to = args[0] ? ctx.fs.resolvePath(ctx.cwd, args[0]) : OTHER_ARCHIVE;
    await ctx.fs.mkdir(to.slice(0, to.lastIndexOf('/')) || '/', { recursive: true });
    await ctx.fs.writeFile(to, bytes);
    const delta = Object.entries(other.configDelta)
      .map(([k, v]) => (v === 'n' ? `# CONFIG_${k} is not set` : `CONFIG_${k}=${v}`))
      .join(', ');
    return ok(
      `${to}: the other machine's kheaders.tar.xz (release ${other.release}, ${bytes.length} bytes)\nits config differs from this machine's: ${delta}\n`,
    );
  });
}
