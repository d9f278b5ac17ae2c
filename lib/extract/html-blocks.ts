/**
 * An article element to blocks of text: one block per block element, in document order.
 *
 * Readability's `textContent` runs paragraphs together ("…fin.Début…"), and a sentence must
 * never span two blocks, so the text is rebuilt from the DOM: the start and end of every
 * block-level element, every <br>, and every element marked as furniture or as a caption end
 * the current block. Inline elements (a, em, span, strong, time) are joined as they are, with
 * no space added: "surnommait<em>le Grand Con</em>" stays "surnommaitle Grand Con", as the page
 * shows it. Inside a block, whitespace runs become one space, except that a no-break or narrow
 * no-break space (French typography before « : ; ! ? ») is kept as that character; soft hyphens
 * go.
 *
 * A block's kind comes from its ancestors: inside <figcaption> (or an element marked as a
 * caption) 'caption'; inside h1–h6 'heading'; inside <blockquote> 'quote'; when the nearest of
 * <li>/<dt>/<dd> and <p> is a list item 'list-item'; else 'paragraph'. A block inside a marked
 * element carries the mark's reason. The walk is iterative (see dom-walk.ts).
 */
import type { BlockKind, BoilerplateReason } from '../types';
import { Budget, NON_TEXT_TAGS, runToEnd, tagOf, walkSteps } from './dom-walk';
import { BLOCK_TAGS, KIND_ATTRIBUTE, furnitureReason } from './html-furniture';

/** A block as read from the DOM, before the text rules and before offsets are assigned. */
export interface RawBlock {
  text: string;
  kind: BlockKind;
  /** Reason of the marked element the block lies in, or null (set later by text rules too). */
  reason: BoilerplateReason | null;
  /** Letters (non-space characters) of the block, and those inside <a href>. */
  chars: number;
  linkChars: number;
  /** Links (<a href>) opened in the block, and the words of link text. */
  links: number;
  linkWords: number;
  /** The innermost block element (or boundary) around the block: `root` for loose text. */
  owner: Element;
}

/** Spaces kept as they are when they stand alone between words. */
const KEPT_SPACE = /[\u00a0\u202f\u2007\u2009]/;
const SPACE_RUN = /[\s\u00a0\u202f\u2000-\u200a\u3000\ufeff]+/g;
const EDGE_SPACE = /^[\s\u200b]+|[\s\u200b]+$/g;

/** Collapses whitespace as described in the module header and trims the block. */
export function normaliseBlockText(raw: string): string {
  return raw
    .replace(/\u00ad/g, '')
    .replace(SPACE_RUN, (run) => KEPT_SPACE.exec(run)?.[0] ?? ' ')
    .replace(EDGE_SPACE, '');
}

/** Letters (non-space characters) and words of a text node. */
function countLetters(data: string): { letters: number; words: number } {
  let letters = 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x202f) {
      inWord = false;
    } else {
      letters++;
      if (!inWord) words++;
      inWord = true;
    }
  }
  return { letters, words };
}

const HEADING_TAGS: ReadonlySet<string> = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const LIST_ITEM_TAGS: ReadonlySet<string> = new Set(['li', 'dt', 'dd']);

/** Reads the blocks of `root`'s subtree (not counting `root`'s own mark, if any). */
export function collectBlocks(root: Element, budget?: Budget): RawBlock[] {
  return runToEnd(collectBlocksSteps(root, budget));
}

/** `collectBlocks`, pausing when the budget says so (see walkSteps). */
export function* collectBlocksSteps(
  root: Element,
  budget?: Budget,
): Generator<void, RawBlock[], void> {
  const blocks: RawBlock[] = [];
  let parts: string[] = [];
  let chars = 0;
  let linkChars = 0;
  let links = 0;
  let linkWords = 0;
  let captionDepth = 0;
  let headingDepth = 0;
  let quoteDepth = 0;
  let linkDepth = 0;
  /** 'li' or 'p' for each open list item or paragraph, innermost last. */
  const itemStack: string[] = [];
  let reason: BoilerplateReason | null = null;
  let reasonElement: Element | null = null;
  /** For each open element, whether it is a block boundary. */
  const boundaries: boolean[] = [];
  /** The open boundary elements, innermost last. */
  const owners: Element[] = [root];

  const kind = (): BlockKind => {
    if (captionDepth > 0) return 'caption';
    if (headingDepth > 0) return 'heading';
    if (quoteDepth > 0) return 'quote';
    return itemStack[itemStack.length - 1] === 'li' ? 'list-item' : 'paragraph';
  };
  const flush = (): void => {
    if (parts.length === 0) return;
    const text = normaliseBlockText(parts.join(''));
    if (text !== '') {
      const owner = owners[owners.length - 1]!;
      blocks.push({ text, kind: kind(), reason, chars, linkChars, links, linkWords, owner });
    }
    parts = [];
    chars = 0;
    linkChars = 0;
    links = 0;
    linkWords = 0;
  };
  const isCaption = (element: Element, tag: string): boolean =>
    tag === 'figcaption' || tag === 'caption' || element.getAttribute(KIND_ATTRIBUTE) === 'caption';
  const isBoundary = (element: Element, tag: string): boolean =>
    BLOCK_TAGS.has(tag) ||
    element.hasAttribute(KIND_ATTRIBUTE) ||
    (furnitureReason(element) !== null && reason === null) ||
    element === reasonElement;

  yield* walkSteps(
    root,
    {
      enter(element) {
        const tag = tagOf(element);
        if (NON_TEXT_TAGS.has(tag)) return false;
        if (tag === 'br') {
          flush();
          return false;
        }
        const boundary = isBoundary(element, tag);
        boundaries.push(boundary);
        if (boundary) {
          flush();
          owners.push(element);
        }
        if (reason === null) {
          const own = furnitureReason(element);
          if (own) {
            reason = own;
            reasonElement = element;
          }
        }
        if (isCaption(element, tag)) captionDepth++;
        if (HEADING_TAGS.has(tag)) headingDepth++;
        if (tag === 'blockquote') quoteDepth++;
        if (LIST_ITEM_TAGS.has(tag)) itemStack.push('li');
        else if (tag === 'p') itemStack.push('p');
        if (tag === 'a' && element.hasAttribute('href')) {
          linkDepth++;
          links++;
        }
        return true;
      },
      exit(element) {
        const tag = tagOf(element);
        if (NON_TEXT_TAGS.has(tag) || tag === 'br') return;
        if (boundaries.pop()) {
          flush();
          owners.pop();
        }
        if (isCaption(element, tag)) captionDepth--;
        if (HEADING_TAGS.has(tag)) headingDepth--;
        if (tag === 'blockquote') quoteDepth--;
        if (LIST_ITEM_TAGS.has(tag) || tag === 'p') itemStack.pop();
        if (tag === 'a' && element.hasAttribute('href')) linkDepth--;
        if (element === reasonElement) {
          reason = null;
          reasonElement = null;
        }
      },
      text(node) {
        const data = node.data;
        parts.push(data);
        const count = countLetters(data);
        chars += count.letters;
        if (linkDepth > 0) {
          linkChars += count.letters;
          linkWords += count.words;
        }
      },
    },
    budget,
  );
  flush();
  return blocks;
}
