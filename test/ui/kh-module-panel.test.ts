import { expect } from '@esm-bundle/chai';
import '../../src/ui/kh-module-panel';
import type { KhModulePanel } from '../../src/ui/kh-module-panel';
import { FakeMachine } from './fake-machine';

async function panel(): Promise<KhModulePanel> {
  const el = document.createElement('kh-module-panel');
  el.state = new FakeMachine().state;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

describe('kh-module-panel', () => {
  afterEach(() => document.querySelectorAll('kh-module-panel').forEach((e) => e.remove()));

  it('asks to run modprobe for an unloaded module and rmmod for a loaded one', async () => {
    const el = await panel();
    const commands: string[] = [];
    el.addEventListener('kh-command', (e) => commands.push(e.detail.command));
    const [kheaders, configs] = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role=switch]');
    expect(kheaders.getAttribute('aria-checked')).to.equal('false');
    kheaders.click();
    expect(commands).to.deep.equal(['modprobe kheaders']);
    // Built-in (=y) cannot be unloaded, as in the kernel.
    expect(configs.disabled).to.equal(true);
    expect(configs.getAttribute('aria-checked')).to.equal('true');
    el.state = {
      ...el.state!,
      modules: el.state!.modules.map((m) =>
        m.name === 'kheaders' ? { ...m, status: 'loaded' } : m,
      ),
    };
    await el.updateComplete;
    kheaders.click();
    expect(commands).to.deep.equal(['modprobe kheaders', 'rmmod kheaders']);
  });

  it('sends config changes and names the option after the era', async () => {
    const el = await panel();
    const patches: object[] = [];
    el.addEventListener('kh-config', (e) => patches.push(e.detail));
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('#opt-IKHEADERS')!;
    select.value = 'n';
    select.dispatchEvent(new Event('change'));
    expect(patches).to.deep.equal([{ IKHEADERS: 'n' }]);
    expect(el.shadowRoot!.textContent).to.contain('CONFIG_IKHEADERS');
    el.state = { ...el.state!, config: { ...el.state!.config, era: 'proc-5.2-rc1' } };
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('CONFIG_IKHEADERS_PROC');
  });

  it('holds the switches while a command runs', async () => {
    const el = await panel();
    el.busy = true;
    await el.updateComplete;
    const sw = el.shadowRoot!.querySelector<HTMLButtonElement>('[role=switch]')!;
    expect(sw.disabled).to.equal(true);
  });
});
