/**
 * fast-check arbitraries for corpora: documents built from a shared pool of sentences (so that
 * documents share sentences and candidates are found), with headings, furniture, credit lines
 * and junk, under ids that often collide.
 */
import fc from 'fast-check';
import { renderSentence, sentenceArb, styleArb, trickyStringArb, CANONICAL } from './french';

/** Lines the furniture and credit rules look at. */
export const FURNITURE_LINES = [
  '(AFP)',
  'avec AFP',
  'Reuters',
  'Par Jean Dupont avec AFP',
  'Lire aussi : Le budget de la ville en hausse',
  'Partager sur Facebook',
  'Abonnez-vous à notre newsletter',
  'Publié le 12 mars 2024 à 10h30',
  'Photo : Keystone',
  'Retour en haut',
];

/** Ids that collide often, including awkward ones. */
export const idArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', '', '__proto__', 'État 1');

/** A pool of sentences: some canonical, some in another typography. */
export const poolArb: fc.Arbitrary<string[]> = fc.array(
  fc
    .tuple(sentenceArb({ minWords: 4, maxWords: 16 }), fc.option(styleArb, { freq: 4 }))
    .map(([sentence, style]) =>
      renderSentence(sentence, style ? { ...style, separator: [0] } : CANONICAL),
    ),
  { minLength: 2, maxLength: 10 },
);

/** The shape of a document, rendered against a pool by renderDocument. */
export interface DocShape {
  heading: string | null;
  paragraphs: number[][];
  furniture: { at: number; line: string }[];
  junk: string | null;
  title: string | null | undefined;
}

export const docShapeArb: fc.Arbitrary<DocShape> = fc.record({
  heading: fc.option(fc.constantFrom('Le budget de la ville', 'Incendies : le point', 'Grève'), {
    freq: 3,
  }),
  paragraphs: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), {
    minLength: 0,
    maxLength: 4,
  }),
  furniture: fc.array(fc.record({ at: fc.nat(), line: fc.constantFrom(...FURNITURE_LINES) }), {
    maxLength: 2,
  }),
  junk: fc.option(fc.oneof(trickyStringArb, fc.string({ unit: 'grapheme', maxLength: 20 })), {
    freq: 5,
  }),
  title: fc.constantFrom(undefined, undefined, null, 'Un titre'),
});

export function renderDocument(shape: DocShape, pool: readonly string[]): string {
  const lines: string[] = shape.paragraphs.map((p) =>
    p.map((i) => pool[i % pool.length]!).join(' '),
  );
  for (const { at, line } of shape.furniture) lines.splice(at % (lines.length + 1), 0, line);
  if (shape.heading) lines.unshift(shape.heading);
  if (shape.junk !== null) lines.push(shape.junk);
  return lines.join('\n\n');
}
