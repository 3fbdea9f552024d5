/** Both kernels' trees extracted on one machine, and a BCC-style compile of a probe on each. */
import { bccFlags } from '../../src/common/bcc-flags';
import { bootMachine, type Ran } from '../machine/machine-helpers';

export const PROBE_URL = new URL('/test/clang/probe.c', location.href);

export async function twoTrees() {
  const m = await bootMachine();
  const demo = `/tmp/kheaders-${m.release}`;
  const other = '/tmp/kheaders-other';
  const must = async (line: string): Promise<Ran> => {
    const r = await m.sh(line);
    if (r.code !== 0) throw new Error(`${line}: exit ${r.code}: ${r.err}`);
    return r;
  };
  await must('modprobe kheaders');
  await must(`mkdir -p ${demo} ${other} && tar -xf /sys/kernel/kheaders.tar.xz -C ${demo}`);
  await must(`kh-other-machine && tar -xf /tmp/other-machine/kheaders.tar.xz -C ${other}`);
  const probe = await (await fetch(PROBE_URL)).text();
  await must(`cat > /root/probe.c <<'PROBE'\n${probe}PROBE`);
  return { ...m, must, trees: { demo, other } };
}

/** `@name = ... global i32 N` lines of LLVM IR, as { name: N }. */
export function irInts(ir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of ir.matchAll(/^@(\w+) = [^\n]*?global i32 (-?\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

export const bccLine = (root: string, rest: string): string =>
  `clang ${bccFlags(root).join(' ')} ${rest}`;

/** What native gcc finds on the same archive (GET /__gcc/, test/native/native-tools.mjs). */
export async function gccSays(archive: string, query = ''): Promise<Record<string, number>> {
  const res = await fetch(`/__gcc/${archive}${query}`);
  if (!res.ok) throw new Error(`gcc on ${archive}: HTTP ${res.status}`);
  return (await res.json()) as Record<string, number>;
}
