/**
 * The page under a stranger's big link and a big output, with the real
 * machine (MachineClient and its Worker): a link carrying thousands of
 * commands is refused by name and the machine stays usable; a command
 * that prints 200 KB leaves a bounded transcript entry that names its
 * limit; a 100 KB command line runs but stays out of the saved history.
 */
import { expect } from '@esm-bundle/chai';
import './public-base';
import '../../src/ui/kh-app';
import type { KhApp } from '../../src/ui/kh-app';
import { LINK_LIMITS } from '../../src/share/link-limits';
import { HISTORY_LIMITS } from '../../src/ui/terminal/history-store';
import { TRANSCRIPT_LIMITS } from '../../src/ui/terminal/transcript';
import { until } from './fake-machine';

const shadow = (el: Element | null | undefined, sel: string) =>
  el?.shadowRoot?.querySelector(sel) ?? null;

const WAIT_MS = 280_000;

describe('kh-app with the real machine, under load', function () {
  this.timeout(300_000);
  let el: KhApp;

  afterEach(() => {
    el?.remove();
    history.replaceState(null, '', location.pathname);
  });

  it('refuses a link past link.maxCommands, keeps the page working, bounds transcript and history', async () => {
    localStorage.clear();
    const commands = LINK_LIMITS.maxCommands * 10 + (Date.now() % 97);
    history.replaceState(null, '', `#v=1${'&x=echo%20hi'.repeat(commands)}`);
    el = document.createElement('kh-app');
    document.body.append(el);
    const notice = () => shadow(el, '.share-notice')?.textContent ?? '';
    // The real machine boots first; waits are bounded by the test's timeout, not a clock of their own.
    await until(() => notice().includes('link.maxCommands'), 'the refusal', WAIT_MS);
    expect(notice()).to.contain(`carries ${commands.toLocaleString('en')} commands`);
    const term = shadow(el, 'kh-terminal') as HTMLElementTagNameMap['kh-terminal'];
    await until(() => term?.hasAttribute('ready'), 'the terminal', WAIT_MS);

    // 200 KB of output in one command: its transcript entry keeps both ends, within the limit.
    const lines = 30_000 + (Date.now() % 1000);
    expect(await term.execute(`seq 1 ${lines}`)).to.equal(0);
    const log = shadow(term, '[role=log]')!;
    const entry = log.lastElementChild!.textContent!;
    expect(entry.length).to.be.at.most(TRANSCRIPT_LIMITS.maxEntryChars + 200);
    expect(entry).to.match(/^\$ seq 1 \d+\n1\n2\n/);
    expect(entry.trimEnd().endsWith(`\n${lines}`)).to.equal(true);
    expect(entry).to.contain(
      `terminal.maxTranscriptEntryChars = ${TRANSCRIPT_LIMITS.maxEntryChars.toLocaleString('en')}`,
    );

    // A 100 KB line runs, and the saved history keeps none of it.
    const long = `echo ${'y'.repeat(100_000)} | wc -c`;
    expect(await term.execute(long)).to.equal(0);
    expect(await term.screenText()).to.contain('100001');
    const saved = localStorage.getItem('kheaders-playground:history') ?? '';
    expect(saved.length).to.be.below(HISTORY_LIMITS.maxEntryChars);
    expect(saved).to.contain(`seq 1 ${lines}`);
  });
});
