/**
 * Where an `#include` points, as the kernel's build would search for it:
 * the quoted form first beside the including file, then the include path
 * Kbuild passes to the compiler (arch before generic, uapi last; see the
 * LINUXINCLUDE and USERINCLUDE definitions in the top-level Makefile).
 */
import type { IncludeTarget } from './c-tokenizer';

/** Candidate absolute paths for an include, best first. */
export function includeCandidates(fromFile: string, target: IncludeTarget, arch = 'x86'): string[] {
  const out: string[] = [];
  const dir = fromFile.slice(0, fromFile.lastIndexOf('/'));
  if (target.local) out.push(normalize(`${dir}/${target.name}`));
  const root = treeRoot(fromFile);
  if (root !== undefined) {
    const fileArch = /\/arch\/([^/]+)\/include\//.exec(fromFile)?.[1] ?? arch;
    for (const inc of [
      `arch/${fileArch}/include`,
      `arch/${fileArch}/include/generated`,
      'include',
      `arch/${fileArch}/include/uapi`,
      `arch/${fileArch}/include/generated/uapi`,
      'include/uapi',
      'include/generated/uapi',
    ]) {
      out.push(normalize(`${root}/${inc}/${target.name}`));
    }
  }
  if (!target.local) out.push(normalize(`${dir}/${target.name}`));
  return [...new Set(out)];
}

/** The directory holding include/ and arch/, e.g. /tmp/kheaders-6.1.0. */
export function treeRoot(path: string): string | undefined {
  const m = /^(.*?)\/(?:arch\/[^/]+\/)?include\//.exec(path);
  return m ? m[1] : undefined;
}

function normalize(path: string): string {
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return '/' + parts.join('/');
}
