/**
 * fast-check arbitraries for French news-like text, for the property tests.
 *
 * A sentence is generated as a list of pieces (words, elisions, guillemets, ellipses, dashes,
 * commas, a final mark) and rendered to a string in a *style*: which apostrophe, which
 * quotation marks with which inner spaces, which ellipsis spelling, which dash, which
 * whitespace between words, which case and whether accents are kept. Every style of the same
 * pieces is a typographic variation that normalizeForMatch promises to fold; the canonical
 * style is French typesetting (’, « » with no-break spaces, …, –).
 */
import fc from 'fast-check';

/** Content words: accents, ligatures, capitals, compounds, numbers. */
export const CONTENT_WORDS = [
  'président',
  'gouvernement',
  'élection',
  'États-Unis',
  'ministre',
  'réforme',
  'économie',
  'hôpital',
  'forêt',
  'incendie',
  'élèves',
  'société',
  'cœur',
  'œuvre',
  'Noël',
  'Île-de-France',
  'garçon',
  'française',
  'grève',
  'crise',
  'énergie',
  'budget',
  'conseil',
  'municipal',
  'mardi',
  'lundi',
  'Paris',
  'Lyon',
  'Marseille',
  'Bruxelles',
  'Genève',
  'Macron',
  'Musk',
  'Harris',
  'annoncé',
  'déclaré',
  'précisé',
  'voté',
  'dénoncé',
  'défendu',
  'prévu',
  'hausse',
  'impôts',
  'locaux',
  'baisse',
  'investissements',
  'écoles',
  'opposition',
  'élus',
  'pompiers',
  'sécheresse',
  'été',
  'déjà',
  'très',
  'après',
  'entreprise',
  'salariés',
  'syndicats',
  'négociations',
  'accord',
  'milliards',
  'euros',
  'année',
  'prochaine',
  'manifestants',
  'police',
  'enquête',
  'procès',
  'tribunal',
  'juge',
  'Sénat',
  'Assemblée',
  'députés',
  'loi',
  'retraites',
  'Ça',
  'ÉLECTION',
  '2024',
  '1,3',
  '400.000',
  '15',
  'XXIe',
];

/** French function words (mostly in the engine's stopword list). */
export const FUNCTION_WORDS = [
  'le',
  'la',
  'les',
  'de',
  'des',
  'du',
  'un',
  'une',
  'et',
  'à',
  'en',
  'pour',
  'par',
  'sur',
  'dans',
  'avec',
  'a',
  'est',
  'qui',
  'que',
  'il',
  'elle',
  'ont',
  'sont',
  'au',
  'aux',
  'ce',
  'cette',
  'selon',
];

/** Elisions: head + apostrophe + word ("l’économie"). */
export const ELISIONS: readonly (readonly [string, string])[] = [
  ['l', 'économie'],
  ['l', 'hôpital'],
  ['l', 'opposition'],
  ['l', 'année'],
  ['d', 'euros'],
  ['d', 'État'],
  ['d', 'abord'],
  ['qu', 'il'],
  ['qu', 'elle'],
  ['n', 'est'],
  ['s', 'est'],
  ['j', 'ai'],
  ['L', 'Élysée'],
  ['c', 'est'],
  ['aujourd', 'hui'],
];

export type Piece =
  | { kind: 'word'; text: string }
  | { kind: 'elision'; head: string; word: string }
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'ellipsis' }
  | { kind: 'dash' }
  | { kind: 'comma' }
  | { kind: 'end'; mark: '.' | '!' | '?' | '…' };

export type Sentence = Piece[];

/** Spellings of each typographic element; index 0 is the canonical one. */
export const APOSTROPHES = ['\u2019', "'", '\u02bc', '\u2018'];
export const QUOTE_STYLES: readonly (readonly [string, string])[] = [
  ['\u00ab', '\u00bb'],
  ['"', '"'],
  ['\u201c', '\u201d'],
  ['\u201e', '\u201c'],
];
/** Spaces inside guillemets: none, space, no-break, narrow no-break, two spaces, tab. */
export const QUOTE_INNER_SPACES = ['\u00a0', '', ' ', '\u202f', '  ', '\t', '\u00a0 '];
export const ELLIPSES = ['\u2026', '...', '(\u2026)', '(...)', '[\u2026]', '[...]', '( \u2026 )'];
/** Ellipsis glued to the last word as the sentence's end. */
export const END_ELLIPSES = ['\u2026', '...'];
export const DASHES = ['\u2013', '\u2014', '-', '\u2010', '\u2012', '\u2212'];
/** Whitespace between words: one space of any kind, several, or a line break. */
export const SEPARATORS = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\u00a0',
  '\u202f',
  ' \n ',
  '\u2009',
  '\r\n',
  ' \u00a0 ',
];
export const CASES = ['keep', 'lower', 'upper', 'title'] as const;

