/**
 * Plain text to blocks: each non-blank line of a text file is a block.
 *
 * Wire copy saved as text keeps one paragraph a line (with or without blank lines between),
 * so a line is the unit that HTML block elements would have been. A line with no sentence-final
 * punctuation and few words is taken as a heading: headings are units of their own, never
 * joined to the sentence after them.
 */
import type { TextBlock } from '../types';

/** Characters trimmed from both ends of a block: whitespace, including no-break spaces. */
const EDGE_SPACE = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/;

/** A heading has at most this many words and does not end like a sentence. */
const HEADING_MAX_WORDS = 16;
const SENTENCE_END = /[.!?…:;»"”)\]]$/;

/** Whether a one-line block reads as a heading rather than as prose. */
export function looksLikeHeading(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '' || SENTENCE_END.test(trimmed)) return false;
  const words = trimmed.split(/\s+/).length;
  return words <= HEADING_MAX_WORDS;
}

/**
 * Splits a text into its non-blank lines, trimmed, with offsets into the text.
 * `kind` is 'heading' or 'paragraph'; the caller may refine it (captions, quotes).
 */
export function splitLines(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let lineStart = 0;
  const length = text.length;
  while (lineStart <= length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = length;
    let start = lineStart;
    let end = lineEnd;
    while (start < end && EDGE_SPACE.test(text[start]!)) start++;
    while (end > start && EDGE_SPACE.test(text[end - 1]!)) end--;
    if (end > start) {
      blocks.push({
        start,
        end,
        kind: looksLikeHeading(text.slice(start, end)) ? 'heading' : 'paragraph',
      });
    }
    lineStart = lineEnd + 1;
  }
  return blocks;
}
