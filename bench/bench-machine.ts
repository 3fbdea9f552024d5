/**
 * The machine as the in-page bench rows start it: on this page's thread,
 * booted from a kernel folder's manifest, archive and config, with a shell
 * whose commands must succeed.
 */
import type { KernelArtifacts, KernelManifest } from '../src/worker/kernel/kernel-manifest';
import { Machine } from '../src/worker/machine';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function bytes(url: URL): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

/** A kernel folder's manifest, archive and config, as a machine boots from them. */
export async function kernelArtifacts(kernelPath: string): Promise<KernelArtifacts> {
  const base = new URL(kernelPath, location.href);
  const manifest = (await (await fetch(new URL('manifest.json', base))).json()) as KernelManifest;
  return {
    manifest,
    headersXz: await bytes(new URL('kheaders.tar.xz', base)),
    configGz: await bytes(new URL('config.gz', base)),
    // Vite's dev server serves public/ at the root, and will not import JS from /public/.
    baseUrl: new URL('/kernel/', location.href).href,
  };
}

export async function benchMachine(kernelPath: string) {
  const artifacts = await kernelArtifacts(kernelPath);
  const { manifest } = artifacts;
  const machine = new Machine();
  machine.bootWith(artifacts);
  /** Runs a command line; throws with its stderr unless it exits 0; resolves to its time (ms). */
  const run = async (line: string): Promise<number> => {
    let err = '';
    const start = performance.now();
    const code = await machine.run(line, { write: (c, s) => void (s === 'stderr' && (err += c)) });
    if (code !== 0) throw new Error(`${line}: exit ${code}: ${err}`);
    return performance.now() - start;
  };
  return { machine, manifest, run };
}
