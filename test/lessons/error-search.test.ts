/**
 * The error search finds the step from what a user's machine printed: the
 * real tools' output, captured while the test runs on a machine unlike the
 * playground (another release string, other paths, a mkdtemp suffix;
 * GET /__native/failures in test/native/native-tools.mjs), and, for tools
 * that cannot run here, the line as the tool's source writes it.
 */
import { expect } from '@esm-bundle/chai';
import { normalizeLine, searchErrors } from '../../src/lessons/error-search';
import { LESSONS } from '../../src/lessons/lessons';

interface Ran {
  out: string;
  err: string;
  code: number;
}

const FOREIGN = '5.15.0-91-generic';
const top = (text: string): string => {
  const hit = searchErrors(text, LESSONS)[0];
  return hit ? `${hit.lessonId}.${hit.step}` : 'nothing';
};

describe('error search', function () {
  this.timeout(120_000);

  describe('normalising', () => {
    it('replaces releases, paths, temp suffixes and numbers', () => {
      const a = normalizeLine(
        "<built-in>:1:10: fatal error: '/tmp/kheaders-6.1.0-13-amd64-Ab12Cd/include/linux/kconfig.h' file not found",
      );
      const b = normalizeLine(
        "<built-in>:1:10: fatal error: './include/linux/kconfig.h' file not found",
      );
      expect(a).to.equal(b);
      expect(normalizeLine('/lib/modules/5.10.102.1-microsoft-standard-WSL2')).to.equal(
        normalizeLine('/lib/modules/6.1.176'),
      );
      expect(
        normalizeLine('ERROR: header file ownership unexpected: /var/tmp/kheaders-6.6.7'),
      ).to.equal(normalizeLine('ERROR: header file ownership unexpected: /tmp/kheaders-6.1.176'));
    });

    it('finds a compiler error pasted without its <built-in>:1:10: location', () => {
      const pasted = `fatal error: '/tmp/kheaders-5.15.0-1034-azure/include/linux/kconfig.h' file not found`;
      const hits = searchErrors(pasted, LESSONS);
      expect(hits.map((h) => `${h.lessonId}.${h.step}`)).to.include('headers-not-found.2');
    });

    it('finds nothing in unrelated text, and ranks a specific line over a generic one', () => {
      expect(searchErrors('hello world\nSegmentation fault (core dumped)', LESSONS)).to.deep.equal(
        [],
      );
      const both = [
        `modprobe: FATAL: Module kheaders not found in directory /lib/modules/${FOREIGN}`,
        'Unable to find kernel headers. Try rebuilding kernel with CONFIG_IKHEADERS=m (module) or installing the kernel development package for your running kernel version.',
      ].join('\n');
      const hits = searchErrors(both, LESSONS);
      expect(`${hits[0]!.lessonId}.${hits[0]!.step}`).to.equal('headers-not-found.6');
      expect(hits[0]!.cause).to.match(/without CONFIG_IKHEADERS/);
      expect(hits.length).to.be.greaterThan(1);
    });
  });

  describe('the real tools’ output on another machine', () => {
    let real: Record<string, Ran>;
    before(async () => {
      const res = await fetch('/__native/failures');
      expect(res.ok).to.equal(true);
      real = (await res.json()) as Record<string, Ran>;
    });

    const expected: [string, string, RegExp][] = [
      [
        'tarNoXz',
        'headers-not-found.5',
        /^tar \(child\): xz: Cannot exec: No such file or directory$/m,
      ],
      [
        'clangKconfig',
        'headers-not-found.2',
        new RegExp(`kheaders-${FOREIGN}/include/linux/kconfig.h' file not found`),
      ],
      ['lsMissing', 'headers-not-found.1', /^ls: cannot access '\/sys\/kernel\/kheaders.tar.xz'/],
      [
        'modprobeMissing',
        'headers-not-found.6',
        /^modprobe: FATAL: Module kheaders not found in directory \/lib\/modules\//,
      ],
      ['shNoModprobe', 'headers-not-found.4', /^\/bin\/sh: 1: modprobe: not found$/m],
      ['bashNoModprobe', 'headers-not-found.4', /modprobe: command not found$/m],
      ['makeModules', 'headers-not-found.8', /No rule to make target 'modules'/],
      ['su', 'headers-not-found.1', /^Password: su: Authentication failure$/m],
      [
        'modprobeEperm',
        'headers-not-found.1',
        /^modprobe: ERROR: could not insert 'kheaders': Operation not permitted$/m,
      ],
    ];
    for (const [name, step, shape] of expected)
      it(`${name} finds ${step}`, () => {
        const r = real[name]!;
        expect(r.err, `${name} as the real tool printed it`).to.match(shape);
        expect(r.err).not.to.contain('6.1.176');
        expect(top(r.out + r.err), r.err).to.equal(step);
      });
  });

  describe('lines from the tools’ source (no such tool runs here)', () => {
    const fromSource: [string, string, string][] = [
      // bcc src/cc/frontends/clang/kbuild_helper.cc (bcc #4928, CVE-2024-2314)
      [
        'bcc',
        `ERROR: header file ownership unexpected: /var/tmp/kheaders-${FOREIGN}`,
        'headers-not-found.3',
      ],
      // kmod 30 tools/rmmod.c and libkmod/libkmod-module.c:856, as Debian builds it
      [
        'rmmod',
        "rmmod: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove 'kheaders': Operation not permitted\nrmmod: ERROR: could not remove module kheaders: Operation not permitted",
        'headers-not-found.1',
      ],
      // bpftrace src/utils.cpp / main.cc (0.21): the warning when no headers are found
      [
        'bpftrace',
        "definitions.h:2:10: fatal error: 'linux/sched.h' file not found\nWARNING: Could not find kernel headers in /usr/src/linux-headers-6.8.0 / /lib/modules/6.8.0-40-generic/build. To specify a particular path to kernel headers, set the env variables BPFTRACE_KERNEL_SOURCE and, optionally, BPFTRACE_KERNEL_BUILD if the kernel was built in a different directory than its source.",
        'headers-not-found.9',
      ],
    ];
    for (const [tool, text, step] of fromSource)
      it(`${tool} finds ${step}`, () => expect(top(text)).to.equal(step));
  });

  it('every step that reproduces a message is found by one of these tests', () => {
    const lesson = LESSONS.find((l) => l.id === 'headers-not-found')!;
    const withFinds = lesson.steps.flatMap((s, i) => (s.finds?.length ? [i + 1] : []));
    expect(withFinds).to.deep.equal([1, 2, 3, 4, 5, 6, 8, 9]);
  });
});
