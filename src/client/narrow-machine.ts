import type { MachineApi } from '../shared/worker-api';

/**
 * Only these methods of the machine, for a view to hold: forwarders to
 * whatever machine `current()` gives when called, so the view can reach
 * nothing else (no drill, no restore), not even by a cast.
 */
export function narrowMachine<M extends object = MachineApi, K extends keyof M = keyof M>(
  current: () => M,
  ...keys: K[]
): Pick<M, K> {
  const out: Partial<Record<K, unknown>> = {};
  for (const k of keys)
    out[k] = (...args: unknown[]) => {
      const machine = current();
      return (machine[k] as (...a: unknown[]) => unknown).apply(machine, args);
    };
  return out as Pick<M, K>;
}