/** Choices for each variable element, used round-robin; all zeros is the canonical style. */
export interface Style {
  apostrophe: number[];
  quote: number[];
  inner: number[];
  ellipsis: number[];
  dash: number[];
  separator: number[];
  letterCase: number[];
  stripAccents: boolean[];
  /** Decomposed accents (NFD) for the whole text. */
  nfd: boolean;
  lead: string;
  trail: string;
}

export const CANONICAL: Style = {
  apostrophe: [0],
  quote: [0],
  inner: [0],
  ellipsis: [0],
  dash: [0],
  separator: [0],
  letterCase: [0],
  stripAccents: [false],
  nfd: false,
  lead: '',
  trail: '',
};

const choices = (n: number) => fc.array(fc.nat({ max: n - 1 }), { minLength: 1, maxLength: 8 });
const whitespace = fc.constantFrom('', ' ', '  ', '\n', '\u00a0', '\u202f', '\t \n', '\r\n');

/** A random typographic variation. */
export const styleArb: fc.Arbitrary<Style> = fc.record({
  apostrophe: choices(APOSTROPHES.length),
  quote: choices(QUOTE_STYLES.length),
  inner: choices(QUOTE_INNER_SPACES.length),
  ellipsis: choices(ELLIPSES.length),
  dash: choices(DASHES.length),
  separator: choices(SEPARATORS.length),
  letterCase: choices(CASES.length),
  stripAccents: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
  nfd: fc.boolean(),
  lead: whitespace,
  trail: whitespace,
});

const wordPiece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...CONTENT_WORDS).map((text) => word(text)) },
  { weight: 3, arbitrary: fc.constantFrom(...FUNCTION_WORDS).map((text) => word(text)) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...ELISIONS)
      .map(([head, w]): Piece => ({ kind: 'elision', head, word: w })),
  },
);

function word(text: string): Piece {
  return { kind: 'word', text };
}

/** A sentence of 3 to `maxWords` words, maybe with a quotation, ellipses, dashes, commas. */
export function sentenceArb(
  options: { minWords?: number; maxWords?: number; typography?: boolean } = {},
): fc.Arbitrary<Sentence> {
  const { minWords = 3, maxWords = 14, typography = true } = options;
  return fc
    .record({
      words: fc.array(wordPiece, { minLength: minWords, maxLength: maxWords }),
      quote: fc.option(fc.tuple(fc.nat(), fc.nat()), { freq: 3 }),
      inserts: fc.array(
        fc.record({ at: fc.nat(), what: fc.constantFrom('ellipsis', 'dash', 'comma') }),
        { maxLength: typography ? 3 : 0 },
      ),
      end: fc.constantFrom<'.' | '!' | '?' | '…'>('.', '.', '.', '!', '?', '…'),
    })
    .map(({ words, quote, inserts, end }) => {
      // Capitalise the first word, as a sentence would.
      const first = words[0]!;
      const opening: Piece =
        first.kind === 'word'
          ? word(capitalise(first.text))
          : first.kind === 'elision'
            ? { ...first, head: capitalise(first.head) }
            : first;
      const body: Piece[][] = [opening, ...words.slice(1)].map((p) => [p]);
      for (const { at, what } of inserts) {
        if (body.length < 2) break;
        const i = 1 + (at % (body.length - 1));
        body[i]!.unshift({ kind: what } as Piece);
      }
      let pieces = body.flat();
      if (typography && quote && words.length >= 2) {
        // Quote a run of whole words (indices into pieces of kind word/elision).
        const wordAt = pieces.flatMap((p, i) =>
          p.kind === 'word' || p.kind === 'elision' ? [i] : [],
        );
        const a = quote[0] % wordAt.length;
        const b = a + (quote[1] % (wordAt.length - a));
        pieces = [
          ...pieces.slice(0, wordAt[a]),
          { kind: 'open' },
          ...pieces.slice(wordAt[a], wordAt[b]! + 1),
          { kind: 'close' },
          ...pieces.slice(wordAt[b]! + 1),
        ];
      }
      // A comma must follow a word, not open the sentence or follow a quote mark.
      pieces = pieces.filter(
        (p, i) => p.kind !== 'comma' || (i > 0 && pieces[i - 1]!.kind !== 'open'),
      );
      pieces.push({ kind: 'end', mark: end });
      return pieces;
    });
}

