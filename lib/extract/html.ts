/**
 * A news page's DOM to the article's text, block by block, with the page furniture that was
 * removed from it and why. Runs on any Document: the live page in the content script, or a
 * linkedom / jsdom Document in Node (see dom-parse.ts). No browser.* API, no script execution.
 *
 *   live Document ──measurePage──▶ too large? ──▶ status 'too-large'
 *        │ cloneNode(true): the live page is never modified
 *        ▼
 *   clone ── readPageMetadata (before Readability strips scripts and restructures)
 *        │   isProbablyReaderable (unless options.force) ──▶ status 'not-readerable'
 *        │   markFurniture(body, 'page'): data-deja-lu-furniture="<reason>" on furniture,
 *        │                                while class names and landmarks are still there
 *        ▼
 *   Readability.parse() on the clone ──▶ the article element (marks survive Readability)
 *        │   markFurniture(article, 'article'): rules on the rebuilt structure
 *        │   collectBlocks: one block per block element, <br> and mark boundary
 *        │   classifyBlocks: text rules (html-vocabulary.ts), repeated captions
 *        ▼
 *   text: every block, article and furniture alike, in document order, joined by '\n\n'
 *   blocks: the article's blocks;  boilerplate: the furniture blocks, with their reason
 *   html: the article element minus furniture, through DOMPurify (null where DOMPurify cannot
 *         run, e.g. linkedom, which lacks document.implementation)
 *
 * Why mark, not remove, before Readability: furniture removed before Readability could not be
 * reported with offsets, and a class name alone is weak evidence; marked furniture that
 * Readability keeps lands in `text` in place, as its own blocks, and `boilerplate` gives each
 * one's offsets and reason. Furniture that Readability drops itself (most sidebars, footers,
 * comment threads) is in neither list: we did not remove it.
 *
 * Bounds (hostile pages): before cloning, one iterative walk counts elements, depth, the sum of
 * depths and text, and stops at the first limit passed. Readability's cost grows with the square
 * of nesting (linkedom, one 1,000-deep chain of divs: 5.7 s; 256 deep: 0.3 s) and with size
 * (30,000 elements: 2.8 s in linkedom, 12 s in jsdom). Defaults: 20,000 elements, 64 levels, a
 * depth sum of 300,000 and 3,000,000 characters of text, 3 to 30 times what the French test
 * pages have (at most 1,606 elements, 23 levels, depth sum 18,528, 100,000 characters). Worst
 * cases within the limits, measured in Node 22 (linkedom / jsdom): 20,000 flat paragraphs
 * 1.5 s / 4.7 s; 12,000 elements 20 deep on average 1.8 s / 4.4 s; 148 chains 63 deep (depth
 * sum 298,000) 2.9 s / 6.2 s; 2.9 MB of text 0.5 s / 4.3 s. Beyond them, 'too-large' comes back
 * in under 0.1 s. A deadline (default 10 s) is checked between stages and every 1,024 nodes of
 * our own walks; Readability itself cannot be interrupted, so the limits, not the deadline,
 * bound its time. Nothing throws: failures come back as a status with a message. The walk
 * counts every element and node (those inside <svg>, <select> and the like too, and comments
 * toward `maxNodes`); only text inside non-text elements is left out of the text limit.
 *
 * On a live page (the content script shares the tab's main thread): `extractArticleAsync` runs
 * the same stages as a generator and gives the page its turn between them, and inside our own
 * walks of the clone whenever a ~12 ms slice is used up (time-slice.ts). Measuring and cloning
 * stay one stage, so the clone is the page that was measured. Readability remains one task:
 * the content script passes tighter limits (page-agent.ts, LIVE_PAGE_LIMITS) to bound it.
 */
