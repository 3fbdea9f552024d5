/**
 * The simulation held to a real kernel: test/real-kernel/run-real.mjs booted
 * setup's i386 Linux (public/real-kernel) in v86 and ran oracle-table.json
 * on it just before this test; here the same rows run, in the same order,
 * on the machine booted as that very kernel (its manifest, archive and
 * config), and each row compares what the kernel produced.
 */
import { expect } from '@esm-bundle/chai';
import { Machine } from '../../src/worker/machine';
import type { KernelManifest } from '../../src/worker/kernel/kernel-manifest';

interface Row {
  id: string;
  cmd: string;
  sim?: string;
  mask?: string[];
  extract?: string;
  /** Per line name (e.g. MemFree), how far apart the two numbers may be. */
  tolerance?: Record<string, number>;
  note?: string;
  ignoreCode?: boolean;
  differs?: string;
}

interface Answer {
  out: string;
  code: number;
}

const json = async <T>(url: string): Promise<T> => {
  const res = await fetch(url);
  if (!res.ok)
    throw new Error(`${url}: HTTP ${res.status} (run node test/real-kernel/run-real.mjs)`);
  return (await res.json()) as T;
};

const table = await json<{ rows: Row[] }>('/test/real-kernel/oracle-table.json');
const real = await json<{ release: string; sha256: string; rows: Record<string, Answer> }>(
  '/test/fixtures/generated/real-kernel/answers.json',
);

/** What a row compares of one side's answer. */
function compared(row: Row, a: Answer): string {
  let out = a.out;
  if (row.extract) out = (out.match(new RegExp(row.extract, 'g')) ?? []).join('\n');
  for (const re of row.mask ?? []) out = out.replace(new RegExp(re, 'gm'), '…');
  return row.ignoreCode ? out : `${out}\n[exit ${a.code}]`;
}

/**
 * Lines `<name> <number>`: the names must be the same, the numbers within
 * row.tolerance[name] of each other.
 */
function withinTolerance(row: Row, ours: string, theirs: string): boolean {
  const lines = (s: string) => s.split('\n').map((l) => l.split(' '));
  const [a, b] = [lines(ours), lines(theirs)];
  return (
    a.length === b.length &&
    a.every(([name, n], i) => {
      const [theirName, m] = b[i]!;
      if (name !== theirName) return false;
      if (n === m) return true;
      const tol = row.tolerance?.[name ?? ''];
      return tol !== undefined && Math.abs(Number(n) - Number(m)) <= tol;
    })
  );
}

describe('oracle: the simulation against a real Linux 6.1 (v86)', function () {
  let machine: Machine;

  before(async function () {
    const base = '/public/real-kernel/';
    const manifest = await json<KernelManifest & { files: { bzImage: { sha256: string } } }>(
      `${base}manifest.json`,
    );
    expect(
      manifest.files.bzImage.sha256,
      'the answers are from the kernel in public/real-kernel (node test/real-kernel/run-real.mjs)',
    ).to.equal(real.sha256);
    const bytes = async (name: string) =>
      new Uint8Array(await (await fetch(`${base}${name}`)).arrayBuffer());
    machine = new Machine();
    machine.bootWith({
      manifest,
      headersXz: await bytes('kheaders.tar.xz'),
      configGz: await bytes('config.gz'),
    });
  });

  it('has at least 25 rows, each with a real answer', () => {
    expect(table.rows.length).to.be.at.least(25);
    expect(new Set(table.rows.map((r) => r.id)).size).to.equal(table.rows.length);
    for (const row of table.rows) expect(real.rows[row.id], row.id).to.be.an('object');
  });

  // In order: each row finds the state the rows before it left, on both sides.
  for (const row of table.rows) {
    it(`${row.id}: ${row.sim ?? row.cmd}`, async () => {
      let out = '';
      const code = await machine.run(row.sim ?? row.cmd, { write: (chunk) => (out += chunk) });
      const ours = compared(row, { out, code });
      const theirs = compared(row, real.rows[row.id]!);
      const same = row.tolerance ? withinTolerance(row, ours, theirs) : ours === theirs;
      if (row.differs) {
        expect(same, `marked as differing (${row.differs}) but now matches: ${ours}`).to.equal(
          false,
        );
      } else if (!same) {
        expect(ours, 'the simulation (left) against the real kernel (right)').to.equal(theirs);
      }
    });
  }
});
