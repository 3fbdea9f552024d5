/**
 * "When the headers can't be found", each step opened as its link opens it
 * on a fresh machine: the step causes its failure, the message is the one
 * the text names, and pasting what the step printed into the error search
 * finds that step first.
 */
import { expect } from '@esm-bundle/chai';
import { searchErrors } from '../../src/lessons/error-search';
import { LESSONS, stepState, type LessonFacts } from '../../src/lessons/lessons';
import type { DemoFacts } from '../../src/share/demo-manifest';
import { restoreShareState } from '../../src/share/share-restore';
import { bootMachine, type Ran } from '../machine/machine-helpers';

const LESSON = LESSONS.find((l) => l.id === 'headers-not-found')!;

async function openStep(
  n: number,
  machineBefore?: (sh: (l: string) => Promise<Ran>) => Promise<void>,
) {
  const { machine, sh, manifest } = await bootMachine();
  if (machineBefore) await machineBefore(sh);
  const demo: DemoFacts = {
    release: manifest.release,
    sha256: manifest.kheaders.sha256,
    archiveBytes: manifest.kheaders.bytes,
    objectBytes: manifest.kheaders.bytes,
    coreBytes: manifest.kheaders.bytes,
    tarBytes: manifest.kheaders.tarBytes,
    files: manifest.kheaders.files,
    configGzBytes: manifest.configGz.bytes,
  };
  const facts = { release: demo.release } as LessonFacts;
  const ran: [string, Ran][] = [];
  const notice = await restoreShareState(
    { v: 1, ...stepState(LESSON.steps[n - 1]!, facts) },
    {
      machine,
      execute: async (cmd) => {
        const r = await sh(cmd);
        ran.push([cmd, r]);
        return r.code;
      },
      openFile: async () => true,
    },
    demo,
  );
  expect(notice).to.equal('');
  const find = (prefix: string) => ran.find(([c]) => c.startsWith(prefix))![1];
  const printed = ran.map(([, r]) => r.out + r.err).join('');
  return { sh, ran, find, printed, release: demo.release };
}

/** The search, over what the step printed, puts this step first. */
function foundFirst(printed: string, step: number): void {
  const hits = searchErrors(printed, LESSONS);
  expect(hits[0], `nothing found in:\n${printed}`).to.not.equal(undefined);
  expect(`${hits[0]!.lessonId}.${hits[0]!.step}`, printed).to.equal(`headers-not-found.${step}`);
}

describe('lesson: when the headers cannot be found', function () {
  this.timeout(240_000);

  it('1. as the student, modprobe is refused with kmod’s words and BCC gives up', async () => {
    const { sh, find, printed } = await openStep(1);
    expect(find('modprobe').err).to.equal(
      "modprobe: ERROR: could not insert 'kheaders': Operation not permitted\n",
    );
    expect(find('bash /usr/share/bcc').err).to.contain('Unable to find kernel headers.');
    expect((await sh('whoami')).out).to.equal('student\n');
    foundFirst(printed, 1);
    // The fix the text gives: root loads it, the student reads it.
    for (const l of ['exit', 'modprobe kheaders', 'su - student'])
      expect((await sh(l)).code).to.equal(0);
    expect((await sh('ls -l /sys/kernel/kheaders.tar.xz')).out).to.match(
      /^-r--r--r-- 1 root root /,
    );
    expect(
      (
        await sh(
          'mkdir -p ~/kh && tar -xf /sys/kernel/kheaders.tar.xz -C ~/kh && stat -c %U ~/kh/include',
        )
      ).out,
    ).to.equal('student\n');
  });

  it('2. an empty /tmp/kheaders-<release> is reused and the compile fails on kconfig.h', async () => {
    const { find, printed, release } = await openStep(2);
    expect(find('bash /usr/share/bcc').out).to.equal(
      `headers: /tmp/kheaders-${release} (reused as found)\n`,
    );
    expect(find('clang').err).to.contain(
      `fatal error: '/tmp/kheaders-${release}/include/linux/kconfig.h' file not found`,
    );
    foundFirst(printed, 2);
  });

  it('3. a directory the student planted is refused, and root would have compiled it', async () => {
    const { sh, find, printed, release } = await openStep(3);
    expect(find('ls -ld').out).to.match(/^drwxr-xr-x \d+ student student /);
    expect(find('bash /usr/share/bcc').err).to.equal(
      `ERROR: header file ownership unexpected: /tmp/kheaders-${release}\n`,
    );
    expect(find(': > /tmp/empty.c').out).to.equal('#define KH_PLANTED_BY_STUDENT 1\n');
    expect((await sh('whoami')).out).to.equal('root\n');
    foundFirst(printed, 3);
  });

  it('4. an image without kmod: modprobe is not found', async () => {
    const { find, printed } = await openStep(4);
    expect(find('bash /usr/share/bcc').err).to.contain('modprobe: command not found');
    expect(find('modprobe').code).to.equal(127);
    foundFirst(printed, 4);
  });

  it('5. an image without xz: GNU tar cannot exec its child', async () => {
    const { find, printed } = await openStep(5);
    const tar = find('rm -rf /tmp/kh ');
    expect(tar.err).to.equal(
      'tar (child): xz: Cannot exec: No such file or directory\ntar (child): Error is not recoverable: exiting now\ntar: Child returned status 2\ntar: Error is not recoverable: exiting now\n',
    );
    expect(tar.code).to.equal(2);
    foundFirst(printed, 5);
  });

  it('6. a kernel built without it: kheaders is not in /lib/modules', async () => {
    const { find, printed, release } = await openStep(6);
    expect(find('modprobe').err).to.equal(
      `modprobe: FATAL: Module kheaders not found in directory /lib/modules/${release}\n`,
    );
    expect(find('zcat').out).to.equal('# CONFIG_IKHEADERS is not set\n');
    foundFirst(printed, 6);
  });

  it('7. another release’s tree is taken without a word, and its offsets are not this kernel’s', async () => {
    const { find } = await openStep(7);
    expect(find('BCC_KERNEL_SOURCE').out).to.equal('headers: /tmp/build-other\n');
    const layout = find('kh-layout');
    expect(layout.code, layout.err).to.equal(0);
    expect(layout.out).to.match(/\bpid\b/);
  });

  it('8. the archive holds headers only: nothing to build a module with', async () => {
    const { ran } = await openStep(8);
    const counts = ran.filter(([c]) => c.startsWith('find ')).map(([, r]) => r.out);
    expect(counts).to.deep.equal(['0\n', '0\n']);
  });

  it('9. bpftrace cannot find kernel headers', async () => {
    const { find, printed } = await openStep(9);
    expect(find('bpftrace').err).to.contain('Could not find kernel headers');
    foundFirst(printed, 9);
  });

  it('a step opened after another puts back the user and the image', async () => {
    // Step 4 leaves an image without kmod; step 1 after it has modprobe again.
    const { find } = await openStep(1, async (sh) => {
      await sh('kh-image --without kmod xz-utils');
      await sh('su student');
    });
    expect(find('modprobe').err).to.contain('Operation not permitted');
  });

  it('a step opened after a full extraction still causes its failure', async () => {
    // What "Next" does after step 1's fix, or any lesson that unpacked the headers.
    const { find } = await openStep(2, async (sh) => {
      await sh('modprobe kheaders && bash /usr/share/bcc/find-kheaders.sh');
    });
    expect(find('clang').err).to.contain("include/linux/kconfig.h' file not found");
  });
});
