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
export const DOCUMENT_NODE = 9;

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

  /** Whether the deadline has passed. */
  expired(): boolean {
    return this.now() > this.deadline;
  }

  /** Throws DeadlineExceeded when the deadline has passed. */
  check(): void {
    if (this.expired()) throw new DeadlineExceeded(this.stage);
  }

  /**
   * Whether the work should pause here to give the page its turn: never for a plain budget;
   * a `Slicer` (time-slice.ts) says yes once its slice is used up.
   */
  due(): boolean {
    return false;
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
  runToEnd(walkSteps(root, visitor, budget));
}

/** Runs a generator of work to its end without pausing (the synchronous form of a `…Steps`). */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `walk` as a generator: it pauses (yields) whenever `budget.due()` says the page should get
 * its turn (a `Slicer`, time-slice.ts). Only for trees the page cannot change meanwhile: the
 * extractor's clone, never the live page.
 */
export function* walkSteps(
  root: Node,
  visitor: WalkVisitor,
  budget?: Budget,
): Generator<void, void, void> {
  let node: Node | null = root.firstChild;
  while (node) {
    if (budget) {
      budget.tick();
      if (budget.due()) yield;
    }
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
  /** Every node visited: elements, text, comments. */
  nodes: number;
  elements: number;
  depth: number;
  /** Sum over elements of their depth: what Readability's per-element subtree scans cost. */
  depthSum: number;
  /** Characters of text outside scripts, styles and other non-text elements. */
  textLength: number;
  /** The first limit passed, or null. */
  exceeded: 'nodes' | 'elements' | 'depth' | 'depthSum' | 'text' | null;
}

export interface PageLimits {
  maxElements: number;
  maxDepth: number;
  maxDepthSum: number;
  maxTextLength: number;
  /** Nodes of any kind (comments and text included). Default: 8 times maxElements. */
  maxNodes?: number;
}

/**
 * Measures a page without changing it, and without ever visiting more than `maxNodes + 1`
 * nodes: the checks run before the page is cloned or parsed by Readability, whose cost grows
 * faster than linearly with depth (a 1,000-deep chain takes it 5 s in linkedom).
 *
 * Elements inside non-text elements (an <svg>'s thousands of paths, a <select>'s options)
 * count toward the element, depth and node limits like any other: Readability and the clone
 * visit them too. Only their text is left out of the text limit. Nodes of every kind count
 * toward `maxNodes`, so a page of millions of comments cannot make this walk itself long.
 */
export function measurePage(root: Node, limits: PageLimits): PageSize {
  // A Document's children are walked from its root element: in linkedom the doctype has no
  // nextSibling, so a walk from `document.firstChild` would stop at `<!doctype html>`.
  const documentElement =
    root.nodeType === DOCUMENT_NODE ? (root as Document).documentElement : null;
  if (documentElement) {
    const size = measurePage(documentElement, limits);
    size.nodes++;
    size.elements++;
    size.depthSum += size.elements;
    size.depth++;
    if (size.exceeded) return size;
    const maxNodes = limits.maxNodes ?? limits.maxElements * 8;
    if (size.nodes > maxNodes) size.exceeded = 'nodes';
    else if (size.elements > limits.maxElements) size.exceeded = 'elements';
    else if (size.depthSum > limits.maxDepthSum) size.exceeded = 'depthSum';
    else if (size.depth > limits.maxDepth) size.exceeded = 'depth';
    return size;
  }
  const maxNodes = limits.maxNodes ?? limits.maxElements * 8;
  const size: PageSize = {
    nodes: 0,
    elements: 0,
    depth: 0,
    depthSum: 0,
    textLength: 0,
    exceeded: null,
  };
  let depth = 0;
  /** Depth of the outermost non-text element we are inside, or -1. */
  let opaqueDepth = -1;
  let node: Node | null = root.firstChild;
  while (node) {
    if (++size.nodes > maxNodes) {
      size.exceeded = 'nodes';
      return size;
    }
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
      descend = node.firstChild !== null;
      const tag = tagOf(node);
      if (descend && opaqueDepth === -1 && NON_TEXT_TAGS.has(tag) && tag !== 'head') {
        opaqueDepth = depth + 1;
      }
    } else if (isText(node) && opaqueDepth === -1) {
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
      if (depth < opaqueDepth) opaqueDepth = -1;
    }
    if (!node || node === root) break;
    // Leaving `node` for its sibling: leaving its subtree too, if it was the opaque one.
    if (depth < opaqueDepth) opaqueDepth = -1;
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
