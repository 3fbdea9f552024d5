// A real kernel to compare the simulation with: the same linux-source tree
// built for ARCH=i386 (v86 emulates a 32-bit PC), tinyconfig plus what a
// serial console, an initramfs, proc/sys/tmpfs and loadable modules need,
// with IKHEADERS=m and IKCONFIG=m. Its own build dir (O=…-i386), the shared
// source untouched. Output, for the in-tab emulator and the oracle tests:
//   public/real-kernel/{bzImage,initrd,bios.bin,vgabios.bin,manifest.json}
// and, so the simulation can boot as this very kernel, its
// {kheaders.tar.xz,config.gz} with manifest fields fetchKernelArtifacts reads.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe } from './archive-facts.mjs';
import { kbuildEnv, kmake } from './kernel-artifacts.mjs';
import { buildInitramfs, CMDLINE, fetchI386Debs, PROMPT, READY_MARKER } from './real-userland.mjs';
import { requireTools, SetupError } from './tools.mjs';
import { sha256, same, readJson, writeAtomic } from './file-kit.mjs';

/** Bump when the way the initramfs or manifest is made changes. */
export const REAL_RECIPE = 2;
/** Bump when the way the kernel itself is built changes (it takes minutes). */
const KERNEL_RECIPE = 1;
const ARCH = 'i386';
/** What the kernel of tinyconfig lacks for a shell on ttyS0 that loads the two modules. */
export const FRAGMENT = {
  PRINTK: 'y',
  TTY: 'y',
  SERIAL_8250: 'y',
  SERIAL_8250_CONSOLE: 'y',
  BLK_DEV_INITRD: 'y',
  BINFMT_ELF: 'y',
  BINFMT_SCRIPT: 'y',
  PROC_FS: 'y',
  SYSFS: 'y',
  DEVTMPFS: 'y',
  DEVTMPFS_MOUNT: 'y',
  SHMEM: 'y', // tinyconfig turns it off; TMPFS needs it
  TMPFS: 'y',
  MODULES: 'y',
  MODULE_UNLOAD: 'y',
  IKHEADERS: 'm',
  IKCONFIG: 'm',
  IKCONFIG_PROC: 'y',
  MULTIUSER: 'y',
  FUTEX: 'y',
  // An LZ4 kernel unpacks faster in the emulator than tinyconfig's XZ one.
  KERNEL_XZ: 'n',
  KERNEL_LZ4: 'y',
};
const OPTIONS = { IKHEADERS: 'm', IKCONFIG: 'm', IKCONFIG_PROC: 'y' };
/** 128 MiB: v86 puts the initrd at 64 MiB, and tmpfs holds one extraction of the headers. */
const MEMORY_BYTES = 128 << 20;
const KERNEL_TOOLS = ['make', 'gcc', 'flex', 'bison', 'bc', 'cpio', 'perl', 'xz', 'tar', 'lz4'];

const OUT = {
  bzImage: 'arch/x86/boot/bzImage',
  kheadersKo: 'kernel/kheaders.ko',
  configsKo: 'kernel/configs.ko',
  tarxz: 'kernel/kheaders_data.tar.xz',
  configGz: 'kernel/config_data.gz',
  genInitCpio: 'usr/gen_init_cpio',
};

/** What .config says for each option: y, m or n ("is not set" and absent are n). */
function configValues(dotConfig, names) {
  const text = readFileSync(dotConfig, 'utf8');
  return Object.fromEntries(
    names.map((k) => [k, text.match(new RegExp(`^CONFIG_${k}=(.*)$`, 'm'))?.[1] ?? 'n']),
  );
}

function buildKernel(source, outDir) {
  const tools = requireTools(KERNEL_TOOLS);
  console.log(`setup: building the real (i386) kernel in ${outDir}`);
  const started = Date.now();
  mkdirSync(outDir, { recursive: true });
  // Same user@host as the demo kernel, so /proc/version reads alike on both.
  // Build #1 however often it is rebuilt, as uname -v then says.
  const env = { ...kbuildEnv(source, 'playground'), KBUILD_BUILD_VERSION: '1' };
  kmake(tools.make, source, outDir, ['tinyconfig'], env, ARCH);
  const setArgs = Object.entries(FRAGMENT).flatMap(([k, v]) => [
    v === 'm' ? '-m' : v === 'y' ? '-e' : '-d',
    k,
  ]);
  const dotConfig = path.join(outDir, '.config');
  execFileSync(path.join(source.tree, 'scripts/config'), ['--file', dotConfig, ...setArgs]);
  kmake(tools.make, source, outDir, ['olddefconfig'], env, ARCH);
  const got = configValues(dotConfig, Object.keys(FRAGMENT));
  const lost = Object.keys(FRAGMENT).filter((k) => got[k] !== FRAGMENT[k]);
  if (lost.length > 0) {
    throw new SetupError(
      `the real kernel's config did not keep ${lost.map((k) => `CONFIG_${k}=${FRAGMENT[k]} (got ${got[k]})`).join(', ')} after olddefconfig: a dependency is missing from FRAGMENT in scripts/setup/real-kernel.mjs`,
    );
  }
  kmake(tools.make, source, outDir, ['bzImage', 'modules'], env, ARCH);
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`setup: real kernel built in ${seconds} s`);
  return seconds;
}

