/**
 * The viewer's markup, built as strings: a kernel header can have 10k lines
 * and 100k tokens, which a template per token would make slow. Every piece
 * of file text passes through escapeHtml; nothing else is interpolated.
 */
import { sniffFormat } from '../../common/file-format';
import { includeTarget, tokenizeC, type Token } from './c-tokenizer';

export const CHUNK_LINES = 200;

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!,
  );
}

const SYMBOL = /[A-Za-z_][A-Za-z0-9_]*/g;

/** Identifiers as `.sym` spans: a click asks the identifier index for their definitions. */
function symbolHtml(text: string): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(SYMBOL)) {
    out += `${escapeHtml(text.slice(at, m.index))}<span class="sym" data-sym="${m[0]}">${m[0]}</span>`;
    at = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(at));
}

function tokenHtml(t: Token, line: string): string {
  const linked = t.kind === 'plain' || t.kind === 'type' || t.kind === 'macro';
  const inner = linked ? symbolHtml(t.text) : escapeHtml(t.text);
  if (t.kind === 'include') {
    const target = includeTarget(line);
    if (target) {
      return `<a href="#" class="t-include inc" data-inc="${escapeHtml(target.name)}" data-local="${target.local ? 1 : 0}" title="Open ${escapeHtml(target.name)}">${inner}</a>`;
    }
  }
  return t.kind === 'plain' ? inner : `<span class="t-${t.kind}">${inner}</span>`;
}

/**
 * Highlighted C with line numbers, in chunks the browser may skip while off
 * screen. Built once per file: search marks go on top (search-marks.ts).
 */
export function codeHtml(text: string): { html: string; lines: number } {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const tokens = tokenizeC(lines.join('\n'));
  const parts: string[] = [];
  for (let start = 0; start < lines.length; start += CHUNK_LINES) {
    const end = Math.min(lines.length, start + CHUNK_LINES);
    parts.push(`<div class="chunk" style="contain-intrinsic-size:auto ${(end - start) * 1.45}em">`);
    for (let i = start; i < end; i++) {
      const n = i + 1;
      const code = tokens[i].map((t) => tokenHtml(t, lines[i])).join('');
      parts.push(
        `<div class="l" id="L${n}"><span class="n" data-n="${n}">${n}</span><span class="c">${code}</span></div>`,
      );
    }
    parts.push('</div>');
  }
  return { html: parts.join(''), lines: lines.length };
}

/** Line numbers (1-based) whose text contains query, case-insensitively. */
export function searchLines(text: string, query: string): number[] {
  const q = query.toLowerCase();
  if (!q) return [];
  const out: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.toLowerCase().includes(q)) out.push(i + 1);
  });
  return out;
}

/** A classic hex dump: offset, 16 bytes, and their printable characters. */
export function hexDump(bytes: Uint8Array, limit = 64 * 1024): string {
  const rows: string[] = [];
  const end = Math.min(bytes.length, limit);
  for (let off = 0; off < end; off += 16) {
    const row = bytes.subarray(off, Math.min(off + 16, end));
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) =>
      b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.',
    ).join('');
    rows.push(`${off.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  return rows.join('\n');
}

/** What kind of bytes these are, for the viewer's choice and its notice. */
export function sniff(bytes: Uint8Array): 'text' | 'xz' | 'gzip' | 'binary' {
  const format = sniffFormat(bytes);
  if (format === 'xz' || format === 'gzip') return format;
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return 'binary';
  try {
    // stream: a multi-byte character cut at the 8 KiB mark is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'text';
  } catch {
    return 'binary';
  }
}
