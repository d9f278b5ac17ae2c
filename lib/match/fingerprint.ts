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
import { FRENCH_STOPWORDS } from '../text/normalize';
import { hashPair, hashString } from './hash';

/** Window of the winnowing, in bigrams: a shared run of WINDOW + 1 words is always found. */
export const WINDOW = 3;

/** Hashes of the French function words, to test word hashes without their text. */
export const STOPWORD_HASHES: ReadonlySet<number> = new Set([...FRENCH_STOPWORDS].map(hashString));

/**
 * Fingerprints are 30-bit: the index packs a fingerprint and a 23-bit sentence id into one
 * exactly representable double to sort postings natively (see corpus-index.ts).
 */
export const FINGERPRINT_MASK = 0x3fffffff;

/**
 * Hash of each informative bigram of a sentence, given its word hashes, in order (30-bit). A
 * one-word unit hashes its word.
 */
export function bigramHashes(words: ArrayLike<number>): number[] {
  if (words.length === 1) return [words[0]! & FINGERPRINT_MASK];
  const grams: number[] = [];
  let previous = words[0]!;
  let previousStop = STOPWORD_HASHES.has(previous);
  for (let i = 1; i < words.length; i++) {
    const hash = words[i]!;
    const stop = STOPWORD_HASHES.has(hash);
    if (!(previousStop && stop)) grams.push(hashPair(previous, hash) & FINGERPRINT_MASK);
    previous = hash;
    previousStop = stop;
  }
  return grams;
}

/**
 * Sentences of up to this many bigrams keep all of them: a short sentence with a third of its
 * words edited may share only two scattered bigrams with its source, which winnowing could
 * both drop (bench, 2026-11-21: brute force found heavy copies of 8 to 12 words the index
 * missed). Short sentences are few, so this costs little space.
 */
export const KEEP_ALL_BELOW = 12;

/** The winnowed fingerprints of a bigram sequence, without duplicates. */
export function winnow(grams: readonly number[], window = WINDOW): number[] {
  if (grams.length <= Math.max(window, KEEP_ALL_BELOW)) return [...new Set(grams)];
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