import { Readability, isProbablyReaderable } from '@mozilla/readability';
import DOMPurify, { type WindowLike } from 'dompurify';
import type { BlockKind, BoilerplateBlock, BoilerplateReason, TextBlock } from '../types';
import { Budget, DeadlineExceeded, measurePage } from './dom-walk';
import { Slicer, type YieldToPage } from './time-slice';
import { collectBlocksSteps, type RawBlock } from './html-blocks';
import {
  FURNITURE_ATTRIBUTE,
  KIND_ATTRIBUTE,
  clearMarks,
  markFurnitureSteps,
} from './html-furniture';
import { type ArticleMetadata, cleanValue, readPageMetadata } from './html-metadata';
import { classifyBlockText, countWords, foldText, isRelatedLeadIn } from './html-vocabulary';

export type { ArticleMetadata } from './html-metadata';

/**
 * The outcome. An exception inside the DOM implementation or Readability is caught and comes
 * back as 'too-large' when it is a RangeError (call stack or string size: the page is too big
 * for the DOM implementation), else as 'empty', with "Extraction failed: …" as the message.
 */
export type ExtractionStatus = 'ok' | 'not-readerable' | 'too-large' | 'empty';

export interface ExtractionResult {
  status: ExtractionStatus;
  /** Why, when status is not 'ok'. */
  message?: string;
  /** Every block (article and furniture) in document order, joined by '\n\n'. */
  text: string;
  /** The article's blocks: offsets into `text`. */
  blocks: TextBlock[];
  /** The blocks our cleanup removed, with offsets into `text` and the reason. */
  boilerplate: BoilerplateBlock[];
  metadata: ArticleMetadata;
  /** The article without furniture, sanitized by DOMPurify; null when not available. */
  html: string | null;
}

export interface ExtractOptions {
  /** The page's address, for relative canonical links when the Document has none. */
  url?: string;
  /** More elements than this: status 'too-large'. Default 20,000. */
  maxElements?: number;
  /** Elements nested deeper than this: status 'too-large'. Default 64. */
  maxDepth?: number;
  /**
   * The sum over elements of their depth above this: 'too-large'. Default 300,000. Bounds
   * pages made of many deep chains, each cheap alone but costly to Readability together.
   */
  maxDepthSum?: number;
  /** More characters of text (outside scripts and styles): 'too-large'. Default 3,000,000. */
  maxTextLength?: number;
  /**
   * More nodes of any kind (elements, text, comments): 'too-large'. Default 160,000 (8 per
   * element at the default maxElements): bounds the pre-flight walk itself.
   */
  maxNodes?: number;
  /** Time allowed, in ms of `now()`. Default 10,000. */
  deadlineMs?: number;
  now?: () => number;
  /** Extract even when isProbablyReaderable says the page is not an article. */
  force?: boolean;
  /** The window DOMPurify runs in. Default: the Document's defaultView, then globalThis. */
  window?: WindowLike | null;
  /**
   * Whether to produce `html` (the sanitized article). Default true. The content script only
   * sends text to the background and passes false: DOMPurify's parse would be wasted time on
   * the page's main thread.
   */
  html?: boolean;
}

/** Options of `extractArticleAsync`: the synchronous ones, and how the work is sliced. */
export interface AsyncExtractOptions extends ExtractOptions {
  /** Hands the thread back to the page between stages (see time-slice.ts). */
  yieldToPage?: YieldToPage;
  /** How long a stretch of work runs before the page gets its turn. Default 12 ms. */
  sliceMs?: number;
  /** Told how the work was spread (pauses, longest stretch) when it ends. For measurements. */
  onSliced?: (slicer: Slicer) => void;
}

export const DEFAULT_MAX_ELEMENTS = 20_000;
export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_DEPTH_SUM = 300_000;
export const DEFAULT_MAX_TEXT_LENGTH = 3_000_000;
export const DEFAULT_MAX_NODES = 160_000;
export const DEFAULT_DEADLINE_MS = 10_000;

const BLOCK_SEPARATOR = '\n\n';

function emptyMetadata(): ArticleMetadata {
  return {
    title: null,
    byline: null,
    siteName: null,
    publishedTime: null,
    language: null,
    canonicalUrl: null,
    excerpt: null,
  };
}

