// Finds the system tools setup needs and installs the missing ones with
// apt-get when it can (root on Debian); elsewhere it stops with one line that
// names the tool and the variable that points at it.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

export class SetupError extends Error {}

/** Each tool: the Debian package that brings it and the variable that overrides it. */
export const TOOLS = {
  emcc: { pkg: 'emscripten', env: 'EMCC' },
  chromium: { pkg: 'chromium', env: 'CHROME_PATH' },
  xz: { pkg: 'xz-utils', env: 'XZ' },
  tar: { pkg: 'tar', env: 'TAR' },
  make: { pkg: 'make', env: 'MAKE' },
  gcc: { pkg: 'gcc', env: 'CC' },
  flex: { pkg: 'flex', env: 'FLEX' },
  bison: { pkg: 'bison', env: 'BISON' },
  bc: { pkg: 'bc', env: 'BC' },
  cpio: { pkg: 'cpio', env: 'CPIO' },
  perl: { pkg: 'perl', env: 'PERL' },
  'dpkg-deb': { pkg: 'dpkg', env: 'DPKG_DEB' },
  lz4: { pkg: 'lz4', env: 'LZ4' },
  // The fidelity table's student rows run the real modprobe/rmmod (test/native/native-tools.mjs).
  depmod: { pkg: 'kmod', env: 'DEPMOD' },
};

/** Headers (not programs) the kernel build needs, by the file that proves them. */
export const HEADERS = {
  '/usr/include/gelf.h': { pkg: 'libelf-dev', env: 'LINUX_SRC' },
  '/usr/include/openssl/opensslv.h': { pkg: 'libssl-dev', env: 'LINUX_SRC' },
};

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return null;
}

function locate(name) {
  const { env } = TOOLS[name];
  const override = process.env[env];
  if (override) {
    if (!existsSync(override)) throw new SetupError(`${env}=${override} does not exist`);
    return override;
  }
  return onPath(name);
}

const canApt = () => process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
let aptUpdated = false;

function aptInstall(pkgs) {
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...pkgs], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
  console.log(`setup: apt-get install ${pkgs.join(' ')}`);
  if (install()) return;
  if (!aptUpdated) {
    aptUpdated = true;
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
    if (install()) return;
  }
  throw new SetupError(`apt-get could not install ${pkgs.join(' ')}`);
}

/** Installs Debian packages when root; elsewhere a SetupError naming them. */
export function installPackages(pkgs) {
  if (!canApt()) throw new SetupError(`cannot install ${pkgs.join(' ')} (not root on Debian)`);
  aptInstall(pkgs);
}

/**
 * Makes sure every named tool (and header file) is there; returns the
 * tools' paths. Installs what is missing in one apt-get call when root.
 */
export function requireTools(names, headers = []) {
  const missing = names.filter((n) => !locate(n));
  const missingHeaders = headers.filter((h) => !existsSync(h));
  const pkgs = [...missing.map((n) => TOOLS[n].pkg), ...missingHeaders.map((h) => HEADERS[h].pkg)];
  if (pkgs.length > 0) {
    if (!canApt()) {
      const [first] = [
        ...missing.map((n) => [n, TOOLS[n]]),
        ...missingHeaders.map((h) => [h, HEADERS[h]]),
      ];
      const [what, { pkg, env }] = first;
      throw new SetupError(
        `missing ${what} (Debian package ${pkg}): install it, or set ${env} to point at it`,
      );
    }
    aptInstall([...new Set(pkgs)]);
  }
  return Object.fromEntries(
    names.map((n) => {
      const found = locate(n);
      if (!found)
        throw new SetupError(
          `${n} is still missing after installing ${TOOLS[n].pkg}; set ${TOOLS[n].env}`,
        );
      return [n, found];
    }),
  );
}

/** Debian's emcc needs its own node modules (acorn) on NODE_PATH. */
export function emccEnv() {
  const extra = '/usr/share/nodejs';
  const current = process.env.NODE_PATH;
  return { ...process.env, NODE_PATH: current ? `${current}${path.delimiter}${extra}` : extra };
}
