/**
 * From a text to the units that are matched: blocks, furniture removed, the credit line set
 * apart, the remaining article segmented into sentences. Corpus documents and annotated
 * documents go through the same steps, so both sides of a comparison agree on what a
 * sentence is and on what is not article text.
 */
import type { BoilerplateBlock, Credit, TextBlock } from './types';
import { splitLines } from './text/blocks';
import { segmentSentences, type SentenceUnit } from './text/segment';
import { findBoilerplate } from './extract/plain-boilerplate';
import { findCredit } from './extract/credit';
import { textWords, type TextWords } from './text/normalize';

export interface AnalysedText {
  text: string;
  /** The article's blocks: furniture excluded. */
  blocks: TextBlock[];
  boilerplate: BoilerplateBlock[];
  credit: Credit | null;
  /** Sentences and headings of the article, in order; none overlaps furniture or the credit. */
  units: SentenceUnit[];
  /** The first heading of the article, if it opens with one. */
  title: string | null;
  /** The words of the whole text (read a unit's with wordHashesIn). */
  words: TextWords;
}

export interface AnalyseOptions {
  /** Blocks from a structured source (HTML extraction); default: the text's lines. */
  blocks?: TextBlock[];
  /** Furniture already found by a structured source; text rules run on the rest. */
  boilerplate?: BoilerplateBlock[];
}

export function analyseText(text: string, options: AnalyseOptions = {}): AnalysedText {
  const allBlocks = options.blocks ?? splitLines(text);
  const known = options.boilerplate ?? [];
  const candidates = known.length ? allBlocks.filter((b) => !overlapsAny(b, known)) : allBlocks;
  const words = textWords(text);
  const found = findBoilerplate(text, candidates, words);
  const boilerplate = [...known, ...found].sort((a, b) => a.start - b.start);
  const blocks = candidates.filter((b) => !overlapsAny(b, found));
  const credit = findCredit(text, blocks, boilerplate);

  const units: SentenceUnit[] = [];
  for (const unit of segmentSentences(text, blocks)) {
    if (credit && unit.start < credit.end && credit.start < unit.end) {
      // A credit at the end of a paragraph ("… a-t-il dit. (AFP)") trims the sentence.
      if (unit.start < credit.start) {
        const end = trimEndIndex(text, unit.start, credit.start);
        if (end > unit.start) units.push({ ...unit, end });
      }
      continue;
    }
    units.push(unit);
  }
  const first = blocks[0];
  const title = first && first.kind === 'heading' ? text.slice(first.start, first.end) : null;
  return { text, blocks, boilerplate, credit, units, title, words };
}

function overlapsAny(
  span: { start: number; end: number },
  others: readonly { start: number; end: number }[],
): boolean {
  return others.some((o) => span.start < o.end && o.start < span.end);
}

function trimEndIndex(text: string, start: number, end: number): number {
  while (end > start && /[\s\u00a0\u202f,;:–—-]/.test(text[end - 1]!)) end--;
  return end;
}
