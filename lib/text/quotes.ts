/**
 * Direct quotation: which parts of a block are inside quotation marks.
 *
 * Readers expect quotes to recur across outlets (everyone quotes the same words), so a
 * sentence that is mostly quotation is marked `quote` rather than `prose`. French copy uses
 * « … » (often with no-break spaces), sometimes “ … ” or straight "…"; a quotation may run
 * over several sentences of a block, and a missing closing mark runs to the block's end.
 */
import type { TextSpan } from '../types';

/** Spans inside quotation marks (marks included) in text[start, end). */
export function quoteSpans(text: string, start: number, end: number): TextSpan[] {
  const spans: TextSpan[] = [];
  let depth = 0;
  let openedAt = -1;
  let straightOpen = -1;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '«' || c === '“') {
      if (depth === 0) openedAt = i;
      depth++;
    } else if ((c === '»' || c === '”') && depth > 0) {
      depth--;
      if (depth === 0) spans.push({ start: openedAt, end: i + 1 });
    } else if (c === '"' && depth === 0) {
      if (straightOpen < 0) straightOpen = i;
      else {
        spans.push({ start: straightOpen, end: i + 1 });
        straightOpen = -1;
      }
    }
  }
  if (depth > 0) spans.push({ start: openedAt, end });
  if (straightOpen >= 0 && depth === 0) spans.push({ start: straightOpen, end });
  return spans.sort((a, b) => a.start - b.start);
}

const LETTER = /[\p{L}\p{N}]/u;

/** Share of the letters and digits of text[start, end) that lie inside the given quote spans. */
export function quotedShare(text: string, start: number, end: number, spans: TextSpan[]): number {
  let letters = 0;
  let quoted = 0;
  let s = 0;
  for (let i = start; i < end; i++) {
    if (!LETTER.test(text[i]!)) continue;
    letters++;
    while (s < spans.length && spans[s]!.end <= i) s++;
    const span = spans[s];
    if (span && span.start <= i && i < span.end) quoted++;
  }
  return letters === 0 ? 0 : quoted / letters;
}