/** Paragraphs of sentences. */
export function textArb(
  options: { minSentences?: number; maxSentences?: number; typography?: boolean } = {},
): fc.Arbitrary<Sentence[][]> {
  const { minSentences = 1, maxSentences = 6, typography = true } = options;
  return fc
    .array(fc.array(sentenceArb({ typography }), { minLength: 1, maxLength: 3 }), {
      minLength: 1,
      maxLength: Math.max(1, Math.ceil(maxSentences / 2)),
    })
    .filter((paragraphs) => {
      const n = paragraphs.flat().length;
      return n >= minSentences && n <= maxSentences;
    });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function stripAccents(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
}

/** Renders a sentence in a style. */
export function renderSentence(sentence: Sentence, style: Style = CANONICAL): string {
  const counters = new Map<string, number>();
  const pick = <T>(key: keyof Style, options: readonly T[]): T => {
    const list = style[key] as readonly (number | boolean)[];
    const n = counters.get(key) ?? 0;
    counters.set(key, n + 1);
    const choice = list[n % list.length]!;
    return options[Number(choice) % options.length]!;
  };
  const casing = (s: string) => {
    let out = pick('stripAccents', [false, true]) ? stripAccents(s) : s;
    switch (pick('letterCase', CASES)) {
      case 'lower':
        out = out.toLowerCase();
        break;
      case 'upper':
        out = out.toUpperCase();
        break;
      case 'title':
        out = out.charAt(0).toUpperCase() + out.slice(1).toLowerCase();
        break;
      default:
        break;
    }
    return out;
  };
  let out = '';
  let quote: readonly [string, string] = QUOTE_STYLES[0]!;
  let needSpace = false;
  const separator = () => (needSpace ? pick('separator', SEPARATORS) : '');
  for (const piece of sentence) {
    switch (piece.kind) {
      case 'word':
        out += separator() + casing(piece.text);
        needSpace = true;
        break;
      case 'elision':
        out += separator() + casing(piece.head) + pick('apostrophe', APOSTROPHES);
        out += casing(piece.word);
        needSpace = true;
        break;
      case 'open':
        quote = pick('quote', QUOTE_STYLES);
        out += separator() + quote[0] + pick('inner', QUOTE_INNER_SPACES);
        needSpace = false;
        break;
      case 'close':
        out += pick('inner', QUOTE_INNER_SPACES) + quote[1];
        needSpace = true;
        break;
      case 'ellipsis':
        out += separator() + pick('ellipsis', ELLIPSES);
        needSpace = true;
        break;
      case 'dash':
        out += separator() + pick('dash', DASHES);
        needSpace = true;
        break;
      case 'comma':
        out += ',';
        break;
      case 'end':
        out += piece.mark === '…' ? pick('ellipsis', END_ELLIPSES) : piece.mark;
        break;
    }
  }
  return out;
}

/** Renders paragraphs: sentences joined by a separator, paragraphs by a blank line. */
export function renderText(paragraphs: Sentence[][], style: Style = CANONICAL): string {
  const body = paragraphs
    .map((sentences) =>
      sentences
        .map((s) => renderSentence(s, style))
        .join(SEPARATORS[style.separator[0]! % SEPARATORS.length]),
    )
    .join('\n\n');
  const text = style.lead + body + style.trail;
  return style.nfd ? text.normalize('NFD') : text;
}

/** Canonical text of a generated document. */
export const frenchTextArb = (
  options: { minSentences?: number; maxSentences?: number } = {},
): fc.Arbitrary<string> => textArb(options).map((p) => renderText(p));

/**
 * Characters that matter to the text functions: typography, spaces of every kind, line
 * breaks, abbreviation periods, lone surrogates, control characters, combining marks.
 */
export const TRICKY_CHARS = [
  'a',
  'É',
  'e',
  '\u0301',
  'M',
  'J',
  'z',
  '1',
  '.',
  '!',
  '?',
  ',',
  ';',
  ':',
  '(',
  ')',
  '[',
  ']',
  '-',
  '\u2013',
  '\u2014',
  '\u2026',
  "'",
  '\u2019',
  '"',
  '\u00ab',
  '\u00bb',
  '\u201c',
  '\u201d',
  ' ',
  '\u00a0',
  '\u202f',
  '\u200b',
  '\ufeff',
  '\t',
  '\n',
  '\r',
  '\u2028',
  '\u0085',
  '\u0000',
  '\u0007',
  '\ud800',
  '\udc00',
  'œ',
  'ß',
  'İ',
  'Σ',
];

/** Strings over TRICKY_CHARS and fragments of French text. */
export const trickyStringArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...TRICKY_CHARS) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'M. ',
          'Mme ',
          'MM. ',
          'Dr. ',
          'J. ',
          'J.-C. ',
          'U.S. ',
          'etc. ',
          'Le ',
          'président ',
          'a dit',
          'Elle ',
          ' »',
          '« ',
          '...',
          '(…)',
          '\n\n',
        ),
      },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));
