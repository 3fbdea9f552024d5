/**
 * The machine answers before the kernel's bytes arrive: the shell runs on
 * the manifest alone; the readers of kheaders.tar.xz and config.gz wait for
 * the bytes, say so once, and stop on Ctrl-C. The bytes are the demo's
 * real ones; the test only decides when they land.
 */
import { expect } from '@esm-bundle/chai';
import { Machine } from '../../src/worker/machine';
import { KernelArrival, type KernelBytes } from '../../src/worker/kernel/kernel-arrival';
import { demoArtifacts } from './machine-helpers';

async function heldMachine() {
  const a = await demoArtifacts();
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const arrival = new KernelArrival(a.manifest, async (onChunk) => {
    await held;
    onChunk(a.headersXz.length + a.configGz.length);
    const bytes: KernelBytes = { headersXz: a.headersXz, configGz: a.configGz };
    return bytes;
  });
  const machine = new Machine();
  machine.bootWith({ manifest: a.manifest, arrival });
  const out = { stdout: '', stderr: '' };
  const run = (line: string) =>
    machine.run(line, { write: (chunk, stream) => void (out[stream] += chunk) });
  return { machine, run, out, release, manifest: a.manifest };
}

/** Resolves once the machine has said it waits (its stderr gets the line). */
async function untilSaid(out: { stderr: string }): Promise<void> {
  while (!out.stderr.includes('waiting for the kernel archive')) {
    await new Promise((r) => setTimeout(r));
  }
}

describe('machine: a prompt before the kernel archive arrives', function () {
  this.timeout(60_000);

  it('echo, cd, ls and files in ~ run while the bytes are held; lsmod knows the sizes', async () => {
    const { run, out } = await heldMachine();
    expect(await run('echo hi && cd /tmp && echo x > f && cat f && ls /sys/kernel')).to.equal(0);
    expect(out.stdout).to.match(/^hi\nx\n/);
    expect(out.stderr).to.equal('');
    expect(await run('lsmod')).to.equal(0);
  });

  it('modprobe kheaders waits with one line, then completes when the bytes land', async () => {
    const { run, out, release, manifest } = await heldMachine();
    let done = false;
    const modprobe = run('modprobe kheaders && wc -c < /sys/kernel/kheaders.tar.xz').then((c) => {
      done = true;
      return c;
    });
    await untilSaid(out);
    expect(done).to.equal(false);
    const mib = (manifest.kheaders.bytes + manifest.configGz.bytes) / 2 ** 20;
    expect(out.stderr).to.equal(`waiting for the kernel archive (0.0 of ${mib.toFixed(1)} MiB)…\n`);
    release();
    expect(await modprobe).to.equal(0);
    expect(out.stdout).to.equal(`${manifest.kheaders.bytes}\n`);
  });

  it('Ctrl-C ends the wait with 130; the machine stays usable and loads later', async () => {
    const { machine, run, out, release } = await heldMachine();
    const modprobe = run('modprobe kheaders');
    await untilSaid(out);
    await machine.interrupt();
    expect(await modprobe).to.equal(130);
    expect((await machine.getState()).modules.find((m) => m.name === 'kheaders')?.status).to.equal(
      'unloaded',
    );
    release();
    out.stderr = '';
    expect(await run('modprobe kheaders && zcat /proc/config.gz | grep -c IKHEADERS')).to.equal(0);
    expect(out.stdout).to.equal('1\n');
  });
});
