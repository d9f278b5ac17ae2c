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
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ﬁ: 'fi', ﬂ: 'fl' };
const LIGATURE_RE = /[œæßﬁﬂ]/g;

/**
 * Lower case without accents or ligatures: 'États' → 'etats', 'Œuvre' → 'oeuvre'. Each
 * character is folded on its own, exactly as words are folded when tokenized.
 */
export function foldCase(text: string): string {
  return foldRange(text, 0, text.length);
}

/**
 * The normalised form of a text, for equality tests: two texts that differ only by case,
 * accents, apostrophes, quotation marks and the spaces around them, ellipsis spelling,
 * dashes and whitespace have the same normalised form.
 */
export function normalizeForMatch(text: string): string {
  // One pass can make a new match for the next (…. → .... → ...): repeat until stable. After
  // the first pass the text only shrinks, so a few passes suffice; 8 bounds hostile input.
  let current = normalizeOnce(text);
  for (let pass = 0; pass < 8; pass++) {
    const next = normalizeOnce(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

function normalizeOnce(text: string): string {
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
  /** hashString(norm), computed while scanning. */
  hash: number;
}

/*
 * Words are runs of letters, digits and combining marks. Elisions (l', qu', d') and hyphenated
 * compounds (Etats-Unis) split into their parts, numbers split at their separators (1,3 /
 * 400.000): whatever the outlet's typography, both copies split the same way.
 *
 * Scanning is the hot path of indexing (every corpus byte goes through it), so it works on
 * UTF-16 code units with tables built once from Unicode properties: for each code unit below
 * U+0250 (Latin-1 and Latin Extended-A/B, nearly all French text) whether it is part of a word
 * and its folded form (lower case, accents and marks removed, ligatures expanded); other
 * characters are classified with the same regular expressions on first sight and cached.
 * Folding a word is folding each of its characters, and its hash is FNV-1a of the folded code
 * units, computed on the fly: `hash === hashString(norm)` without building `norm` first.
 */
const TABLE_LIMIT = 0x250;
const COMBINING_MARKS_ALL = /\p{M}/gu;
const WORD_RE = /^[\p{L}\p{N}\p{M}]$/u;
const FOLD_TABLE: string[] = [];
const WORD_TABLE = new Uint8Array(TABLE_LIMIT);
/** 1 when the code unit folds to itself: a-z, 0-9. */
const PLAIN_TABLE = new Uint8Array(TABLE_LIMIT);
for (let c = 0; c < TABLE_LIMIT; c++) {
  const ch = String.fromCharCode(c);
  WORD_TABLE[c] = WORD_RE.test(ch) ? 1 : 0;
  FOLD_TABLE.push(foldChar(ch));
  PLAIN_TABLE[c] = FOLD_TABLE[c] === ch && WORD_TABLE[c] ? 1 : 0;
}
const wideCache = new Map<string, { word: boolean; fold: string }>();

function foldChar(ch: string): string {
  return ch
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS_ALL, '')
    .replace(LIGATURE_RE, (c) => LIGATURES[c] ?? c);
}

/** Class and folded form of a character outside the table (cached). */
/** Modifier letters used as apostrophes (ʼ ʹ): they separate words, as ’ does. */
const APOSTROPHE_LETTERS = new Set(['\u02bc', '\u02b9']);

function wide(ch: string): { word: boolean; fold: string } {
  let info = wideCache.get(ch);
  if (!info) {
    info = { word: WORD_RE.test(ch) && !APOSTROPHE_LETTERS.has(ch), fold: foldChar(ch) };
    if (wideCache.size > 10_000) wideCache.clear();
    wideCache.set(ch, info);
  }
  return info;
}

/** Whether text[i] and text[i + 1] (before end) form a surrogate pair. */
function surrogatePairAt(text: string, i: number, end: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= end) return false;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** For code units below TABLE_LIMIT that fold to exactly one code unit: that unit; else 0. */
const FOLD_UNIT = new Uint16Array(TABLE_LIMIT);
for (let c = 0; c < TABLE_LIMIT; c++) {
  const fold = FOLD_TABLE[c]!;
  FOLD_UNIT[c] = fold.length === 1 ? fold.charCodeAt(0) : 0;
}

/**
 * FOLD_CODE of every UTF-16 code unit, one table read per character in scanWords: 0 when it is
 * not a word character (below TABLE_LIMIT, or General Punctuation: spaces, dashes, ’ “ ” …,
 * frequent in French copy); the one code unit it folds to, plus FOLDS_TO_ITSELF when that is
 * itself (a-z, 0-9); OTHER_FOLD when it folds to several code units or to none (œ → oe, a
 * combining mark: FOLD_TABLE's string); WIDE above TABLE_LIMIT, classified by wide() on first
 * sight. One table rather than a class table and a fold table, and no call in the loop over
 * a word: scanWords took 11 instead of 16 ns per character on the bench corpus (best of ten,
 * alternating the two).
 */
const FOLDS_TO_ITSELF = 0x10000;
const UNIT_MASK = 0xffff;
const OTHER_FOLD = -1;
const WIDE = -2;
const PUNCTUATION_START = 0x2000;
const PUNCTUATION_END = 0x2070;
const FOLD_CODE = new Int32Array(0x10000).fill(WIDE);
FOLD_CODE.fill(0, PUNCTUATION_START, PUNCTUATION_END);
for (let c = 0; c < TABLE_LIMIT; c++) {
  FOLD_CODE[c] = !WORD_TABLE[c]
    ? 0
    : PLAIN_TABLE[c]
      ? c | FOLDS_TO_ITSELF
      : FOLD_UNIT[c] !== 0
        ? FOLD_UNIT[c]!
        : OTHER_FOLD;
}

/** Words found by scanWords: parallel arrays, reused between calls (read before the next). */
export interface WordScan {
  count: number;
  starts: Uint32Array;
  ends: Uint32Array;
  hashes: Uint32Array;
  /** 1 when the word is already in folded form (its norm is the slice itself). */
  plain: Uint8Array;
}

const scan: WordScan = {
  count: 0,
  starts: new Uint32Array(256),
  ends: new Uint32Array(256),
  hashes: new Uint32Array(256),
  plain: new Uint8Array(256),
};

function growScan(): void {
  const size = scan.starts.length * 2;
  const grow = <T extends Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
    const b = make(size);
    b.set(a);
    return b;
  };
  scan.starts = grow(scan.starts, (n) => new Uint32Array(n));
  scan.ends = grow(scan.ends, (n) => new Uint32Array(n));
  scan.hashes = grow(scan.hashes, (n) => new Uint32Array(n));
  scan.plain = grow(scan.plain, (n) => new Uint8Array(n));
}

/**
 * Finds the words of text[start, end): their spans, folded hashes and whether each is already
 * folded. Returns a shared WordScan, valid until the next call. One loop with no callback:
 * this is where indexing spends most of its time.
 */
export function scanWords(text: string, start: number, end: number): WordScan {
  let count = 0;
  let i = start;
  let { starts, ends, hashes, plain: plains } = scan;
  // The table in a local: a module-level binding (a var once bundled) is read again, and its
  // type checked again, at every character.
  const foldCode = FOLD_CODE;
  while (i < end) {
    // Skip to the next word character.
    let code = foldCode[text.charCodeAt(i)]!;
    if (code === 0) {
      i++;
      continue;
    }
    if (code === WIDE && !wideWordAt(text, i, end)) {
      i += surrogatePairAt(text, i, end) ? 2 : 1;
      continue;
    }
    const wordStart = i;
    // FNV-1a, kept in int32 (>>> 0 once at the end). The loop handles the code units that
    // fold to one and has no call (a call in it made every character slower); the first other
    // one hands the rest of the word to wordTail.
    let hash = FNV_OFFSET | 0;
    let plain = 1;
    while (i < end) {
      code = foldCode[text.charCodeAt(i)]!;
      if (code <= 0) break;
      hash = Math.imul(hash ^ (code & UNIT_MASK), FNV_PRIME);
      plain &= code >>> 16;
      i++;
    }
    if (i < end && code < 0) {
      const tailEnd = wordTail(text, i, end, hash);
      if (tailEnd > i) {
        i = tailEnd;
        hash = tailHash;
        plain = 0;
      }
    }
    if (count === starts.length) {
      growScan();
      ({ starts, ends, hashes, plain: plains } = scan);
    }
    starts[count] = wordStart;
    ends[count] = i;
    hashes[count] = hash >>> 0;
    plains[count] = plain;
    count++;
  }
  scan.count = count;
  return scan;
}

/** Whether the character at text[i] (FOLD_CODE WIDE) is a word character. */
function wideWordAt(text: string, i: number, end: number): boolean {
  return wide(text.slice(i, surrogatePairAt(text, i, end) ? i + 2 : i + 1)).word;
}

/** wordTail's hash of the word, read right after the call. */
let tailHash = 0;

/**
 * The rest of a word from text[i], every kind of character: returns where the word ends and
 * leaves its hash, continued from `hash`, in tailHash.
 */
function wordTail(text: string, i: number, end: number, hash: number): number {
  while (i < end) {
    const code = FOLD_CODE[text.charCodeAt(i)]!;
    let fold: string;
    if (code > 0) {
      hash = Math.imul(hash ^ (code & UNIT_MASK), FNV_PRIME);
      i++;
      continue;
    } else if (code === 0) {
      break;
    } else if (code === OTHER_FOLD) {
      fold = FOLD_TABLE[text.charCodeAt(i)]!;
      i++;
    } else {
      const width = surrogatePairAt(text, i, end) ? 2 : 1;
      const info = wide(text.slice(i, i + width));
      if (!info.word) break;
      fold = info.fold;
      i += width;
    }
    for (let k = 0; k < fold.length; k++) hash = Math.imul(hash ^ fold.charCodeAt(k), FNV_PRIME);
  }
  tailHash = hash;
  return i;
}

/** The folded form of text[start, end): each character folded (see scanWords). */
function foldRange(text: string, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < TABLE_LIMIT) out += FOLD_TABLE[c];
    else {
      const width = surrogatePairAt(text, i, end) ? 2 : 1;
      out += wide(text.slice(i, i + width)).fold;
      i += width - 1;
    }
  }
  return out;
}

