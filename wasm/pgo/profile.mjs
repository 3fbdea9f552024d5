// The profile for the decoder's profile-guided build. The same C as xz.wasm
// (the kernel's lib/xz staged by build.mjs, ../src/xz_glue.c, ../src/checks.c)
// is built natively with clang-14's instrumentation and decodes a training
// archive made here from the kernel source's include/linux, tarred and
// compressed as the kernel's gen_kheaders.sh does (GNU tar, xz's default
// preset). emcc, whose compiler is the same clang-14, then reads the branch
// counts (-fprofile-instr-use). The kernel's code is unchanged; the profile
// only decides how the compiler lays it out. Measured in wasm/README.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installPackages, SetupError } from '../../scripts/setup/tools.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLANG = process.env.CLANG ?? 'clang-14';
const PROFDATA = process.env.LLVM_PROFDATA ?? 'llvm-profdata-14';
/** What brings the two programs and the profiling runtime on Debian. */
const PACKAGES = ['clang-14', 'llvm-14', 'libclang-rt-14-dev'];

/** As gen_kheaders.sh tars the headers: reproducible order and metadata. */
const TAR_FLAGS = ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner'];
const XZ_FLAGS = ['-6', '-T1'];

/** How the training archive is made; part of the build's recipe. */
export const TRAINING = {
  input: 'include/linux of the Linux source',
  tar: `tar ${TAR_FLAGS.join(' ')}`,
  xz: `xz ${XZ_FLAGS.join(' ')} (the default preset, one block, CRC64)`,
};

const runs = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

/** clang's profiling runtime (libclang_rt.profile-ARCH.a), if installed. */
function hasProfileRuntime() {
  const dir = spawnSync(CLANG, ['--print-runtime-dir'], { encoding: 'utf8' }).stdout?.trim();
  return !!dir && existsSync(dir) && readdirSync(dir).some((f) => /^libclang_rt\.profile/.test(f));
}

const ready = () =>
  runs(CLANG, ['--version']) && runs(PROFDATA, ['merge', '--version']) && hasProfileRuntime();

/**
 * Whether a profile can be made here, installing the tools when root on
 * Debian; otherwise the reason, for the one line setup prints.
 */
export function profileTools() {
  if (ready()) return { ok: true };
  try {
    installPackages(PACKAGES);
  } catch (err) {
    if (!(err instanceof SetupError)) throw err;
  }
  if (ready()) return { ok: true };
  return {
    ok: false,
    reason: `needs ${PACKAGES.join(', ')} (CLANG, LLVM_PROFDATA point at others)`,
  };
}

/** tar + xz of include/linux: a kheaders-like archive that is not the demo's. */
function trainingArchive(tree, dir, tools) {
  const tar = path.join(dir, 'train.tar');
  rmSync(`${tar}.xz`, { force: true });
  execFileSync(tools.tar, [...TAR_FLAGS, '-C', tree, '-cf', tar, 'include/linux']);
  execFileSync(tools.xz, [...XZ_FLAGS, tar]);
  return `${tar}.xz`;
}

/** Builds the instrumented decoder, runs it, returns the merged profile's path. */
export function makeProfile({ tree, staged, defines, outDir, tools }) {
  const dir = path.join(outDir, 'pgo');
  mkdirSync(dir, { recursive: true });
  console.log('setup: training the decoder build on include/linux (profile-guided, clang-14)');
  const archive = trainingArchive(tree, dir, tools);
  const trainer = path.join(dir, 'train');
  const src = path.join(here, '../src');
  execFileSync(CLANG, [
    '-O2',
    '-fprofile-instr-generate',
    ...defines.map((d) => `-D${d}`),
    `-I${src}`,
    `-I${staged}`,
    path.join(src, 'xz_glue.c'),
    path.join(src, 'checks.c'),
    path.join(here, 'train.c'),
    '-o',
    trainer,
  ]);
  const raw = path.join(dir, 'xz.profraw');
  rmSync(raw, { force: true });
  execFileSync(trainer, [archive], {
    env: { ...process.env, LLVM_PROFILE_FILE: raw },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const profile = path.join(dir, 'xz.profdata');
  execFileSync(PROFDATA, ['merge', '-o', profile, raw]);
  const sha256 = createHash('sha256').update(readFileSync(profile)).digest('hex');
  return { profile, sha256 };
}
