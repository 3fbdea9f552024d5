/** A minimal ustar writer for hostile-content tests: names and bytes as given. */
const enc = new TextEncoder();

function octal(block: Uint8Array, at: number, len: number, value: number): void {
  block.set(enc.encode(value.toString(8).padStart(len - 1, '0') + '\0'), at);
}

export interface TarMember {
  name: string;
  content?: string | Uint8Array;
  type?: '0' | '5';
}

export function ustar(members: TarMember[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const m of members) {
    const body =
      typeof m.content === 'string' ? enc.encode(m.content) : (m.content ?? new Uint8Array());
    const h = new Uint8Array(512);
    const name = enc.encode(m.name);
    if (name.length > 100) throw new Error(`name too long for this writer: ${m.name}`);
    h.set(name, 0);
    octal(h, 100, 8, m.type === '5' ? 0o755 : 0o644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, body.length);
    octal(h, 136, 12, 1_700_000_000);
    h.fill(0x20, 148, 156);
    h[156] = (m.type ?? '0').charCodeAt(0);
    h.set(enc.encode('ustar\u000000'), 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.set(enc.encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
    blocks.push(h);
    const padded = new Uint8Array(Math.ceil(body.length / 512) * 512);
    padded.set(body);
    blocks.push(padded);
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  blocks.reduce((at, b) => (out.set(b, at), at + b.length), 0);
  return out;
}

/** The crafted archive the hostile-content tests and the E2E scenario open. */
export const HOSTILE_NAME = '<img src=x onerror="globalThis.__khPwned=1">.h';
export const HOSTILE_DIR = 'evil\u001b]0;pwned\u0007';

export function hostileArchive(): Uint8Array {
  return ustar([
    { name: HOSTILE_NAME, content: '<script>globalThis.__khPwned=2</script>\n' },
    {
      name: 'markup.h',
      content:
        '#include "<img src=x onerror=globalThis.__khPwned=3>"\n' +
        '/* <img src=x onerror="globalThis.__khPwned=4"> </pre><script>globalThis.__khPwned=5</script> */\n' +
        'char *s = "\\" onmouseover=\\"globalThis.__khPwned=6";\n',
    },
    {
      name: 'escapes.h',
      content:
        '/* title \u001b]0;pwned\u0007 clipboard \u001b]52;c;cHduZWQ=\u0007 dsr \u001b[6n ' +
        'altscreen \u001b[?1049h reset \u001bc \u001b[31mred\u001b[0m */\n',
    },
    { name: `${HOSTILE_DIR}/`, type: '5' },
    { name: `${HOSTILE_DIR}/inside.h`, content: 'int inside;\n' },
  ]);
}
