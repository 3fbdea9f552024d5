/**
 * The worker entry: build the machine and expose it to the page. A trap in
 * the wasm decoder is reported to the page like an uncaught error would be,
 * so the page restarts the machine instead of trusting it.
 */
import { expose } from 'comlink';
import { onWasmTrap } from './faults/wasm-trap';
import { Machine } from './machine';

// Its own message, beside Comlink's: the page's supervisor listens for it.
onWasmTrap((trap) => postMessage({ machineFault: trap.message }));
expose(new Machine());
