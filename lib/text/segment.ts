/**
 * French sentence segmentation with exact offsets.
 *
 * Intl.Segmenter (the same in Node, Chromium and Firefox) does the bulk of the work; this
 * module fixes what it gets wrong for French news copy:
 * - abbreviations: it splits after "M." in "M. Musk", after "Dr." and after initials;
 * - a closing » or ” that belongs to the sentence before it is moved by the segmenter to the
 *   start of the next one ("… bout. » Puis");
 * - sentences glued by a missing space ("…divertissant »Elle a surtout", "…du monde.Keystone")
 *   are not split by the segmenter at all;
 * - headings and one-line paragraphs are units of their own: segmentation runs inside each
 *   block, so no unit ever spans two blocks.
 * Every unit keeps `start`/`end` offsets into the input, trimmed of surrounding whitespace.
 */
import type { TextBlock, TextSpan } from '../types';
import { splitLines } from './blocks';
import { blockMarks, sentenceBreaks } from './sentence-breaks';
import { isSpaceCode } from './normalize';

/** A unit of text to annotate: a sentence, or a heading or one-line block as a whole. */
export interface SentenceUnit extends TextSpan {
  /** The block the unit belongs to (index into the blocks given or derived). */
  block: number;
  heading: boolean;
}

/**
 * Abbreviations after which a period does not end a sentence (compared without the period,
 * case-sensitively: "M." is Monsieur, "m." is not). Titles and common Latin/typographic ones.
 */
const ABBREVIATIONS = new Set(
  (
    'M MM Mme Mmes Mlle Mlles Me Mgr Dr Drs Pr Pr Prof Sr Sgt Lt Cdt Col Gal Gén Cne Adj St Ste ' +
    'Saint Sainte av apr J.-C n° no No vol éd ed cf ex env réf art al Cie Inc Ltd Co fig p pp ' +
    'chap coll dir trad hab tél Tél min max ca c.-à-d.'
  ).split(/\s+/),
);
/** "etc." ends a sentence when a capital follows, and does not otherwise. */
const SOFT_ABBREVIATIONS = new Set(['etc', 'Etc']);
/** The longest word in either set: a longer word is one only as dotted initials. */
const LONGEST_ABBREVIATION = [...ABBREVIATIONS, ...SOFT_ABBREVIATIONS].reduce(
  (longest, word) => Math.max(longest, word.length),
  0,
);
const ABBREVIATION_CHAR = /[\p{L}.°-]/u;
/** What may stand before an abbreviation: a space or an opening mark. */
const WORD_OPENER = /[\s(«"“'’]/u;
const INITIAL_CONTEXT = /[\p{L}.-]/u;

const LOWER = /\p{Ll}/u;
const UPPER = /\p{Lu}/u;
/** One capital letter: an initial ("J. Biden"), or a name ("sur X."). */
const SINGLE_CAPITAL = /^\p{Lu}$/u;
/** Dotted initials: "J.-C.", "U.S." (the final period is not part of the word). */
const DOTTED_INITIALS = /^(?:\p{Lu}\.-?)+\p{Lu}$/u;
const STARTS_UPPER = /^\p{Lu}/u;

function isUpperAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 65 && c <= 90) return true;
  if (c < 0xc0) return false;
  return UPPER.test(text[i]!);
}

function isLowerAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 97 && c <= 122) return true;
  if (c < 0xc0) return false;
  return LOWER.test(text[i]!);
}

/**
 * Sentence ends glued to the next sentence, as offsets into the block: a closing guillemet,
 * or a word of two or more lower-case letters ending with . ! ? (and maybe a closing quote),
 * immediately followed by an upper-case letter. (Upper case before the period would be an
 * acronym or initials: "U.S.A", "J.F.K".) `glue`: the block's » ” . ! ? (blockMarks).
 */
function gluedBreaks(text: string, start: number, end: number, glue: number[]): number[] {
  const breaks: number[] = [];
  for (const i of glue) {
    if (i >= end - 1) break;
    const c = text.charCodeAt(i);
    if (c === 0xbb /* » */ || c === 0x201d /* ” */) {
      if (isUpperAt(text, i + 1)) breaks.push(i + 1 - start);
    } else if (i - 2 >= start) {
      let next = i + 1;
      const q = text.charCodeAt(next);
      if (q === 34 || q === 0xbb || q === 0x201d) next++;
      if (next < end && isUpperAt(text, next) && isLowerAt(text, i - 1) && isLowerAt(text, i - 2)) {
        breaks.push(next - start);
      }
    }
  }
  return breaks;
}

/** Segments the whole text: blocks are its lines unless given (e.g. from HTML extraction). */
export function segmentSentences(
  text: string,
  blocks: TextBlock[] = splitLines(text),
): SentenceUnit[] {
  const units: SentenceUnit[] = [];
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!;
    if (block.kind === 'heading' || block.kind === 'caption') {
      const span = trimSpan(text, block.start, block.end);
      if (span) {
        units.push({
          start: span.start,
          end: span.end,
          block: index,
          heading: block.kind === 'heading',
        });
      }
      continue;
    }
    for (const span of segmentBlock(text, block.start, block.end)) {
      units.push({ start: span.start, end: span.end, block: index, heading: false });
    }
  }
  return units;
}

