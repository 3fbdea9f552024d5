/**
 * A step's user and image: `user:` and `without:` in a lesson file, `w=` and
 * `t=` in a link, and what opening such a link plans and runs: back to
 * root's shell and a full image first, then the commands, then su.
 */
import { expect } from '@esm-bundle/chai';
import { LessonFileError, parseLessonFile } from '../../src/lessons/lesson-file';
import { planShareState } from '../../src/share/share-restore';
import { decodeShareState, encodeShareState } from '../../src/share/share-state';
import type { MachineState } from '../../src/shared/worker-api';

const FM = '---\nid: mine\ntitle: T\n---\n';

const machine = (session?: MachineState['session']): MachineState => ({
  release: '6.1.0',
  config: { era: 'sysfs-5.2-rc4', IKHEADERS: 'm', IKCONFIG: 'y', IKCONFIG_PROC: true },
  modules: [{ name: 'kheaders', status: 'unloaded', sizeBytes: 1, refcnt: 0 }],
  memory: { totalKb: 1, freeKb: 1, availableKb: 1, modulesKb: 0 },
  headersPath: null,
  mounts: [],
  ...(session ? { session } : {}),
});

describe('a step’s user and image', () => {
  it('lesson files take user: and without:, and name a bad value’s line', () => {
    const l = parseLessonFile(`${FM}## s\nuser: student\nwithout: kmod xz-utils\ntext`, 'm.md', []);
    expect(l.steps[0]!.state.user).to.equal('student');
    expect(l.steps[0]!.state.absent).to.deep.equal(['kmod', 'xz-utils']);
    for (const bad of ['user: mallory', 'without: systemd']) {
      try {
        parseLessonFile(`${FM}## s\n${bad}\ntext`, 'm.md', []);
        expect.fail(bad);
      } catch (err) {
        expect((err as LessonFileError).line, bad).to.equal(6);
      }
    }
  });

  it('links carry w= and t=, refuse unknown users and packages, and #error= carries text', () => {
    const hash = encodeShareState({ v: 1, user: 'student', absent: ['kmod'], commands: ['id'] });
    expect(hash).to.contain('t=kmod').and.contain('w=student');
    const back = decodeShareState(hash);
    expect(back.ok && back.state.user).to.equal('student');
    expect(back.ok && back.state.absent).to.deep.equal(['kmod']);
    expect(decodeShareState('#v=1&w=root2').ok).to.equal(false);
    expect(decodeShareState('#v=1&t=gcc').ok).to.equal(false);
    const err = decodeShareState(`#error=${encodeURIComponent("modprobe: FATAL: x '1'")}`);
    expect(err.ok && err.state.errorText).to.equal("modprobe: FATAL: x '1'");
  });

  it('the plan a user confirms names every exit, kh-image and su the link would run', () => {
    const link = { v: 1, absent: ['xz-utils'], user: 'student', commands: ['ls'] };
    expect(planShareState(link, machine())).to.deep.equal([
      'kh-image --without xz-utils',
      'ls',
      'su - student',
    ]);
    expect(
      planShareState({ v: 1 }, machine({ user: 'student', shells: 2, absent: ['kmod'] })),
    ).to.deep.equal(['exit', 'exit', 'kh-image']);
  });
});
