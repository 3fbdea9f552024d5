import { describe, it } from 'node:test';
import { expect } from '@esm-bundle/chai';
import { sanitizeTerminal } from '../../../src/ui/terminal/terminal-sanitize';

describe('sanitizeTerminal: only colours reach the terminal', () => {
  it('keeps text, line controls, SGR colours and clear', () => {
    const ok =
      'plain\ttext\r\n\x1b[1;31mred\x1b[0m \x1b[38;5;208mx\x1b[m back\b\x1b[H\x1b[2J\x1b[3J';
    expect(sanitizeTerminal(ok)).to.equal(ok);
    expect(sanitizeTerminal('#include <linux/types.h>\n')).to.equal('#include <linux/types.h>\n');
  });

  const hostile: [string, string][] = [
    ['OSC 52 clipboard write', '\x1b]52;c;ZWNobyBwd25lZA==\x07'],
    ['window title (OSC 0) ended by ST', '\x1b]0;owned\x1b\\'],
    ['OSC 8 hyperlink', '\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\'],
    ['device status report (xterm answers as input)', '\x1b[6n'],
    ['device attributes request', '\x1b[c'],
    ['report window title', '\x1b[21t'],
    ['mouse tracking on', '\x1b[?1000h'],
    ['alternate screen', '\x1b[?1049h'],
    ['bracketed paste off', '\x1b[?2004l'],
    ['full reset', '\x1bc'],
    ['cursor up to overwrite earlier output', '\x1b[5A\x1b[2K'],
    ['DCS string', '\x1bP+q544e\x1b\\'],
    ['8-bit CSI', '\x9b6n'],
    ['shift out (charset switch)', '\x0e'],
    ['an unterminated OSC', '\x1b]2;title that never ends'],
  ];
  for (const [what, seq] of hostile) {
    it(`neutralizes ${what}`, () => {
      const out = sanitizeTerminal(`before${seq}after`);
      expect(out).to.not.match(/[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]/);
      expect(out.startsWith('before') && out.endsWith('after'), out).to.equal(true);
    });
  }

  it('shows what it neutralized (ESC as ^[), so a reader sees the attempt', () => {
    expect(sanitizeTerminal('\x1b]0;x\x07')).to.equal('^[]0;x^G');
    expect(sanitizeTerminal('\x1b[6n')).to.equal('^[[6n');
  });
});
