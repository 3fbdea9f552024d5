import { describe, it } from 'node:test';
import { expect } from '@esm-bundle/chai';
import { isPlainCd, onlyPrints, shellQuote } from '../../src/share/command-effects';
import { packLink, unpackLink } from '../../src/share/link-codec';
import { LINK_LIMITS, SESSION_LIMITS } from '../../src/share/link-limits';
import { SessionLog, compact, type LoggedCommand } from '../../src/share/session-log';
import { buildShareLink } from '../../src/share/share-link';
import { decodeShareState, encodeShareState, type ShareState } from '../../src/share/share-state';
import { seededRandom } from '../support/seeded-random';

const A: ShareState = { v: 1, archive: { kind: 'demo', release: '6.1.192', sha: '144c08f8' } };
const ran = (command: string, cwdBefore = '/root', cwdAfter = cwdBefore, exitCode = 0) =>
  ({ command, exitCode, cwdBefore, cwdAfter }) satisfies LoggedCommand;

/** Deflate-raw through the browser's own CompressionStream, for crafted inputs. */
async function deflate(bytes: Uint8Array): Promise<string> {
  const s = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
  const out = new Uint8Array(
    await new Response(s.pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer(),
  );
  return btoa(String.fromCharCode(...out))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

describe('which commands only printed', () => {
  const printing = [
    'ls /tmp',
    'ls -l /sys/kernel/kheaders.tar.xz 2>/dev/null',
    'zcat /proc/config.gz | grep -E "CONFIG_IK(CONFIG|HEADERS)"',
    'echo $(uname -r)',
    'grep -n "^struct task_struct {" /tmp/k/include/linux/sched.h',
    'cat a >&2',
    'wc -l < /tmp/seq.txt',
    "echo 'a > b; rm x'",
  ];
  const changing = [
    'echo hi > /tmp/x',
    'echo hi >> /tmp/x',
    'cat a | tee /tmp/b',
    'rm -rf /tmp/mine.txt',
    'modprobe kheaders',
    'X=1',
    'greet() { echo hi; }',
    'sed -i s/a/b/ f',
    'find /tmp -delete',
    'echo "$(rm x)"',
    'ls $(touch /tmp/y)',
    'ls; mkdir d',
    "echo 'unclosed",
    'cd /tmp',
  ];
  for (const line of printing)
    it(`prints: ${line}`, () => void expect(onlyPrints(line)).to.equal(true));
  for (const line of changing)
    it(`changes: ${line}`, () => void expect(onlyPrints(line)).to.equal(false));

  it('tells a bare cd from a cd that does more', () => {
    expect(isPlainCd('cd /tmp/kheaders-$(uname -r)/include')).to.equal(true);
    expect(isPlainCd('cd')).to.equal(true);
    expect(isPlainCd('cd /tmp && rm a')).to.equal(false);
    expect(isPlainCd('cd $(mkdir -p d; echo d)')).to.equal(false);
    expect(isPlainCd('ls')).to.equal(false);
  });

  it('quotes paths only when the shell needs it', () => {
    expect(shellQuote('/tmp/a-b_c.1')).to.equal('/tmp/a-b_c.1');
    expect(shellQuote("/tmp/it's here")).to.equal(`'/tmp/it'\\''s here'`);
  });
});

describe('the session since boot, compacted', () => {
  it('drops printing, not-found and bare cd lines; puts a cd before a line run elsewhere', () => {
    const log = [
      ran('modprobe kheaders'),
      ran('ls /tmp'),
      ran('nosuchcmd', '/root', '/root', 127),
      ran('cd /tmp', '/root', '/tmp'),
      ran('cd sub', '/tmp', '/tmp/sub'),
      ran('touch a', '/tmp/sub'),
      ran('cd /', '/tmp/sub', '/'),
      ran('cd /tmp/sub && touch b', '/', '/tmp/sub'),
      ran('touch c', '/tmp/sub'),
      ran('cd /home', '/tmp/sub', '/home'),
    ];
    expect(compact(log, '/home')).to.deep.equal({
      commands: [
        'modprobe kheaders',
        'cd /tmp/sub',
        'touch a',
        'cd /',
        'cd /tmp/sub && touch b',
        'touch c',
      ],
      cwd: '/home',
      dropped: 6,
    });
  });

  it('says when it is the user’s work: anything that may have changed the machine', () => {
    const log = new SessionLog();
    log.record(ran('ls'));
    log.record(ran('nosuch', '/root', '/root', 127));
    expect(log.changedState()).to.equal(false);
    log.record(ran('echo x > /tmp/a'));
    expect(log.changedState()).to.equal(true);
  });

  it('keeps out a line past session.maxCommandChars, and says so', () => {
    const log = new SessionLog();
    log.record(ran('echo ' + 'a'.repeat(SESSION_LIMITS.maxCommandChars)));
    expect(log.commands).to.have.length(0);
    expect(log.lost[0]).to.match(/longer than session\.maxCommandChars = 4,096/);
  });
});

describe('packed links (deflate-raw + base64url)', () => {
  it('leaves short links as they are', async () => {
    const hash = '#v=1&a=6.1.192:144c08f8&x=ls&f=/proc/meminfo';
    expect(await packLink(hash)).to.equal(hash);
    expect(await unpackLink(hash)).to.deep.equal({ ok: true, hash });
  });

  it('packs past link.compressFromChars and unpacks to the same state, seeded', async () => {
    const next = seededRandom(7);
    for (let n = 0; n < 20; n++) {
      const commands = Array.from(
        { length: 50 + Math.floor(next() * 60) },
        (_, i) => `echo line-${i}-${Math.floor(next() * 1e9).toString(36)} >> /tmp/ü€ &x`,
      );
      const state: ShareState = {
        ...A,
        commands,
        cwd: '/tmp/a b',
        file: '/proc/meminfo',
        from: 2,
        to: 5,
      };
      const hash = encodeShareState(state);
      expect(hash.length).to.be.above(LINK_LIMITS.compressFromChars);
      const packed = await packLink(hash);
      expect(packed).to.match(/^#v=1&a=6\.1\.192:144c08f8&z=[\w-]+$/);
      expect(packed.length).to.be.below(hash.length / 2);
      const back = await unpackLink(packed);
      expect(back.ok).to.equal(true);
      if (back.ok) expect(decodeShareState(back.hash)).to.deep.equal({ ok: true, state });
    }
  });

  it('refuses a deflate bomb at link.maxInflatedChars, and damaged data in words', async () => {
    const bomb = await deflate(new TextEncoder().encode('x=' + 'a'.repeat(1_000_000)));
    const r = await unpackLink(`#v=1&z=${bomb}`);
    expect(r).to.deep.include({ ok: false });
    if (!r.ok) expect(r.error).to.match(/expands past link\.maxInflatedChars = 65,536/);
    const bad = await unpackLink('#v=1&z=AAAAAAAA');
    expect(bad.ok).to.equal(false);
    if (!bad.ok) expect(bad.error).to.match(/damaged: it is not deflate-raw/);
  });
});

describe('the link "Copy link" copies', () => {
  const inputs = (commands: string[], cwd = '/root') => ({
    view: { ...A, file: '/proc/meminfo' },
    replay: { commands, cwd, dropped: 0 },
    lost: [],
    ownArchives: [],
    fileInOwnArchive: false,
  });

  it('carries commands and directory, readable when short', async () => {
    const { hash, notes } = await buildShareLink(inputs(['modprobe kheaders'], '/tmp'));
    expect(hash).to.equal('#v=1&a=6.1.192:144c08f8&f=/proc/meminfo&x=modprobe%20kheaders&d=/tmp');
    expect(notes).to.deep.equal([]);
  });

  it('past link.maxChars keeps the longest start that fits and says what is left out', async () => {
    const next = seededRandom(3);
    // Random text does not compress: the link must be cut.
    const commands = Array.from(
      { length: 200 },
      () =>
        `echo ${Array.from({ length: 60 }, () => Math.floor(next() * 36).toString(36)).join('')}`,
    );
    const { hash, notes } = await buildShareLink(inputs(commands), {
      maxChars: 3000,
      maxCommands: 500,
    });
    expect(hash.length).to.be.at.most(3000);
    const unpacked = await unpackLink(hash);
    const state = unpacked.ok ? decodeShareState(unpacked.hash) : unpacked;
    expect(state.ok).to.equal(true);
    const kept = state.ok ? (state.state.commands ?? []) : [];
    expect(kept).to.deep.equal(commands.slice(0, kept.length));
    expect(kept.length).to.be.within(1, 199);
    expect(notes[0]).to.match(
      new RegExp(`only the first ${kept.length} of the 200 commands .*link\\.maxChars = 3,000`),
    );
  });

  it('past link.maxCommands says so', async () => {
    const { notes } = await buildShareLink(inputs(['touch a', 'touch b', 'touch c']), {
      maxChars: 16_000,
      maxCommands: 2,
    });
    expect(notes[0]).to.match(/first 2 of the 3 commands .*link\.maxCommands = 2/);
  });

  it('says that files opened from disk cannot travel', async () => {
    const { notes } = await buildShareLink({
      ...inputs([]),
      ownArchives: ['phone.tar.xz'],
      fileInOwnArchive: true,
    });
    expect(notes[0]).to.match(/Files opened from your disk \(phone\.tar\.xz\) cannot travel/);
    expect(notes[0]).to.match(/open file will not be there/);
  });
});
