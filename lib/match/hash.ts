/**
 * 32-bit hashes of words and word pairs (FNV-1a, then a murmur3 finaliser to spread bits).
 * Collisions at 32 bits are rare enough for candidate generation: every candidate is then
 * aligned on its real words, so a collision costs one alignment, never a false match.
 */

/** FNV-1a of a string's UTF-16 code units. */
export function hashString(text: string): number {
  // | 0 keeps h an int32 from the start (0x811c9dc5 alone is a double): the loop stays integer.
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Combines two hashes, order-sensitive, with a final avalanche. */
export function hashPair(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The two chains of textKeyOfWords, before and after a run of words. */
const CHAIN_A = 0x3c6ef372;
const CHAIN_B = 0x2545f491;
let chainA = CHAIN_A;
let chainB = CHAIN_B;

function chain(words: ArrayLike<number>, from = 0, to = words.length): void {
  // In int32 (the same bits; hashPair reads its arguments as int32): unsigned values above
  // 2^31 would be doubles in the loop.
  let a = chainA | 0;
  let b = chainB | 0;
  for (let i = from; i < to; i++) {
    const word = words[i]! | 0;
    a = hashPair(a, word) | 0;
    b = hashPair(word, b) | 0;
  }
  chainA = a >>> 0;
  chainB = b >>> 0;
}

/**
 * A key for "the same text": two hashes chained over the words of the article's sentences
 * (their word hashes, unit by unit). A document whose key equals the annotated document's is
 * the same document under another name, whatever its typography or furniture.
 */
export function textKeyOfWords(units: Iterable<ArrayLike<number>>): string {
  chainA = CHAIN_A;
  chainB = CHAIN_B;
  let count = 0;
  for (const words of units) {
    chain(words);
    count += words.length;
  }
  return chainedKey(count);
}

/** textKeyOfWords() of units whose words are words[0, count), one unit after the other. */
export function textKeyOfRun(words: ArrayLike<number>, count: number): string {
  chainA = CHAIN_A;
  chainB = CHAIN_B;
  chain(words, 0, count);
  return chainedKey(count);
}

/** The text key of the chains as they stand, over `count` words. */
function chainedKey(count: number): string {
  return `${chainA.toString(36)}-${chainB.toString(36)}-${count.toString(36)}`;
}

/**
 * The same chains over one run of words, as a number (53 bits: all of the first hash, 21 bits
 * of the second): a Map key for "the same words" that costs no string.
 */
export function wordsKey(words: ArrayLike<number>): number {
  chainA = CHAIN_A;
  chainB = CHAIN_B;
  chain(words);
  return chainA * 0x200000 + (chainB & 0x1fffff);
}

/**
 * A read-only map from 32-bit unsigned hashes to small positive values, for lookups in hot
 * loops: open addressing in typed arrays (a Map would box every hash above 2^30). Absent
 * hashes read as 0.
 */
export class HashTable {
  /** The hashes as int32 (the same bits: unsigned values above 2^31 would be doubles). */
  private readonly keys: Int32Array;
  private readonly values: Uint32Array;
  private readonly mask: number;
  /** The value of hash 0, which marks empty slots in `keys`. */
  private readonly zero: number;

  constructor(entries: Iterable<readonly [number, number]>) {
    const list = [...entries];
    let size = 16;
    while (size < list.length * 4) size *= 2;
    this.keys = new Int32Array(size);
    this.values = new Uint32Array(size);
    this.mask = size - 1;
    let zero = 0;
    for (const [unsigned, value] of list) {
      const hash = unsigned | 0;
      if (hash === 0) {
        zero = value;
        continue;
      }
      let k = hash & this.mask;
      while (this.keys[k] !== 0 && this.keys[k] !== hash) k = (k + 1) & this.mask;
      this.keys[k] = hash;
      this.values[k] = value;
    }
    this.zero = zero;
  }

  get(unsigned: number): number {
    const hash = unsigned | 0;
    if (hash === 0) return this.zero;
    let k = hash & this.mask;
    for (;;) {
      const key = this.keys[k]!;
      if (key === hash) return this.values[k]!;
      if (key === 0) return 0;
      k = (k + 1) & this.mask;
    }
  }
}
