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

/*
 * The same hashes in a table read without a branch: indexing tests every word, and whether a
 * word is a function word is a coin toss the processor cannot predict (a probing hash table
 * cost 14-19 ns a word here, this one 9). Each hash is in one of two slots, chosen by its low
 * and its high bits (cuckoo hashing, built once); a slot that holds no hash holds a value whose
 * low and high bits both differ from the slot's number, so no hash can read it as its own.
 */
const STOP_BITS = 11;
const STOP_MASK = (1 << STOP_BITS) - 1;
const stopEmpty = (slot: number): number => ((slot ^ 1) << 16) | (slot ^ 1) | 0;
const STOP_SLOTS = (() => {
  const slots = new Int32Array(STOP_MASK + 1).map((_, slot) => stopEmpty(slot));
  for (const hash of STOPWORD_HASHES) {
    let key = hash | 0;
    const a = key & STOP_MASK;
    const b = (key >>> 16) & STOP_MASK;
    if (slots[a] === key || slots[b] === key) continue;
    let slot = slots[a] === stopEmpty(a) ? a : b;
    // Cuckoo placement: the key takes the slot, and a key it displaces moves to its other one.
    for (let kick = 0; ; kick++) {
      if (kick > 1000) throw new Error('stopword table: no room (make STOP_BITS larger)');
      if (slots[slot] === stopEmpty(slot)) {
        slots[slot] = key;
        break;
      }
      const displaced = slots[slot]!;
      slots[slot] = key;
      key = displaced;
      const first = key & STOP_MASK;
      slot = first === slot ? (key >>> 16) & STOP_MASK : first;
    }
  }
  return slots;
})();

/**
 * 1 when the int32 `hash` (a word hash | 0) is a stopword's, else 0; no branch. `slots`:
 * STOP_SLOTS, passed by a loop that holds it in a local (a module-level binding is read again,
 * and its type checked again, at every call).
 */
function stopBit(hash: number, slots: Int32Array = STOP_SLOTS): number {
  return (
    Number(slots[hash & STOP_MASK] === hash) | Number(slots[(hash >>> 16) & STOP_MASK] === hash)
  );
}

/** STOPWORD_HASHES.has(hash), for a 32-bit unsigned hash. */
export function isStopwordHash(hash: number): boolean {
  return stopBit(hash | 0) === 1;
}

/**
 * Fingerprints are 30-bit: the index sorts its postings by fingerprint in three radix passes
 * of 10 bits (see corpus-index.ts), and indexes stored by earlier versions hold 30-bit values.
 */
export const FINGERPRINT_MASK = 0x3fffffff;

/**
 * Hash of each informative bigram of a sentence, given its word hashes, in order (30-bit). A
 * one-word unit hashes its word.
 */
export function bigramHashes(words: ArrayLike<number>): number[] {
  const grams = new Uint32Array(Math.max(1, words.length));
  return Array.from(grams.subarray(0, bigramsInto(words, 0, words.length, grams)));
}

/**
 * bigramHashes(words[from, to)) written to `grams` (room for to - from, at least 1): the
 * count.
 */
function bigramsInto(
  words: ArrayLike<number>,
  from: number,
  to: number,
  grams: Uint32Array,
): number {
  const n = to - from;
  if (n === 1) grams[0] = words[from]! & FINGERPRINT_MASK;
  if (n < 2) return n;
  // Hashes as int32 (the same bits): unsigned values above 2^31 would be doubles. The bigram
  // is always written and kept (count advanced) unless both words are function words.
  let count = 0;
  let previous = words[from]! | 0;
  const slots = STOP_SLOTS;
  let previousStop = stopBit(previous, slots);
  for (let i = from + 1; i < to; i++) {
    const hash = words[i]! | 0;
    const stop = stopBit(hash, slots);
    grams[count] = hashPair(previous, hash) & FINGERPRINT_MASK;
    count += 1 - (previousStop & stop);
    previous = hash;
    previousStop = stop;
  }
  return count;
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
  const out = new Uint32Array(grams.length);
  return Array.from(out.subarray(0, winnowInto(grams, grams.length, window, out, 0)));
}

/**
 * winnow() of grams[0, count), written to `out` from `at` (room for `count` more): returns
 * the new end. No array, no Set: this runs on every sentence indexed.
 */
function winnowInto(
  grams: ArrayLike<number>,
  count: number,
  window: number,
  out: Uint32Array,
  at: number,
): number {
  const from = at;
  if (count <= Math.max(window, KEEP_ALL_BELOW)) {
    for (let g = 0; g < count; g++) at = addUnique(out, from, at, grams[g]!);
    return at;
  }
  // Duplicates are looked for among the fingerprints written so far; a long "sentence" (a
  // list or table with no full stop, thousands of words) uses a Set, not that quadratic scan.
  const seen = count > SCAN_DEDUPLICATION_MAX ? new Set<number>() : null;
  let minAt = -1;
  for (let end = window - 1; end < count; end++) {
    const start = end - window + 1;
    if (minAt < start) {
      // The previous minimum left the window: scan the whole window (rightmost minimum).
      minAt = start;
      for (let k = start + 1; k <= end; k++) if (grams[k]! <= grams[minAt]!) minAt = k;
    } else if (grams[end]! <= grams[minAt]!) {
      minAt = end;
    }
    // The same minimum is selected by consecutive windows: compare with the last one first.
    const value = grams[minAt]!;
    if (at !== from && out[at - 1] === value) continue;
    if (seen === null) at = addUnique(out, from, at, value);
    else if (!seen.has(value)) {
      seen.add(value);
      out[at++] = value;
    }
  }
  return at;
}

/** Up to this many bigrams, duplicates are found by scanning the fingerprints written. */
const SCAN_DEDUPLICATION_MAX = 64;

/** Appends value to out[from, at) unless it is there already; returns the new end. */
function addUnique(out: Uint32Array, from: number, at: number, value: number): number {
  for (let k = from; k < at; k++) if (out[k] === value) return at;
  out[at] = value;
  return at + 1;
}

/** Scratch for sentenceFingerprints: a sentence's bigrams. */
let gramScratch = new Uint32Array(256);

/**
 * winnow(bigramHashes(words[from, to))) as a set, written to `out` from `at` (which must have
 * room for to - from more): returns the new end. The index's hot path: no array, no Set.
 */
export function sentenceFingerprints(
  words: ArrayLike<number>,
  out: Uint32Array,
  at: number,
  from = 0,
  to = words.length,
): number {
  if (gramScratch.length < to - from) gramScratch = new Uint32Array(2 * (to - from));
  return winnowInto(gramScratch, bigramsInto(words, from, to, gramScratch), WINDOW, out, at);
}
