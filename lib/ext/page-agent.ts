/**
 * What the script injected into a tab does, behind the BackgroundToContent calls:
 *
 *   extract-article     extractArticle(document) → PageReport (text, blocks, furniture, metadata)
 *   show-sentences      sentences → Ranges in the live page → highlights (shared ones)
 *   set-highlights      show / hide the highlights
 *   scroll-to-sentence  scroll to a sentence's Range, flash it
 *
 * Matching never runs here: the page script only reads the page and paints ranges. The
 * extractor and the highlighter are parameters, so the agent runs in jsdom with a fake
 * extractor in tests, and with lib/extract/html.ts in the extension.
 *
 * The page script runs on the tab's main thread, so nothing it does may hold the tab:
 * extraction runs in stages with the page given its turn between them, on a page that passes
 * `LIVE_PAGE_LIMITS` (else it answers "too large" after one bounded walk); locating the
 * sentences runs in slices of about 12 ms with its own limits and deadline (page-ranges.ts).
 * Measured in Chromium (tests/e2e/security.ts): see the README's "Reliability and security".
 */
import type { BoilerplateBlock, TextBlock } from '../types';
import type { AsyncExtractOptions } from '../extract/html';
import type { YieldToPage } from '../extract/time-slice';
import { createHighlighter, type Highlighter, type MarkedRange } from './highlighter';
import { sentenceRangesSliced } from './page-ranges';
import {
  BACKGROUND_TO_CONTENT,
  createDispatcher,
  type BackgroundToContent,
  type ExtractionStatus,
  type Handlers,
  type PageMetadata,
  type PageReport,
  type Result,
} from './protocol';

/** What an article extractor returns (lib/extract/html.ts's `extractArticle`). */
export interface ArticleExtraction {
  status: ExtractionStatus;
  message?: string | null;
  text: string;
  blocks: readonly TextBlock[];
  boilerplate: readonly BoilerplateBlock[];
  metadata: { [K in keyof PageMetadata]?: string | null };
}

export type ExtractArticle = (doc: Document) => ArticleExtraction | Promise<ArticleExtraction>;

/**
 * What the page script accepts to extract from a live page. Readability cannot pause, and
 * its time grows with the page's size and, faster, with its nesting: in Chromium on this
 * project's 2-core test machine, 5,900 elements take it 0.2 to 0.6 s and a depth sum of
 * 38,000 in 44-deep chains 0.2 to 0.4 s, where the extractor's own defaults (20,000
 * elements, depth sum 300,000, made for the command-line tool) allow 2.5 s or more. The 17
 * saved test pages stay far below (at most 1,606 elements, 23 levels, depth sum 18,528,
 * 86,096 characters, 4,206 nodes); a page above gets "too large" after one walk of at most
 * `maxNodes` nodes (no task over 50 ms in Chromium).
 */
export const LIVE_PAGE_LIMITS = {
  maxElements: 6_000,
  maxDepth: 48,
  maxDepthSum: 40_000,
  maxTextLength: 600_000,
  maxNodes: 30_000,
  deadlineMs: 5_000,
  // The background needs the text only: no sanitized HTML to build on the page's thread.
  html: false,
} as const satisfies AsyncExtractOptions;

/**
 * Whether a runtime message to the page script may be answered: only the extension's own
 * background (this extension's id, and not a tab: content scripts, in this tab or another,
 * and other extensions are refused). Web pages cannot reach `runtime.onMessage` at all.
 */
export function isFromBackground(
  sender: { id?: string; tab?: unknown } | null | undefined,
  runtimeId: string,
): boolean {
  return Boolean(sender) && sender!.id === runtimeId && !sender!.tab;
}

/** A page's address without its fragment: '#comments' is the same article. */
export function pageUrl(href: string): string {
  const hash = href.indexOf('#');
  return hash === -1 ? href : href.slice(0, hash);
}

/**
 * The report sent to the background: only plain, declared fields (an extractor's result may
 * carry DOM nodes or HTML the background has no use for), and the document's own language
 * when the extractor found none.
 */
