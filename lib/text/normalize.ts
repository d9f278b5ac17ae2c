/**
 * Normalisation for matching French news text.
 *
 * Two copies of a wire story differ in typography far more than in words: one outlet writes
 * « très divertissant » with no-break spaces, another "très divertissant"; Etats / États,
 * l'histoire / l’histoire, (…) / (...), – / —. Matching compares normalised forms; everything
 * reported keeps the original text, so the functions here either return a normalised string
 * (for equality tests) or tokens that carry offsets into the original.
 */

/** Apostrophes and primes French typesetting uses for elision. */
const APOSTROPHES = /[\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032]/g;
/** Every kind of quotation mark, folded to ". */
const QUOTES = /[«»\u201c\u201d\u201e\u201f\u2039\u203a"]/g;
/** Hyphens, dashes and the minus sign, folded to -. */
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
/** Ellipsis in every spelling, with or without the editorial parentheses or brackets. */
const ELLIPSIS = /[([]\s*(?:\u2026|\.{3})\s*[)\]]|\u2026|\.{3,}/g;
/** All whitespace, including no-break and narrow no-break spaces. */
const SPACES = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ﬁ: 'fi', ﬂ: 'fl' };
const LIGATURE_RE = /[œæßﬁﬂ]/g;

/** Lower case without accents or ligatures: 'États' → 'etats', 'Œuvre' → 'oeuvre'. */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  // Fast path: most tokens are plain ASCII.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(LIGATURE_RE, (c) => LIGATURES[c] ?? c);
}

/**
 * The normalised form of a text, for equality tests: two texts that differ only by case,
 * accents, apostrophes, quotation marks and the spaces around them, ellipsis spelling,
 * dashes and whitespace have the same normalised form.
 */
export function normalizeForMatch(text: string): string {
  return foldCase(text)
    .replace(APOSTROPHES, "'")
    .replace(ELLIPSIS, '...')
    .replace(DASHES, '-')
    .replace(QUOTES, '"')
    .replace(SPACES, ' ')
    .replace(/" ?([^"]*?) ?"/g, '"$1"')
    .replace(/ ?' ?/g, "'")
    .trim();
}

/** A word of the original text: its span and its normalised form. */
export interface Token {
  start: number;
  end: number;
  /** Lower case, no accents: what matching compares. */
  norm: string;
}

/**
 * Words are runs of letters and digits. Elisions (l', qu', d') and hyphenated compounds
 * (Etats-Unis) split into their parts, numbers split at their separators (1,3 / 400.000):
 * whatever the outlet's typography, both copies split the same way.
 */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Normalised forms of recent tokens: accent folding is the costly part of tokenising. */
const foldCache = new Map<string, string>();
const FOLD_CACHE_LIMIT = 50_000;

function foldToken(word: string): string {
  let folded = foldCache.get(word);
  if (folded === undefined) {
    folded = foldCase(word);
    if (foldCache.size >= FOLD_CACHE_LIMIT) foldCache.clear();
    foldCache.set(word, folded);
  }
  return folded;
}

/** The words of `text` between `start` and `end`, with offsets into `text`. */
export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const tokens: Token[] = [];
  const slice = start === 0 && end === text.length ? text : text.slice(start, end);
  WORD.lastIndex = 0;
  for (let m = WORD.exec(slice); m !== null; m = WORD.exec(slice)) {
    const word = m[0];
    tokens.push({
      start: start + m.index,
      end: start + m.index + word.length,
      norm: foldToken(word),
    });
  }
  return tokens;
}

/**
 * The most frequent French function words (articles, prepositions, pronouns, auxiliaries).
 * They weigh little in similarity: two unrelated French sentences share many of them.
 */
export const FRENCH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a ai ainsi alors au aucun aussi autre aux avait avec avoir ce ceci cela celle celui ces cet ' +
    'cette ceux chez comme d dans de des deja depuis donc dont du elle elles en encore entre est ' +
    'et etaient etait ete etre eu fait il ils j je l la le les leur leurs lui m ma mais me meme ' +
    'mes moi mon n ne ni nos notre nous on ont ou par pas peu plus pour qu que quel quelle qui s ' +
    'sa sans se ses si son sont sous sur t ta te tes toi ton tous tout toute toutes tres tu un ' +
    'une vers vos votre vous y a-t-il lors apres avant selon c ca cet sera seront'
  ).split(' '),
);
