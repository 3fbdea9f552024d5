import { expect } from '@esm-bundle/chai';
import '../../src/ui/kh-memory-gauge';
import { FakeMachine } from './fake-machine';

describe('kh-memory-gauge', () => {
  it('names what holds module memory and how much', async () => {
    const { state } = new FakeMachine();
    const el = document.createElement('kh-memory-gauge');
    el.memory = { ...state.memory, modulesKb: 4000 };
    el.modules = state.modules.map((m) => ({ ...m, status: 'loaded' }));
    document.body.append(el);
    await el.updateComplete;
    const bar = el.shadowRoot!.querySelector('[role=img]')!;
    expect(bar.getAttribute('aria-label')).to.contain('kheaders and configs: 3.9 MiB');
    const modules = el.shadowRoot!.querySelector<HTMLElement>('.modules')!;
    expect(parseFloat(modules.style.width)).to.be.greaterThan(0);
    el.memory = { ...state.memory, modulesKb: 0 };
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('No module data in memory');
    el.remove();
  });
});