function failure(
  status: ExtractionStatus,
  message: string,
  metadata: ArticleMetadata = emptyMetadata(),
): ExtractionResult {
  return { status, message, text: '', blocks: [], boilerplate: [], metadata, html: null };
}

function isHttpUrl(value: string | null | undefined): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The page's address: the option, else what the Document knows, if it is http(s). */
function pageAddress(doc: Document, url: string | undefined): string | null {
  for (const candidate of [url, doc.baseURI, doc.URL, doc.documentURI]) {
    if (isHttpUrl(candidate)) return candidate;
  }
  return null;
}

/** linkedom's clones forget the address: a <base> gives Readability its relative-URL base. */
function ensureBase(clone: Document, address: string | null): void {
  if (!address || isHttpUrl(clone.baseURI) || clone.querySelector('base[href]')) return;
  const head = clone.head ?? clone.querySelector('head');
  if (!head) return;
  const base = clone.createElement('base');
  base.setAttribute('href', address);
  head.insertBefore(base, head.firstChild);
}

/**
 * Reasons from the blocks' own text: html-vocabulary.ts rules, lead-ins, repeated captions.
 * A generator: it pauses (yields) whenever the budget says the page should get its turn.
 */
function* classifyBlocks(raw: RawBlock[], budget: Budget): Generator<void, void, void> {
  /**
   * Folded words of each article block seen, with the kind of its first occurrence ('caption'
   * once any occurrence was one). A block repeating an earlier one when either is a caption is
   * a repeated caption: the first stays, the repeats go (a caption, a scraped copy of it, the
   * same words as an italic paragraph).
   */
  const seen = new Map<string, BlockKind>();
  for (let i = 0; i < raw.length; i++) {
    if (budget.due()) yield;
    const block = raw[i]!;
    if (block.reason) continue;
    const folded = foldText(block.text);
    const density = block.chars === 0 ? 0 : block.linkChars / block.chars;
    let reason: BoilerplateReason | null = classifyBlockText(folded, {
      kind: block.kind,
      linkDensity: density,
      wordsPerLink: block.links === 0 ? 0 : block.linkWords / block.links,
    });
    // A bare "À lire aussi :" takes the linked title that follows it.
    if (
      reason === 'related' &&
      density < 0.3 &&
      countWords(folded) <= 4 &&
      isRelatedLeadIn(folded)
    ) {
      const next = raw[i + 1];
      if (next && !next.reason) {
        const nextDensity = next.chars === 0 ? 0 : next.linkChars / next.chars;
        if (
          countWords(foldText(next.text)) <= 30 &&
          (nextDensity >= 0.5 || next.kind === 'heading')
        ) {
          next.reason = 'related';
        }
      }
    }
    if (!reason) {
      const key = folded.replace(/[^a-z0-9]+/g, ' ').trim();
      if (countWords(key) >= 3) {
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, block.kind);
        } else if (first === 'caption' || block.kind === 'caption') {
          reason = 'caption';
          seen.set(key, 'caption');
        }
      }
    }
    block.reason = reason;
  }
}

/**
 * Marks the elements of furniture found by text rules, so the HTML output drops them too: the
 * block's own element, when that element holds no other block (text split by <br> stays).
 */
function markTextFurniture(raw: readonly RawBlock[], root: Element): void {
  const blocksPerOwner = new Map<Element, number>();
  for (const block of raw) {
    blocksPerOwner.set(block.owner, (blocksPerOwner.get(block.owner) ?? 0) + 1);
  }
  for (const block of raw) {
    const owner = block.owner;
    if (!block.reason || owner === root || owner.hasAttribute(FURNITURE_ATTRIBUTE)) continue;
    if (blocksPerOwner.get(owner) === 1) owner.setAttribute(FURNITURE_ATTRIBUTE, block.reason);
  }
}

