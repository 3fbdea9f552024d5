/**
 * clang's background warm-up (clang-tools.ts's warmClang, started by boot()
 * once the archive is in): a first visit starts nothing of clang; a later
 * one, whose modules a compile kept, compiles the probe against the
 * kernel's own headers, and the student's compile after it runs in that
 * same worker with the same answer as on a cold machine.
 */
import { expect } from '@esm-bundle/chai';
import { bootMachine } from '../machine/machine-helpers';
import { clangStats } from '../../src/worker/clang/clang-service';

const KEPT = 'clang-wasm';

/** Resolves once every module of clang's asset list is kept (written while a first compile runs). */
async function modulesKept(): Promise<void> {
  const list = (await (await fetch('/public/clang/clang-assets.json')).json()) as {
    modules: unknown[];
  };
  for (;;) {
    if ((await (await caches.open(KEPT)).keys()).length >= list.modules.length) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('clang, warmed up in the background', function () {
  this.timeout(600_000);

  it('a first visit (nothing kept) starts no clang worker', async () => {
    await caches.delete(KEPT);
    const { machine } = await bootMachine();
    const before = clangStats.starts;
    expect(await machine.warmClang()).to.equal(false);
    expect(clangStats.starts).to.equal(before);
    expect(await caches.has(KEPT)).to.equal(false, 'the check made no cache');
  });

  it('a later visit compiles against the kernel headers, and the first compile reuses that worker', async () => {
    const first = await bootMachine();
    const tree = `/tmp/kheaders-${first.release}`;
    const check = `modprobe kheaders && mkdir -p ${tree} && tar -xf /sys/kernel/kheaders.tar.xz -C ${tree} && kh-check-headers`;
    const cold = await first.sh(check);
    expect(cold.code, cold.err).to.equal(0);
    await modulesKept();

    const later = await bootMachine();
    const before = clangStats.starts;
    expect(await later.machine.warmClang()).to.equal(true);
    expect(clangStats.starts - before).to.equal(1, 'the warm-up started one worker');
    const warm = await later.sh(check);
    expect(warm.code, warm.err).to.equal(0);
    expect(clangStats.starts - before).to.equal(1, 'the compile ran in the warmed worker');
    expect(warm.out).to.equal(cold.out.replace(/^clang: downloading.*\n/m, ''));
    expect(warm.out).to.not.match(/downloading the compiler/);
  });
});
