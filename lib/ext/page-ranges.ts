/**
 * From sentences to DOM ranges in the live page: the DOM side of text-locator.ts.
 *
 * The page's text nodes are read in document order (skipping scripts, styles and other
 * elements whose text is never shown), their data concatenated, the sentences located in
 * that string, and each located span turned back into a Range over the text nodes it
 * covers. Nothing in the page is modified: the ranges are what the CSS Custom Highlight API
 * paints and what scrolling targets.
 */
import { locateSentences } from './text-locator';

/** Elements whose text content is not page text. */
const SKIPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'SELECT',
  'OPTION',
  'IFRAME',
  'OBJECT',
  'CANVAS',
  'HEAD',
  'TITLE',
]);

/** The text nodes under `root` whose text the page shows, in document order. */
export function pageTextNodes(root: Node): Text[] {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 0x4 /* NodeFilter.SHOW_TEXT */, {
    acceptNode(node) {
      for (let el = node.parentElement; el && el !== root; el = el.parentElement) {
        if (SKIPPED.has(el.tagName.toUpperCase())) return 2; // NodeFilter.FILTER_REJECT
      }
      return 1; // NodeFilter.FILTER_ACCEPT
    },
  });
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

/** Index of the node holding `offset` of the concatenated text (binary search on starts). */
function nodeAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * A Range for each sentence found in the page under `root` (default: the body), null for
 * the sentences that are not there.
 */
export function sentenceRanges(
  sentences: readonly string[],
  root: Node = document.body,
): (Range | null)[] {
  const doc = root.ownerDocument ?? (root as Document);
  const nodes = pageTextNodes(root);
  const starts: number[] = [];
  let length = 0;
  for (const node of nodes) {
    starts.push(length);
    length += node.data.length;
  }
  const pageText = nodes.map((n) => n.data).join('');
  return locateSentences(pageText, sentences).map((span) => {
    if (!span) return null;
    const first = nodeAt(starts, span.start);
    const last = nodeAt(starts, span.end - 1);
    const range = doc.createRange();
    range.setStart(nodes[first]!, span.start - starts[first]!);
    range.setEnd(nodes[last]!, span.end - starts[last]!);
    return range;
  });
}