/** The words of `text` between `start` and `end`, with offsets into `text`. */
export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const words = scanWords(text, start, end);
  const tokens: Token[] = new Array(words.count);
  for (let k = 0; k < words.count; k++) {
    const s = words.starts[k]!;
    const e = words.ends[k]!;
    tokens[k] = {
      start: s,
      end: e,
      norm: words.plain[k] ? text.slice(s, e) : foldRange(text, s, e),
      hash: words.hashes[k]!,
    };
  }
  return tokens;
}

/** Hashes of the words of text[start, end), as tokenize(...).map(t => t.hash) would give. */
export function wordHashes(text: string, start = 0, end = text.length): number[] {
  const words = scanWords(text, start, end);
  return Array.from(words.hashes.subarray(0, words.count));
}

/** The words of a text, in arrays of their own (scanWords' arrays are shared). */
export interface TextWords {
  count: number;
  starts: Uint32Array;
  ends: Uint32Array;
  hashes: Uint32Array;
}

/**
 * The words of the whole text (scanWords), kept: a text is scanned once and every part of it
 * (lines for the boilerplate rules, sentences for the index) reads its words from here.
 */
export function textWords(text: string): TextWords {
  const words = scanWords(text, 0, text.length);
  const count = words.count;
  // One buffer for the three arrays: an ArrayBuffer of more than 64 bytes costs V8 a few
  // microseconds (allocated off the heap), as much as scanning a few hundred characters.
  const buffer = new ArrayBuffer(12 * count);
  const starts = new Uint32Array(buffer, 0, count);
  const ends = new Uint32Array(buffer, 4 * count, count);
  const hashes = new Uint32Array(buffer, 8 * count, count);
  starts.set(words.starts.subarray(0, count));
  ends.set(words.ends.subarray(0, count));
  hashes.set(words.hashes.subarray(0, count));
  return { count, starts, ends, hashes };
}

