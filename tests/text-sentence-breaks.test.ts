/**
 * The direct UAX #29 scan (lib/text/sentence-breaks.ts) must give exactly Intl.Segmenter's
 * boundaries: on every line of the seeds, on the real pages of ../shared/fixtures when present,
 * and on random strings over an alphabet rich in the characters the rules care about.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceBreaks, sentenceBreaks } from '@/lib/text/sentence-breaks';
import { splitLines } from '@/lib/text/blocks';

const root = resolve(__dirname, '..');
const same = (text: string, start = 0, end = text.length) =>
  expect(sentenceBreaks(text, start, end), JSON.stringify(text.slice(start, end))).toEqual(
    referenceBreaks(text, start, end),
  );

describe('sentenceBreaks', () => {
  it('matches Intl.Segmenter on every line of the seeds', () => {
    for (const file of readdirSync(resolve(root, 'seeds')).filter((f) => f.endsWith('.txt'))) {
      const text = readFileSync(resolve(root, 'seeds', file), 'utf8');
      for (const block of splitLines(text)) same(text, block.start, block.end);
    }
  });

  const pages = resolve(root, '../shared/fixtures/extraction-fr/trafilatura');
  it.skipIf(!existsSync(pages))(
    'matches Intl.Segmenter on the text of real French pages (needs ../shared/fixtures)',
    () => {
      for (const file of readdirSync(pages).filter((f) => f.endsWith('.html'))) {
        const text = readFileSync(resolve(pages, file), 'utf8').replace(/<[^>]*>/g, ' ');
        for (const block of splitLines(text)) same(text, block.start, block.end);
      }
    },
  );

  it('matches Intl.Segmenter on random text', () => {
    const alphabet = [
      ...'aAbBzZéÉçÇœŒ0123456789 .,;:!?-–—()[]{}«»“”"\'’‹›…\u00a0\u202f\u2009\t\u00ad\u0301\u0327αΑωΩжЖ\u2024\u203c\u2047¿¡%/&*\n\r',
      '東',
      '😀',
      '\u200b',
      '\u0600',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }), (chars) => {
        const text = chars.join('');
        same(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('finds breaks inside a sub-range, as offsets from its start', () => {
    const text = 'Avant. Une phrase. Une autre ! Fin';
    expect(sentenceBreaks(text, 7, text.length)).toEqual([12, 24]);
  });
});
