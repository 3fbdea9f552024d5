/**
 * Fault drills, so the page's recovery can be proven on real faults: an
 * uncaught error in the worker, a real WebAssembly trap in the next decode,
 * a thread that never returns to its event loop. They arrive as a
 * FaultDrillMessage beside Comlink's calls (src/worker/main.ts), never
 * through MachineApi.
 */
import type { FaultDrill, FaultDrillMessage } from '../../shared/worker-api';
import { armWasmTrap } from './wasm-trap';

const DRILLS: readonly FaultDrill[] = ['worker-crash', 'wasm-trap', 'hang'];

export function isFaultDrillMessage(data: unknown): data is FaultDrillMessage {
  const drill = (data as Partial<FaultDrillMessage> | null)?.faultDrill;
  return typeof drill === 'string' && DRILLS.includes(drill);
}

/**
 * Runs in the drill message's own task, so it comes before any message sent
 * after it: the trap is armed for the next decode, the crash is thrown from
 * the listener (uncaught, as a bug's would be), the hang begins at once.
 */
export function runDrill(fault: FaultDrill): void {
  if (fault === 'wasm-trap') armWasmTrap();
  else if (fault === 'hang') hang();
  else crash();
}

/** An error no one catches, as a bug in the worker would throw. */
function crash(): void {
  throw new Error('fault drill: the machine’s worker crashed');
}

/** The worker's thread never comes back to its event loop: only terminate() ends it. */
function hang(): void {
  for (;;) {
    // spin
  }
}