/** Joins the blocks into one text and splits them into article blocks and boilerplate. */
function assemble(raw: readonly RawBlock[]): {
  text: string;
  blocks: TextBlock[];
  boilerplate: BoilerplateBlock[];
} {
  const parts: string[] = [];
  const blocks: TextBlock[] = [];
  const boilerplate: BoilerplateBlock[] = [];
  let offset = 0;
  for (const block of raw) {
    if (parts.length > 0) {
      parts.push(BLOCK_SEPARATOR);
      offset += BLOCK_SEPARATOR.length;
    }
    const start = offset;
    const end = start + block.text.length;
    parts.push(block.text);
    offset = end;
    if (block.reason) boilerplate.push({ start, end, text: block.text, reason: block.reason });
    else blocks.push({ start, end, kind: block.kind });
  }
  return { text: parts.join(''), blocks, boilerplate };
}

function purifierWindow(doc: Document, option: WindowLike | null | undefined): WindowLike | null {
  if (option !== undefined) return option;
  const view = doc.defaultView as unknown as WindowLike | null;
  if (view) return view;
  const global = globalThis as unknown as { window?: WindowLike };
  return global.window ?? null;
}

/** The article element minus furniture and our marks, through DOMPurify; null if it cannot run. */
function sanitizedHtml(content: Element, win: WindowLike | null): string | null {
  if (!win) return null;
  const purifier = DOMPurify(win);
  // Without DOMPurify support (linkedom) `sanitize` would return its input unchanged.
  if (!purifier.isSupported) return null;
  for (const element of Array.from(content.querySelectorAll(`[${FURNITURE_ATTRIBUTE}]`))) {
    element.remove();
  }
  clearMarks(content);
  for (const element of Array.from(content.querySelectorAll(`[${KIND_ATTRIBUTE}]`))) {
    element.removeAttribute(KIND_ATTRIBUTE);
  }
  return purifier.sanitize(content.innerHTML, {
    USE_PROFILES: { html: true },
    ALLOW_DATA_ATTR: false,
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option'],
  });
}

/**
 * The extraction as a sequence of stages: the generator pauses (`yield`) between stages, where
 * the asynchronous driver gives the page its turn. Measuring and cloning stay in one stage:
 * the page could change between them otherwise, and the clone must be of the page measured.
 */
