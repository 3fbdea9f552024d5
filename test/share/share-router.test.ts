import { expect } from '@esm-bundle/chai';
import { ShareRouter, stepDelta, type RouterHost } from '../../src/share/share-router';
import type { ShareState } from '../../src/share/share-state';

/** A host that records what the router asked of it. */
function host(work: boolean, answer = false, workSinceLink = work) {
  const calls: string[] = [];
  const h: RouterHost & { calls: string[]; view: string } = {
    calls,
    view: '#v=1&f=/view',
    expand: (l) => l,
    plan: async (l: ShareState) => l.commands ?? [],
    hasUserWork: (since) => (since ? workSinceLink : work),
    // Lessons whose id starts with "teacher" stand for a teacher's file.
    trusts: (l) => !l.lesson?.id.startsWith('teacher'),
    confirm: async (plan) => {
      calls.push(`confirm ${plan.join(';')}`);
      return answer;
    },
    apply: async (l) =>
      void calls.push(`apply ${l.commands?.join(';') ?? l.file ?? l.lesson?.step}`),
    show: async (l) => void calls.push(`show ${l.file ?? l.lesson?.step ?? ''}`),
    viewHash: () => h.view,
    notice: (t) => void (t && calls.push(`notice ${t}`)),
    // A three-step lesson "load"; its step links are bare.
    stepHash: (at) =>
      at.id === 'load' && at.step >= 1 && at.step <= 3 ? `#v=1&l=load.${at.step}` : '',
    lessonShown: () => true,
    presenting: () => false,
    moveLesson: (delta) => void calls.push(`move ${delta}`),
  };
  return h;
}

/** Waits for the next popstate (history.back() is asynchronous). */
const popped = () => new Promise((r) => addEventListener('popstate', r, { once: true }));

