/**
 * Language of a text by stopword frequency, among the languages a French-language news corpus
 * meets: fr, en, es, de, pt, it.
 *
 * Function words are the most frequent words of any text (a third to a half of running French
 * text), so counting them decides on a paragraph where letter n-grams need more text and a
 * trained model. A word listed for several languages ("de": fr, es, pt; "la": fr, es, it) counts
 * 1/n for each, so the words that tell languages apart decide. Below MIN_WORDS words the
 * counts are too small to trust and the language is null.
 *
 * Cost: one pass over the words with one map look-up each.
 */

/** Too few words to decide below this. */
export const MIN_WORDS = 20;

/** The most frequent function words of each language (accents kept, lower case). */
const STOPWORDS: Readonly<Record<string, string>> = {
  fr:
    'le la les de des du un une et est en que qui dans pour pas au aux sur ne se ce cette il elle ' +
    'ils elles nous vous son sa ses par plus avec été mais ou où sont leur lui être était aussi ' +
    'comme l d qu c n s j y ont très sans entre après depuis',
  en:
    'the of and to in is that it for was on with as by at be this are from have has not but an or ' +
    'which his her they he she we you i been were will would their there what about who its had',
  es:
    'el la los las de del y en que es un una por con para se no al lo su sus más como pero ha fue ' +
    'este esta entre también sobre sin muy hay son ya le les era están desde cuando',
  de:
    'der die das und ist nicht ein eine zu den dem des mit von sich auf für im auch es er sie wir ' +
    'ich als dass wird bei nach aus wie noch nur oder hat sind war werden einen einer über',
  pt:
    'o a os as de do da dos das e em que um uma no na nos nas para com por não se é ao mais como ' +
    'mas foi ser seu sua também está são pelo pela isso ele ela muito já entre',
  it:
    'il lo la i gli le di del della dei delle e è in che un una per con non si da al alla sono come ' +
    'anche ma più ha nel nella questo essere era loro l suo sua dopo tra molto',
};

const LANGUAGES = Object.keys(STOPWORDS);

/** Word → weight per language (1/n when n languages list the word). */
const WEIGHTS: ReadonlyMap<string, Float64Array> = (() => {
  const owners = new Map<string, number[]>();
  LANGUAGES.forEach((language, index) => {
    for (const word of new Set((STOPWORDS[language] ?? '').split(/\s+/))) {
      const list = owners.get(word);
      if (list) list.push(index);
      else owners.set(word, [index]);
    }
  });
  const weights = new Map<string, Float64Array>();
  for (const [word, languages] of owners) {
    const row = new Float64Array(LANGUAGES.length);
    for (const index of languages) row[index] = 1 / languages.length;
    weights.set(word, row);
  }
  return weights;
})();

/**
 * Share of words that must be stopwords of the winner for full confidence: running text in
 * these languages has 30–50% function words (weighted counts about half of that).
 */
const FULL_COVERAGE = 0.15;

const WORD = /\p{L}+/gu;

export interface LanguageGuess {
  /** ISO 639-1 code, or null when the text is too short or has no known function words. */
  language: string | null;
  /** In [0, 1]: the winner's margin over the runner-up, scaled down when few words are stopwords. */
  confidence: number;
}

/** The language of a text among fr, en, es, de, pt, it. */
export function detectLanguage(text: string): LanguageGuess {
  const scores = new Float64Array(LANGUAGES.length);
  let words = 0;
  for (const match of text.matchAll(WORD)) {
    words++;
    const row = WEIGHTS.get(match[0].toLowerCase());
    if (!row) continue;
    for (let index = 0; index < row.length; index++) scores[index]! += row[index]!;
  }
  if (words < MIN_WORDS) return { language: null, confidence: 0 };
  let best = -1;
  let second = -1;
  for (let index = 0; index < scores.length; index++) {
    if (best === -1 || scores[index]! > scores[best]!) {
      second = best;
      best = index;
    } else if (second === -1 || scores[index]! > scores[second]!) {
      second = index;
    }
  }
  const top = scores[best] ?? 0;
  if (top === 0) return { language: null, confidence: 0 };
  const margin = (top - (scores[second] ?? 0)) / top;
  const coverage = Math.min(1, top / words / FULL_COVERAGE);
  return { language: LANGUAGES[best] ?? null, confidence: margin * coverage };
}
