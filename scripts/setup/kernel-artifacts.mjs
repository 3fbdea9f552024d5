// The demo's kernel artifacts, made by the kernel's own build rules rather
// than imitated: /sys/kernel/kheaders.tar.xz comes from kernel/gen_kheaders.sh
// and /proc/config.gz from the config_data.gz rule in kernel/Makefile, both
// run by `make` on an x86_64 defconfig with IKHEADERS=m and IKCONFIG=y.
// Output: <publicDir>/{kheaders.tar.xz,config.gz,manifest.json}.
// KHEADERS_TARXZ (+ optional KCONFIG_GZ, KRELEASE) brings your own instead.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe } from './archive-facts.mjs';
import { requireTools, SetupError } from './tools.mjs';
import { sha256, same, readJson, writeAtomic } from './file-kit.mjs';

/** Bump when the way the artifacts are made or described changes. */
export const RECIPE = 1;

const ARCH = 'x86_64';
/** What scripts/config sets on top of arch/x86/configs/x86_64_defconfig. */
const CONFIG = { IKHEADERS: 'm', IKCONFIG: 'y', IKCONFIG_PROC: 'y' };
/** The kernel's own outputs, relative to the build dir (kernel/Makefile). */
const OUT_TARXZ = 'kernel/kheaders_data.tar.xz';
const OUT_CONFIG = 'kernel/config_data.gz';
const OUT_OBJECT = 'kernel/kheaders.o';

const KERNEL_TOOLS = ['make', 'gcc', 'flex', 'bison', 'bc', 'cpio', 'perl', 'xz', 'tar'];
// gelf.h: objtool, built by `make prepare` on x86 (tools/objtool/Makefile).
// No libssl-dev: with defconfig (MODULE_SIG unset) these targets build neither
// scripts/sign-file nor certs/extract-cert, the only users of libcrypto.
const KERNEL_HEADERS = ['/usr/include/gelf.h'];

const FILES = { kheaders: 'kheaders.tar.xz', configGz: 'config.gz', manifest: 'manifest.json' };

/** True when publicDir holds exactly the files the manifest describes. */
function publicMatches(publicDir, manifest) {
  const check = (name, info) => {
    const file = path.join(publicDir, name);
    if (!info) return !existsSync(file);
    return (
      existsSync(file) &&
      statSync(file).size === info.bytes &&
      sha256(readFileSync(file)) === info.sha256
    );
  };
  return check(FILES.kheaders, manifest.kheaders) && check(FILES.configGz, manifest.configGz);
}

/**
 * Builds (or keeps, when current) public/kernel/{kheaders.tar.xz,config.gz,manifest.json}.
 * Returns the manifest object.
 */
