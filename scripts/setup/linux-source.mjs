// The Linux source tree that both the wasm decoder (lib/xz) and the demo
// artifacts (gen_kheaders.sh) come from: Debian's linux-source-6.1, fetched
// with apt-get download and unpacked once into .cache/. LINUX_SRC points at
// a tree of your own instead.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { requireTools, SetupError } from './tools.mjs';

export const SOURCE_PACKAGE = 'linux-source-6.1';

function sha256File(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Reads the version a tree's top Makefile declares, e.g. "6.1.192". */
function makefileVersion(tree) {
  const mk = readFileSync(path.join(tree, 'Makefile'), 'utf8');
  const field = (k) => mk.match(new RegExp(`^${k} = (.*)$`, 'm'))?.[1]?.trim() ?? '';
  const sub = field('SUBLEVEL');
  return `${field('VERSION')}.${field('PATCHLEVEL')}${sub ? `.${sub}` : ''}${field('EXTRAVERSION')}`;
}

/**
 * Returns { tree, package, version, debSha256 } for a ready source tree,
 * downloading and unpacking it when it is not there yet.
 */
export function ensureLinuxSource(cacheDir) {
  const own = process.env.LINUX_SRC;
  if (own) {
    if (!existsSync(path.join(own, 'lib/xz/xz_dec_stream.c'))) {
      throw new SetupError(
        `LINUX_SRC=${own} is not a Linux source tree (no lib/xz/xz_dec_stream.c)`,
      );
    }
    return {
      tree: path.resolve(own),
      package: 'LINUX_SRC',
      version: makefileVersion(own),
      debSha256: null,
    };
  }

  const tree = path.join(cacheDir, SOURCE_PACKAGE);
  const stamp = path.join(tree, '.kh-source.json');
  if (existsSync(stamp)) return { tree, ...JSON.parse(readFileSync(stamp, 'utf8')) };

  const tools = requireTools(['dpkg-deb', 'tar', 'xz']);
  const debDir = path.join(cacheDir, 'debs');
  mkdirSync(debDir, { recursive: true });
  let deb = readdirSync(debDir).find(
    (f) => f.startsWith(`${SOURCE_PACKAGE}_`) && f.endsWith('.deb'),
  );
  if (!deb) {
    if (!existsSync('/usr/bin/apt-get')) {
      throw new SetupError(
        `cannot download ${SOURCE_PACKAGE} without apt-get: set LINUX_SRC to a Linux source tree`,
      );
    }
    console.log(`setup: apt-get download ${SOURCE_PACKAGE}`);
    try {
      execFileSync('apt-get', ['download', SOURCE_PACKAGE], {
        cwd: debDir,
        stdio: ['ignore', 'inherit', 'pipe'],
      });
    } catch {
      // A fresh machine may have no package lists yet.
      execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
      execFileSync('apt-get', ['download', SOURCE_PACKAGE], { cwd: debDir, stdio: 'inherit' });
    }
    deb = readdirSync(debDir).find((f) => f.startsWith(`${SOURCE_PACKAGE}_`) && f.endsWith('.deb'));
    if (!deb) throw new SetupError(`apt-get download ${SOURCE_PACKAGE} left no .deb in ${debDir}`);
  }
  const debPath = path.join(debDir, deb);
  const pkgVersion = execFileSync(tools['dpkg-deb'], ['-f', debPath, 'Version'], {
    encoding: 'utf8',
  }).trim();

  console.log(`setup: unpacking ${deb}`);
  const work = path.join(cacheDir, 'unpack');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  execFileSync(tools['dpkg-deb'], ['-x', debPath, work]);
  const tarball = path.join(work, `usr/src/${SOURCE_PACKAGE}.tar.xz`);
  execFileSync(tools.tar, ['-xJf', tarball, '-C', work]);
  rmSync(tree, { recursive: true, force: true });
  renameSync(path.join(work, SOURCE_PACKAGE), tree);
  rmSync(work, { recursive: true, force: true });

  const info = {
    package: SOURCE_PACKAGE,
    version: pkgVersion,
    kernelVersion: makefileVersion(tree),
    debSha256: sha256File(debPath),
  };
  writeFileSync(stamp, JSON.stringify(info, null, 2));
  return { tree, ...info };
}
