// The demo's kernel artifacts, made by the kernel's own build rules rather
// than imitated: /sys/kernel/kheaders.tar.xz comes from kernel/gen_kheaders.sh
// and /proc/config.gz from the config_data.gz rule in kernel/Makefile, both
// run by `make` on an x86_64 defconfig with IKHEADERS=m and IKCONFIG=y.
// Output: <publicDir>/{kheaders.tar.xz,config.gz,manifest.json}.
// KHEADERS_TARXZ (+ optional KCONFIG_GZ, KRELEASE) brings your own instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { requireTools, SetupError } from './tools.mjs';

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

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Writes through a temporary name so a half-written file is never taken as done. */
function writeAtomic(file, data) {
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
}

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
      xz: requireTools(['xz']).xz,
      tarxz: path.join(outDir, OUT_TARXZ),
      configGz: path.join(outDir, OUT_CONFIG),
      release: readFileSync(path.join(outDir, 'include/config/kernel.release'), 'utf8').trim(),
      build: { timestamp: buildTimestamp(source.tree), defconfig: 'x86_64_defconfig' },
      objectBytes: statSync(path.join(outDir, OUT_OBJECT)).size,
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

export function kmake(make, source, outDir, args, env) {
  const jobs = `-j${os.availableParallelism?.() ?? os.cpus().length}`;
  const argv = ['-C', source.tree, `O=${outDir}`, `ARCH=${ARCH}`, jobs, ...args];
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

  const { xz } = requireTools(['xz']);
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
    tarxz,
    configGz,
    release,
    build: null,
    objectBytes: null,
  });
  copyAtomic(tarxz, path.join(publicDir, FILES.kheaders));
  if (configGz) copyAtomic(configGz, path.join(publicDir, FILES.configGz));
  else rmSync(path.join(publicDir, FILES.configGz), { force: true });
  writeAtomic(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** The manifest for an archive (and config.gz): sizes, hashes, counts, xz facts. */
function describe({ source, xz, tarxz, label = tarxz, configGz, release, build, objectBytes }) {
  const xzBytes = readFileSync(tarxz);
  const tar = decompressXz(xz, tarxz, label);
  const entries = readTar(tar, label);
  const fileText = (name) => {
    const e = entries.list.find((x) => x.name.replace(/^\.\//, '') === name);
    return e ? tar.subarray(e.offset, e.offset + e.size).toString('utf8') : null;
  };
  // include/generated/{utsrelease.h,autoconf.h} ride along in every kheaders
  // archive, so an archive of your own still tells its release and options.
  const utsRelease = fileText('include/generated/utsrelease.h')?.match(
    /UTS_RELEASE\s+"([^"]*)"/,
  )?.[1];
  const autoconf = fileText('include/generated/autoconf.h') ?? '';
  release ??= utsRelease;
  if (!release) {
    throw new SetupError(
      `${label} has no include/generated/utsrelease.h: set KRELEASE to its kernel release`,
    );
  }

  let configInfo = null;
  let config;
  if (configGz) {
    const gz = readFileSync(configGz);
    const text = gunzipSync(gz).toString('utf8');
    config = optionsFromDotConfig(text);
    configInfo = { bytes: gz.length, sha256: sha256(gz), configBytes: Buffer.byteLength(text) };
  } else {
    config = optionsFromAutoconf(autoconf);
  }

  return {
    recipe: RECIPE,
    release,
    arch: archOf(entries.list, autoconf),
    source,
    config,
    ...(build && { build }),
    kheaders: {
      bytes: xzBytes.length,
      sha256: sha256(xzBytes),
      tarBytes: tar.length,
      files: entries.files,
      dirs: entries.dirs,
      symlinks: entries.symlinks,
      hardlinks: entries.hardlinks,
      ...xzFacts(xz, tarxz),
      ...(objectBytes && { objectBytes }),
    },
    configGz: configInfo,
  };
}

function decompressXz(xz, file, label) {
  try {
    return execFileSync(xz, ['-dc', '--', file], {
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const why = err.stderr?.toString().trim().split('\n')[0] ?? err.message;
    throw new SetupError(`${label} does not decompress: ${why}`);
  }
}

/** check, blocks, dictBytes from `xz -lvv --robot` (its "file" and "block" lines). */
function xzFacts(xz, file) {
  const out = execFileSync(xz, ['-lvv', '--robot', '--', file], { encoding: 'utf8' });
  const lines = out.split('\n').map((l) => l.split('\t'));
  const fileLine = lines.find((l) => l[0] === 'file');
  const units = { KiB: 1 << 10, MiB: 1 << 20, GiB: 1 << 30 };
  let dictBytes = 0;
  for (const l of lines.filter((x) => x[0] === 'block')) {
    const m = l.at(-1).match(/dict=(\d+)(KiB|MiB|GiB)?/);
    if (m) dictBytes = Math.max(dictBytes, Number(m[1]) * (units[m[2]] ?? 1));
  }
  const version = execFileSync(xz, ['--version'], { encoding: 'utf8' }).match(
    /xz \(XZ Utils\) (\S+)/,
  )?.[1];
  return {
    check: fileLine[6],
    streams: Number(fileLine[1]),
    blocks: Number(fileLine[2]),
    dictBytes,
    // xz >= 5.6 writes several blocks by default: which xz read (or made) it matters.
    xzVersion: version ?? null,
  };
}

/**
 * Counts a tar's entries (ustar with GNU long names and pax headers, what
 * GNU tar writes) and remembers where each member's data starts.
 */
function readTar(buf, what) {
  const counts = { files: 0, dirs: 0, symlinks: 0, hardlinks: 0, list: [] };
  const str = (off, len) => {
    const s = buf.subarray(off, off + len);
    const nul = s.indexOf(0);
    return s.subarray(0, nul < 0 ? len : nul).toString('utf8');
  };
  let longName = null;
  let off = 0;
  while (off + 512 <= buf.length) {
    if (buf[off] === 0) break; // the end-of-archive zero blocks
    // The header checksum: its bytes summed with the checksum field as spaces.
    let sum = 8 * 0x20;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0 : buf[off + i];
    if (sum !== parseInt(str(off + 148, 8).trim(), 8)) {
      throw new SetupError(
        `${what}: not a tar archive inside (bad header checksum at byte ${off})`,
      );
    }
    const sizeField = buf.subarray(off + 124, off + 136);
    // Base-256 (GNU) sizes set the top bit; kheaders members are far below 8 GB.
    const size =
      sizeField[0] & 0x80
        ? Number(sizeField.readBigUInt64BE(4))
        : parseInt(str(off + 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size)) throw new SetupError(`${what}: bad tar header at byte ${off}`);
    const type = String.fromCharCode(buf[off + 156] || 0x30);
    const dataOff = off + 512;
    const prefix = str(off + 257, 6) === 'ustar' ? str(off + 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${str(off, 100)}` : str(off, 100));
    longName = null;
    if (type === 'L') longName = str(dataOff, size);
    else if (type === 'x')
      longName =
        buf
          .subarray(dataOff, dataOff + size)
          .toString('utf8')
          .match(/\d+ path=([^\n]*)\n/)?.[1] ?? null;
    else if (type === '0' || type === '7') counts.files++;
    else if (type === '5') counts.dirs++;
    else if (type === '2') counts.symlinks++;
    else if (type === '1') counts.hardlinks++;
    if ('01257'.includes(type)) counts.list.push({ name, offset: dataOff, size });
    off = dataOff + Math.ceil(size / 512) * 512;
  }
  if (off + 512 > buf.length && buf[off] !== 0) {
    throw new SetupError(`${what}: the tar inside ends early (at byte ${off})`);
  }
  return counts;
}

/** The options this project cares about, as .config spells them (y/m, or "n" when unset). */
function optionsFromDotConfig(text) {
  return Object.fromEntries(
    Object.keys(CONFIG).map((k) => [
      k,
      text.match(new RegExp(`^CONFIG_${k}=(.*)$`, 'm'))?.[1] ?? 'n',
    ]),
  );
}

/** The same from include/generated/autoconf.h: =y is "CONFIG_X 1", =m is "CONFIG_X_MODULE 1". */
function optionsFromAutoconf(text) {
  const has = (name) => new RegExp(`^#define ${name} 1$`, 'm').test(text);
  return Object.fromEntries(
    Object.keys(CONFIG).map((k) => [
      k,
      has(`CONFIG_${k}`) ? 'y' : has(`CONFIG_${k}_MODULE`) ? 'm' : 'n',
    ]),
  );
}

/** uname -m for the archive: arch/<SRCARCH>/include names the family, autoconf.h the width. */
function archOf(list, autoconf) {
  const srcarch = list
    .map((e) => e.name.match(/^(?:\.\/)?arch\/([^/]+)\/include\//)?.[1])
    .find(Boolean);
  if (srcarch === 'x86') return /^#define CONFIG_X86_64 1$/m.test(autoconf) ? 'x86_64' : 'i386';
  if (srcarch === 'arm64') return 'aarch64';
  return srcarch ?? null;
}
