// The one set-up behind `npm start`, `npm test` and `npm run bench`: each step
// checks its output and is skipped when it is current.
//   node scripts/setup.mjs app|test|bench
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTarFixtures } from '../test/fixtures/tar-fixtures.mjs';
import { makeXzFixtures } from '../test/fixtures/xz-fixtures.mjs';
import { buildWasm } from '../wasm/build.mjs';
import { ensureClangAssets } from './setup/clang-assets.mjs';
import { ensureKernelArtifacts } from './setup/kernel-artifacts.mjs';
import { ensureLinuxSource } from './setup/linux-source.mjs';
import { ensureOtherKernel } from './setup/other-kernel.mjs';
import { ensureRealKernel } from './setup/real-kernel.mjs';
import { requireTools, SetupError } from './setup/tools.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = process.env.KH_CACHE ?? path.join(root, '.cache');
const mode = process.argv[2] ?? 'app';

/** npm ci when node_modules is missing or was installed from another lock. */
function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules/.kh-lock-sha256');
  const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  console.log('setup: npm ci');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, want);
}

async function main() {
  ensureNodeModules();
  const browserTools = mode === 'app' ? [] : ['chromium', 'xz', 'depmod'];
  const tools = requireTools(['emcc', 'tar', 'xz', ...browserTools]);
  const source = ensureLinuxSource(cacheDir);
  buildWasm({ source, tools });
  if (mode === 'bench') buildWasm({ source, tools, guided: false });
  const publicDir = path.join(root, 'public/kernel');
  ensureKernelArtifacts({ source, publicDir, cacheDir });
  ensureOtherKernel({ source, publicDir, cacheDir });
  ensureClangAssets({ root, publicDir: path.join(root, 'public'), cacheDir });
  ensureRealKernel({ source, publicDir: path.join(root, 'public/real-kernel'), cacheDir });
  if (mode === 'test') {
    makeXzFixtures(
      path.join(root, 'test/fixtures/generated/xz'),
      source.tree,
      path.join(publicDir, 'kheaders.tar.xz'),
    );
    await makeTarFixtures(path.join(root, 'test/fixtures/generated/tar'));
  }
}

try {
  await main();
} catch (err) {
  if (err instanceof SetupError) {
    console.error(`setup: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
