/**
 * Property-based tests of the text layer: normalisation, tokens, sentence segmentation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  foldCase,
  normalizeForMatch,
  textWords,
  tokenize,
  wordHashes,
  wordHashesIn,
  type Token,
} from '@/lib/text/normalize';
import { segmentBlock, segmentSentences } from '@/lib/text/segment';
import { splitLines } from '@/lib/text/blocks';
import { hashString } from '@/lib/match/hash';
import type { BlockKind, TextBlock, TextSpan } from '@/lib/types';
import {
  renderText,
  styleArb,
  textArb,
  trickyStringArb,
  APOSTROPHES,
  CANONICAL,
  ELISIONS,
  type Sentence,
} from './property/french';

/** Any string: graphemes, arbitrary code units (lone surrogates), tricky typography. */
const anyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...'\u0000\u0001\u001f\u007f\ud800\udfff\u0085\u2028') }),
  trickyStringArb,
);

const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Word characters, less the modifier letters ʼ ʹ that tokenize treats as apostrophes. */
const TOKEN_CHAR = /(?![\u02bc\u02b9])[\p{L}\p{N}\p{M}]/u;

describe('normalizeForMatch', () => {
  it('never throws and returns a string, on any string', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(typeof normalizeForMatch(s)).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent on any string', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const once = normalizeForMatch(s);
        expect(normalizeForMatch(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent on strings of punctuation and spaces', () => {
    const punctuation = fc.string({
      unit: fc.constantFrom(
        ...'..\u2026()[]  \u00a0\u202f\u200b"\u00ab\u00bb\u201c\'\u2019-\u2013a',
      ),
      maxLength: 12,
    });
    fc.assert(
      fc.property(punctuation, (s) => {
        const once = normalizeForMatch(s);
        expect(normalizeForMatch(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent on French text in any typography', () => {
    fc.assert(
      fc.property(textArb(), styleArb, (paragraphs, style) => {
        const once = normalizeForMatch(renderText(paragraphs, style));
        expect(normalizeForMatch(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('folds every typographic variation it promises to fold', () => {
    // Case, accents (composed or not), apostrophes, guillemets and their inner spaces, ellipsis
    // spellings, dashes, whitespace between words and around the text.
    fc.assert(
      fc.property(textArb(), styleArb, (paragraphs, style) => {
        const canonical = renderText(paragraphs, CANONICAL);
        const variant = renderText(paragraphs, style);
        expect(normalizeForMatch(variant)).toBe(normalizeForMatch(canonical));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps apart texts with different words', () => {
    fc.assert(
      fc.property(textArb(), styleArb, fc.nat(), (paragraphs, style, k) => {
        // Change one word to a word that folds differently.
        const changed = structuredClone(paragraphs) as Sentence[][];
        const words = changed.flat(2).filter((p) => p.kind === 'word');
        fc.pre(words.length > 0);
        const target = words[k % words.length]!;
        target.text = target.text + 'x';
        expect(normalizeForMatch(renderText(changed, style))).not.toBe(
          normalizeForMatch(renderText(paragraphs, CANONICAL)),
        );
      }),
      { numRuns: 200 },
    );
  });
});

/** Checks the structural invariants of tokens of text[start, end). */
function checkTokens(text: string, tokens: Token[], start: number, end: number): void {
  let previousEnd = start;
  for (const token of tokens) {
    expect(token.start).toBeGreaterThanOrEqual(previousEnd);
    expect(token.end).toBeGreaterThan(token.start);
    expect(token.end).toBeLessThanOrEqual(end);
    const word = text.slice(token.start, token.end);
    expect(word).toMatch(/^(?:(?![\u02bc\u02b9])[\p{L}\p{N}\p{M}])+$/u);
    expect(foldCase(word)).toBe(token.norm);
    // Tokens may carry the hash of their norm (computed while scanning): it must agree.
    const { hash } = token as { hash?: number };
    if (hash !== undefined) expect(hash).toBe(hashString(token.norm));
    // No word character is left out between tokens.
    expect(text.slice(previousEnd, token.start)).not.toMatch(TOKEN_CHAR);
    previousEnd = token.end;
  }
  expect(text.slice(previousEnd, end)).not.toMatch(TOKEN_CHAR);
  // Tokens are maximal runs: the range's characters just outside them are not word characters.
  for (let i = 1; i < tokens.length; i++) {
    expect(tokens[i]!.start).toBeGreaterThan(tokens[i - 1]!.end);
  }
}

describe('tokenize', () => {
  const tokenText = fc.oneof(
    anyString,
    textArb().map((p) => renderText(p)),
    // Lone surrogates next to letters: a high surrogate must not swallow the next letter.
    fc.string({ unit: fc.constantFrom('\ud800', '\udc00', '\ud83d', 'a', 'M', 'é', ' ', '.') }),
  );

  it('gives ordered, disjoint, in-range tokens whose folded text is their norm', () => {
    fc.assert(
      fc.property(tokenText, (text) => {
        checkTokens(text, tokenize(text), 0, text.length);
      }),
      { numRuns: 500 },
    );
  });

  it('tokenises a sub-range with offsets into the whole string', () => {
    fc.assert(
      fc.property(tokenText, fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % (text.length + 1);
        const end = start + (b % (text.length - start + 1));
        const tokens = tokenize(text, start, end);
        checkTokens(text, tokens, start, end);
        // The same words as the slice on its own, shifted by start.
        const alone = tokenize(text.slice(start, end));
        expect(tokens).toEqual(
          alone.map((t) => ({ ...t, start: t.start + start, end: t.end + start })),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('reads the words of any range from one scan of the whole text, as a scan of the range', () => {
    // wordHashesIn() reuses the whole text's words unless a word straddles a bound.
    fc.assert(
      fc.property(
        tokenText,
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
        (text, ranges) => {
          const words = textWords(text);
          for (const [a, b] of ranges) {
            const start = a % (text.length + 1);
            const end = start + (b % (text.length - start + 1));
            expect(Array.from(wordHashesIn(words, text, start, end))).toEqual(
              wordHashes(text, start, end),
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds the same words whatever the typography', () => {
    // Apostrophes are checked on their own below: here only ’ ' ‘.
    const style = styleArb.map((s) => ({
      ...s,
      apostrophe: s.apostrophe.map((a) => (APOSTROPHES[a] === '\u02bc' ? 0 : a)),
    }));
    fc.assert(
      fc.property(textArb(), style, (paragraphs, style) => {
        const norms = (s: string) => tokenize(s).map((t) => t.norm);
        expect(norms(renderText(paragraphs, style))).toEqual(
          norms(renderText(paragraphs, CANONICAL)),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('elisions', () => {
  // Every character normalizeForMatch folds to an apostrophe (its APOSTROPHES class).
  const apostrophes = ["'", '\u2019', '\u2018', '\u02bc', '\u02b9', '\u0060', '\u00b4', '\u2032'];

  it('split into the same words, and normalise alike, with every apostrophe', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ELISIONS),
        fc.constantFrom(...apostrophes),
        fc.constantFrom('', 'Selon ', '« '),
        ([head, word], apostrophe, before) => {
          const canonical = `${before}${head}\u2019${word} a dit`;
          const variant = `${before}${head}${apostrophe}${word} a dit`;
          expect(normalizeForMatch(variant)).toBe(normalizeForMatch(canonical));
          const norms = (s: string) => tokenize(s).map((t) => t.norm);
          expect(norms(variant)).toEqual(norms(canonical));
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** Text for segmentation: French sentences, abbreviations, quotes, line breaks, junk. */
const segmentText = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(textArb(), styleArb).map(([p, s]) => renderText(p, s)) },
  { weight: 3, arbitrary: trickyStringArb },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.oneof(
          textArb({ maxSentences: 2 }).map((p) => renderText(p)),
          trickyStringArb,
          fc.constantFrom(
            '\n',
            '\n\n',
            ' \u00a0\n\u202f',
            'M. Dupont a dit : « Non. » Puis',
            'J. ',
          ),
        ),
        { maxLength: 6 },
      )
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: anyString },
);

/** Whitespace a unit must not start or end with (JS \s includes U+00A0 and U+202F). */
const EDGE_SPACE = /^\s|\s$/;

/** Checks units of text[from, to): ordered, disjoint, trimmed, non-empty, within one line. */
function checkUnits(text: string, units: readonly TextSpan[], from: number, to: number): void {
  let previousEnd = from;
  for (const unit of units) {
    expect(unit.start).toBeGreaterThanOrEqual(previousEnd);
    expect(unit.end).toBeGreaterThan(unit.start);
    expect(unit.end).toBeLessThanOrEqual(to);
    const unitText = text.slice(unit.start, unit.end);
    expect(unitText).not.toMatch(EDGE_SPACE);
    expect(unitText.includes('\n')).toBe(false);
    previousEnd = unit.end;
  }
}

/** Index of the first letter or digit of text[from, to) outside every unit, or -1. */
function lostCharacter(text: string, units: readonly TextSpan[], from: number, to: number) {
  let covered = from;
  const gaps: [number, number][] = [];
  for (const unit of units) {
    gaps.push([covered, unit.start]);
    covered = unit.end;
  }
  gaps.push([covered, to]);
  for (const [a, b] of gaps) {
    for (let i = a; i < b; i++) if (WORD_CHAR.test(text[i]!)) return i;
  }
  return -1;
}

describe('segmentSentences', () => {
  it('gives ordered, disjoint, trimmed, non-empty units within a line, losing no word', () => {
    fc.assert(
      fc.property(segmentText, (text) => {
        const units = segmentSentences(text);
        checkUnits(text, units, 0, text.length);
        expect(lostCharacter(text, units, 0, text.length)).toBe(-1);
        // Each unit is inside the block it names.
        const blocks = splitLines(text);
        for (const unit of units) {
          const block = blocks[unit.block]!;
          expect(unit.start).toBeGreaterThanOrEqual(block.start);
          expect(unit.end).toBeLessThanOrEqual(block.end);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the invariants with blocks of any kind', () => {
    const kinds: BlockKind[] = ['heading', 'paragraph', 'list-item', 'caption', 'quote'];
    fc.assert(
      fc.property(segmentText, fc.array(fc.constantFrom(...kinds)), (text, kindList) => {
        const blocks: TextBlock[] = splitLines(text).map((b, i) => ({
          ...b,
          kind: kindList.length ? kindList[i % kindList.length]! : b.kind,
        }));
        const units = segmentSentences(text, blocks);
        checkUnits(text, units, 0, text.length);
        expect(lostCharacter(text, units, 0, text.length)).toBe(-1);
        for (const unit of units) {
          const block = blocks[unit.block]!;
          expect(unit.start).toBeGreaterThanOrEqual(block.start);
          expect(unit.end).toBeLessThanOrEqual(block.end);
          expect(unit.heading).toBe(block.kind === 'heading');
          // Headings and captions are units of their own.
          if (block.kind === 'heading' || block.kind === 'caption') {
            expect([unit.start, unit.end]).toEqual([block.start, block.end]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, on any string', () => {
    fc.assert(
      fc.property(anyString, (text) => {
        expect(Array.isArray(segmentSentences(text))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('segmentBlock', () => {
  it('segments any line of a text within its range, losing no word', () => {
    fc.assert(
      fc.property(segmentText, fc.nat(), (text, k) => {
        // A line of the text, untrimmed: the spans must be trimmed all the same.
        const lines: [number, number][] = [];
        let at = 0;
        for (const line of text.split('\n')) {
          lines.push([at, at + line.length]);
          at += line.length + 1;
        }
        const [start, end] = lines[k % lines.length]!;
        const spans = segmentBlock(text, start, end);
        checkUnits(text, spans, start, end);
        expect(lostCharacter(text, spans, start, end)).toBe(-1);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on any range of any string', () => {
    fc.assert(
      fc.property(anyString, fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % (text.length + 1);
        const end = start + (b % (text.length - start + 1));
        const spans = segmentBlock(text, start, end);
        // Within the range and trimmed, even across line breaks.
        for (const span of spans) {
          expect(span.start).toBeGreaterThanOrEqual(start);
          expect(span.end).toBeLessThanOrEqual(end);
          expect(text.slice(span.start, span.end)).not.toMatch(EDGE_SPACE);
        }
      }),
      { numRuns: 500 },
    );
  });
});
