/**
 * The machine as the page starts it: src/worker/main.ts in a real Worker,
 * typed by the contract through Comlink, booted from the demo kernel.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { MachineApi } from '../../src/shared/worker-api';

export interface WorkerMachine {
  machine: Remote<MachineApi>;
  /** One command line: what it wrote to each stream, and its exit code. */
  sh(line: string): Promise<{ out: string; err: string; code: number }>;
  terminate(): void;
}

export async function bootWorkerMachine(): Promise<WorkerMachine> {
  const worker = new Worker(new URL('../../src/worker/main.ts', import.meta.url), {
    type: 'module',
  });
  const machine = wrap<MachineApi>(worker);
  await machine.boot(new URL('/public/kernel/', location.href).href);
  const sh = async (line: string) => {
    let out = '';
    let err = '';
    const code = await machine.run(
      line,
      proxy({
        write: (chunk: string, stream: 'stdout' | 'stderr') => {
          if (stream === 'stdout') out += chunk;
          else err += chunk;
        },
      }),
    );
    return { out, err, code };
  };
  return { machine, sh, terminate: () => worker.terminate() };
}

/** The test server's answer from the real tools (test/native/native-tools.mjs). */
export async function native<T = { output: string }>(name: string): Promise<T> {
  const res = await fetch(`/__native/${name}`);
  if (!res.ok) throw new Error(`/__native/${name}: HTTP ${res.status}`);
  return (await res.json()) as T;
}
