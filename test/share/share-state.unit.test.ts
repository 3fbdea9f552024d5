import { describe, it } from 'node:test';
import { expect } from '@esm-bundle/chai';
import { seededRandom } from '../support/seeded-random';
import {
  EMBED_PANES,
  LAYOUTS,
  MODULES,
  decodeShareState,
  encodeShareState,
  type ShareState,
} from '../../src/share/share-state';
import type { Era, Tristate } from '../../src/shared/worker-api';

/** Random choices from a seed, so a failing case can be replayed by its seed. */
function rng(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)];
  const maybe = () => next() < 0.5;
  return { int, pick, maybe };
}

// Characters that tend to break encoders: separators, escapes, spaces, non-ASCII.
const ALPHABET = 'abcXYZ019_-./:,&=#%?+ ~$\'"|<>*ü€😀\\;!';

function randomState(seed: number): ShareState {
  const r = rng(seed);
  const str = (min: number, max: number) => {
    let s = '';
    const n = min + r.int(max - min + 1);
    for (let i = 0; i < n; i++) s += r.pick([...ALPHABET]);
    return s;
  };
  const tri = () => r.pick<Tristate>(['y', 'm', 'n']);
  const s: ShareState = { v: 1 };
  if (r.maybe())
    s.archive = r.maybe()
      ? {
          kind: 'demo',
          release: `6.${r.int(20)}.${r.int(300)}`,
          sha: r
            .int(2 ** 31)
            .toString(16)
            .padStart(8, '0'),
        }
      : { kind: 'url', url: `https://example.org/${str(0, 20)}` };
  if (r.maybe())
    s.config = {
      era: r.pick<Era>(['sysfs-5.2-rc4', 'proc-5.2-rc1']),
      IKHEADERS: tri(),
      IKCONFIG: tri(),
      IKCONFIG_PROC: r.maybe(),
    };
  if (r.maybe()) s.modules = MODULES.filter(() => r.maybe());
  if (!s.modules?.length) delete s.modules;
  if (r.maybe()) {
    s.file = `/${str(0, 30)}`;
    if (r.maybe()) {
      s.from = 1 + r.int(5000);
      s.to = s.from + (r.maybe() ? 0 : r.int(300));
    }
  }
  if (r.maybe()) s.layout = r.pick(LAYOUTS.filter((l) => l !== 'split'));
  if (r.maybe()) s.commands = Array.from({ length: 1 + r.int(4) }, () => `x${str(0, 25)}`);
  if (r.maybe()) s.cwd = `/${str(0, 20)}`;
  if (r.maybe()) s.lesson = { id: r.pick(['config-gz', 'load', 'a-b-9']), step: 1 + r.int(20) };
  if (r.maybe()) s.lessonUrl = r.pick(['https://example.org/', './', '/', 'lessons/']) + str(0, 30);
  if (r.maybe()) s.split = 10 + r.int(81);
  if (r.maybe()) s.embed = r.pick(EMBED_PANES);
  if (r.maybe()) s.real = true;
  return s;
}

