/**
 * GNU wc (coreutils 9.1, src/wc.c): counts in its order (lines, words,
 * chars, bytes, longest line) and its column width, which comes from the
 * sum of the regular files' sizes (7 at least when any input is a pipe),
 * or 1 when there is one file and one count.
 */
import type { Command } from 'just-bash';
import { readBytes, resolve, stdinBytes, command } from '../command-kit';
import { errnoText } from '../../vfs/errno';

type Count = 'l' | 'w' | 'm' | 'c' | 'L';
const ORDER: Count[] = ['l', 'w', 'm', 'c', 'L'];
const LONG: Record<string, Count> = {
  '--lines': 'l',
  '--words': 'w',
  '--chars': 'm',
  '--bytes': 'c',
  '--max-line-length': 'L',
};

function counts(b: Uint8Array): Record<Count, number> {
  let l = 0;
  let w = 0;
  let m = 0;
  let L = 0;
  let col = 0;
  let inWord = false;
  for (const x of b) {
    if ((x & 0xc0) !== 0x80) m++;
    if (x === 10) {
      l++;
      L = Math.max(L, col);
      col = 0;
    } else if (x === 9) col += 8 - (col % 8);
    else if ((x & 0xc0) !== 0x80) col++;
    const space = x === 32 || (x >= 9 && x <= 13);
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      w++;
    }
  }
  return { l, w, m, c: b.length, L: Math.max(L, col) };
}

export function wcCommand(): Command {
  return command('wc', async (args, ctx) => {
    const want = new Set<Count>();
    const files: string[] = [];
    for (const a of args) {
      if (LONG[a]) want.add(LONG[a]!);
      else if (/^-[lwmcL]+$/.test(a)) for (const c of a.slice(1)) want.add(c as Count);
      else if (a.startsWith('-') && a !== '-') {
        const bad = a.startsWith('--')
          ? `unrecognized option '${a}'`
          : `invalid option -- '${a[1] ?? ''}'`;
        return {
          stdout: '',
          stderr: `wc: ${bad}\nTry 'wc --help' for more information.\n`,
          exitCode: 1,
        };
      } else files.push(a);
    }
    if (!want.size) ['l', 'w', 'c'].forEach((c) => want.add(c as Count));
    const shown = ORDER.filter((c) => want.has(c));
    const inputs = files.length ? files : ['-'];
    const rows: { name?: string; n: Record<Count, number> }[] = [];
    let stderr = '';
    let regularTotal = 0;
    let minWidth = 1;
    for (const f of inputs) {
      try {
        if (f === '-') {
          rows.push({ name: files.length ? '-' : undefined, n: counts(stdinBytes(ctx)) });
          minWidth = 7;
          continue;
        }
        const st = await ctx.fs.stat(resolve(ctx, f));
        if (st.isDirectory) {
          stderr += `wc: ${f}: Is a directory\n`;
          rows.push({ name: f, n: { l: 0, w: 0, m: 0, c: 0, L: 0 } });
          continue;
        }
        regularTotal += st.size;
        rows.push({ name: f, n: counts(await readBytes(ctx, f)) });
      } catch (err) {
        stderr += `wc: ${f}: ${errnoText(err)}\n`;
      }
    }
    if (rows.length > 1) {
      const total = { l: 0, w: 0, m: 0, c: 0, L: 0 };
      for (const r of rows) {
        for (const c of ORDER) total[c] = c === 'L' ? Math.max(total.L, r.n.L) : total[c] + r.n[c];
      }
      rows.push({ name: 'total', n: total });
    }
    const single = inputs.length === 1 && shown.length === 1;
    const width = single ? 1 : Math.max(minWidth, String(regularTotal).length);
    const stdout = rows
      .map((r) => {
        const cols = shown.map((c) => String(r.n[c]).padStart(width)).join(' ');
        return r.name === undefined ? `${cols}\n` : `${cols} ${r.name}\n`;
      })
      .join('');
    return { stdout, stderr, exitCode: stderr ? 1 : 0 };
  });
}
