/**
 * Search hits in the viewer's markup, marked in place: the highlighted
 * lines are built once per file, and a keystroke in the search box only
 * takes the old <mark>s out and wraps the new matches, on the lines that
 * have them. Matching is case-insensitive, within each piece of text
 * (a token), as the highlighting splits it.
 */

/** Takes every <mark> out, leaving its text where it was. */
export function clearMarks(code: HTMLElement): void {
  for (const mark of code.querySelectorAll('mark')) {
    const parent = mark.parentNode!;
    parent.replaceChild(document.createTextNode(mark.textContent ?? ''), mark);
    parent.normalize();
  }
}

/** Wraps each occurrence of query in <mark> on the given lines (1-based, as searchLines gives them). */
export function markLines(code: HTMLElement, lines: readonly number[], query: string): void {
  const q = query.toLowerCase();
  if (!q) return;
  for (const n of lines) {
    const line = code.querySelector(`#L${n} .c`);
    if (!line) continue;
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    const texts: Text[] = [];
    for (let t = walker.nextNode(); t; t = walker.nextNode()) texts.push(t as Text);
    for (const text of texts) markText(text, q);
  }
}

function markText(text: Text, q: string): void {
  let node = text;
  for (let at = node.data.toLowerCase().indexOf(q); at >= 0;) {
    const hit = node.splitText(at);
    node = hit.splitText(q.length);
    const mark = document.createElement('mark');
    hit.replaceWith(mark);
    mark.append(hit);
    at = node.data.toLowerCase().indexOf(q);
  }
}