/** The index of the first of `words` that ends after `offset` (count if none). */
export function firstWordEndingAfter(words: TextWords, offset: number): number {
  const { ends } = words;
  let lo = 0;
  let hi = words.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Hashes of the words of text[start, end), the same as wordHashes(text, start, end), read from
 * `words` (textWords(text)): a view when no word of the text straddles either bound (the words
 * inside are then exactly the range's), else the range scanned again.
 */
export function wordHashesIn(
  words: TextWords,
  text: string,
  start: number,
  end: number,
): Uint32Array {
  const span = wordSpan(words, start, end);
  if (span === null) {
    const scanned = scanWords(text, start, end);
    return scanned.hashes.slice(0, scanned.count);
  }
  return words.hashes.subarray(span.lo, span.last);
}

/**
 * The words of `words` (textWords(text)) inside [start, end), words[lo, last): null when a word
 * of the text straddles either bound (the range must then be scanned on its own).
 */
function wordSpan(
  words: TextWords,
  start: number,
  end: number,
): { lo: number; last: number } | null {
  const { count, starts, ends } = words;
  const lo = firstWordEndingAfter(words, start);
  let last = lo;
  while (last < count && ends[last]! <= end) last++;
  const straddles = (lo < count && starts[lo]! < start) || (last < count && starts[last]! < end);
  return straddles ? null : { lo, last };
}

/**
 * Word hashes of ranges of one text, appended one range after the other (a document's
 * sentences, for the index): wordHashesIn() of each range without an array per range.
 * hashes[0, count) is valid until the next reset().
 */
export class WordHashRun {
  hashes = new Uint32Array(1024);
  count = 0;

  reset(): void {
    this.count = 0;
  }

  /** Appends wordHashesIn(words, text, start, end). */
  append(words: TextWords, text: string, start: number, end: number): void {
    const span = wordSpan(words, start, end);
    if (span === null) {
      const scanned = scanWords(text, start, end);
      this.appendFrom(scanned.hashes, 0, scanned.count);
    } else {
      this.appendFrom(words.hashes, span.lo, span.last);
    }
  }

  private appendFrom(source: Uint32Array, from: number, to: number): void {
    const needed = this.count + (to - from);
    if (needed > this.hashes.length) {
      const grown = new Uint32Array(Math.max(needed, 2 * this.hashes.length));
      grown.set(this.hashes.subarray(0, this.count));
      this.hashes = grown;
    }
    const hashes = this.hashes;
    let at = this.count;
    for (let k = from; k < to; k++) hashes[at++] = source[k]!;
    this.count = at;
  }
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

const APOSTROPHE_CODES = new Set([0x2019, 0x2018, 0x02bc, 0x0060, 0x00b4]);
const QUOTE_CODES = new Set([0x00ab, 0x00bb, 0x201c, 0x201d, 0x201e]);

/** Whether a UTF-16 code unit is whitespace (\s, with no-break and narrow no-break spaces). */
export function isSpaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * A line folded for vocabulary rules, in one pass: characters folded as in foldCase,
 * apostrophes ’ ‘ ʼ ` ´ → ', guillemets and curly quotes « » “ ” „ → ", whitespace runs → one
 * space, trimmed.
 */
export function foldLine(line: string): string {
  // Runs of characters that fold to themselves are copied as slices of the line.
  let out = '';
  let i = 0;
  const n = line.length;
  // Leading whitespace.
  while (i < n && isSpaceCode(line.charCodeAt(i))) i++;
  let runStart = i;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c < TABLE_LIMIT && SELF_FOLD[c]) {
      i++;
      continue;
    }
    if (c === 32 && i + 1 < n && !isSpaceCode(line.charCodeAt(i + 1))) {
      i++; // a single ordinary space stays as it is
      continue;
    }
    out += line.slice(runStart, i);
    if (isSpaceCode(c)) {
      let j = i + 1;
      while (j < n && isSpaceCode(line.charCodeAt(j))) j++;
      if (j < n) out += ' ';
      i = j;
    } else if (APOSTROPHE_CODES.has(c)) {
      out += "'";
      i++;
    } else if (QUOTE_CODES.has(c)) {
      out += '"';
      i++;
    } else if (c < TABLE_LIMIT) {
      out += FOLD_TABLE[c];
      i++;
    } else {
      const width = surrogatePairAt(line, i, n) ? 2 : 1;
      out += wide(line.slice(i, i + width)).fold;
      i += width;
    }
    runStart = i;
  }
  return out + line.slice(runStart, i);
}
/** 1 for code units that fold to themselves and are neither space, apostrophe nor quote. */
const SELF_FOLD = new Uint8Array(TABLE_LIMIT);
for (let c = 0; c < TABLE_LIMIT; c++) {
  SELF_FOLD[c] =
    FOLD_TABLE[c] === String.fromCharCode(c) &&
    !isSpaceCode(c) &&
    !APOSTROPHE_CODES.has(c) &&
    !QUOTE_CODES.has(c)
      ? 1
      : 0;
}
