/**
 * The page's copy of an archive handed over as bytes, for a restart: a Blob
 * the worker can't take away. Made whole (`new Blob([bytes])`), Chromium
 * holds a second copy of all of it in the renderer until the browser has
 * taken it; made of pieces, each taken before the next is made, it holds
 * one piece (bench/load-held.mjs: a 251 MiB tar by bytes peaked 495 MiB
 * over the prompt's memory that way, 2x the archive).
 */
const PIECE = 8 * 1024 * 1024;

export async function keptBlob(bytes: Uint8Array): Promise<Blob> {
  const pieces: Blob[] = [];
  for (let at = 0; at < bytes.length; at += PIECE) {
    const piece = new Blob([bytes.subarray(at, at + PIECE) as Uint8Array<ArrayBuffer>]);
    // Reading one byte back waits until the browser holds the piece.
    await piece.slice(0, 1).arrayBuffer();
    pieces.push(piece);
  }
  return new Blob(pieces);
}