export function ensureKernelArtifacts({ source, publicDir, cacheDir }) {
  mkdirSync(publicDir, { recursive: true });
  if (process.env.KHEADERS_TARXZ) return useOwnArtifacts(publicDir);

  const manifestFile = path.join(publicDir, FILES.manifest);
  const wantSource = {
    kind: 'build',
    package: source.package,
    version: source.version,
    debSha256: source.debSha256,
  };
  const current = (m) =>
    m?.recipe === RECIPE && m.arch === ARCH && same(m.source, wantSource) && same(m.config, CONFIG);

  const old = readJson(manifestFile);
  if (current(old) && publicMatches(publicDir, old)) return old;

  // The build dir is a cache of its own: with public/kernel deleted, a rerun only copies.
  const outDir = path.resolve(cacheDir, `kbuild-${source.version}`);
  const stampFile = path.join(outDir, '.kh-artifacts.json');
  let manifest = readJson(stampFile);
  const built =
    current(manifest) && [OUT_TARXZ, OUT_CONFIG].every((f) => existsSync(path.join(outDir, f)));
  if (!built) {
    buildKernelArtifacts(source, outDir);
    manifest = describe({
      source: wantSource,
      ...requireTools(['xz', 'tar']),
      tarxz: path.join(outDir, OUT_TARXZ),
      configGz: path.join(outDir, OUT_CONFIG),
      release: readFileSync(path.join(outDir, 'include/config/kernel.release'), 'utf8').trim(),
      build: { timestamp: buildTimestamp(source.tree), defconfig: 'x86_64_defconfig' },
      objectBytes: statSync(path.join(outDir, OUT_OBJECT)).size,
      recipe: RECIPE,
      options: CONFIG,
    });
    if (!same(manifest.config, CONFIG)) {
      throw new SetupError(
        `the kernel build ignored the config ${JSON.stringify(CONFIG)}: got ${JSON.stringify(manifest.config)}`,
      );
    }
    writeAtomic(stampFile, JSON.stringify(manifest, null, 2) + '\n');
  }
  console.log(`setup: kernel artifacts -> ${publicDir}`);
  copyAtomic(path.join(outDir, OUT_TARXZ), path.join(publicDir, FILES.kheaders));
  copyAtomic(path.join(outDir, OUT_CONFIG), path.join(publicDir, FILES.configGz));
  writeAtomic(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function copyAtomic(from, to) {
  copyFileSync(from, `${to}.tmp`);
  renameSync(`${to}.tmp`, to);
}

/**
 * KBUILD_BUILD_TIMESTAMP, which gen_kheaders.sh hands to `tar --mtime` so the
 * archive does not depend on when it was built: the source's top Makefile
 * time (fixed by the source tarball), so entries carry a date near the
 * release, as a distribution build's would.
 */
export function buildTimestamp(tree) {
  const t = statSync(path.join(tree, 'Makefile')).mtime;
  return `${t.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Runs make in the source tree with the output in outDir; its CHK/GEN/CC lines show. */
/**
 * The environment a kernel build runs in: reproducible (fixed tar mtimes for
 * gen_kheaders.sh, user and host for scripts/mkcompile_h), with the caller's
 * settings that would change what the kernel makes taken out.
 */
export function kbuildEnv(source, host) {
  const env = {
    ...process.env,
    KBUILD_BUILD_TIMESTAMP: buildTimestamp(source.tree),
    KBUILD_BUILD_USER: 'kheaders',
    KBUILD_BUILD_HOST: host,
    LC_ALL: 'C',
  };
  for (const k of [
    'XZ_OPT',
    'XZ_DEFAULTS',
    'KCONFIG_CONFIG',
    'KBUILD_OUTPUT',
    'LOCALVERSION',
    'KCFLAGS',
  ]) {
    delete env[k];
  }
  return env;
}

export function kmake(make, source, outDir, args, env, arch = ARCH) {
  const jobs = `-j${os.availableParallelism?.() ?? os.cpus().length}`;
  const argv = ['-C', source.tree, `O=${outDir}`, `ARCH=${arch}`, jobs, ...args];
  const r = spawnSync(make, argv, { stdio: 'inherit', env });
  if (r.status !== 0) {
    throw new SetupError(
      `make ${args.join(' ')} failed in ${outDir} (see the kernel build output above)`,
    );
  }
}

function buildKernelArtifacts(source, outDir) {
  if (process.arch !== 'x64' && !process.env.CROSS_COMPILE) {
    throw new SetupError(
      'the x86_64 kernel artifacts need an x86_64 host or CROSS_COMPILE (Debian gcc-x86-64-linux-gnu); or set KHEADERS_TARXZ to an archive of your own',
    );
  }
  const tools = requireTools(KERNEL_TOOLS, KERNEL_HEADERS);
  console.log(
    `setup: building kernel artifacts from ${source.package} ${source.version} in ${outDir}`,
  );
  const started = Date.now();
  mkdirSync(outDir, { recursive: true });

  const env = kbuildEnv(source, 'playground');

  kmake(tools.make, source, outDir, ['defconfig'], env);
  const setArgs = Object.entries(CONFIG).flatMap(([k, v]) => [v === 'm' ? '-m' : '-e', k]);
  const dotConfig = path.join(outDir, '.config');
  execFileSync(path.join(source.tree, 'scripts/config'), ['--file', dotConfig, ...setArgs]);
  kmake(tools.make, source, outDir, ['olddefconfig'], env);
  // Single .o targets depend on `prepare` (top Makefile, $(build-dir): prepare).
  // kheaders.o needs kernel/kheaders_data.tar.xz, made by kernel/gen_kheaders.sh;
  // configs.o needs kernel/config_data.gz (the cmd_gzip rule in kernel/Makefile).
  kmake(tools.make, source, outDir, [OUT_OBJECT, 'kernel/configs.o'], env);
  console.log(`setup: kernel artifacts built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Brings your own: KHEADERS_TARXZ, optional KCONFIG_GZ and KRELEASE. */
function useOwnArtifacts(publicDir) {
  const tarxz = path.resolve(process.env.KHEADERS_TARXZ);
  const configGz = process.env.KCONFIG_GZ ? path.resolve(process.env.KCONFIG_GZ) : null;
  const release = process.env.KRELEASE || null;
  for (const [env, file] of [
    ['KHEADERS_TARXZ', tarxz],
    ['KCONFIG_GZ', configGz],
  ]) {
    if (file && !(existsSync(file) && statSync(file).isFile())) {
      throw new SetupError(`${env}=${file} does not exist or is not a file`);
    }
  }

  const wantSource = {
    kind: 'user',
    path: tarxz,
    ...(configGz && { configPath: configGz }),
    ...(release && { release }),
  };
  const manifestFile = path.join(publicDir, FILES.manifest);
  const old = readJson(manifestFile);
  const fileSha = (f) => (f ? sha256(readFileSync(f)) : null);
  if (
    old?.recipe === RECIPE &&
    same(old.source, wantSource) &&
    old.kheaders.sha256 === fileSha(tarxz) &&
    (old.configGz?.sha256 ?? null) === fileSha(configGz) &&
    publicMatches(publicDir, old)
  ) {
    return old;
  }

  const { xz, tar } = requireTools(['xz', 'tar']);
  const head = readFileSync(tarxz).subarray(0, 6);
  if (!head.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) {
    throw new SetupError(`KHEADERS_TARXZ=${tarxz} is not an xz file (no xz magic at byte 0)`);
  }
  if (configGz) {
    const gz = readFileSync(configGz);
    let text = '';
    try {
      text = gunzipSync(gz).toString('utf8');
    } catch (err) {
      throw new SetupError(`KCONFIG_GZ=${configGz} is not a valid gzip file: ${err.message}`);
    }
    if (!/^CONFIG_\w+=/m.test(text)) {
      throw new SetupError(
        `KCONFIG_GZ=${configGz} does not hold a kernel .config (no CONFIG_ lines)`,
      );
    }
  }

  console.log(`setup: using KHEADERS_TARXZ=${tarxz}`);
  const manifest = describe({
    source: wantSource,
    label: `KHEADERS_TARXZ=${tarxz}`,
    xz,
    tar,
    tarxz,
    configGz,
    release,
    build: null,
    objectBytes: null,
    recipe: RECIPE,
    options: CONFIG,
  });
  copyAtomic(tarxz, path.join(publicDir, FILES.kheaders));
  if (configGz) copyAtomic(configGz, path.join(publicDir, FILES.configGz));
  else rmSync(path.join(publicDir, FILES.configGz), { force: true });
  writeAtomic(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
