// The manifest's facts about a kheaders archive (and its config.gz), as the
// real tools state them: xz -dc and xz -lvv for the compressed side, GNU tar
// for the entries, gunzip for the config. Used by kernel-artifacts.mjs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { SetupError } from './tools.mjs';

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** The manifest for an archive (and config.gz): sizes, hashes, counts, xz facts. */
export function describe({
  source,
  xz,
  tar: tarTool,
  tarxz,
  label = tarxz,
  configGz,
  release,
  build,
  objectBytes,
  recipe,
  options,
}) {
  const xzBytes = readFileSync(tarxz);
  const tar = decompressXz(xz, tarxz, label);
  const entries = listTar(tarTool, tar, label);
  const fileText = (name) => {
    const member = entries.names.find((n) => n.replace(/^\.\//, '') === name);
    return member ? runTar(tarTool, ['-xO', '-f', '-', '--', member], tar, label) : null;
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
    config = optionsFromDotConfig(text, options);
    configInfo = { bytes: gz.length, sha256: sha256(gz), configBytes: Buffer.byteLength(text) };
  } else {
    config = optionsFromAutoconf(autoconf, options);
  }

  return {
    recipe,
    release,
    arch: archOf(entries.names, autoconf),
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

/** GNU tar run over the decoded archive on its stdin; its complaint names the archive. */
function runTar(tarTool, args, tar, what) {
  try {
    return execFileSync(tarTool, ['--quoting-style=literal', ...args], {
      input: tar,
      maxBuffer: 1 << 28,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (err) {
    const why = err.stderr?.toString().trim().split('\n')[0] ?? err.message;
    throw new SetupError(`${what}: GNU tar cannot read the tar inside: ${why}`);
  }
}

/**
 * Counts the archive's entries from GNU tar's own listing (the first letter
 * of each `tar -tv` line is the type) and gives the member names. GNU tar
 * reads it rather than a reader of ours: the manifest is what the tests
 * hold the machine's tar reader and mounts to.
 */
function listTar(tarTool, tar, what) {
  const counts = { files: 0, dirs: 0, symlinks: 0, hardlinks: 0 };
  const kinds = { '-': 'files', C: 'files', d: 'dirs', l: 'symlinks', h: 'hardlinks' };
  for (const line of runTar(tarTool, ['-tv', '--numeric-owner', '-f', '-'], tar, what).split(
    '\n',
  )) {
    const kind = kinds[line[0]];
    if (kind) counts[kind]++;
  }
  const names = runTar(tarTool, ['-t', '-f', '-'], tar, what).split('\n').filter(Boolean);
  return { ...counts, names };
}

/** The options this project cares about, as .config spells them (y/m, or "n" when unset). */
function optionsFromDotConfig(text, options) {
  return Object.fromEntries(
    Object.keys(options).map((k) => [
      k,
      text.match(new RegExp(`^CONFIG_${k}=(.*)$`, 'm'))?.[1] ?? 'n',
    ]),
  );
}

/** The same from include/generated/autoconf.h: =y is "CONFIG_X 1", =m is "CONFIG_X_MODULE 1". */
function optionsFromAutoconf(text, options) {
  const has = (name) => new RegExp(`^#define ${name} 1$`, 'm').test(text);
  return Object.fromEntries(
    Object.keys(options).map((k) => [
      k,
      has(`CONFIG_${k}`) ? 'y' : has(`CONFIG_${k}_MODULE`) ? 'm' : 'n',
    ]),
  );
}

/** uname -m for the archive: arch/<SRCARCH>/include names the family, autoconf.h the width. */
function archOf(names, autoconf) {
  const srcarch = names
    .map((n) => n.match(/^(?:\.\/)?arch\/([^/]+)\/include\//)?.[1])
    .find(Boolean);
  if (srcarch === 'x86') return /^#define CONFIG_X86_64 1$/m.test(autoconf) ? 'x86_64' : 'i386';
  if (srcarch === 'arm64') return 'aarch64';
  return srcarch ?? null;
}
