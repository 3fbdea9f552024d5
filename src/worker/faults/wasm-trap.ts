/**
 * WebAssembly traps in the xz decoder. A trap (out-of-bounds access,
 * `unreachable`) means the C code went somewhere it must never go: the
 * command that met it fails, and the worker reports it so the page can
 * restart the machine from its last consistent state rather than trust it.
 *
 * The drill arms one real trap: the next decode is given an output pointer
 * at the top of the 32-bit address space, far past any heap, so once
 * xz-embedded has read the stream and block headers and decoded its first
 * LZMA2 chunk, its own write of that output faults.
 */

export class WasmTrapError extends Error {
  override name = 'WasmTrap';
}

let listener: ((trap: WasmTrapError) => void) | undefined;
let armed = false;
let trapped = false;

/** True once any decode in this worker has trapped: its state is no longer saved. */
export function hasTrapped(): boolean {
  return trapped;
}

/** Where traps are reported (the worker's entry point sets this). */
export function onWasmTrap(report: (trap: WasmTrapError) => void): void {
  listener = report;
}

/** Wraps a wasm export so a trap inside it is reported before it propagates. */
export function reportingTraps<A extends unknown[], R>(
  name: string,
  fn: (...args: A) => R,
): (...args: A) => R {
  return (...args) => {
    try {
      return fn(...args);
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) {
        trapped = true;
        armed = false;
        listener?.(
          new WasmTrapError(`the xz decoder (WebAssembly) trapped in ${name}(): ${err.message}`),
        );
      }
      throw err;
    }
  };
}

/** The drill: the next decode traps (any decode whose output outgrows the little room left). */
export function armWasmTrap(): void {
  armed = true;
}

/**
 * True while a drill is armed: the caller then sends its output past the
 * heap. It stays armed until a trap happens, so a slice that produced no
 * output (only headers read) does not use it up.
 */
export function trapIsArmed(): boolean {
  return armed;
}
