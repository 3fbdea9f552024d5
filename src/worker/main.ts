/**
 * The worker entry: build the machine and expose it to the page. A trap in
 * the wasm decoder is reported to the page like an uncaught error would be,
 * so the page restarts the machine instead of trusting it. Fault drills
 * come as their own message, handled before Comlink sees it.
 */
import { expose } from 'comlink';
import type { MachineFaultMessage } from '../shared/worker-api';
import { isFaultDrillMessage, runDrill } from './faults/drills';
import { onWasmTrap } from './faults/wasm-trap';
import { Machine } from './machine';
import { DISK_STORE } from './vfs/home-disk';

// Its own message, beside Comlink's: the page's supervisor listens for it.
onWasmTrap((trap) =>
  postMessage({
    machineFault: { kind: 'wasm-trap', message: trap.message },
  } satisfies MachineFaultMessage),
);
// Registered before Comlink's listener, so a drill never reaches it (it would answer one).
addEventListener('message', (e: MessageEvent<unknown>) => {
  if (!isFaultDrillMessage(e.data)) return;
  e.stopImmediatePropagation();
  runDrill(e.data.faultDrill);
});
// /root and /home live on a disk in the origin private file system (home-disk.ts).
expose(new Machine({ disk: { store: DISK_STORE } }));
