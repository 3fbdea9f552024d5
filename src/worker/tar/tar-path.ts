// Member names and link targets, made safe for a mount: nothing an archive
// says may name a place outside it.

/** A member name reduced to a path inside the mount. */
export interface MountPath {
  /** Components joined by '/', no leading '/', no '.', '..' or empty ones; '' is the mount's root. */
  path: string;
  /** True when a leading '/' or a '..' had to be removed or resolved to stay inside. */
  renamed: boolean;
  /** The name ended in '/', which old tars use to mark a directory. */
  trailingSlash: boolean;
}

/**
 * Strips leading slashes and resolves '..' lexically, never above the root,
 * so `/etc/passwd` becomes `etc/passwd` and `a/../../b` becomes `b`. A plain
 * `./` prefix is normal (`tar -C dir -cf x .`) and does not count as a rename.
 */
export function toMountPath(name: string): MountPath {
  const trailingSlash = name.endsWith('/');
  // Fast path for the usual name: no '..', no '//', no '.' component once a './' prefix is gone.
  let plain = name;
  while (plain.startsWith('./')) plain = plain.slice(2);
  if (
    plain !== '' &&
    plain !== '.' &&
    !plain.startsWith('/') &&
    !/\/\/|\/\.\.?(\/|$)|^\.\.?(\/|$)/.test(plain)
  ) {
    return { path: trailingSlash ? plain.slice(0, -1) : plain, renamed: false, trailingSlash };
  }
  const parts: string[] = [];
  let renamed = name.startsWith('/');
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      renamed = true;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return { path: parts.join('/'), renamed, trailingSlash };
}

/**
 * Whether a symlink at `linkPath` (a mount path) pointing at `target` leads
 * outside the mount, judged lexically: absolute targets always do, relative
 * ones when their '..' climb above the root.
 */
export function symlinkLeavesMount(linkPath: string, target: string): boolean {
  if (target.startsWith('/')) return true;
  let depth = linkPath.split('/').length - 1; // components of the link's directory
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    depth += part === '..' ? -1 : 1;
    if (depth < 0) return true;
  }
  return false;
}

/** Bytes of a string in UTF-8, without allocating. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
