/**
 * Hostile archive content: HTML in file names and contents must show as
 * text and never run; terminal escapes inside files must show, not act.
 * The cases are listed in hostile-inputs.json (also printed in
 * docs/figures.md by `npm run fuzz`).
 */
import { expect } from '@esm-bundle/chai';
import '../../src/ui/files/kh-file-browser';
import '../../src/ui/viewer/kh-file-viewer';
import '../../src/ui/terminal/kh-terminal';
import type { KhFileBrowser } from '../../src/ui/files/kh-file-browser';
import type { KhFileViewer } from '../../src/ui/viewer/kh-file-viewer';
import type { KhTerminal } from '../../src/ui/terminal/kh-terminal';
import { decodeShareState } from '../../src/share/share-state';
import { indexTar } from '../../src/worker/tar/tar-index';
import { bootMachine } from '../machine/machine-helpers';
import { until } from '../ui/fake-machine';
import { HOSTILE_DIR, HOSTILE_NAME, hostileArchive } from './tiny-tar';

declare global {
  var __khPwned: number | undefined;
}

/** No element that could run script, anywhere in this shadow tree. */
function expectInert(root: ShadowRoot | Element): void {
  expect(
    root.querySelectorAll('script, img, iframe, object, embed').length,
    'active elements',
  ).to.equal(0);
  for (const el of root.querySelectorAll('*')) {
    for (const a of el.getAttributeNames())
      expect(a, `${el.tagName} attribute`).to.not.match(/^on/);
  }
}

async function machineWithArchive() {
  const booted = await bootMachine();
  const summary = await booted.machine.loadArchive({
    kind: 'bytes',
    bytes: hostileArchive(),
    name: 'hostile.tar',
  });
  const state = await booted.machine.getState();
  const mount = state.mounts.find((m) => m.name === 'hostile.tar')!.path;
  return { ...booted, summary, state, mount };
}

describe('hostile archive content', function () {
  this.timeout(60_000);
  beforeEach(() => {
    globalThis.__khPwned = undefined;
  });
  afterEach(() => {
    for (const tag of ['kh-terminal', 'kh-file-browser', 'kh-file-viewer']) {
      document.querySelectorAll(tag).forEach((e) => e.remove());
    }
    expect(globalThis.__khPwned, 'injected script ran').to.equal(undefined);
  });

  it('the tar reader keeps hostile names exactly as the archive spells them', () => {
    const names = indexTar(hostileArchive()).entries.map((e) => e.name);
    expect(names).to.include(HOSTILE_NAME).and.include(`${HOSTILE_DIR}/inside.h`);
  });

  it('a crafted share link cannot point the archive at script or data URLs', () => {
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'JaVaScRiPt:x',
    ]) {
      const r = decodeShareState(`#v=1&u=${encodeURIComponent(url)}`);
      expect(r.ok, url).to.equal(false);
    }
    const r = decodeShareState(`#v=1&f=${encodeURIComponent(`/mnt/x/${HOSTILE_NAME}`)}&L1`);
    expect(r.ok && r.state.file).to.equal(`/mnt/x/${HOSTILE_NAME}`);
  });

  it('the file browser shows an HTML file name as text', async () => {
    const { machine, state, mount } = await machineWithArchive();
    const el = document.createElement('kh-file-browser') as KhFileBrowser;
    el.style.height = '400px';
    el.style.display = 'flex';
    el.machine = machine;
    el.state = state;
    document.body.append(el);
    const path = `${mount}/${HOSTILE_NAME}`;
    await until(() => el.shadowRoot!.querySelector('[data-path="/mnt"]'), 'the tree');
    await el.reveal(path);
    const row = () =>
      [...el.shadowRoot!.querySelectorAll<HTMLElement>('[data-path]')].find(
        (r) => r.dataset.path === path,
      );
    await until(row, 'the hostile row');
    expect(row()!.textContent).to.contain(HOSTILE_NAME);
    expectInert(el.shadowRoot!);
  });

  it('the file viewer shows HTML in a header as text, #include targets included', async () => {
    const { machine, mount } = await machineWithArchive();
    const el = document.createElement('kh-file-viewer') as KhFileViewer;
    el.path = `${mount}/markup.h`;
    el.bytes = await machine.readFile(el.path);
    el.size = el.bytes.length;
    document.body.append(el);
    await el.updateComplete;
    const text = el.shadowRoot!.textContent ?? '';
    expect(text).to.contain('<img src=x onerror="globalThis.__khPwned=4">');
    expect(text).to.contain('</pre><script>globalThis.__khPwned=5</script>');
    expectInert(el.shadowRoot!);
    el.bytes = await machine.readFile(`${mount}/${HOSTILE_NAME}`);
    el.path = `${mount}/${HOSTILE_NAME}`;
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('<script>globalThis.__khPwned=2</script>');
    expectInert(el.shadowRoot!);
  });

  it('cat of a file with terminal escapes shows them as text; only colours act', async () => {
    const { machine, mount } = await machineWithArchive();
    const el = document.createElement('kh-terminal') as KhTerminal;
    el.machine = machine;
    el.style.height = '300px';
    document.body.append(el);
    await until(() => el.hasAttribute('ready'), 'the terminal');
    const title = document.title;
    expect(await el.execute(`cat ${mount}/escapes.h`)).to.equal(0);
    const screen = await el.screenText();
    expect(screen).to.contain('^[]0;pwned');
    expect(screen).to.contain('^[]52;c;cHduZWQ=');
    expect(screen).to.contain('^[[6n');
    expect(screen).to.contain('^[[?1049h');
    expect(screen).to.contain('red */');
    expect(document.title).to.equal(title);
    // The terminal still works afterwards (no alternate screen, no reset).
    expect(await el.execute('echo still here')).to.equal(0);
    expect(await el.screenText()).to.contain('still here');
  });
});
