/**
 * From sentences to DOM ranges in the live page: the DOM side of text-locator.ts.
 *
 * The page's text nodes are read in document order (skipping scripts, styles and other
 * elements whose text is never shown), their data concatenated, the sentences located in
 * that string, and each located span turned back into a Range over the text nodes it
 * covers. Nothing in the page is modified: the ranges are what the CSS Custom Highlight API
 * paints and what scrolling targets.
 *
 * Bounds (hostile pages): the walk skips a rejected element's whole subtree (one visit per
 * node, whatever the depth: a 5,000-deep page costs 5,000 visits, not 12 million ancestor
 * checks), and stops, answering "too large" with no range, past `maxTextLength` characters or
 * `maxTextNodes` text nodes: the page grew far beyond what extraction accepted. The work is a
 * generator that pauses when the budget's slice is used up (time-slice.ts); past the
 * deadline, the sentences located so far keep their ranges and the others get none.
 */
import { Budget, DeadlineExceeded, runToEnd } from '../extract/dom-walk';
import { Slicer, type SlicerOptions } from '../extract/time-slice';
import { locateSteps } from './text-locator';

/** Elements whose text content is not page text (the extractor skips them too). */
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
  'SVG',
  'MATH',
]);

/** Page text read at most: past it the page is "too large" and nothing is highlighted. */
export const MAX_PAGE_TEXT = 4_000_000;
/** Text nodes read at most. */
export const MAX_TEXT_NODES = 200_000;
/** Time allowed to locate the sentences in a live page. */
export const DEFAULT_RANGE_DEADLINE_MS = 5_000;

export interface RangeLimits {
  maxTextLength: number;
  maxTextNodes: number;
}

const DEFAULT_LIMITS: RangeLimits = { maxTextLength: MAX_PAGE_TEXT, maxTextNodes: MAX_TEXT_NODES };

/** A plain budget that never pauses and never runs out: the synchronous functions' own. */
const UNBOUNDED = new Budget(Infinity, () => 0);

/** The text nodes under `root`, or null when the page passes the limits. */
function* textNodeSteps(
  root: Node,
  budget: Budget,
  limits: RangeLimits,
): Generator<void, Text[] | null, void> {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */, {
    acceptNode(node) {
      // FILTER_REJECT skips the element's whole subtree. Other elements are accepted (not
      // skipped) so that the loop below sees every node and can pause between any two.
      if (node.nodeType === 1 && SKIPPED.has((node as Element).tagName.toUpperCase())) return 2;
      return 1; // NodeFilter.FILTER_ACCEPT
    },
  });
  const nodes: Text[] = [];
  let length = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (budget.due()) {
      budget.check();
      yield;
    }
    if (node.nodeType === 1) continue;
    const text = node as Text;
    nodes.push(text);
    length += text.data.length;
    if (nodes.length > limits.maxTextNodes || length > limits.maxTextLength) return null;
  }
  return nodes;
}

/** The text nodes under `root` whose text the page shows, in document order. */
export function pageTextNodes(root: Node): Text[] {
  const limits = { maxTextLength: Infinity, maxTextNodes: Infinity };
  return runToEnd(textNodeSteps(root, UNBOUNDED, limits)) ?? [];
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

/** The outcome of locating sentences in a page. */
export interface PageRanges {
  /** A Range per sentence, null for those not located. */
  ranges: (Range | null)[];
  /**
   * 'too-large': the page passed the limits and nothing was located; 'out-of-time': the
   * deadline came first, and the sentences not located by then have no range.
   */
  status: 'ok' | 'too-large' | 'out-of-time';
}

/** `sentenceRanges` as a generator that pauses when `budget` says so. */
export function* rangeSteps(
  sentences: readonly string[],
  root: Node,
  budget: Budget,
  limits: RangeLimits = DEFAULT_LIMITS,
): Generator<void, PageRanges, void> {
  const doc = root.ownerDocument ?? (root as Document);
  const nodes = yield* textNodeSteps(root, budget, limits);
  if (!nodes) return { ranges: sentences.map(() => null), status: 'too-large' };
  const starts: number[] = [];
  const data: string[] = [];
  let length = 0;
  for (const node of nodes) {
    starts.push(length);
    data.push(node.data);
    length += node.data.length;
  }
  const spans = yield* locateSteps(data.join(''), sentences, budget);
  const ranges = spans.map((span) => {
    if (!span) return null;
    const first = nodeAt(starts, span.start);
    const last = nodeAt(starts, span.end - 1);
    const range = doc.createRange();
    try {
      range.setStart(nodes[first]!, span.start - starts[first]!);
      range.setEnd(nodes[last]!, span.end - starts[last]!);
    } catch {
      // The page changed the node's text while we paused: that sentence is not located.
      return null;
    }
    return range;
  });
  // locateSteps gives up on the sentences left when the deadline passes.
  const stopped = budget.expired() && spans.includes(null);
  return { ranges, status: stopped ? 'out-of-time' : 'ok' };
}

/**
 * A Range for each sentence found in the page under `root` (default: the body), null for
 * the sentences that are not there. Synchronous and unbounded: for tests and small pages.
 */
export function sentenceRanges(
  sentences: readonly string[],
  root: Node = document.body,
): (Range | null)[] {
  const limits = { maxTextLength: Infinity, maxTextNodes: Infinity };
  return runToEnd(rangeSteps(sentences, root, UNBOUNDED, limits)).ranges;
}

/**
 * Locates the sentences in the live page in slices, giving the page its turn between them
 * (see time-slice.ts). Never rejects; `slicer.yields` and `slicer.longestSliceMs` say how the
 * work was spread.
 */
export async function sentenceRangesSliced(
  sentences: readonly string[],
  root: Node,
  options: { slicer?: Slicer; limits?: RangeLimits } & Partial<SlicerOptions> = {},
): Promise<PageRanges> {
  const slicer =
    options.slicer ??
    new Slicer({
      deadlineMs: options.deadlineMs ?? DEFAULT_RANGE_DEADLINE_MS,
      sliceMs: options.sliceMs,
      now: options.now,
      yieldToPage: options.yieldToPage,
    });
  const steps = rangeSteps(sentences, root, slicer, options.limits);
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) {
        slicer.finish();
        return step.value;
      }
      await slicer.pause();
    }
  } catch (error) {
    // Out of time while reading or folding the page's text, or past what the browser can
    // hold (a RangeError on a string too long): nothing located.
    const status = error instanceof DeadlineExceeded ? 'out-of-time' : 'too-large';
    return { ranges: sentences.map(() => null), status };
  }
}