/** Sentence spans of one block of `text`, [start, end). */
export function segmentBlock(text: string, start: number, end: number): TextSpan[] {
  // 1. The standard boundaries (Intl.Segmenter's, see sentence-breaks.ts), offsets into the block.
  const marks = blockMarks(text, start, end);
  const cuts = sentenceBreaks(text, start, end, marks);
  // 2. Glued sentences the standard rules do not split.
  const glued = gluedBreaks(text, start, end, marks.glue);
  if (glued.length) {
    // One by one: push(...glued) passes every element as an argument, and a block with some
    // 120,000 glued sentences overflowed the stack.
    for (const cut of glued) cuts.push(cut);
    cuts.sort((a, b) => a - b);
  }
  if (cuts.length === 0) {
    const span = trimSpan(text, start, end);
    return span ? [span] : [];
  }

  // Pieces between the cuts, as offsets into the text.
  const pieces: TextSpan[] = [];
  let from = start;
  for (const cut of cuts) {
    const at = start + cut;
    if (at <= from) continue;
    pieces.push({ start: from, end: at });
    from = at;
  }
  if (from < end) pieces.push({ start: from, end });

  // 3. Move closing quotes at the start of a piece back to the piece before.
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i]!;
    let j = piece.start;
    while (j < piece.end && isSpaceCode(text.charCodeAt(j))) j++;
    if (j < piece.end && isClosingQuote(text.charCodeAt(j))) {
      const moved = j + 1;
      pieces[i - 1]!.end = moved;
      piece.start = moved;
    }
  }

  // 4. Join pieces split after an abbreviation, and pieces with no word at all.
  const joined: TextSpan[] = [];
  for (const piece of pieces) {
    const previous = joined[joined.length - 1];
    if (previous && (endsWithAbbreviation(text, previous, piece) || !hasWord(text, piece))) {
      previous.end = piece.end;
    } else if (piece.end > piece.start) {
      joined.push(piece);
    }
  }

  const spans: TextSpan[] = [];
  for (const piece of joined) {
    const span = trimSpan(text, piece.start, piece.end);
    if (span) spans.push(span);
  }
  return spans;
}

/** » or ”. */
function isClosingQuote(c: number): boolean {
  return c === 0xbb || c === 0x201d;
}

function hasWord(text: string, span: TextSpan): boolean {
  for (let i = span.start; i < span.end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
    if (c >= 0xc0 && /[\p{L}\p{N}]/u.test(String.fromCodePoint(text.codePointAt(i)!))) return true;
  }
  return false;
}

/** ABBREVIATION_CHAR.test(text[i]), with ASCII decided without the regex. */
function isAbbreviationCharAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 46 || c === 45;
  return ABBREVIATION_CHAR.test(text[i]!);
}

/** Whether `previous` ends with an abbreviation's period, so that `next` continues it. */
function endsWithAbbreviation(text: string, previous: TextSpan, next: TextSpan): boolean {
  let last = previous.end - 1;
  while (last > previous.start && isSpaceCode(text.charCodeAt(last))) last--;
  if (text.charCodeAt(last) !== 46 /* . */) return false;
  // The word before the period: letters, dots, ° and hyphens, back to a space or an opening mark.
  let first = last;
  while (first > previous.start && isAbbreviationCharAt(text, first - 1)) first--;
  if (first === last) return false;
  if (
    first > previous.start &&
    text.charCodeAt(first - 1) !== 32 &&
    !WORD_OPENER.test(text[first - 1]!)
  ) {
    return false;
  }
  // Most sentences end with a plain word, longer than any abbreviation: decided without
  // slicing it. Dotted initials have a period after their first letter (which may be two
  // code units: a high surrogate first).
  const firstUnit = text.charCodeAt(first);
  if (
    last - first > LONGEST_ABBREVIATION &&
    text.charCodeAt(first + 1) !== 46 &&
    !(firstUnit >= 0xd800 && firstUnit <= 0xdbff)
  ) {
    return false;
  }
  const word = text.slice(first, last);
  if (ABBREVIATIONS.has(word)) return true;
  // A single capital is an initial when it opens the sentence ("J. Biden") or follows a
  // capitalised word ("John F. Kennedy"); after a lower-case word it is a name ("sur X.").
  // (The length tests only spare the regular expressions: one code point is at most two units.)
  if (word.length <= 2 && SINGLE_CAPITAL.test(word)) {
    let p = first - 1;
    while (p >= previous.start && isSpaceCode(text.charCodeAt(p))) p--;
    if (p < previous.start || !INITIAL_CONTEXT.test(text[p]!)) return true;
    while (p > previous.start && INITIAL_CONTEXT.test(text[p - 1]!)) p--;
    return UPPER.test(text[p]!);
  }
  // Dotted initials "J.-C." or "U.S.".
  if (word.length >= 3 && DOTTED_INITIALS.test(word)) return true;
  if (SOFT_ABBREVIATIONS.has(word)) {
    const rest = text.slice(next.start, next.end).trimStart();
    return !STARTS_UPPER.test(rest);
  }
  return false;
}

/** The span without surrounding whitespace, or null when nothing is left. */
function trimSpan(text: string, start: number, end: number): TextSpan | null {
  while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
  return end > start ? { start, end } : null;
}
