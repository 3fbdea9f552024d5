// "Another machine": the same linux-source tree built a second time, by the
// same kernel rules (kernel/gen_kheaders.sh via `make kernel/kheaders.o`), with
// a config that moves common structs, so the playground can show a program
// built against one kernel's headers reading the wrong field on the other.
// Its own build dir (O=…-other), so the demo's build is never touched.
// Output: <publicDir>/other/kheaders.tar.xz, and manifest.json's "other".
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { kbuildEnv, kmake, RECIPE } from './kernel-artifacts.mjs';
import { requireTools, SetupError } from './tools.mjs';
import { sha256, same, readJson, writeAtomic } from './file-kit.mjs';

/**
 * On top of the demo's own config. Each moves task_struct or file:
 * SCHED_CORE (core scheduling fields), NUMA_BALANCING (numa_* fields),
 * MEMCG (memcg fields), DEBUG_SPINLOCK (spinlock_t grows 4 → 24 bytes, so
 * every struct with a lock moves), TASK_DELAY_ACCT off (drops `delays`).
 */
export const OTHER_DELTA = {
  SCHED_CORE: 'y',
  NUMA_BALANCING: 'y',
  MEMCG: 'y',
  DEBUG_SPINLOCK: 'y',
  TASK_DELAY_ACCT: 'n',
};
const BASE = { IKHEADERS: 'm', IKCONFIG: 'y', IKCONFIG_PROC: 'y' };
const OUT_TARXZ = 'kernel/kheaders_data.tar.xz';
const PUBLIC_NAME = 'other/kheaders.tar.xz';

/** What .config says for each option: y, m or n ("is not set" and absent are n). */
function configValues(dotConfig, names) {
  const text = readFileSync(dotConfig, 'utf8');
  return Object.fromEntries(
    names.map((k) => [k, text.match(new RegExp(`^CONFIG_${k}=(.*)$`, 'm'))?.[1] ?? 'n']),
  );
}

function build(source, outDir) {
  const tools = requireTools(['make', 'gcc', 'flex', 'bison', 'bc', 'cpio', 'perl', 'xz', 'tar']);
  console.log(`setup: building the other kernel's headers in ${outDir}`);
  const started = Date.now();
  mkdirSync(outDir, { recursive: true });
  const env = kbuildEnv(source, 'other-machine');
  kmake(tools.make, source, outDir, ['defconfig'], env);
  const want = { ...BASE, ...OTHER_DELTA };
  const setArgs = Object.entries(want).flatMap(([k, v]) => [
    v === 'm' ? '-m' : v === 'y' ? '-e' : '-d',
    k,
  ]);
  const dotConfig = path.join(outDir, '.config');
  execFileSync(path.join(source.tree, 'scripts/config'), ['--file', dotConfig, ...setArgs]);
  kmake(tools.make, source, outDir, ['olddefconfig'], env);
  const got = configValues(dotConfig, Object.keys(want));
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new SetupError(
      `the other kernel's config did not take (a dependency missing?): wanted ${JSON.stringify(want)}, got ${JSON.stringify(got)}`,
    );
  }
  kmake(tools.make, source, outDir, ['kernel/kheaders.o'], env);
  console.log(`setup: other kernel built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Builds (or keeps) <publicDir>/other/kheaders.tar.xz and records it in
 * manifest.json as "other": release, config delta against the demo, bytes,
 * sha256. Run after ensureKernelArtifacts (which writes the manifest).
 */
export function ensureOtherKernel({ source, publicDir, cacheDir }) {
  const manifestFile = path.join(publicDir, 'manifest.json');
  const manifest = readJson(manifestFile);
  if (!manifest) throw new SetupError(`${manifestFile} is missing: build the demo kernel first`);
  if (manifest.source?.kind !== 'build') return manifest; // an archive of your own has no source to rebuild
  const outDir = path.resolve(cacheDir, `kbuild-${source.version}-other`);
  const stampFile = path.join(outDir, '.kh-other.json');
  const wantStamp = { recipe: RECIPE, version: source.version, delta: OTHER_DELTA };
  const stamp = readJson(stampFile);
  const tarxz = path.join(outDir, OUT_TARXZ);
  if (!same(stamp?.want, wantStamp) || !existsSync(tarxz)) {
    build(source, outDir);
    const release = readFileSync(path.join(outDir, 'include/config/kernel.release'), 'utf8').trim();
    writeAtomic(stampFile, JSON.stringify({ want: wantStamp, release }, null, 2) + '\n');
  }
  const bytes = readFileSync(tarxz);
  const release = readJson(stampFile).release;
  const other = {
    release,
    label: 'another machine: same source, another config',
    configDelta: OTHER_DELTA,
    kheaders: { path: PUBLIC_NAME, bytes: bytes.length, sha256: sha256(bytes) },
  };
  const target = path.join(publicDir, PUBLIC_NAME);
  mkdirSync(path.dirname(target), { recursive: true });
  if (!existsSync(target) || sha256(readFileSync(target)) !== other.kheaders.sha256) {
    copyFileSync(tarxz, `${target}.tmp`);
    renameSync(`${target}.tmp`, target);
  }
  if (!same(manifest.other, other)) {
    writeAtomic(manifestFile, JSON.stringify({ ...manifest, other }, null, 2) + '\n');
  }
  return { ...manifest, other };
}