export function toPageReport(extraction: ArticleExtraction, doc: Document): PageReport {
  const meta = extraction.metadata;
  const language = meta.language || doc.documentElement.getAttribute('lang') || null;
  return {
    url: pageUrl(doc.location?.href ?? doc.URL),
    status: extraction.status,
    message: extraction.message ?? null,
    text: extraction.text,
    blocks: extraction.blocks.map(({ start, end, kind }) => ({ start, end, kind })),
    boilerplate: extraction.boilerplate.map(({ start, end, text, reason }) => ({
      start,
      end,
      text,
      reason,
    })),
    metadata: {
      title: meta.title ?? null,
      byline: meta.byline ?? null,
      siteName: meta.siteName ?? null,
      publishedTime: meta.publishedTime ?? null,
      language,
      canonicalUrl: meta.canonicalUrl ?? null,
      excerpt: meta.excerpt ?? null,
    },
  };
}

/**
 * Scrolls so that `range` sits in the upper third of the window. Returns false if it has no
 * box. Smoothly, unless the reader asked for reduced motion or the page is not visible (a
 * hidden tab does not run scroll animations, so a smooth scroll would never arrive).
 */
export function scrollToRange(range: Range, win: Window = window): boolean {
  const reduceMotion = win.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  const behavior: ScrollBehavior = reduceMotion || win.document.hidden ? 'auto' : 'smooth';
  const rect =
    typeof range.getBoundingClientRect === 'function' ? range.getBoundingClientRect() : null;
  if (rect && (rect.width > 0 || rect.height > 0)) {
    const top = Math.max(0, rect.top + win.scrollY - win.innerHeight / 3);
    win.scrollTo({ top, behavior });
    return true;
  }
  // No layout box (a hidden element, or a DOM without layout): let the element decide.
  const node = range.startContainer;
  const element = node.nodeType === 1 /* ELEMENT_NODE */ ? (node as Element) : node.parentElement;
  if (!element || typeof element.scrollIntoView !== 'function') return false;
  element.scrollIntoView({ block: 'center', behavior });
  return true;
}

export interface PageAgentOptions {
  extract: ExtractArticle;
  doc?: Document;
  highlighter?: Highlighter;
  /** How locating sentences gives the page its turn (a seam for tests). */
  yieldToPage?: YieldToPage;
  /** Time allowed to locate the sentences. */
  rangeDeadlineMs?: number;
}

export interface PageAgent {
  /** Answers a raw message from the background. */
  dispatch(raw: unknown): Promise<Result<unknown>>;
  /** Removes the highlights (the script is being replaced or the extension unloaded). */
  dispose(): void;
}

export function createPageAgent({
  extract,
  doc = document,
  highlighter = createHighlighter(),
  yieldToPage,
  rangeDeadlineMs,
}: PageAgentOptions): PageAgent {
  let ranges: (Range | null)[] = [];
  /** Bumped by each show-sentences call: a slower earlier call must not paint over a newer one. */
  let generation = 0;
  const win = doc.defaultView ?? window;

  const handlers: Handlers<BackgroundToContent, void> = {
    'extract-article': async () => toPageReport(await extract(doc), doc),
    'show-sentences': async ({ sentences, visible }) => {
      const run = ++generation;
      const root = doc.body ?? doc.documentElement;
      const found = root
        ? await sentenceRangesSliced(
            sentences.map((s) => s.text),
            root,
            { yieldToPage, deadlineMs: rangeDeadlineMs },
          )
        : { ranges: sentences.map(() => null), status: 'ok' as const };
      if (run !== generation) return { visible, located: 0, status: 'superseded' };
      ranges = found.ranges;
      const marked: MarkedRange[] = [];
      ranges.forEach((range, i) => {
        if (range) marked.push({ range, mark: sentences[i]!.mark });
      });
      highlighter.show(marked, visible);
      return { visible, located: marked.length, status: found.status };
    },
    'set-highlights': ({ visible }) => {
      highlighter.setVisible(visible);
      return { visible };
    },
    'scroll-to-sentence': ({ index }) => {
      const range = ranges[index];
      if (!range) return { scrolled: false };
      const scrolled = scrollToRange(range, win);
      if (scrolled) highlighter.focus(range);
      return { scrolled };
    },
  };
  const dispatcher = createDispatcher(BACKGROUND_TO_CONTENT, handlers);
  return {
    dispatch: (raw) => dispatcher(raw, undefined),
    dispose: () => highlighter.clear(),
  };
}
