// For test/clang/*.test.ts: native gcc's answers on the same headers and flags,
// computed at test time. GET /__gcc/<archive path in the repo>?fields=<json>
// extracts the archive with GNU tar (once per archive), compiles
// test/clang/probe.c (or, with ?fields, one sizeof/offsetof per field) with
// BCC's flags, and answers { name: value } from the assembly's .long lines.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const trees = new Map();

function extract(archive) {
  if (trees.has(archive)) return trees.get(archive);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kh-gcc-'));
  execFileSync('tar', ['-xJf', archive, '-C', dir]);
  trees.set(archive, dir);
  return dir;
}

/** BCC's flags for gcc (bcc kbuild_helper.cc): the same -I list, kconfig.h, defines. */
function flags(root) {
  const a = `${root}/arch/x86`;
  const dirs = [
    `${a}/include`,
    `${a}/include/generated`,
    `${root}/include`,
    `${a}/include/uapi`,
    `${a}/include/generated/uapi`,
    `${root}/include/uapi`,
    `${root}/include/generated/uapi`,
  ];
  return [
    '-nostdinc',
    ...dirs.flatMap((d) => ['-I', d]),
    '-include',
    `${root}/include/linux/kconfig.h`,
    '-D__KERNEL__',
    '-D__BPF_TRACING__',
    '-D__HAVE_BUILTIN_BSWAP16__',
    '-D__HAVE_BUILTIN_BSWAP32__',
    '-D__HAVE_BUILTIN_BSWAP64__',
  ];
}

export function gccValues(archive, source) {
  const root = extract(archive);
  const src = path.join(root, `probe-${process.pid}-${Date.now()}.c`);
  writeFileSync(src, source);
  const asm = execFileSync('gcc', [...flags(root), '-w', '-O0', '-S', '-o', '-', src], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const values = {};
  for (const m of asm.matchAll(/^(\w+):\n(?:\s+\.[a-z]+[^\n]*\n)*?\s+\.long\s+(-?\d+)/gm))
    values[m[1]] = Number(m[2]);
  return values;
}

export async function gccOffsets(ctx, next) {
  const m = /^\/__gcc\/(.+)$/.exec(ctx.path);
  if (!m) return next();
  const archive = path.resolve(m[1]);
  if (!archive.startsWith(process.cwd() + path.sep) || !existsSync(archive))
    return void (ctx.status = 404);
  let source = readFileSync('test/clang/probe.c', 'utf8');
  if (ctx.query.struct) {
    // One sizeof and one offsetof per named field of the struct.
    const s = String(ctx.query.struct);
    const fields = JSON.parse(String(ctx.query.fields ?? '[]'));
    source =
      '#include <linux/sched.h>\n#include <linux/fs.h>\n' +
      fields
        .map(
          (f, i) =>
            `int size_${i} = sizeof(((struct ${s} *)0)->${f});\nint offset_${i} = __builtin_offsetof(struct ${s}, ${f});\n`,
        )
        .join('') +
      `int size_all = sizeof(struct ${s});\n`;
  }
  ctx.body = gccValues(archive, source);
}
