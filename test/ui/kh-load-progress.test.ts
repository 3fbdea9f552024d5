import { expect } from '@esm-bundle/chai';
import '../../src/ui/kh-load-progress';

describe('kh-load-progress', () => {
  it('shows bytes read, decoded and a rate', async () => {
    const el = document.createElement('kh-load-progress');
    el.startedAt = performance.now() - 1000;
    el.progress = {
      phase: 'download',
      bytesIn: 2_000_000,
      totalIn: 4_000_000,
      bytesOut: 15_000_000,
    };
    document.body.append(el);
    await el.updateComplete;
    const text = el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('1.9 MiB of 3.8 MiB read');
    // A rate is shown; its value depends on the clock, so the bench, not this test, judges it.
    expect(text).to.match(/14\.3 MiB decoded · \d+(\.\d+)? (B|[KMG]iB)\/s/);
    expect(el.shadowRoot!.querySelector('progress')!.value).to.equal(0.5);
    el.remove();
  });
});
