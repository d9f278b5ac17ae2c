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

const segmenter = new Intl.Segmenter('fr', { granularity: 'sentence' });

const SPACE = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/;
const CLOSING_QUOTE = /[»”]/;
/**
 * A sentence end glued to the next sentence: a closing guillemet, or a word of two or more
 * lower-case letters ending with . ! ?, immediately followed by an upper-case letter.
 * (Upper-case before the period would be an acronym or initials: "U.S.A", "J.F.K".)
 */
const GLUED = /(?:[»”]|\p{Ll}{2}[.!?]["»”]?)(?=\p{Lu})/gu;

/** Segments the whole text: blocks are its lines unless given (e.g. from HTML extraction). */
export function segmentSentences(
  text: string,
  blocks: TextBlock[] = splitLines(text),
): SentenceUnit[] {
  const units: SentenceUnit[] = [];
  blocks.forEach((block, index) => {
    if (block.kind === 'heading' || block.kind === 'caption') {
      const span = trimSpan(text, block.start, block.end);
      if (span) units.push({ ...span, block: index, heading: block.kind === 'heading' });
      return;
    }
    for (const span of segmentBlock(text, block.start, block.end)) {
      units.push({ ...span, block: index, heading: false });
    }
  });
  return units;
}

/** Sentence spans of one block of `text`, [start, end). */
export function segmentBlock(text: string, start: number, end: number): TextSpan[] {
  const blockText = text.slice(start, end);
  // 1. The segmenter's boundaries, as offsets into the block.
  const cuts: number[] = [];
  for (const { index } of segmenter.segment(blockText)) if (index > 0) cuts.push(index);
  // 2. Glued sentences the segmenter does not see.
  GLUED.lastIndex = 0;
  for (let m = GLUED.exec(blockText); m !== null; m = GLUED.exec(blockText)) {
    cuts.push(m.index + m[0].length);
  }
  cuts.sort((a, b) => a - b);

  const pieces: TextSpan[] = [];
  let from = 0;
  for (const cut of cuts) {
    if (cut <= from) continue;
    pieces.push({ start: from, end: cut });
    from = cut;
  }
  if (from < blockText.length) pieces.push({ start: from, end: blockText.length });

  // 3. Move closing quotes at the start of a piece back to the piece before.
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i]!;
    let j = piece.start;
    while (j < piece.end && SPACE.test(blockText[j]!)) j++;
    if (j < piece.end && CLOSING_QUOTE.test(blockText[j]!)) {
      const moved = j + 1;
      pieces[i - 1]!.end = moved;
      piece.start = moved;
    }
  }

  // 4. Join pieces split after an abbreviation, and pieces with no word at all.
  const joined: TextSpan[] = [];
  for (const piece of pieces) {
    const previous = joined[joined.length - 1];
    if (
      previous &&
      (endsWithAbbreviation(blockText, previous, piece) || !hasWord(blockText, piece))
    ) {
      previous.end = piece.end;
    } else if (piece.end > piece.start) {
      joined.push({ ...piece });
    }
  }

  const spans: TextSpan[] = [];
  for (const piece of joined) {
    const span = trimSpan(text, start + piece.start, start + piece.end);
    if (span) spans.push(span);
  }
  return spans;
}

function hasWord(text: string, span: TextSpan): boolean {
  return /[\p{L}\p{N}]/u.test(text.slice(span.start, span.end));
}

/** Whether `previous` ends with an abbreviation's period, so that `next` continues it. */
function endsWithAbbreviation(text: string, previous: TextSpan, next: TextSpan): boolean {
  const head = text.slice(previous.start, previous.end).trimEnd();
  if (!head.endsWith('.')) return false;
  const word = /(?:^|[\s(«"“'’])([\p{L}.°-]+)\.$/u.exec(head)?.[1];
  if (word === undefined) return false;
  if (ABBREVIATIONS.has(word)) return true;
  // A single capital is an initial when it opens the sentence ("J. Biden") or follows a
  // capitalised word ("John F. Kennedy"); after a lower-case word it is a name ("sur X.").
  if (/^\p{Lu}$/u.test(word)) {
    const before = head.slice(0, head.length - 2).trimEnd();
    const previousWord = /([\p{L}.-]+)$/u.exec(before)?.[1];
    return previousWord === undefined || /^\p{Lu}/u.test(previousWord);
  }
  // Dotted initials "J.-C." or "U.S.".
  if (/^(?:\p{Lu}\.-?)+\p{Lu}$/u.test(word)) return true;
  if (SOFT_ABBREVIATIONS.has(word)) {
    const rest = text.slice(next.start, next.end).trimStart();
    return !/^\p{Lu}/u.test(rest);
  }
  return false;
}

/** The span without surrounding whitespace, or null when nothing is left. */
function trimSpan(text: string, start: number, end: number): TextSpan | null {
  while (start < end && SPACE.test(text[start]!)) start++;
  while (end > start && SPACE.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}
