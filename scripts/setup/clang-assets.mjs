// clang for the browser: @yowasp/clang's bundle and wasm modules (from npm,
// in node_modules) copied into <publicDir>/clang/, each module packed with
// xz (Debian's, run here) so any static host serves it small, and
// clang-assets.json listing them. The page unpacks them with the kernel's own
// decoder, the one the machine uses: 14.5 MB to fetch instead of gzip's 22.8.
// Packing 75 MB takes a minute, so the packed files are kept in the cache,
// by content. Kept out of the service worker's precache (sw.js caches clang/
// on first use instead).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { SetupError } from './tools.mjs';

const LIST = 'clang-assets.json';

/** The module packed by xz -6 (its preset's 8 MiB dictionary; the decoder's limit is far above). */
function packed(bytes, sha256, cacheDir) {
  const cached = path.join(cacheDir, 'clang-xz', `${sha256}.xz`);
  if (existsSync(cached)) return readFileSync(cached);
  // -T0: blocks packed on every core; the decoder reads the blocks one after another.
  const xz = execFileSync('xz', ['-6', '-T0', '--check=crc64', '-c'], {
    input: bytes,
    maxBuffer: 2 * bytes.length + (1 << 20),
  });
  mkdirSync(path.dirname(cached), { recursive: true });
  writeFileSync(`${cached}.tmp`, xz);
  renameSync(`${cached}.tmp`, cached);
  return xz;
}

export function ensureClangAssets({ root, publicDir, cacheDir }) {
  const pkgDir = path.join(root, 'node_modules/@yowasp/clang');
  const pkgFile = path.join(pkgDir, 'package.json');
  if (!existsSync(pkgFile))
    throw new SetupError('node_modules/@yowasp/clang is missing: run npm ci');
  const version = JSON.parse(readFileSync(pkgFile, 'utf8')).version;
  const out = path.join(publicDir, 'clang');
  const listFile = path.join(out, LIST);
  try {
    const old = JSON.parse(readFileSync(listFile, 'utf8'));
    const all = ['bundle.js', ...old.modules.map((m) => `${m.name}.xz`)];
    if (
      old.version === version &&
      old.modules[0]?.xzBytes &&
      all.every((f) => existsSync(path.join(out, f)))
    )
      return old;
  } catch {
    // not there yet
  }
  console.log(`setup: clang assets (@yowasp/clang ${version}) -> ${out}`);
  mkdirSync(out, { recursive: true });
  const gen = path.join(pkgDir, 'gen');
  const write = (name, data) => {
    writeFileSync(path.join(out, `${name}.tmp`), data);
    renameSync(path.join(out, `${name}.tmp`), path.join(out, name));
  };
  write('bundle.js', readFileSync(path.join(gen, 'bundle.js')));
  const modules = readdirSync(gen)
    .filter((f) => f.endsWith('.wasm'))
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(gen, name));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const xz = packed(bytes, sha256, cacheDir);
      write(`${name}.xz`, xz);
      return { name, bytes: bytes.length, xzBytes: xz.length, sha256 };
    });
  // Modules packed another way by an older setup would only be dead weight in the site.
  const kept = new Set(modules.map((m) => `${m.name}.xz`));
  for (const f of readdirSync(out))
    if (/\.wasm\.[a-z]+$/.test(f) && !kept.has(f)) rmSync(path.join(out, f));
  const list = { version, modules };
  write(LIST, JSON.stringify(list, null, 2) + '\n');
  return list;
}
