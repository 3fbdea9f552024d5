/** Boots a Machine from the demo's real artifacts and runs command lines on it. */
import { Machine } from '../../src/worker/machine';
import type { KernelArtifacts, KernelManifest } from '../../src/worker/kernel/kernel-manifest';
import type { ShellOptions } from '../../src/worker/shell/shell';
import type { RunOptions } from '../../src/shared/worker-api';

const base = new URL('/public/kernel/', location.href);

let artifacts: Promise<KernelArtifacts> | undefined;

export function demoArtifacts(): Promise<KernelArtifacts> {
  artifacts ??= (async () => {
    const get = async (name: string) =>
      new Uint8Array(await (await fetch(new URL(name, base))).arrayBuffer());
    const manifest = (await (await fetch(new URL('manifest.json', base))).json()) as KernelManifest;
    return { manifest, headersXz: await get('kheaders.tar.xz'), configGz: await get('config.gz') };
  })();
  return artifacts;
}

export interface Ran {
  out: string;
  err: string;
  code: number;
}

export async function bootMachine(options: ShellOptions = {}) {
  const machine = new Machine(options);
  const a = await demoArtifacts();
  machine.bootWith(a);
  const sh = async (line: string, run?: RunOptions): Promise<Ran> => {
    let out = '';
    let err = '';
    const code = await machine.run(
      line,
      {
        write: (chunk, stream) => {
          if (stream === 'stdout') out += chunk;
          else err += chunk;
        },
      },
      run,
    );
    return { out, err, code };
  };
  return { machine, sh, manifest: a.manifest, release: a.manifest.release };
}
