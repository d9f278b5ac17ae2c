/**
 * Alignment of two sentences: how much of one is in the other, and a word diff.
 *
 * Similarity is a weighted Dice coefficient over the two sentences' word multisets, on
 * normalised words, with French function words weighing 0.2: two unrelated French sentences
 * share many "de", "la", "a", which must not look like reuse, while an edited copy keeps the
 * names, numbers and rare words. A bag of words (not a longest common subsequence) because
 * outlets reorder clauses; order is still shown in the diff. Containment (the share of this
 * sentence's weight found in the other) catches a sentence that is a cut-down version of a
 * longer one, or one half of a sentence another outlet merged with the next.
 */
import { diffArrays } from 'diff';
import type { DiffOp } from '../types';
import type { Token } from '../text/normalize';
import { STOPWORD_HASHES } from './fingerprint';

const STOPWORD_WEIGHT = 0.2;

/** Weight of a word, given its hash: function words weigh STOPWORD_WEIGHT, others 1. */
export function wordWeight(hash: number): number {
  return STOPWORD_HASHES.has(hash) ? STOPWORD_WEIGHT : 1;
}

/** Total weight of a word list. */
export function totalWeight(words: readonly number[]): number {
  let sum = 0;
  for (const w of words) sum += wordWeight(w);
  return sum;
}

export interface Comparison {
  /** Weighted Dice coefficient of the two word multisets, in [0, 1]. */
  dice: number;
  /** Share of the query's weight found in the source, in [0, 1]. */
  containment: number;
  /** Weight of the query's words: short sentences carry little evidence. */
  queryWeight: number;
  /** Same normalised words in the same order. */
  verbatim: boolean;
}

/**
 * A query sentence prepared once for comparison with many sources: its distinct words, how
 * often each occurs, and their weights.
 */
export class QueryBag {
  readonly words: readonly number[];
  readonly weight: number;
  private readonly slotOf = new Map<number, number>();
  private readonly counts: number[] = [];
  private readonly weights: number[] = [];
  private readonly used: Uint16Array;

  constructor(words: readonly number[]) {
    this.words = words;
    let weight = 0;
    for (const w of words) {
      const slot = this.slotOf.get(w);
      if (slot === undefined) {
        this.slotOf.set(w, this.counts.length);
        this.counts.push(1);
        this.weights.push(wordWeight(w));
      } else this.counts[slot]!++;
      weight += wordWeight(w);
    }
    this.weight = weight;
    this.used = new Uint16Array(this.counts.length);
  }

  /** Compares this query with a source sentence's word hashes. */
  compare(source: ArrayLike<number>): Comparison {
    const used = this.used;
    used.fill(0);
    let shared = 0;
    let sourceWeight = 0;
    for (let i = 0; i < source.length; i++) {
      const w = source[i]!;
      const slot = this.slotOf.get(w);
      if (slot === undefined) {
        sourceWeight += wordWeight(w);
        continue;
      }
      const weight = this.weights[slot]!;
      sourceWeight += weight;
      if (used[slot]! < this.counts[slot]!) {
        used[slot]!++;
        shared += weight;
      }
    }
    const total = this.weight + sourceWeight;
    const query = this.words;
    let verbatim = query.length === source.length && query.length > 0;
    for (let i = 0; verbatim && i < query.length; i++) if (query[i] !== source[i]) verbatim = false;
    return {
      dice: total === 0 ? 0 : (2 * shared) / total,
      containment: this.weight === 0 ? 0 : shared / this.weight,
      queryWeight: this.weight,
      verbatim,
    };
  }
}

/**
 * Compares a sentence of the annotated text (query) with a corpus sentence (source), both as
 * word hashes (see wordHashes / Token.hash).
 */
export function compareWords(query: readonly number[], source: readonly number[]): Comparison {
  return new QueryBag(query).compare(source);
}

/** The former implementation of compareWords, kept as the reference for tests. */
export function compareWordsReference(
  query: readonly number[],
  source: readonly number[],
): Comparison {
  const counts = new Map<number, number>();
  for (const w of source) counts.set(w, (counts.get(w) ?? 0) + 1);
  let queryWeight = 0;
  let shared = 0;
  for (const w of query) {
    const weight = wordWeight(w);
    queryWeight += weight;
    const left = counts.get(w);
    if (left) {
      shared += weight;
      counts.set(w, left - 1);
    }
  }
  const sourceWeight = totalWeight(source);
  const total = queryWeight + sourceWeight;
  let verbatim = query.length === source.length && query.length > 0;
  for (let i = 0; verbatim && i < query.length; i++) {
    if (query[i] !== source[i]) verbatim = false;
  }
  return {
    dice: total === 0 ? 0 : (2 * shared) / total,
    containment: queryWeight === 0 ? 0 : shared / queryWeight,
    queryWeight,
    verbatim,
  };
}

/**
 * Share of the query's weight found within one stretch of the source at most 1.5 times the
 * query's length (plus two words), in any order: what a cut-down copy looks like
 * ("«Ce n'est pas comme si la maison était en feu.»" taken from a longer sentence, or the
 * first half of a sentence with a clause moved), and what a sentence that merely shares a few
 * names with a long sentence does not. A sliding window with running counts: O(source).
 */
export function localContainment(query: readonly number[], source: ArrayLike<number>): number {
  const n = query.length;
  if (n === 0 || source.length === 0) return 0;
  const needed = new Map<number, number>();
  let queryWeight = 0;
  for (const w of query) {
    needed.set(w, (needed.get(w) ?? 0) + 1);
    queryWeight += wordWeight(w);
  }
  const width = Math.min(source.length, Math.ceil(1.5 * n) + 2);
  const inWindow = new Map<number, number>();
  let found = 0;
  let best = 0;
  for (let j = 0; j < source.length; j++) {
    const enter = source[j]!;
    const have = inWindow.get(enter) ?? 0;
    inWindow.set(enter, have + 1);
    if (have < (needed.get(enter) ?? 0)) found += wordWeight(enter);
    if (j >= width) {
      const leave = source[j - width]!;
      const left = inWindow.get(leave)! - 1;
      inWindow.set(leave, left);
      if (left < (needed.get(leave) ?? 0)) found -= wordWeight(leave);
    }
    if (found > best) best = found;
  }
  return best / queryWeight;
}

/**
 * Word diff from the source's wording to the query's: '=' words both have, '-' words of the
 * source the outlet removed, '+' words it added. Each op's text is the original text from its
 * first word to its last, so punctuation inside a run is kept.
 */
export function wordDiff(
  sourceText: string,
  source: readonly Token[],
  queryText: string,
  query: readonly Token[],
): DiffOp[] {
  const changes = diffArrays(
    source.map((t) => t.hash),
    query.map((t) => t.hash),
  );
  const ops: DiffOp[] = [];
  let i = 0; // next source token
  let j = 0; // next query token
  for (const change of changes) {
    const n = change.count ?? change.value.length;
    if (n === 0) continue;
    if (change.added) {
      ops.push({ op: '+', text: queryText.slice(query[j]!.start, query[j + n - 1]!.end) });
      j += n;
    } else if (change.removed) {
      ops.push({ op: '-', text: sourceText.slice(source[i]!.start, source[i + n - 1]!.end) });
      i += n;
    } else {
      ops.push({ op: '=', text: queryText.slice(query[j]!.start, query[j + n - 1]!.end) });
      i += n;
      j += n;
    }
  }
  return ops;
}
