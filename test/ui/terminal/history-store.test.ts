import { expect } from '@esm-bundle/chai';
import { loadHistory, saveHistory } from '../../../src/ui/terminal/history-store';

describe('history storage', () => {
  it('turns a full storage into a notice, not a throw', () => {
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    } as unknown as Storage;
    expect(saveHistory(['ls'], full)).to.match(/storage .* is full/);
    expect(loadHistory(full)).to.deep.equal([]);
  });

  it('keeps a 100 KB line out of the saved history, naming history.maxEntryChars', () => {
    const items = new Map<string, string>();
    const store = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
    } as unknown as Storage;
    const huge = `echo ${'a'.repeat(100_000)}`;
    expect(saveHistory(['ls', huge, 'pwd'], store)).to.match(/history\.maxEntryChars = 4,096/);
    expect(loadHistory(store)).to.deep.equal(['ls', 'pwd']);
    const many = Array.from({ length: 700 }, (_, i) => `echo ${i}`);
    expect(saveHistory(many, store)).to.equal(undefined);
    expect(loadHistory(store)).to.deep.equal(many.slice(-500));
  });
});
