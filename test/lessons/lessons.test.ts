import { expect } from '@esm-bundle/chai';
import {
  LESSONS,
  fillFacts,
  findLesson,
  isBareLessonLink,
  stepState,
  type LessonFacts,
} from '../../src/lessons/lessons';
import { decodeShareState, encodeShareState } from '../../src/share/share-state';
import '../../src/ui/lessons/kh-lesson-panel';
import '../../src/ui/lessons/kh-memory-timeline';
import { until } from '../ui/fake-machine';

const facts: LessonFacts = {
  archive: '3.8 MiB',
  core: '3.8 MiB',
  object: '3.8 MiB',
  configgz: '30.2 KiB',
  tar: '30.0 MiB',
  files: '6,368',
  release: '6.1.192',
};

describe('lessons', () => {
  it('cover the topics the issues ask for', () => {
    expect(LESSONS.map((l) => l.id)).to.deep.equal([
      'config-gz',
      'load',
      'unload',
      'debate',
      'after',
      'headers-match',
      'headers-not-found',
      'real-kernel',
    ]);
    const debate = findLesson('debate')!;
    expect(debate.steps.some((s) => s.timeline)).to.equal(true);
    expect(debate.steps.some((s) => s.state.config?.era === 'proc-5.2-rc1')).to.equal(true);
  });

  for (const lesson of LESSONS)
    lesson.steps.forEach((step, i) => {
      it(`${lesson.id}.${i + 1}: its link round-trips and its text has no unfilled size`, () => {
        const state = { v: 1, ...stepState(step, facts), lesson: { id: lesson.id, step: i + 1 } };
        const back = decodeShareState(encodeShareState(state));
        expect(back).to.deep.equal({ ok: true, state });
        expect(isBareLessonLink(state)).to.equal(false);
        for (const t of step.text) expect(fillFacts(t, facts)).not.to.match(/\{\w+\}/);
        expect(JSON.stringify(stepState(step, facts))).not.to.match(/\{\w+\}/);
        // Every step is self-contained: it sets the config it needs (the real kernel's is its build's).
        if (!step.state.real) expect(step.state.config).to.not.equal(undefined);
      });
    });

  it('a link naming only the step is bare', () => {
    const r = decodeShareState('#v=1&a=6.1.192:144c08f8&l=load.2');
    expect(r.ok && isBareLessonLink(r.state)).to.equal(true);
  });

  it('the panel shows a step and asks for the next one', async () => {
    const el = document.createElement('kh-lesson-panel');
    el.lesson = findLesson('load');
    el.step = 2;
    el.facts = facts;
    document.body.append(el);
    await el.updateComplete;
    const root = el.shadowRoot!;
    expect(root.querySelector('h3')!.textContent).to.match(/modprobe/);
    expect(root.textContent).to.contain('3.8 MiB');
    let went: unknown;
    el.addEventListener('kh-lesson-go', (e) => (went = e.detail));
    (root.querySelector('button.next') as HTMLButtonElement).click();
    expect(went).to.deep.equal({ id: 'load', step: 3 });
    el.step = 1;
    await el.updateComplete;
    expect((root.querySelector('button.prev') as HTMLButtonElement).disabled).to.equal(true);
    el.remove();
  });

  it('the timeline shows each design resident or not at boot, use and idle', async () => {
    const el = document.createElement('kh-memory-timeline');
    el.bytes = 4_021_392;
    document.body.append(el);
    await until(() => el.shadowRoot?.querySelectorAll('tbody tr').length === 4, 'four designs');
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) =>
      [...r.querySelectorAll('td .v')].map((v) => v.textContent),
    );
    expect(rows).to.deep.equal([
      // 4,021,392 B in binary units, as the kernel's tools count.
      ['3.8 MiB', '3.8 MiB', '3.8 MiB'],
      ['0', '3.8 MiB', '0'],
      ['3.8 MiB', '0', '0'],
      ['3.8 MiB', '3.8 MiB', '3.8 MiB'],
    ]);
    el.remove();
  });
});
