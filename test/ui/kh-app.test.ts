import { expect } from '@esm-bundle/chai';
import '../../src/ui/kh-app';
import type { KhApp } from '../../src/ui/kh-app';
import { FakeMachine, until } from './fake-machine';

const deep = (root: Element | ShadowRoot, sel: string[]): Element | null => {
  let node: Element | ShadowRoot | null = root;
  for (const s of sel) {
    node =
      node &&
      ((node instanceof Element ? (node.shadowRoot ?? node) : node).querySelector(
        s,
      ) as Element | null);
  }
  return node as Element | null;
};

async function app(machine: FakeMachine): Promise<KhApp> {
  localStorage.clear();
  history.replaceState(null, '', location.pathname);
  const el = document.createElement('kh-app');
  el.machine = machine;
  document.body.append(el);
  await until(() => deep(el, ['kh-terminal'])?.hasAttribute('ready'), 'the app and its terminal');
  // The prompt is drawn before the machine has booted; the archive bar waits for the machine.
  await until(
    () => (deep(el, ['kh-module-panel']) as HTMLElementTagNameMap['kh-module-panel']).state,
    'the machine',
  );
  return el;
}

describe('kh-app', () => {
  afterEach(() => document.querySelectorAll('kh-app').forEach((e) => e.remove()));

  it('runs the module switch through the terminal', async () => {
    const machine = new FakeMachine();
    const el = await app(machine);
    const sw = deep(el, ['kh-module-panel', '[role=switch]']) as HTMLButtonElement;
    sw.click();
    await until(() => machine.ran.includes('modprobe kheaders'), 'modprobe to run');
    const term = deep(el, ['kh-terminal']) as HTMLElementTagNameMap['kh-terminal'];
    expect(await term.screenText()).to.contain('# modprobe kheaders');
    await until(
      () => sw.getAttribute('aria-checked') === 'true',
      'the switch to follow the machine',
    );
  });

  it('opens a file from the tree, remembers the lines in the URL, follows includes', async () => {
    const machine = new FakeMachine({
      '/tmp/kh/include/linux/kernel.h': '#include <linux/types.h>\nint x;\n',
      '/tmp/kh/include/linux/types.h': 'typedef int t;\n',
    });
    const el = await app(machine);
    await el.openFile('/tmp/kh/include/linux/kernel.h');
    const viewer = deep(el, ['kh-file-viewer'])!;
    await until(() => viewer.shadowRoot!.querySelector('#L2'), 'the file');
    (viewer.shadowRoot!.querySelector('#L2 .n') as HTMLElement).click();
    await until(() => location.hash.endsWith('&L2'), 'the hash');
    expect(location.hash).to.equal('#file=/tmp/kh/include/linux/kernel.h&L2');
    (viewer.shadowRoot!.querySelector('a.inc') as HTMLElement).click();
    await until(() => location.hash.includes('types.h'), 'the include to open');
    history.replaceState(null, '', location.pathname);
  });

  it('Back goes through opened files, lines and includes inside the app, back to no file', async () => {
    const machine = new FakeMachine({
      '/tmp/kh/include/linux/kernel.h': '#include <linux/types.h>\nint x;\n',
      '/tmp/kh/include/linux/types.h': 'typedef int t;\n',
    });
    const el = await app(machine);
    await until(() => el.dataset.routed === '1', 'the app to read its (empty) link');
    const viewer = deep(el, ['kh-file-viewer']) as HTMLElementTagNameMap['kh-file-viewer'];
    await el.openFile('/tmp/kh/include/linux/kernel.h');
    await until(() => viewer.shadowRoot!.querySelector('#L2'), 'the file');
    (viewer.shadowRoot!.querySelector('#L2 .n') as HTMLElement).click();
    (viewer.shadowRoot!.querySelector('a.inc') as HTMLElement).click();
    await until(() => viewer.path.endsWith('types.h'), 'the include to open');
    const back = async (path: string, from: number, what: string) => {
      history.back();
      await until(() => viewer.path === path && viewer.from === from, what);
    };
    await back('/tmp/kh/include/linux/kernel.h', 2, 'Back to the including file, its line');
    await back('/tmp/kh/include/linux/kernel.h', 0, 'Back to the file without lines');
    await back('', 0, 'Back to no file');
    history.forward();
    await until(() => viewer.path.endsWith('kernel.h'), 'Forward to the file');
    expect(machine.ran).to.deep.equal([]);
    history.replaceState(null, '', location.pathname);
  });

  it('says what went wrong when a dropped file is not an archive', async () => {
    const el = await app(new FakeMachine());
    await el.openArchive(new File(['hello'], 'notes.txt'));
    const alert = deep(el, ['header kh-archive-bar', '[role=alert]'])!;
    expect(alert.textContent).to.contain('notes.txt could not be opened');
    expect(alert.textContent).to.contain('what you had loaded is still there');
  });
});