function* extractionStages(
  doc: Document,
  options: ExtractOptions,
  budget: Budget,
): Generator<void, ExtractionResult, void> {
  if (!doc || !doc.documentElement) return failure('empty', 'The document has no content.');

  budget.enter('measuring the page');
  const maxElements = options.maxElements ?? DEFAULT_MAX_ELEMENTS;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxDepthSum = options.maxDepthSum ?? DEFAULT_MAX_DEPTH_SUM;
  const maxTextLength = options.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  const size = measurePage(doc, { maxElements, maxDepth, maxDepthSum, maxTextLength, maxNodes });
  if (size.exceeded === 'nodes') {
    return failure(
      'too-large',
      `The page has more than ${maxNodes} nodes (maxNodes); it was not extracted.`,
    );
  }
  if (size.exceeded === 'elements') {
    return failure(
      'too-large',
      `The page has more than ${maxElements} elements (maxElements); it was not extracted.`,
    );
  }
  if (size.exceeded === 'depth') {
    return failure(
      'too-large',
      `The page nests elements more than ${maxDepth} levels deep (maxDepth); it was not extracted.`,
    );
  }
  if (size.exceeded === 'depthSum') {
    return failure(
      'too-large',
      `The page's elements are nested too deeply overall (the sum of their depths passes ${maxDepthSum}, maxDepthSum); it was not extracted.`,
    );
  }
  if (size.exceeded === 'text') {
    return failure(
      'too-large',
      `The page has more than ${maxTextLength} characters of text (maxTextLength); it was not extracted.`,
    );
  }

  budget.enter('cloning the page');
  const clone = doc.cloneNode(true) as Document;
  const address = pageAddress(doc, options.url);
  ensureBase(clone, address);
  clearMarks(clone);
  const pageMetadata = readPageMetadata(clone, address);
  yield;

  budget.enter('checking that the page is an article');
  if (!options.force && !isProbablyReaderable(clone)) {
    return failure(
      'not-readerable',
      'The page does not look like an article (too little paragraph text); use force to extract it anyway.',
      pageMetadata,
    );
  }

  yield;

  budget.enter('marking page furniture');
  const body = clone.body ?? clone.documentElement;
  yield* markFurnitureSteps(body, 'page', budget);
  yield;

  budget.enter('running Readability');
  const article = new Readability<Element>(clone, {
    serializer: (node) => node as Element,
  }).parse();
  budget.check();
  yield;
  const content = article?.content;
  if (!article || !content) {
    return failure('empty', 'Readability found no article in the page.', pageMetadata);
  }

  const metadata: ArticleMetadata = {
    title: cleanValue(article.title) ?? pageMetadata.title,
    byline: cleanValue(article.byline) ?? pageMetadata.byline,
    siteName: cleanValue(article.siteName) ?? pageMetadata.siteName,
    publishedTime: cleanValue(article.publishedTime) ?? pageMetadata.publishedTime,
    language: pageMetadata.language,
    canonicalUrl: pageMetadata.canonicalUrl,
    excerpt: cleanValue(article.excerpt) ?? pageMetadata.excerpt,
  };

  budget.enter('marking article furniture');
  yield* markFurnitureSteps(content, 'article', budget);
  yield;
  budget.enter('reading blocks');
  const raw = yield* collectBlocksSteps(content, budget);
  yield;
  budget.enter('classifying blocks');
  yield* classifyBlocks(raw, budget);
  markTextFurniture(raw, content);
  const { text, blocks, boilerplate } = assemble(raw);
  if (blocks.length === 0) {
    return {
      status: 'empty',
      message:
        raw.length === 0
          ? 'Readability found no text in the page.'
          : 'Everything Readability kept is page furniture.',
      text,
      blocks,
      boilerplate,
      metadata,
      html: null,
    };
  }

  if (options.html === false)
    return { status: 'ok', text, blocks, boilerplate, metadata, html: null };
  yield;
  budget.enter('sanitizing the article HTML');
  const html = sanitizedHtml(content, purifierWindow(doc, options.window));
  return { status: 'ok', text, blocks, boilerplate, metadata, html };
}

function failureOf(error: unknown, deadlineMs: number): ExtractionResult {
  if (error instanceof DeadlineExceeded) {
    return failure(
      'too-large',
      `Extraction took longer than ${deadlineMs} ms (stopped while ${error.stage}).`,
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  const status = error instanceof RangeError ? 'too-large' : 'empty';
  return failure(status, `Extraction failed: ${reason.slice(0, 500)}`);
}

/**
 * Extracts the article of `doc` (never modified) as text blocks, with the furniture removed
 * from it and the page's metadata. Never throws: see `status` and `message`.
 */
export function extractArticle(doc: Document, options: ExtractOptions = {}): ExtractionResult {
  const now = options.now ?? (() => Date.now());
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  try {
    const stages = extractionStages(doc, options, new Budget(now() + deadlineMs, now));
    for (;;) {
      const step = stages.next();
      if (step.done) return step.value;
    }
  } catch (error) {
    return failureOf(error, deadlineMs);
  }
}

/**
 * `extractArticle` for a live page: the same stages, with the page given its turn between
 * them (the content script runs on the tab's main thread). The stages are each bounded by the
 * page limits (measured in Chromium on a page at the limits: see tests/e2e/security.ts); the
 * deadline is checked between them. Never rejects.
 */
export async function extractArticleAsync(
  doc: Document,
  options: AsyncExtractOptions = {},
): Promise<ExtractionResult> {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  try {
    const slicer = new Slicer({
      deadlineMs,
      sliceMs: options.sliceMs,
      now: options.now,
      yieldToPage: options.yieldToPage,
    });
    const stages = extractionStages(doc, options, slicer);
    for (;;) {
      const step = stages.next();
      if (step.done) {
        slicer.finish();
        options.onSliced?.(slicer);
        return step.value;
      }
      await slicer.pause();
      slicer.check();
    }
  } catch (error) {
    return failureOf(error, deadlineMs);
  }
}
