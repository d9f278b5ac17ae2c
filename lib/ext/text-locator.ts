/**
 * Locating the article's sentences in a page's text, on strings only (the DOM side is
 * page-ranges.ts): given the concatenated text of the page's text nodes and the sentences
 * in article order, find where each one is.
 *
 * The extracted text and the page's text differ only in ways extraction introduces:
 * whitespace (collapsed, block boundaries turned into '\n\n', the spaces inside « » that one
 * side writes and the other does not), invisible characters (soft hyphens, zero-width
 * spaces), and, depending on the extractor, apostrophes, quotation marks and dashes. Both
 * sides are folded the same way: whitespace and invisible characters are dropped (a sentence
 * is long enough to be unambiguous without its spaces), case and typographic variants
 * unified, character by character, keeping
 * for each folded character the offset of the original one, so a match in folded text maps
 * back to exact offsets in the page. Sentences are searched in order from the end of the
 * previous match (a headline repeated in a teaser above the article is then not taken for
 * the article's), wrapping to the start if that fails. A sentence still not found is tried
 * by its first and last 20 letters, which survives an inline element that the extractor
 * dropped in the middle of a sentence.
 *
 * Cost (hostile pages): folding is one pass over the text with a per-character table; each
 * sentence costs at most two `indexOf` scans of the folded page, and the anchor fallback is
 * linear too (a head repeated 100,000 times with no matching tail used to rescan the page
 * for the tail after every head). The work comes as generators that pause (`yield`) when the
 * budget's slice is used up, so the page script can give the page its turn (time-slice.ts);
 * `foldText` and `locateSentences` run them to the end at once.
 */
import { runToEnd, type Budget } from '../extract/dom-walk';

/** Length (folded, so without spaces) of the anchors tried when a sentence is not found whole. */
const ANCHOR_LENGTH = 20;

/** Characters folded between two looks at the budget. */
const FOLD_CHUNK = 16_384;

/** A folded text, with the offset in the original string of each of its characters. */
export interface FoldedText {
  text: string;
  /** `origins[i]` is the offset in the source of the folded text's i-th character. */
  origins: Int32Array;
}

/** The folded UTF-16 unit of each unit, -1 for the dropped ones; filled on first use. */
const FOLDED = new Int32Array(0x10000).fill(-2);

/** Whitespace of every kind (`\s`, which includes no-break, narrow no-break and BOM). */
const SPACE = /\s/;
/** Characters that render as nothing. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;
const APOSTROPHE = /[\u2018\u2019\u02bc\u0060\u00b4]/;
const QUOTE = /[«»\u201c\u201d\u201e\u201f"]/;
const DASH = /[\u2010-\u2015\u2212]/;

function computeFolded(code: number): number {
  const char = String.fromCharCode(code);
  if (INVISIBLE.test(char) || SPACE.test(char)) return -1;
  if (APOSTROPHE.test(char)) return 0x27;
  if (QUOTE.test(char)) return 0x22;
  if (DASH.test(char)) return 0x2d;
  const lower = char.toLowerCase();
  // Keep one character per character: 'İ'.toLowerCase() is two.
  return lower.length === 1 ? lower.charCodeAt(0) : code;
}

function foldCode(code: number): number {
  let folded = FOLDED[code]!;
  if (folded === -2) {
    folded = computeFolded(code);
    FOLDED[code] = folded;
  }
  return folded;
}

/** `foldText`, pausing when `budget` says the page should get its turn. */
export function* foldSteps(source: string, budget?: Budget): Generator<void, FoldedText, void> {
  const codes = new Uint16Array(source.length);
  const origins = new Int32Array(source.length);
  let length = 0;
  for (let chunk = 0; chunk < source.length; chunk += FOLD_CHUNK) {
    if (chunk > 0 && budget) {
      budget.check();
      if (budget.due()) yield;
    }
    const end = Math.min(source.length, chunk + FOLD_CHUNK);
    for (let i = chunk; i < end; i++) {
      const folded = foldCode(source.charCodeAt(i));
      if (folded === -1) continue;
      codes[length] = folded;
      origins[length] = i;
      length++;
    }
  }
  const parts: string[] = [];
  for (let i = 0; i < length; i += 8192) {
    parts.push(String.fromCharCode(...codes.subarray(i, Math.min(length, i + 8192))));
  }
  return { text: parts.join(''), origins: origins.slice(0, length) };
}

