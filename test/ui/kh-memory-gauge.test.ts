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
    // On the module bar's stated scale a 4 MB module fills about half, not a sliver.
    expect(el.shadowRoot!.textContent).to.contain('0–8 MiB');
    expect(bar.getAttribute('aria-label')).to.contain('scale of 0 to 8 MiB');
    expect(parseFloat(modules.style.width)).to.be.closeTo((4000 / 1024 / 8) * 100, 0.01);
    const width = modules.getBoundingClientRect().width;
    const track = el.shadowRoot!.querySelector('.module-bar')!.getBoundingClientRect().width;
    expect(width / track).to.be.greaterThan(0.45);
    el.memory = { ...state.memory, modulesKb: 0 };
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('No module data in memory');
    el.remove();
  });
});
