/**
 * The bridge's forwarders come from the contract's list: every method of
 * MachineApi reaches the machine behind the port, callbacks come back as
 * proxies, a buffer handed over is transferred. A lost worker fails the
 * calls in flight; its faults reach the supervisor as data.
 */
import { expect } from '@esm-bundle/chai';
import { expose } from 'comlink';
import { MachineBridge, MachineLostError } from '../../src/client/machine-bridge';
import { MACHINE_METHODS } from '../../src/shared/machine-methods';
import type { CommandIo, MachineFaultReason } from '../../src/shared/worker-api';

/** A machine behind a port that notes each call, answers `run` through its io, and never answers `cwd`. */
function portMachine() {
  const calls: string[] = [];
  const behind: Record<string, (...args: unknown[]) => unknown> = {};
  for (const name of MACHINE_METHODS)
    behind[name] = (...args: unknown[]) => {
      calls.push(name);
      return args.length;
    };
  behind.run = async (_line: unknown, io: unknown) => {
    calls.push('run');
    await (io as CommandIo).write('out\n', 'stdout');
    return 0;
  };
  behind.cwd = () => new Promise(() => {});
  behind.importHome = (bytes: unknown) => (bytes as Uint8Array).length;
  const { port1, port2 } = new MessageChannel();
  expose(behind, port1);
  port2.start();
  const endpoint = Object.assign(port2, { terminate: () => port1.close() });
  return { calls, endpoint, port1 };
}

describe('machine bridge', () => {
  it('forwards every method of the contract’s list, and nothing else', async () => {
    const { calls, endpoint } = portMachine();
    const bridge = new MachineBridge(
      () => {},
      () => endpoint,
    );
    expect(Object.keys(bridge.machine).sort()).to.deep.equal([...MACHINE_METHODS].sort());
    const m = bridge.machine as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    // run, cwd and importHome answer otherwise (the tests below).
    const plain = MACHINE_METHODS.filter((n) => !['run', 'cwd', 'importHome'].includes(n));
    for (const name of plain) expect(await m[name]!('a', 'b'), name).to.equal(2);
    expect(calls).to.deep.equal(plain);
  });

  it('sends callbacks as proxies and hands a buffer over', async () => {
    const { endpoint } = portMachine();
    const bridge = new MachineBridge(
      () => {},
      () => endpoint,
    );
    let out = '';
    expect(await bridge.machine.run('x', { write: (c) => (out += c) })).to.equal(0);
    expect(out).to.equal('out\n');
    const bytes = new Uint8Array(1000);
    const read = await (bridge.machine.importHome(bytes) as Promise<unknown>);
    expect(read).to.equal(1000);
    expect(bytes.byteLength, 'transferred, not copied').to.equal(0);
  });

  it('fails a call in flight when the worker is lost', async () => {
    const { endpoint } = portMachine();
    const bridge = new MachineBridge(
      () => {},
      () => endpoint,
    );
    const pending = bridge.machine.cwd();
    await new Promise((r) => setTimeout(r, 10));
    bridge.end(new MachineLostError('gone'));
    let error: unknown;
    await pending.catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(MachineLostError);
  });

  it('reports a crash and a trap the worker tells of as data', async () => {
    const { endpoint, port1 } = portMachine();
    const faults: MachineFaultReason[] = [];
    const bridge = new MachineBridge(
      (f) => faults.push(f),
      () => endpoint,
    );
    await bridge.machine.getState();
    port1.postMessage({
      machineFault: { kind: 'wasm-trap', message: 'memory access out of bounds' },
    });
    endpoint.dispatchEvent(new ErrorEvent('error', { message: 'boom', cancelable: true }));
    await new Promise((r) => setTimeout(r, 20));
    expect(faults).to.have.deep.members([
      { kind: 'wasm-trap', message: 'memory access out of bounds' },
      { kind: 'crash', message: 'boom' },
    ]);
  });
});