/**
 * Folds a text for searching: whitespace and invisible characters go, case and typographic
 * variants are unified. `origins[i]` is the offset in `source` of the folded text's i-th
 * character.
 */
export function foldText(source: string): FoldedText {
  return runToEnd(foldSteps(source));
}

/** A span of the original (unfolded) page text. */
export interface Located {
  start: number;
  end: number;
}

/**
 * The first head at or after `from` followed, within `maxLength` of its start, by the tail.
 * Linear: the first tail after a head is remembered for the heads that follow, and when no
 * tail follows a head none follows any later head either.
 */
function anchoredFrom(
  haystack: string,
  head: string,
  tail: string,
  maxLength: number,
  from: number,
): Located | null {
  let tailAt = -1;
  for (
    let start = haystack.indexOf(head, from);
    start !== -1;
    start = haystack.indexOf(head, start + 1)
  ) {
    if (tailAt < start + ANCHOR_LENGTH) {
      tailAt = haystack.indexOf(tail, start + ANCHOR_LENGTH);
      if (tailAt === -1) return null;
    }
    if (tailAt + ANCHOR_LENGTH - start <= maxLength) {
      return { start, end: tailAt + ANCHOR_LENGTH };
    }
  }
  return null;
}

/** Finds a folded needle in the folded haystack; returns the folded span or null. */
function findFolded(haystack: string, needle: string, cursor: number): Located | null {
  let whole = haystack.indexOf(needle, cursor);
  if (whole === -1 && cursor > 0) whole = haystack.indexOf(needle);
  if (whole !== -1) return { start: whole, end: whole + needle.length };
  if (needle.length < ANCHOR_LENGTH * 2) return null;
  const head = needle.slice(0, ANCHOR_LENGTH);
  const tail = needle.slice(-ANCHOR_LENGTH);
  // The span between the anchors may be at most half as long again as the sentence.
  const maxLength = Math.ceil(needle.length * 1.5);
  return (
    anchoredFrom(haystack, head, tail, maxLength, cursor) ??
    (cursor > 0 ? anchoredFrom(haystack, head, tail, maxLength, 0) : null)
  );
}

/** `locateSentences`, pausing between sentences when `budget` says so. */
export function* locateSteps(
  pageText: string,
  sentences: readonly string[],
  budget?: Budget,
): Generator<void, (Located | null)[], void> {
  const page = yield* foldSteps(pageText, budget);
  let cursor = 0;
  const located: (Located | null)[] = [];
  for (const sentence of sentences) {
    if (budget) {
      if (budget.due()) yield;
      // Out of time: the sentences found so far are kept, the others are not located.
      if (budget.expired()) {
        located.push(null);
        continue;
      }
    }
    const needle = foldText(sentence).text;
    const found = needle === '' ? null : findFolded(page.text, needle, cursor);
    if (!found) {
      located.push(null);
      continue;
    }
    cursor = found.end;
    located.push({ start: page.origins[found.start]!, end: page.origins[found.end - 1]! + 1 });
  }
  return located;
}

/**
 * Locates each sentence in the page's text, in order. Returns, for each sentence, its span
 * in `pageText` (original offsets, end exclusive), or null when it is not there.
 */
export function locateSentences(
  pageText: string,
  sentences: readonly string[],
): (Located | null)[] {
  return runToEnd(locateSteps(pageText, sentences));
}
