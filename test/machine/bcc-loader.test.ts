/**
 * BCC's loader sequence (src/worker/vfs/bcc-loader-script.ts) run as a
 * script through the machine's shell: it must load kheaders only when the
 * archive is absent, unload it only if it loaded it, unpack through a
 * mktemp directory renamed into place, and reuse what it finds. One
 * machine goes through the steps in order, as a user would.
 */
import { expect } from '@esm-bundle/chai';
import { bootMachine, type Ran } from './machine-helpers';

const SCRIPT = 'bash /usr/share/bcc/find-kheaders.sh';

describe('BCC loader sequence', function () {
  let sh: (line: string) => Promise<Ran>;
  let release: string;
  let machine: Awaited<ReturnType<typeof bootMachine>>['machine'];

  before(async () => {
    ({ sh, release, machine } = await bootMachine());
  });

  it('loads, unpacks into place and unloads when the module was not loaded', async () => {
    const r = await sh(SCRIPT);
    expect(r.err).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.out).to.equal(`headers: /tmp/kheaders-${release}\n`);
    // rmmod ran: the module and its file are gone, the tree stays.
    expect((await sh('lsmod')).out).not.to.match(/^kheaders /m);
    expect((await sh('ls /sys/kernel/kheaders.tar.xz')).code).to.equal(2);
    const kconfig = await sh(`stat -c '%u %g %a' /tmp/kheaders-${release}/include/linux/kconfig.h`);
    expect(kconfig.out).to.equal('0 0 644\n');
    // The mkdtemp directory was renamed, not left beside it.
    expect((await sh('ls /tmp')).out).to.equal(`kheaders-${release}\n`);
  });

  it('reuses the tree it finds, keyed by the release alone', async () => {
    const again = await sh(SCRIPT);
    expect(again.out).to.equal(`headers: /tmp/kheaders-${release} (reused as found)\n`);
    expect((await sh('lsmod')).out).not.to.match(/^kheaders /m);
  });

  it('leaves a module it did not load loaded, and honours TMPDIR', async () => {
    await sh('modprobe kheaders && mkdir /tmp/elsewhere');
    const r = await sh(`TMPDIR=/tmp/elsewhere ${SCRIPT}`);
    expect(r.out).to.equal(`headers: /tmp/elsewhere/kheaders-${release}\n`);
    expect((await sh('lsmod')).out).to.match(/^kheaders /m);
  });

  it('says what BCC says when the module cannot load', async () => {
    await sh('rmmod kheaders; rm -rf /tmp/kheaders-* /tmp/elsewhere');
    await machine.setConfig({ IKHEADERS: 'n' });
    const none = await sh(SCRIPT);
    expect(none.code).to.equal(1);
    expect(none.err).to.contain(
      `modprobe: FATAL: Module kheaders not found in directory /lib/modules/${release}\n`,
    );
    expect(none.err).to.contain(
      'Unable to find kernel headers. Try rebuilding kernel with CONFIG_IKHEADERS=m',
    );
  });
});