/** UTS_VERSION as init/Makefile wrote it for vmlinux (uname -v, /proc/version). */
function utsVersionOf(outDir) {
  const h = readFileSync(path.join(outDir, 'include/generated/utsversion.h'), 'utf8');
  const v = h.match(/^#define UTS_VERSION "(.*)"$/m)?.[1];
  if (!v) throw new SetupError(`${outDir}/include/generated/utsversion.h has no UTS_VERSION`);
  return v;
}

/** The files the emulator boots, by public name → where they come from. */
function bootFiles(outDir, initrd, bios) {
  return {
    bzImage: path.join(outDir, OUT.bzImage),
    initrd,
    'bios.bin': bios.bios,
    'vgabios.bin': bios.vgabios,
    'kheaders.tar.xz': path.join(outDir, OUT.tarxz),
    'config.gz': path.join(outDir, OUT.configGz),
  };
}

function fileFacts(file) {
  const bytes = readFileSync(file);
  return { bytes: bytes.length, sha256: sha256(bytes) };
}

function publicMatches(publicDir, manifest) {
  return (
    manifest &&
    Object.entries(manifest.files ?? {}).every(([name, info]) => {
      const file = path.join(publicDir, name);
      return existsSync(file) && statSync(file).size === info.bytes && same(fileFacts(file), info);
    })
  );
}

/**
 * Builds (or keeps, when its inputs have not changed) public/real-kernel/.
 * Returns its manifest.
 */
export function ensureRealKernel({ source, publicDir, cacheDir }) {
  mkdirSync(publicDir, { recursive: true });
  const debs = fetchI386Debs(cacheDir);
  const inputs = {
    recipe: REAL_RECIPE,
    kernelRecipe: KERNEL_RECIPE,
    source: { package: source.package, version: source.version, debSha256: source.debSha256 },
    fragment: FRAGMENT,
    debs: Object.fromEntries(Object.entries(debs).map(([k, d]) => [k, d.sha256])),
    cmdline: CMDLINE,
  };
  const inputsHash = sha256(JSON.stringify(inputs));
  const manifestFile = path.join(publicDir, 'manifest.json');
  const old = readJson(manifestFile);
  if (old?.inputsHash === inputsHash && publicMatches(publicDir, old)) return old;

  const outDir = path.resolve(cacheDir, `kbuild-${source.version}-i386`);
  const stampFile = path.join(outDir, '.kh-real.json');
  const kernelInputs = { recipe: KERNEL_RECIPE, source: inputs.source, fragment: FRAGMENT };
  let stamp = readJson(stampFile);
  const built =
    same(stamp?.inputs, kernelInputs) &&
    Object.values(OUT).every((f) => existsSync(path.join(outDir, f)));
  if (!built) {
    const buildSeconds = buildKernel(source, outDir);
    stamp = { inputs: kernelInputs, buildSeconds };
    writeAtomic(stampFile, JSON.stringify(stamp, null, 2) + '\n');
  }
  const release = readFileSync(path.join(outDir, 'include/config/kernel.release'), 'utf8').trim();

  const work = path.join(cacheDir, 'real-kernel');
  const { initrd, userland, bios } = buildInitramfs({
    work,
    debs,
    release,
    genInitCpio: path.join(outDir, OUT.genInitCpio),
    modules: [path.join(outDir, OUT.kheadersKo), path.join(outDir, OUT.configsKo)],
    mtime: Math.floor(statSync(path.join(source.tree, 'Makefile')).mtimeMs / 1000),
  });

  const files = bootFiles(outDir, initrd, bios);
  const facts = describe({
    source: { kind: 'build', ...inputs.source },
    ...requireTools(['xz', 'tar']),
    tarxz: files['kheaders.tar.xz'],
    configGz: files['config.gz'],
    release,
    build: {
      timestamp: kbuildEnv(source, '').KBUILD_BUILD_TIMESTAMP,
      defconfig: 'tinyconfig',
      utsVersion: utsVersionOf(outDir),
    },
    objectBytes: null,
    recipe: REAL_RECIPE,
    options: OPTIONS,
  });
  if (!same(facts.config, OPTIONS) || facts.arch !== ARCH) {
    throw new SetupError(
      `the real kernel came out as ${facts.arch} with ${JSON.stringify(facts.config)}, not ${ARCH} with ${JSON.stringify(OPTIONS)}`,
    );
  }
  const manifest = {
    ...facts,
    inputsHash,
    cmdline: CMDLINE,
    memoryBytes: MEMORY_BYTES,
    prompt: PROMPT,
    readyMarker: READY_MARKER,
    userland,
    buildSeconds: stamp.buildSeconds,
    configFragment: FRAGMENT,
    kheadersKo: { bytes: statSync(path.join(outDir, OUT.kheadersKo)).size },
    configsKo: { bytes: statSync(path.join(outDir, OUT.configsKo)).size },
    files: Object.fromEntries(Object.entries(files).map(([name, f]) => [name, fileFacts(f)])),
  };
  console.log(`setup: real kernel ${release} -> ${publicDir}`);
  for (const [name, from] of Object.entries(files)) {
    copyFileSync(from, path.join(publicDir, `${name}.tmp`));
    renameSync(path.join(publicDir, `${name}.tmp`), path.join(publicDir, name));
  }
  writeAtomic(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
