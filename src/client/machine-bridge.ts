/**
 * The page's end of the machine's worker: starts it on first use (never at
 * page load), forwards each method of the contract to it, and fails the
 * calls in flight when it is lost. The forwarders come from the contract's
 * list (src/shared/machine-methods.ts), as squoosh's bridge makes its own.
 * What to do when a worker is lost is the supervisor's (machine-client.ts).
 */
import { proxy, transfer, wrap, type Endpoint, type Remote } from 'comlink';
import { MACHINE_METHODS, type MachineMethod } from '../shared/machine-methods';
import type {
  FaultDrill,
  FaultDrillMessage,
  MachineApi,
  MachineFaultMessage,
  MachineFaultReason,
} from '../shared/worker-api';

/** What the bridge talks to: the machine's Worker, or (tests) a port with a machine behind it. */
export interface MachineEndpoint extends Endpoint {
  terminate(): void;
}

export const machineWorker = (): MachineEndpoint =>
  new Worker(new URL('../worker/main.ts', import.meta.url), { type: 'module', name: 'machine' });

/** A call that was running on a worker that is gone. */
export class MachineLostError extends Error {
  override name = 'MachineLost';
}

/**
 * An argument as it crosses: a function, or an object of functions (a
 * CommandIo), goes as a Comlink proxy whose calls come back on a port of
 * their own; a buffer the caller hands over (a Uint8Array, or an archive
 * source's bytes) is transferred, not copied, and is empty here after.
 */
function toWire(arg: unknown): unknown {
  if (typeof arg === 'function') return proxy(arg);
  if (arg instanceof Uint8Array) return transfer(arg, [arg.buffer]);
  if (!arg || typeof arg !== 'object' || Array.isArray(arg) || ArrayBuffer.isView(arg)) return arg;
  const calls = Object.entries(arg).filter(([, v]) => typeof v === 'function');
  if (calls.length)
    return proxy(
      Object.fromEntries(calls.map(([k, f]) => [k, (f as (...a: unknown[]) => unknown).bind(arg)])),
    );
  const bytes = (arg as { bytes?: unknown }).bytes;
  return bytes instanceof Uint8Array ? transfer(arg, [bytes.buffer]) : arg;
}

/** The contract's methods, each one a call of `call(name, args)`. */
function forwarders(call: (name: MachineMethod, args: unknown[]) => Promise<unknown>): MachineApi {
  const api = Object.fromEntries(
    MACHINE_METHODS.map((name) => [name, (...args: unknown[]) => call(name, args)]),
  );
  // Every name of MachineApi is in the list (machine-methods.ts checks both ways).
  return api as unknown as MachineApi;
}

export class MachineBridge {
  /** The contract, forwarded to the current worker; a call waits while the machine restarts. */
  readonly machine = forwarders((name, args) => this.call(name, args, true));
  /** The same, not waiting: for the supervisor bringing a new worker up. */
  readonly now = forwarders((name, args) => this.call(name, args, false));

  private endpoint: MachineEndpoint | undefined;
  private remote: Remote<MachineApi> | undefined;
  /**
   * The calls in flight on the current worker, rejected when it is lost.
   * Not a race against one long-lived "lost" promise: every race leaves a
   * reaction on it that holds the call's result, so each snapshot and file
   * read stayed reachable for the worker's life (150 MB a fill/empty round).
   */
  private inFlight = new Set<(err: Error) => void>();
  private lostWith: Error | undefined;
  /** Settles when calls may go on: a restart holds them. */
  private gate: Promise<void> = Promise.resolve();

  constructor(
    /** Hears that the current worker failed: an uncaught error, or a trap it reported. */
    private readonly onFault: (reason: MachineFaultReason) => void,
    private readonly start: () => MachineEndpoint = machineWorker,
    /** Runs when a worker starts, before any call reaches it. */
    private readonly onStart: () => void = () => {},
  ) {}

  /** Calls wait for `until` (a restart) before they go; a newer hold replaces it. */
  hold(until: Promise<void>): void {
    this.gate = until;
  }

  /** Ends the worker; calls in flight on it fail with `err`. The next call starts a new one. */
  end(err = new MachineLostError('the machine was shut down')): void {
    this.endpoint?.terminate();
    this.endpoint = undefined;
    this.remote = undefined;
    this.lostWith ??= err;
    for (const reject of this.inFlight) reject(err);
    this.inFlight.clear();
  }

  /** Causes a fault drill (tests): a message of its own, not a contract call. */
  async drill(fault: FaultDrill): Promise<void> {
    await this.opened();
    this.endpoint!.postMessage({ faultDrill: fault } satisfies FaultDrillMessage);
  }

  private async call(name: MachineMethod, args: unknown[], waits: boolean): Promise<unknown> {
    if (waits) await this.opened();
    const remote = this.remote ?? this.open();
    const lost = this.lostWith;
    if (lost) throw lost;
    const inFlight = this.inFlight;
    const method = remote[name] as unknown as (...a: unknown[]) => Promise<unknown>;
    return new Promise((resolve, reject) => {
      inFlight.add(reject);
      method(...args.map(toWire))
        .then(resolve, reject)
        .finally(() => inFlight.delete(reject));
    });
  }

  /** Waits out a restart (a restart may itself be replaced by a newer one: waits for the newest). */
  private async opened(): Promise<void> {
    for (let g = this.gate; ; g = this.gate) {
      await g;
      if (g === this.gate) break;
    }
    if (!this.remote) this.open();
  }

  private open(): Remote<MachineApi> {
    performance.mark('kh:worker-spawn'); // phase marks: bench/prompt-bench.mjs reads them
    const endpoint = this.start();
    this.inFlight = new Set();
    this.lostWith = undefined;
    endpoint.addEventListener('error', (e) => {
      e.preventDefault();
      const message = (e as ErrorEvent).message || 'the worker stopped';
      if (this.endpoint === endpoint) this.onFault({ kind: 'crash', message });
    });
    // A wasm trap the worker caught and reported (src/worker/main.ts).
    endpoint.addEventListener('message', (e) => {
      const fault = (e as MessageEvent<Partial<MachineFaultMessage> | undefined>).data
        ?.machineFault;
      if (fault && this.endpoint === endpoint) this.onFault(fault);
    });
    this.endpoint = endpoint;
    const remote = (this.remote = wrap<MachineApi>(endpoint));
    this.onStart();
    return remote;
  }
}

/**
 * A base for the page's machines: each method of the contract forwards to
 * the same method of target(), made from the list; a subclass overrides
 * the calls it watches over (machine-client.ts) and keeps the rest.
 */
abstract class Forwarding {
  protected abstract target(): MachineApi;

  static {
    for (const name of MACHINE_METHODS)
      Object.defineProperty(this.prototype, name, {
        value(this: Forwarding, ...args: unknown[]) {
          const machine = this.target();
          return (machine[name] as (...a: unknown[]) => unknown).apply(machine, args);
        },
        writable: true,
        configurable: true,
      });
  }
}

export const ForwardingMachine = Forwarding as unknown as abstract new () => Forwarding &
  MachineApi;
