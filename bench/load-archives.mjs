/** Big archives for bench/load-held.mjs (filled in below). */
export async function bigArchives() {
  return { markdown: '' };
}
