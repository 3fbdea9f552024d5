// clang for the browser: @yowasp/clang's bundle and wasm modules (from npm,
// in node_modules) copied into <publicDir>/clang/, each module gzipped so any
// static host serves it small, and clang-assets.json listing them. Kept out of
// the service worker's precache (sw.js caches clang/ on first use instead).
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { SetupError } from './tools.mjs';

const LIST = 'clang-assets.json';

export function ensureClangAssets({ root, publicDir }) {
  const pkgDir = path.join(root, 'node_modules/@yowasp/clang');
  const pkgFile = path.join(pkgDir, 'package.json');
  if (!existsSync(pkgFile))
    throw new SetupError('node_modules/@yowasp/clang is missing: run npm ci');
  const version = JSON.parse(readFileSync(pkgFile, 'utf8')).version;
  const out = path.join(publicDir, 'clang');
  const listFile = path.join(out, LIST);
  try {
    const old = JSON.parse(readFileSync(listFile, 'utf8'));
    const all = ['bundle.js', ...old.modules.map((m) => `${m.name}.gz`)];
    if (old.version === version && all.every((f) => existsSync(path.join(out, f)))) return old;
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
      const gz = gzipSync(bytes, { level: 9 });
      write(`${name}.gz`, gz);
      return {
        name,
        bytes: bytes.length,
        gzBytes: gz.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      };
    });
  const list = { version, modules };
  write(LIST, JSON.stringify(list, null, 2) + '\n');
  return list;
}