describe('share router: links from outside, entries of our own', () => {
  let router: ShareRouter | undefined;
  beforeEach(() => history.replaceState(null, '', location.pathname));
  afterEach(() => {
    router?.stop();
    history.replaceState(null, '', location.pathname);
  });

  it('opens the first link on a fresh machine without asking, then keeps only its view', async () => {
    history.replaceState(null, '', '#v=1&x=touch%20a&f=/a');
    const h = host(false);
    router = new ShareRouter(h);
    router.start();
    await router.settled();
    expect(h.calls).to.deep.equal(['apply touch a']);
    expect(location.hash).to.equal('#v=1&f=/view');
    expect(history.state).to.deep.equal({ kh: 1 });
  });

  it('over the user’s work asks first; a no shows the view and runs nothing', async () => {
    const h = host(true, false);
    router = new ShareRouter(h);
    router.start();
    await router.settled();
    h.calls.length = 0;
    location.hash = '#v=1&x=rm%20-rf%20/tmp/mine.txt&f=/b';
    await new Promise((r) => addEventListener('hashchange', r, { once: true }));
    await router.settled();
    expect(h.calls[0]).to.equal('confirm rm -rf /tmp/mine.txt');
    expect(h.calls[1]).to.equal('show /b');
    expect(h.calls[2]).to.match(/command was not run: your machine is as you left it/);
    expect(h.calls.some((c) => c.startsWith('apply'))).to.equal(false);
  });

  it('a yes runs the link', async () => {
    const h = host(true, true);
    history.replaceState(null, '', '#v=1&x=touch%20b');
    router = new ShareRouter(h);
    router.start();
    await router.settled();
    expect(h.calls).to.deep.equal(['confirm touch b', 'apply touch b']);
  });

  it('Back to an entry of our own shows it and replays nothing', async () => {
    const h = host(true);
    router = new ShareRouter(h);
    router.start();
    await router.settled();
    router.push('#v=1&f=/one');
    router.push('#v=1&f=/two');
    h.calls.length = 0;
    history.back();
    await popped();
    await router.settled();
    expect(location.hash).to.equal('#v=1&f=/one');
    expect(h.calls).to.deep.equal(['show /one']);
  });

  it('lesson steps from the app are trusted; Back to another step applies that step', async () => {
    const h = host(true);
    h.viewHash = () => location.hash; // A step's view is its own link.
    router = new ShareRouter(h);
    router.start();
    await router.settled();
    await router.goStep('#v=1&l=load.1');
    await router.goStep('#v=1&l=load.2');
    router.push('#v=1&f=/in-step-2&l=load.2');
    h.calls.length = 0;
    history.back(); // same step, another view: shown
    await popped();
    await router.settled();
    history.back(); // step 1: its state again
    await popped();
    await router.settled();
    expect(h.calls).to.deep.equal(['show 2', 'apply 1']);
  });

  it('a teacher’s lesson steps ask over work done since the last step, and only then', async () => {
    const quiet = host(true, false, false);
    router = new ShareRouter(quiet);
    router.start();
    await router.settled();
    quiet.calls.length = 0;
    await router.goStep('#v=1&x=ls&l=teacher.1');
    expect(quiet.calls).to.deep.equal(['apply ls']);
    router.stop();
    const busy = host(true, false, true);
    router = new ShareRouter(busy);
    router.start();
    await router.settled();
    busy.calls.length = 0;
    await router.goStep('#v=1&x=rm%20-rf%20/tmp&l=teacher.2');
    expect(busy.calls[0]).to.equal('confirm rm -rf /tmp');
    expect(busy.calls[1]).to.equal('show 2');
    expect(busy.calls.some((c) => c.startsWith('apply'))).to.equal(false);
    // A built-in lesson's step is the app's own: no question.
    busy.calls.length = 0;
    await router.goStep('#v=1&x=ls&l=load.3');
    expect(busy.calls).to.deep.equal(['apply ls']);
  });

  it('a link it cannot read is a notice, and nothing runs', async () => {
    history.replaceState(null, '', '#v=1&z=AAAAAAAA');
    const h = host(false);
    router = new ShareRouter(h);
    router.start();
    await router.settled();
    expect(h.calls).to.have.length(1);
    expect(h.calls[0]).to.match(
      /^notice This link could not be read \(its compressed part is damaged/,
    );
  });
});

describe('share router: step keys', () => {
  let router: ShareRouter | undefined;
  afterEach(() => {
    router?.stop();
    history.replaceState(null, '', location.pathname);
  });
  const key = (k: string, target: EventTarget = document.body) => {
    const e = new KeyboardEvent('keydown', {
      key: k,
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    target.dispatchEvent(e);
    return e;
  };

  it('PageDown and PageUp move by the link in the address bar, within the lesson', async () => {
    history.replaceState(null, '', '#v=1&l=load.2');
    const h = host(false);
    h.viewHash = () => location.hash;
    router = new ShareRouter(h);
    router.start();
    await router.settled();
    h.calls.length = 0;
    expect(key('PageDown').defaultPrevented).to.equal(true);
    await router.settled();
    expect(location.hash).to.equal('#v=1&l=load.3');
    key('PageDown'); // past the last step: nothing
    await router.settled();
    key('PageUp');
    await router.settled();
    expect(location.hash).to.equal('#v=1&l=load.2');
    expect(h.calls).to.deep.equal(['apply 3', 'apply 2']);
  });

  it('keys typed into a field or the terminal are theirs; arrows step only when presenting', () => {
    const input = document.createElement('input');
    document.body.append(input);
    const typed = new KeyboardEvent('keydown', { key: 'PageDown', bubbles: true, composed: true });
    let delta = -9;
    input.addEventListener('keydown', (e) => (delta = stepDelta(e, false)));
    input.dispatchEvent(typed);
    input.remove();
    expect(delta).to.equal(0);
    const arrow = new KeyboardEvent('keydown', { key: 'ArrowRight' });
    expect(stepDelta(arrow, false)).to.equal(0);
    expect(stepDelta(arrow, true)).to.equal(1);
    expect(
      stepDelta(new KeyboardEvent('keydown', { key: 'PageUp', ctrlKey: true }), false),
    ).to.equal(0);
  });

  it('presenting, the up and down arrows step as clickers send them; a key a widget took does not', () => {
    const down = new KeyboardEvent('keydown', { key: 'ArrowDown' });
    const up = new KeyboardEvent('keydown', { key: 'ArrowUp' });
    expect([stepDelta(down, true), stepDelta(up, true)]).to.deep.equal([1, -1]);
    expect([stepDelta(down, false), stepDelta(up, false)]).to.deep.equal([0, 0]);
    // The file tree moves its cursor with the arrows and PageDown, and says so.
    const tree = document.createElement('div');
    document.body.append(tree);
    tree.addEventListener('keydown', (e) => e.preventDefault());
    let delta = -9;
    const taken = (e: KeyboardEvent) => (delta = stepDelta(e, true));
    addEventListener('keydown', taken);
    tree.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'PageDown', bubbles: true, cancelable: true }),
    );
    removeEventListener('keydown', taken);
    tree.remove();
    expect(delta).to.equal(0);
  });
});
