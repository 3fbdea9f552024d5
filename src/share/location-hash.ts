/**
 * What the URL remembers of the viewer: `#file=/path&L10-L20`. Kept small on
 * purpose; share links with more state come later (src/share/).
 */

export interface ViewerLocation {
  file?: string;
  /** First selected line, 1-based. */
  from?: number;
  /** Last selected line, inclusive; equal to from for one line. */
  to?: number;
}

export function parseViewerHash(hash: string): ViewerLocation {
  const out: ViewerLocation = {};
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (part.startsWith('file=')) {
      try {
        const file = decodeURIComponent(part.slice(5));
        if (file.startsWith('/')) out.file = file;
      } catch {
        // A malformed escape: ignore the part, keep the rest.
      }
      continue;
    }
    const m = /^L(\d+)(?:-L?(\d+))?$/.exec(part);
    if (m) {
      const a = Number(m[1]);
      const b = m[2] ? Number(m[2]) : a;
      if (a > 0 && b > 0) {
        out.from = Math.min(a, b);
        out.to = Math.max(a, b);
      }
    }
  }
  return out;
}

export function formatViewerHash(loc: ViewerLocation): string {
  if (!loc.file) return '';
  // Slashes stay readable; everything else that could end the part is escaped.
  let hash = `#file=${encodeURIComponent(loc.file).replace(/%2F/g, '/')}`;
  if (loc.from)
    hash += loc.to && loc.to !== loc.from ? `&L${loc.from}-L${loc.to}` : `&L${loc.from}`;
  return hash;
}
