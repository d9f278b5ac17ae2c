/**
 * Annotation of a document against a corpus index: for each sentence of the article, the
 * corpus documents in which it is also found, how closely, and what was changed.
 *
 * Two passes. First each sentence on its own: candidates from the index, aligned, kept when
 * similar enough. Then context: reuse comes in runs (an outlet copies paragraphs, not lone
 * sentences), so a sentence whose best match in a document is weaker than the threshold but
 * still substantial is counted as an edited copy when a neighbouring sentence is a strong
 * match in the same document. This finds the sentences an outlet rewrote hardest without
 * lowering the threshold for sentences that stand alone, such as an independent report's.
 */
import type {
  AnnotatedSentence,
  Annotation,
  BoilerplateBlock,
  SentenceSource,
  TextBlock,
} from './types';
import { analyseText } from './analyse';
import { textKeyOfWords } from './match/hash';
import { tokenize, wordHashesIn, type Token } from './text/normalize';
import { quoteSpans, quotedShare } from './text/quotes';
import { QueryBag, localContainment, wordDiff, type Comparison } from './match/align';
import type { CorpusIndex, IndexedDocument } from './match/corpus-index';

export interface MatchOptions {
  /** A sentence is shared when its similarity to a corpus sentence reaches this. */
  sharedThreshold: number;
  /** A weaker match next to a strong one in the same document counts from this similarity. */
  contextThreshold: number;
  /** What "a strong match" is for the context rule. */
  contextAnchor: number;
  /** At most this many candidate sentences are aligned per sentence. */
  candidateLimit: number;
  /** At most this many sources are reported per sentence, the most similar first. */
  maxSources: number;
  /** Sentences of fewer words are never compared: too little evidence. */
  minWords: number;
  /** A sentence is a quote when at least this share of its letters is inside quotation marks. */
  quoteShare: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = {
  sharedThreshold: 0.45,
  contextThreshold: 0.3,
  contextAnchor: 0.6,
  candidateLimit: 24,
  maxSources: 10,
  minWords: 4,
  quoteShare: 0.5,
};

/** Containment counts only for sentences with at least this much word weight... */
const CONTAINMENT_MIN_WEIGHT = 3.5;
/** ...and when at least this share of their words is in the source, wherever they are. */
const CONTAINMENT_MIN_SHARE = 0.8;

/**
 * The similarity of a pair, 1 for a verbatim copy: otherwise the Dice coefficient or, for a sentence long enough to be
 * evidence and found within one stretch of a longer sentence, 0.9 × that local containment
 * (a cut-down copy, or one half of a sentence another outlet merged with the next).
 */
export function similarityOf(
  c: Comparison,
  query: readonly number[],
  source: ArrayLike<number>,
): number {
  if (c.verbatim) return 1;
  let similarity = c.dice;
  if (c.queryWeight >= CONTAINMENT_MIN_WEIGHT && c.containment >= CONTAINMENT_MIN_SHARE) {
    similarity = Math.max(similarity, 0.9 * localContainment(query, source));
  }
  // 1 means verbatim: the same words reordered score just below.
  return Math.min(round3(similarity), 0.999);
}

export interface AnnotateInput {
  id: string;
  text: string;
  title?: string | null;
  /** Blocks from a structured source (HTML extraction); default: the text's lines. */
  blocks?: TextBlock[];
  /** Furniture already found by a structured source. */
  boilerplate?: BoilerplateBlock[];
}

/** The best-matching sentence of one corpus document for one annotated sentence. */
interface DocumentMatch {
  doc: IndexedDocument;
  similarity: number;
  start: number;
  end: number;
  comparison: Comparison;
}

/**
 * An article analysed and its candidate corpus sentences found: the first half of an
 * annotation. The extension prepares, reads the texts of comparedDocuments() only, then
 * annotates the same preparation, so the analysis and the candidate search run once.
 */
export interface PreparedAnnotation {
  input: AnnotateInput;
  options: MatchOptions;
  analysed: ReturnType<typeof analyseText>;
  /** Word hashes of each unit. */
  units: number[][];
  /** Per unit: ids of the candidate corpus sentences, best first; none under minWords. */
  candidates: number[][];
}

export function prepareAnnotation(
  input: AnnotateInput,
  index: CorpusIndex,
  options: Partial<MatchOptions> = {},
): PreparedAnnotation {
  const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
  const { text } = input;
  const analysed = analyseText(text, { blocks: input.blocks, boilerplate: input.boilerplate });
  const units = analysed.units.map((unit) =>
    Array.from(wordHashesIn(analysed.words, text, unit.start, unit.end)),
  );
  // The annotated document itself is left out: by id, and under any other name by its key.
  const self = { ids: [input.id], key: textKeyOfWords(units) };
  const candidates = units.map((words) =>
    words.length >= opts.minWords
      ? index.candidates(words, opts.candidateLimit, self).map((c) => c.id)
      : [],
  );
  return { input, options: opts, analysed, units, candidates };
}

/** The ids of the corpus documents whose sentences annotatePrepared() will compare. */
export function comparedDocuments(prepared: PreparedAnnotation, index: CorpusIndex): string[] {
  const ids = new Set<string>();
  for (const list of prepared.candidates) {
    for (const id of list) {
      const sentence = index.sentence(id);
      if (sentence) ids.add(sentence.document.id);
    }
  }
  return [...ids];
}

export function annotateText(
  input: AnnotateInput,
  index: CorpusIndex,
  options: Partial<MatchOptions> = {},
): Annotation {
  return annotatePrepared(prepareAnnotation(input, index, options), index);
}

/**
 * The matches each sentence keeps, from its candidate matches (one list per sentence, in the
 * article's order): pass 1 keeps the strong ones (sharedThreshold); pass 2 gives a sentence
 * with none the weaker ones (contextThreshold was applied before) whose document matches a
 * neighbouring sentence strongly (contextAnchor). The benchmark's brute force applies the
 * same rule.
 */
export function acceptMatches<M extends { doc: IndexedDocument; similarity: number }>(
  matches: readonly (readonly M[])[],
  opts: Pick<MatchOptions, 'sharedThreshold' | 'contextAnchor'>,
): M[][] {
  const accepted = matches.map((list) => list.filter((m) => m.similarity >= opts.sharedThreshold));
  const anchored = (i: number, doc: IndexedDocument) =>
    [i - 1, i + 1].some((j) =>
      matches[j]?.some((m) => m.doc === doc && m.similarity >= opts.contextAnchor),
    );
  matches.forEach((list, i) => {
    if (accepted[i]!.length > 0) return;
    accepted[i] = list.filter((m) => anchored(i, m.doc));
  });
  return accepted;
}

/** The annotation of a prepared article (prepareAnnotation), against the same index. */
export function annotatePrepared(prepared: PreparedAnnotation, index: CorpusIndex): Annotation {
  const { input, options: opts, analysed, units, candidates } = prepared;
  const { text } = input;

  const matches: DocumentMatch[][] = units.map((words, i) =>
    documentMatches(index, words, candidates[i]!, opts),
  );

  const accepted = acceptMatches(matches, opts);

  const quotesByBlock = new Map<number, ReturnType<typeof quoteSpans>>();
  const sentences: AnnotatedSentence[] = analysed.units.map((unit, i) => {
    let quotes = quotesByBlock.get(unit.block);
    if (!quotes) {
      const block = analysed.blocks[unit.block]!;
      quotes = quoteSpans(text, block.start, block.end);
      quotesByBlock.set(unit.block, quotes);
    }
    const kind =
      quotedShare(text, unit.start, unit.end, quotes) >= opts.quoteShare ? 'quote' : 'prose';
    const kept = accepted[i]!.sort(
      (a, b) => b.similarity - a.similarity || a.doc.id.localeCompare(b.doc.id),
    ).slice(0, opts.maxSources);
    const tokens = kept.length ? tokenize(text, unit.start, unit.end) : [];
    // Diffs by source sentence text: a wire sentence copied as is by many outlets is diffed once.
    const diffs = new Map<string, SentenceSource['diff']>();
    const sources = kept.map((m) => toSource(m, text, tokens, diffs));
    const best = sources[0];
    // A unique sentence still reports how close its nearest corpus sentence came.
    let nearest = 0;
    for (const m of matches[i]!) nearest = Math.max(nearest, m.similarity);
    return {
      start: unit.start,
      end: unit.end,
      text: text.slice(unit.start, unit.end),
      status: best ? 'shared' : 'unique',
      match: best ? (best.similarity === 1 ? 'verbatim' : 'edited') : null,
      kind,
      similarity: best ? best.similarity : nearest,
      sources,
    };
  });

  const shared = sentences.filter((s) => s.status === 'shared').length;
  return {
    id: input.id,
    title: input.title ?? analysed.title,
    sentences,
    boilerplate: analysed.boilerplate,
    credit: analysed.credit,
    stats: {
      sentences: sentences.length,
      shared,
      sharedRatio: sentences.length ? round3(shared / sentences.length) : 0,
    },
  };
}

/** For one sentence: the best sentence of each corpus document, if at least contextThreshold. */
function documentMatches(
  index: CorpusIndex,
  words: number[],
  candidates: number[],
  opts: MatchOptions,
): DocumentMatch[] {
  if (candidates.length === 0) return [];
  const best = new Map<IndexedDocument, DocumentMatch>();
  const bag = new QueryBag(words);
  for (const id of candidates) {
    const sentence = index.sentence(id);
    if (!sentence) continue;
    const source = index.sentenceWords(id);
    const comparison = bag.compare(source);
    const similarity = similarityOf(comparison, words, source);
    if (similarity < opts.contextThreshold) continue;
    const previous = best.get(sentence.document);
    if (!previous || similarity > previous.similarity) {
      best.set(sentence.document, {
        doc: sentence.document,
        similarity,
        start: sentence.start,
        end: sentence.end,
        comparison,
      });
    }
  }
  return [...best.values()];
}

function toSource(
  match: DocumentMatch,
  text: string,
  tokens: Token[],
  diffs: Map<string, SentenceSource['diff']>,
): SentenceSource {
  const { doc } = match;
  const sourceText = doc.text.slice(match.start, match.end);
  let diff = diffs.get(sourceText);
  if (!diff) {
    diff = match.comparison.verbatim
      ? [{ op: '=', text: text.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end) }]
      : wordDiff(sourceText, tokenize(sourceText), text, tokens);
    diffs.set(sourceText, diff);
  }
  return { id: doc.id, title: doc.title, similarity: match.similarity, text: sourceText, diff };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
