/**
 * Sentence fingerprints: hashed word bigrams, winnowed.
 *
 * The index stores, for each corpus sentence, a winnowed sample of its word-bigram hashes
 * (Schleimer, Wilkerson and Aiken, "Winnowing", SIGMOD 2003): in every window of
 * WINDOW consecutive bigrams the smallest hash is kept. Any run of WINDOW + 1 words that two
 * sentences share yields at least one shared fingerprint, whatever was changed around it,
 * while the index holds about 2 / (WINDOW + 1) of the bigrams. A query is not winnowed: all of
 * its bigrams are looked up, so a fingerprint selected on the corpus side is always found.
 *
 * Bigrams of two function words ("de la", "il a") are dropped before winnowing: they are in
 * every French text and would crowd out informative fingerprints. Why bigrams and not longer
 * n-grams: a heavily edited copy (a third of the words changed, as in seed 002) keeps few
 * runs of three or more words; bigrams plus winnowing keep it findable.
 * Why not MinHash: sentences are short (20-40 words), a MinHash sample of a short set is
 * noisy, and winnowing's guarantee on shared runs is what an edited copy needs.
 */
import { FRENCH_STOPWORDS, type Token } from '../text/normalize';
import { hashPair, hashString } from './hash';

/** Window of the winnowing, in bigrams: a shared run of WINDOW + 1 words is always found. */
export const WINDOW = 3;

/** Hash of each informative bigram of the tokens, in order. A one-word unit hashes its word. */
export function bigramHashes(tokens: readonly Token[]): number[] {
  if (tokens.length === 1) return [hashString(tokens[0]!.norm)];
  const grams: number[] = [];
  let previous = tokens[0];
  let previousHash = previous ? hashString(previous.norm) : 0;
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    const hash = hashString(token.norm);
    if (!(FRENCH_STOPWORDS.has(previous!.norm) && FRENCH_STOPWORDS.has(token.norm))) {
      grams.push(hashPair(previousHash, hash));
    }
    previous = token;
    previousHash = hash;
  }
  return grams;
}

/** The winnowed fingerprints of a bigram sequence, without duplicates. */
export function winnow(grams: readonly number[], window = WINDOW): number[] {
  if (grams.length <= window) return [...new Set(grams)];
  const selected = new Set<number>();
  let minAt = -1;
  for (let end = window - 1; end < grams.length; end++) {
    const start = end - window + 1;
    if (minAt < start) {
      // The previous minimum left the window: scan the whole window (rightmost minimum).
      minAt = start;
      for (let k = start + 1; k <= end; k++) if (grams[k]! <= grams[minAt]!) minAt = k;
    } else if (grams[end]! <= grams[minAt]!) {
      minAt = end;
    }
    selected.add(grams[minAt]!);
  }
  return [...selected];
}
