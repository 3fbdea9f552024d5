/**
 * The fidelity table: each row's command line runs through the machine's
 * shell and, at the same moment, through the real tools on this computer
 * (GNU tar 1.34, xz 5.4, coreutils 9.1, bash) over the same archive, via
 * the test server's /__native route (POST, test/native/native-tools.mjs).
 * Where no native run can exist (kmod, procfs, sysfs), the row's native
 * command computes the kernel's format from the real archive, and the row
 * names the source file that defines that format. Rows with a `user` run
 * as that user on both sides: the real tools as a real unprivileged user.
 */
import { expect } from '@esm-bundle/chai';
import { bootMachine, type Ran } from '../machine/machine-helpers';

interface Row {
  id: string;
  cmd: string;
  native?: string;
  /** Regexes whose matches both sides replace with '…' (times and numbers no two systems share). */
  mask?: string[];
  note?: string;
  /**
   * Why stdout cannot match a real machine here; then only stderr and the
   * exit status are compared, and stdout must still differ (so the note
   * goes stale, and this test fails, the day it matches).
   */
  differs?: string;
  /**
   * Run as this user: on the machine after `su <user>` (and `exit` after);
   * natively by util-linux su in a mount namespace where the user exists
   * (test/native/native-tools.mjs, asUser).
   */
  user?: string;
  /** kheaders is loaded while the row runs (the default; false unloads it first, as root). */
  loaded?: boolean;
}

interface Table {
  prepare: string;
  machinePrepare: string;
  rows: Row[];
}

const table = (await (await fetch('/test/fidelity/table.json')).json()) as Table;

function masked(r: Ran, row: Row): Ran {
  const m = (s: string): string =>
    (row.mask ?? []).reduce((t, re) => t.replace(new RegExp(re, 'gm'), '…'), s);
  return { out: m(r.out), err: m(r.err), code: r.code };
}

describe('fidelity: the machine prints what the real tools print', function () {
  let sh: (line: string) => Promise<Ran>;

  /** Runs a row as its user, and leaves the machine as root with kheaders loaded. */
  async function asUser(row: Row, run: () => Promise<Ran>): Promise<Ran> {
    if (!row.user) return run();
    if (row.loaded === false) expect((await sh('rmmod kheaders')).code).to.equal(0);
    expect((await sh(`su ${row.user}`)).code).to.equal(0);
    try {
      return await run();
    } finally {
      await sh('exit');
      if (row.loaded === false) await sh('modprobe kheaders');
    }
  }

  before(async function () {
    ({ sh } = await bootMachine());
    const prep = await sh(table.machinePrepare);
    expect(prep.err).to.equal('');
    expect(prep.code).to.equal(0);
  });

  it('has at least 40 command lines', () => {
    expect(table.rows.length).to.be.at.least(40);
    expect(new Set(table.rows.map((r) => r.id)).size).to.equal(table.rows.length);
  });

  for (const row of table.rows) {
    it(`${row.id}: ${row.cmd}`, async () => {
      const nativeRes = await fetch(`/__native/${row.id}`, { method: 'POST' });
      expect(nativeRes.ok, `native run of ${row.id}`).to.equal(true);
      const native = masked((await nativeRes.json()) as Ran, row);
      const ours = masked(await asUser(row, () => sh(`cd /tmp/w && ${row.cmd}`)), row);
      if (row.differs) expect(ours.out, `stdout (${row.differs})`).not.to.equal(native.out);
      else expect(ours.out, 'stdout').to.equal(native.out);
      expect(ours.err, 'stderr').to.equal(native.err);
      expect(ours.code, 'exit status').to.equal(native.code);
    });
  }
});
