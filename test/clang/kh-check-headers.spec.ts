/**
 * kh-check-headers on a good tree and on a broken one (kconfig.h gone,
 * symlinks that lead nowhere or out of the tree), as some vendor archives
 * ship: each problem is named, and the probe's verdict matches.
 */
import { expect } from '@esm-bundle/chai';
import { gccSays, twoTrees } from './clang-helpers';

describe('kh-check-headers', function () {
  this.timeout(300_000);

  it("reports release, arch, BCC's files, and the offsets gcc finds", async () => {
    const m = await twoTrees();
    const r = await m.must(`kh-check-headers ${m.trees.demo}`);
    const gcc = await gccSays('public/kernel/kheaders.tar.xz');
    expect(r.out).to.contain(`release: ${m.release}`).and.contain(`arch:    ${m.manifest.arch}`);
    expect(r.out).to.contain('ok       include/linux/kconfig.h').and.not.contain('MISSING');
    expect(r.out).to.contain(`offsetof(struct task_struct, pid) = ${gcc.task_pid_offset}`);
    expect(r.out).to.contain(`sizeof(struct task_struct) = ${gcc.task_struct_size}`);
    expect(r.out).to.contain(`offsetof(struct file, f_pos) = ${gcc.file_f_pos_offset}`);
    expect(r.out).to.contain(
      `symlinks: ${m.manifest.kheaders.symlinks}, of which 0 cannot be followed`,
    );
  });

  it('names a missing kconfig.h and dangling or absolute symlinks, and the compile that fails', async () => {
    const m = await twoTrees();
    const t = m.trees.other;
    await m.must(
      `rm ${t}/include/linux/kconfig.h && ln -s /vendor/include/linux/kconfig.h ${t}/include/linux/kconfig.h && ln -s no-such.h ${t}/include/linux/dangling.h && rm ${t}/include/generated/autoconf.h`,
    );
    const r = await m.sh(`kh-check-headers ${t}`);
    expect(r.code).to.equal(1);
    expect(r.out)
      .to.contain('MISSING  include/linux/kconfig.h')
      .and.contain('MISSING  include/generated/autoconf.h');
    expect(r.out).to.contain(
      'include/linux/kconfig.h -> /vendor/include/linux/kconfig.h (absolute)',
    );
    expect(r.out).to.contain('include/linux/dangling.h -> no-such.h (dangling)');
    expect(r.out).to.match(/does not compile with BCC's flags:\n.*kconfig\.h' file not found/);
  });
});
