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

/**
 * A key for "the same text": two hashes chained over the words of the article's sentences
 * (their word hashes, unit by unit). A document whose key equals the annotated document's is
 * the same document under another name, whatever its typography or furniture.
 */
export function textKeyOfWords(units: Iterable<ArrayLike<number>>): string {
  let a = 0x3c6ef372;
  let b = 0x2545f491;
  let count = 0;
  for (const words of units) {
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      a = hashPair(a, word);
      b = hashPair(word, b);
    }
    count += words.length;
  }
  return `${a.toString(36)}-${b.toString(36)}-${count.toString(36)}`;
}
