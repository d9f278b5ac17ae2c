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
 */

/** Whitespace of every kind, including no-break and narrow no-break spaces. */
const SPACE = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]/;
/** Characters that render as nothing. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;
const APOSTROPHE = /[\u2018\u2019\u02bc\u0060\u00b4]/;
const QUOTE = /[«»\u201c\u201d\u201e\u201f"]/;
const DASH = /[\u2010-\u2015\u2212]/;

/** Length (folded, so without spaces) of the anchors tried when a sentence is not found whole. */
const ANCHOR_LENGTH = 20;

/** A folded text, with the offset in the original string of each of its characters. */
export interface FoldedText {
  text: string;
  origins: number[];
}

function foldChar(char: string): string {
  if (APOSTROPHE.test(char)) return "'";
  if (QUOTE.test(char)) return '"';
  if (DASH.test(char)) return '-';
  const lower = char.toLowerCase();
  // Keep one character per character: 'İ'.toLowerCase() is two.
  return lower.length === 1 ? lower : char;
}

/**
 * Folds a text for searching: whitespace and invisible characters go, case and typographic
 * variants are unified. `origins[i]` is the offset in `source` of the folded text's i-th
 * character.
 */
export function foldText(source: string): FoldedText {
  let text = '';
  const origins: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (INVISIBLE.test(char) || SPACE.test(char)) continue;
    text += foldChar(char);
    origins.push(i);
  }
  return { text, origins };
}

/** A span of the original (unfolded) page text. */
export interface Located {
  start: number;
  end: number;
}

function searchFrom(haystack: string, needle: string, cursor: number): number {
  const after = haystack.indexOf(needle, cursor);
  return after !== -1 ? after : haystack.indexOf(needle);
}

/** Finds a folded needle in the folded haystack; returns the folded span or null. */
function findFolded(haystack: string, needle: string, cursor: number): Located | null {
  const whole = searchFrom(haystack, needle, cursor);
  if (whole !== -1) return { start: whole, end: whole + needle.length };
  if (needle.length < ANCHOR_LENGTH * 2) return null;
  const head = needle.slice(0, ANCHOR_LENGTH);
  const tail = needle.slice(-ANCHOR_LENGTH);
  // The span between the anchors may be at most half as long again as the sentence.
  const maxLength = Math.ceil(needle.length * 1.5);
  for (let from = cursor, wrapped = false; ;) {
    const start = haystack.indexOf(head, from);
    if (start === -1) {
      if (wrapped || cursor === 0) return null;
      wrapped = true;
      from = 0;
      continue;
    }
    const tailAt = haystack.indexOf(tail, start + ANCHOR_LENGTH);
    if (tailAt !== -1 && tailAt + ANCHOR_LENGTH - start <= maxLength) {
      return { start, end: tailAt + ANCHOR_LENGTH };
    }
    from = start + 1;
  }
}

/**
 * Locates each sentence in the page's text, in order. Returns, for each sentence, its span
 * in `pageText` (original offsets, end exclusive), or null when it is not there.
 */
export function locateSentences(
  pageText: string,
  sentences: readonly string[],
): (Located | null)[] {
  const page = foldText(pageText);
  let cursor = 0;
  return sentences.map((sentence) => {
    const needle = foldText(sentence).text;
    if (needle === '') return null;
    const found = findFolded(page.text, needle, cursor);
    if (!found) return null;
    cursor = found.end;
    return { start: page.origins[found.start]!, end: page.origins[found.end - 1]! + 1 };
  });
}
