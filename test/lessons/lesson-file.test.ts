/**
 * Teacher's lesson files: the format the README documents, read into the
 * same lessons the built-in ones are; markup stays text; each broken rule
 * is refused with its line; the shipped example parses.
 */
import { expect } from '@esm-bundle/chai';
import { LessonFileError, parseLessonFile } from '../../src/lessons/lesson-file';
import { LESSONS } from '../../src/lessons/lessons';
import { decodeShareState, encodeShareState } from '../../src/share/share-state';
import '../../src/ui/lessons/kh-lesson-panel';

const ids = LESSONS.map((l) => l.id);
const parse = (text: string) => parseLessonFile(text, 'mine.md', ids);
/** The line an error names, or the message when it is not a lesson file error. */
function errorLine(text: string): number | string {
  try {
    parse(text);
  } catch (err) {
    return err instanceof LessonFileError ? err.line : String(err);
  }
  return 'parsed';
}

const GOOD = `---
id: mine
title: My lesson
---

## Load it
modules: kheaders
config: IKCONFIG=m
file: /sys/kernel/kheaders.tar.xz
lines: 3-4

First paragraph
on two lines.

\`\`\`sh
# a comment is not run
lsmod

ls -l /sys/kernel/kheaders.tar.xz
\`\`\`

Second paragraph with \`code\`.

## Unload it

\`\`\`
rmmod kheaders
\`\`\`
`;

describe('lesson files', () => {
  it('read into steps with state, text and commands', () => {
    const l = parse(GOOD);
    expect(l.id).to.equal('mine');
    expect(l.title).to.equal('My lesson');
    expect(l.steps.map((s) => s.title)).to.deep.equal(['Load it', 'Unload it']);
    const [one, two] = l.steps;
    expect(one!.text).to.deep.equal([
      'First paragraph on two lines.',
      'Second paragraph with `code`.',
    ]);
    expect(one!.state).to.deep.equal({
      config: { era: 'sysfs-5.2-rc4', IKHEADERS: 'm', IKCONFIG: 'm', IKCONFIG_PROC: true },
      modules: ['kheaders'],
      file: '/sys/kernel/kheaders.tar.xz',
      from: 3,
      to: 4,
      commands: ['lsmod', 'ls -l /sys/kernel/kheaders.tar.xz'],
    });
    // A step without settings still sets the whole config: its link stands alone.
    expect(two!.state.config?.IKHEADERS).to.equal('m');
    expect(two!.state.commands).to.deep.equal(['rmmod kheaders']);
  });

  it('make step links that round-trip', () => {
    for (const [i, s] of parse(GOOD).steps.entries()) {
      const state = { v: 1, ...s.state, lesson: { id: 'mine', step: i + 1 } };
      expect(decodeShareState(encodeShareState(state))).to.deep.equal({ ok: true, state });
    }
  });

  it('name the line of each broken rule', () => {
    const fm = '---\nid: mine\ntitle: T\n---\n';
    expect(errorLine('# no front matter')).to.equal(1);
    expect(errorLine('---\nid: Mine!\ntitle: T\n---\n## s\ntext')).to.equal(2);
    expect(errorLine('---\nid: load\ntitle: T\n---\n## s\ntext')).to.equal(2);
    expect(errorLine('---\nid: a\ncolour: red\n---\n')).to.equal(3);
    expect(errorLine('---\nid: a\ntitle: T\n')).to.equal(1);
    expect(errorLine(`${fm}stray text\n## s\ntext`)).to.equal(5);
    expect(errorLine(`${fm}## s\nmodlues: kheaders\ntext`)).to.equal(6);
    expect(errorLine(`${fm}## s\nmodules: nvidia\ntext`)).to.equal(6);
    expect(errorLine(`${fm}## s\nconfig: IKHEADERS=x\ntext`)).to.equal(6);
    expect(errorLine(`${fm}## s\nfile: etc/passwd\ntext`)).to.equal(6);
    expect(errorLine(`${fm}## s\nlines: 9-3\nfile: /a\ntext`)).to.equal(6);
    expect(errorLine(`${fm}## s\n\ntext\n\n\`\`\`sh\nls\n`)).to.equal(9);
    expect(errorLine(`${fm}## s\n\n# big heading\n`)).to.equal(7);
    expect(errorLine(`${fm}## empty\n\n## next\ntext`)).to.equal(5);
    expect(errorLine(`${fm}\n`)).to.equal(6);
    expect(errorLine(`${fm}## s\n\`\`\`\n${'x'.repeat(5000)}\n\`\`\``)).to.equal(7);
    expect(errorLine(`${fm}## s\ntext \x1b[31m red`)).to.equal(6);
    expect(() => parse('# x')).to.throw(/^mine\.md, line 1: /);
  });

  it('keep markup as text in the panel', async () => {
    const hostile = parse(
      '---\nid: evil\ntitle: <img src=x onerror="window.pwned=1">\n---\n## <b>bold</b>\n<script>window.pwned=2</script> and `<i>code</i>`\n',
    );
    const el = document.createElement('kh-lesson-panel');
    el.lesson = hostile;
    el.step = 1;
    document.body.append(el);
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(root.querySelector('img, b, script, i')).to.equal(null);
    expect(root.querySelector('h2')!.textContent).to.equal('<img src=x onerror="window.pwned=1">');
    expect(root.querySelector('p')!.textContent).to.equal(
      '<script>window.pwned=2</script> and <i>code</i>',
    );
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
    el.remove();
  });

  it('the example in public/lessons/ parses', async () => {
    const text = await (await fetch('/public/lessons/example.md')).text();
    const l = parse(text);
    expect(l.steps.length).to.equal(3);
    expect(l.steps[1]!.state.commands).to.deep.equal([
      'bash /usr/share/bcc/find-kheaders.sh',
      'ls /tmp',
    ]);
  });
});
