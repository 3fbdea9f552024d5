import { expect } from '@esm-bundle/chai';
import '../../src/ui/terminal/kh-key-bar';
import '../../src/ui/kh-sample-commands';

describe('kh-sample-commands', () => {
  it('offers BCC’s extraction and reports the picked command', async () => {
    const el = document.createElement('kh-sample-commands');
    document.body.append(el);
    await el.updateComplete;
    const buttons = [...el.shadowRoot!.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent!.trim())).to.include('rmmod kheaders');
    let picked = '';
    el.addEventListener('kh-sample', (e) => (picked = e.detail.command));
    buttons.find((b) => b.textContent!.includes('tar -xf'))!.click();
    expect(picked).to.match(/^mkdir -p \/tmp\/kheaders-\$\(uname -r\) && tar -xf/);
    el.remove();
  });
});

describe('kh-key-bar', () => {
  it('sends the keys a phone lacks and shows Ctrl armed', async () => {
    const el = document.createElement('kh-key-bar');
    document.body.append(el);
    await el.updateComplete;
    const keys: string[] = [];
    el.addEventListener('kh-key', (e) => keys.push(e.detail.key));
    for (const b of el.shadowRoot!.querySelectorAll('button')) b.click();
    expect(keys.slice(0, 3)).to.deep.equal(['Tab', 'Ctrl', '|']);
    el.ctrl = true;
    await el.updateComplete;
    const ctrl = el.shadowRoot!.querySelector('[aria-label^=Control]')!;
    expect(ctrl.getAttribute('aria-pressed')).to.equal('true');
    el.remove();
  });
  it('wraps in a narrow column (a phone at 200%) instead of scrolling sideways', async () => {
    const column = document.createElement('div');
    column.style.width = '180px';
    const el = document.createElement('kh-key-bar');
    column.append(el);
    document.body.append(column);
    await el.updateComplete;
    expect(el.scrollWidth, 'nothing hidden to the side').to.be.at.most(el.clientWidth);
    for (const b of el.shadowRoot!.querySelectorAll('button')) {
      expect(b.getBoundingClientRect().right, b.getAttribute('aria-label')!).to.be.at.most(
        column.getBoundingClientRect().right,
      );
    }
    column.remove();
  });
});
