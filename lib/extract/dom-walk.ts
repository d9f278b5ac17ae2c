/**
 * Iterative DOM traversal for untrusted pages, shared by the article extractor's passes.
 *
 * Pages are hostile input: nesting thousands of elements deep overflows the call stack of a
 * recursive walk (jsdom's own `cloneNode` throws a RangeError at 5,000 levels), so every walk
 * here is a loop over firstChild / nextSibling / parentNode with no recursion. Nodes are told
 * apart by `nodeType`, never by `instanceof`, because the Document may come from the browser,
 * linkedom or jsdom, each with its own classes.
 *
 * A `Budget` carries the extraction's deadline: walks call `tick()` on every node and it
 * throws `DeadlineExceeded` (caught by the extractor) once the deadline has passed, checking
 * the clock only every 1,024 nodes.
 */

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const CDATA_SECTION_NODE = 4;

/** Elements whose content is never text of the page. */
export const NON_TEXT_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'select',
  'textarea',
  'head',
  'title',
  'meta',
  'link',
]);

export function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

export function isText(node: Node): node is Text {
  return node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE;
}

/** The lower-case tag name ('div'), the same in every DOM implementation. */
export function tagOf(element: Element): string {
  return (element.localName || element.nodeName || '').toLowerCase();
}

/** Thrown by `Budget.tick` when the extraction's time is up. */
export class DeadlineExceeded extends Error {
  constructor(readonly stage: string) {
    super(`deadline exceeded during ${stage}`);
    this.name = 'DeadlineExceeded';
  }
}

/** A deadline shared by the passes of one extraction. */
export class Budget {
  private ticks = 0;
  stage = 'start';

  constructor(
    private readonly deadline: number,
    private readonly now: () => number,
  ) {}

  /** Counts one unit of work; throws DeadlineExceeded when the deadline has passed. */
  tick(): void {
    this.ticks++;
    if ((this.ticks & 1023) === 0) this.check();
  }

  /** Throws DeadlineExceeded when the deadline has passed. */
  check(): void {
    if (this.now() > this.deadline) throw new DeadlineExceeded(this.stage);
  }

  /** Names the pass now running, for the message of a deadline error. */
  enter(stage: string): void {
    this.stage = stage;
    this.check();
  }
}

/**
 * Callbacks of `walk`. `enter` returns false to skip the element's subtree (exit still runs);
 * `stop` returning true ends the walk at once (no more exits).
 */
export interface WalkVisitor {
  stop?(): boolean;
  enter?(element: Element): boolean | void;
  exit?(element: Element): void;
  text?(node: Text): void;
}

/**
 * Visits the descendants of `root` (not `root` itself) in document order, with an enter and an
 * exit event per element. Iterative: safe on any depth. The tree must not change meanwhile.
 */
export function walk(root: Node, visitor: WalkVisitor, budget?: Budget): void {
  let node: Node | null = root.firstChild;
  while (node) {
    budget?.tick();
    if (visitor.stop?.()) return;
    let descend = false;
    if (isElement(node)) {
      descend = visitor.enter?.(node) !== false && node.firstChild !== null;
      if (!descend) visitor.exit?.(node);
    } else if (isText(node)) {
      visitor.text?.(node);
    }
    if (descend) {
      node = node.firstChild;
      continue;
    }
    // Next sibling, or climb (exiting each parent) until an ancestor has one.
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      if (node && node !== root && isElement(node)) visitor.exit?.(node);
    }
    if (!node || node === root) break;
    node = node.nextSibling;
  }
}

/** What a pre-flight walk over a page found, stopping at the first limit passed. */
export interface PageSize {
  elements: number;
  depth: number;
  /** Sum over elements of their depth: what Readability's per-element subtree scans cost. */
  depthSum: number;
  /** Characters of text outside scripts, styles and other non-text elements. */
  textLength: number;
  /** The first limit passed, or null. */
  exceeded: 'elements' | 'depth' | 'depthSum' | 'text' | null;
}

/**
 * Measures a page without changing it, and without ever visiting more than `maxElements + 1`
 * elements: the checks run before the page is cloned or parsed by Readability, whose cost grows
 * faster than linearly with depth (a 1,000-deep chain takes it 5 s in linkedom).
 */
export function measurePage(
  root: Node,
  limits: { maxElements: number; maxDepth: number; maxDepthSum: number; maxTextLength: number },
): PageSize {
  const size: PageSize = { elements: 0, depth: 0, depthSum: 0, textLength: 0, exceeded: null };
  let depth = 0;
  let node: Node | null = root.firstChild;
  while (node) {
    let descend = false;
    if (isElement(node)) {
      size.elements++;
      if (size.elements > limits.maxElements) {
        size.exceeded = 'elements';
        return size;
      }
      size.depthSum += depth + 1;
      if (size.depthSum > limits.maxDepthSum) {
        size.exceeded = 'depthSum';
        return size;
      }
      if (!NON_TEXT_TAGS.has(tagOf(node)) || tagOf(node) === 'head') {
        descend = node.firstChild !== null;
      }
    } else if (isText(node)) {
      size.textLength += node.data.length;
      if (size.textLength > limits.maxTextLength) {
        size.exceeded = 'text';
        return size;
      }
    }
    if (descend) {
      depth++;
      if (depth > size.depth) size.depth = depth;
      if (depth > limits.maxDepth) {
        size.exceeded = 'depth';
        return size;
      }
      node = node.firstChild;
      continue;
    }
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      depth--;
    }
    if (!node || node === root) break;
    node = node.nextSibling;
  }
  return size;
}

/** The text of an element (textContent, without scripts and styles), iteratively. */
export function textOf(element: Node, budget?: Budget): string {
  let out = '';
  walk(
    element,
    {
      enter: (el) => !NON_TEXT_TAGS.has(tagOf(el)),
      text: (node) => {
        out += node.data;
      },
    },
    budget,
  );
  return out;
}
