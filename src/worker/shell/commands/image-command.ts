/**
 * `kh-image`: which Debian packages' programs this machine has, for the
 * lesson steps that play a container image built without some of them
 * (bcc #3819 and #4410: no kmod; kubectl-trace #120: no xz-utils). A
 * program is there when its file is in /usr/bin, as bash looks it up;
 * `kh-image --without kmod xz-utils` removes those files, `kh-image`
 * alone puts every one back. Ours, not a Debian tool: the line says so.
 */
import type { Command } from 'just-bash';
import { IMAGE_PACKAGES } from '../../../common/machine-image';
import { command, fail, ok, type CommandCtx, type MachineServices } from '../command-kit';

/** The programs each package puts in /usr/bin (Debian 12's kmod and xz-utils, the ones this machine has). */
const PACKAGES = IMAGE_PACKAGES;

const BIN = '/usr/bin';

/** The packages whose programs are missing from /usr/bin, in PACKAGES' order. */
export async function absentPackages(fs: CommandCtx['fs']): Promise<string[]> {
  const out: string[] = [];
  for (const [pkg, progs] of Object.entries(PACKAGES))
    if (!(await fs.exists(`${BIN}/${progs[0]}`))) out.push(pkg);
  return out;
}

export function imageCommand({ creds }: MachineServices): Command {
  return command('kh-image', async (args, ctx) => {
    const without = args[0] === '--without' ? args.slice(1) : [];
    if (args.length && args[0] !== '--without')
      return fail(
        `kh-image: usage: kh-image [--without PACKAGE...] (${Object.keys(PACKAGES).join(', ')})\n`,
        2,
      );
    const unknown = without.find((p) => !PACKAGES[p]);
    if (unknown)
      return fail(
        `kh-image: no package ${unknown} here (known: ${Object.keys(PACKAGES).join(', ')})\n`,
        2,
      );
    if (creds && !creds.privileged) return fail('kh-image: only root changes the image\n');
    let said = '';
    for (const [pkg, progs] of Object.entries(PACKAGES)) {
      const drop = without.includes(pkg);
      for (const p of progs) {
        const file = `${BIN}/${p}`;
        if (drop) await ctx.fs.rm(file, { force: true });
        else if (!(await ctx.fs.exists(file))) await ctx.fs.writeFile(file, '');
        if (!drop) await ctx.fs.chmod(file, 0o755);
      }
      said += `${pkg}: ${drop ? 'not installed' : 'installed'} (${progs.join(' ')})\n`;
    }
    return ok(
      `${said}(kh-image is the playground's: it plays an image built with or without these packages)\n`,
    );
  });
}