describe('share links', () => {
  it('round-trip: state → link → the same state, for 2000 seeded random states', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const state = randomState(seed);
      const link = encodeShareState(state);
      const back = decodeShareState(link);
      expect(back, `seed ${seed}: ${link}`).to.deep.equal({ ok: true, state });
      // And the link itself is stable: encoding the decoded state gives the same text.
      if (back.ok) expect(encodeShareState(back.state), `seed ${seed}`).to.equal(link);
    }
  });

  it('fits a file and lines in ~120 characters with the page address', () => {
    const link = encodeShareState({
      v: 1,
      archive: { kind: 'demo', release: '6.1.192', sha: '144c08f8' },
      file: '/tmp/kheaders-6.1.192/include/linux/kernel.h',
      from: 10,
      to: 14,
    });
    expect(link).to.equal(
      '#v=1&a=6.1.192:144c08f8&f=/tmp/kheaders-6.1.192/include/linux/kernel.h&L10-L14',
    );
    expect(('https://kh.example/' + link).length).to.be.at.most(120);
  });

  describe('fixed link strings keep their meaning', () => {
    const cases: [string, ShareState][] = [
      // Version 0: the viewer's own fragment, before share links had versions.
      ['#file=/proc/config.gz', { v: 0, file: '/proc/config.gz' }],
      [
        '#file=/tmp/kheaders-6.1.192/include/linux/kernel.h&L10-L14',
        { v: 0, file: '/tmp/kheaders-6.1.192/include/linux/kernel.h', from: 10, to: 14 },
      ],
      ['#file=/a%20b.h&L7', { v: 0, file: '/a b.h', from: 7, to: 7 }],
      ['', { v: 0 }],
      // Version 1.
      [
        '#v=1&a=6.1.192:144c08f8&f=/sys/kernel/kheaders.tar.xz',
        {
          v: 1,
          archive: { kind: 'demo', release: '6.1.192', sha: '144c08f8' },
          file: '/sys/kernel/kheaders.tar.xz',
        },
      ],
      [
        '#v=1&a=6.1.192:144c08f8&k=pmy1&m=kheaders&p=terminal&x=ls%20-l%20/proc&x=echo%20a%26b&l=load.3',
        {
          v: 1,
          archive: { kind: 'demo', release: '6.1.192', sha: '144c08f8' },
          config: { era: 'proc-5.2-rc1', IKHEADERS: 'm', IKCONFIG: 'y', IKCONFIG_PROC: true },
          modules: ['kheaders'],
          layout: 'terminal',
          commands: ['ls -l /proc', 'echo a&b'],
          lesson: { id: 'load', step: 3 },
        },
      ],
      [
        '#v=1&u=https://example.org/k.tar.xz&k=sny0&f=/mnt/k/include/linux/types.h&L1-L2',
        {
          v: 1,
          archive: { kind: 'url', url: 'https://example.org/k.tar.xz' },
          config: { era: 'sysfs-5.2-rc4', IKHEADERS: 'n', IKCONFIG: 'y', IKCONFIG_PROC: false },
          file: '/mnt/k/include/linux/types.h',
          from: 1,
          to: 2,
        },
      ],
    ];
    for (const [link, state] of cases)
      it(link || '(empty)', () => {
        expect(decodeShareState(link)).to.deep.equal({ ok: true, state });
      });
  });

  it('takes a lesson URL relative to the page, as the README shows (lesson-url=lessons/x.md)', () => {
    const r = decodeShareState('#v=1&lesson-url=lessons/example.md');
    expect(r.ok && r.state.lessonUrl).to.equal('lessons/example.md');
  });

  describe('malformed links become a message, never an exception', () => {
    const bad: [string, RegExp][] = [
      ['#v=9&f=/a', /version 9 link, newer/],
      ['#v=x', /not a link version/],
      ['#v=1&k=zzz', /config field/],
      ['#v=1&m=kheaders,evil', /no module "evil"/],
      ['#v=1&f=relative.h', /absolute path/],
      ['#v=1&f=/a&L9-L3', /backwards/],
      ['#v=1&L3', /names no file/],
      ['#v=1&f=%E0%A4%A', /broken %-escape/],
      ['#v=1&a=6.1:nothex', /release:sha256-prefix/],
      ['#v=1&u=javascript:alert(1)', /not http/],
      ['#v=1&p=sideways', /no layout/],
      ['#v=1&l=load', /not id\.step/],
      ['#v=1&zz=1', /unknown field "zz"/],
      ['#v=1&garbage', /not a field/],
      ['#v=1&d=tmp', /directory is not an absolute path/],
      ['#v=1&z=AAAA', /compressed part inside/],
      ['#v=1&lesson-url=javascript:alert(1)', /lesson URL is not http/],
      ['#v=1&lesson-url=data:text/plain,x', /lesson URL is not http/],
      ['#v=1&s=95', /split "95" is not a percentage/],
      ['#v=1&s=5', /split "5" is not a percentage/],
      ['#v=1&embed=header', /no pane "header"/],
      ['#v=1&r=0', /machine field "0" is not 1/],
      // The named limits, each named in its message.
      ['#v=1' + '&x=true'.repeat(5000), /carries 5,000 commands; .*link\.maxCommands = 500/],
      [`#v=1&x=echo%20${'a'.repeat(100_000)}`, /link\.maxFragmentChars = 65,536/],
      [`#v=1&x=${'b'.repeat(4097)}`, /4,097 characters; at most link\.maxCommandChars = 4,096/],
      [`#file=/${'c'.repeat(70_000)}`, /link\.maxFragmentChars/],
    ];
    for (const [link, why] of bad)
      it(link, () => {
        const r = decodeShareState(link);
        expect(r.ok).to.equal(false);
        if (!r.ok)
          expect(r.error)
            .to.match(why)
            .and.match(/could not be read/);
      });
  });
});
