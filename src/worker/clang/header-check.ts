/**
 * A header tree checked the way BCC would use it (bcc kbuild_helper.cc,
 * loader.cc): which release and architecture it is for, whether the files
 * BCC's flags name are there, and symlinks that lead nowhere or out of the
 * tree (some Android builds ship kheaders.tar.xz with symlinks in place of
 * files; BCC then fails with `'./include/linux/kconfig.h' file not found`).
 */
import type { IFileSystem } from 'just-bash';
import { normalize } from './clang-args';

/** What BCC's command line reads first; without them nothing compiles. */
export const BCC_NEEDS = (srcarch: string): string[] => [
  'include/linux/kconfig.h',
  'include/generated/autoconf.h',
  'include/generated/utsrelease.h',
  `arch/${srcarch}/include/generated/asm/rwonce.h`,
  `arch/${srcarch}/include/generated/uapi/asm/unistd_64.h`,
  `arch/${srcarch}/include/asm/current.h`,
];

export interface BadLink {
  path: string;
  target: string;
  why: 'dangling' | 'absolute' | 'outside the tree';
}

export interface HeaderReport {
  release?: string;
  arch?: string;
  srcarch?: string;
  missing: string[];
  present: string[];
  symlinks: number;
  badLinks: BadLink[];
}

async function text(fs: IFileSystem, path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path);
  } catch {
    return undefined;
  }
}

/** Every symlink under root, and which of them BCC could not follow. */
async function walkLinks(
  fs: IFileSystem,
  root: string,
): Promise<{ count: number; bad: BadLink[] }> {
  let count = 0;
  const bad: BadLink[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const name of (await fs.readdir(dir)).sort()) {
      const path = `${dir}/${name}`;
      const st = await fs.lstat(path);
      if (st.isSymbolicLink) {
        count++;
        const target = await fs.readlink(path);
        const rel = path.slice(root.length + 1);
        const resolved = normalize(dir, target);
        if (target.startsWith('/')) bad.push({ path: rel, target, why: 'absolute' });
        else if (!resolved.startsWith(`${root}/`))
          bad.push({ path: rel, target, why: 'outside the tree' });
        else if (!(await fs.exists(path))) bad.push({ path: rel, target, why: 'dangling' });
      } else if (st.isDirectory) await visit(path);
    }
  };
  await visit(root);
  return { count, bad };
}

export async function checkHeaders(fs: IFileSystem, root: string): Promise<HeaderReport> {
  const uts = await text(fs, `${root}/include/generated/utsrelease.h`);
  const autoconf = (await text(fs, `${root}/include/generated/autoconf.h`)) ?? '';
  const release = uts?.match(/UTS_RELEASE\s+"([^"]*)"/)?.[1];
  let srcarch: string | undefined;
  try {
    srcarch = (await fs.readdir(`${root}/arch`)).find((a) => a !== 'Kconfig');
  } catch {
    srcarch = undefined;
  }
  const arch =
    srcarch === 'x86'
      ? /^#define CONFIG_X86_64 1$/m.test(autoconf)
        ? 'x86_64'
        : 'i386'
      : srcarch === 'arm64'
        ? 'aarch64'
        : srcarch;
  const missing: string[] = [];
  const present: string[] = [];
  for (const f of BCC_NEEDS(srcarch ?? 'x86')) {
    ((await fs.exists(`${root}/${f}`)) ? present : missing).push(f);
  }
  const links = await walkLinks(fs, root);
  return {
    ...(release && { release }),
    ...(arch && { arch }),
    ...(srcarch && { srcarch }),
    missing,
    present,
    symlinks: links.count,
    badLinks: links.bad,
  };
}
