/**
 * The corpus index: every body sentence of every corpus document, findable by fingerprint.
 *
 * Layout. Sentences get consecutive ids as documents are added (a document's sentences are
 * contiguous). Fingerprint → sentence-id postings live in two parts: a frozen base in
 * compressed-row form (sorted keys, offsets, ids, as typed arrays: compact, cheap to persist
 * and to load without rebuilding anything) and the pending pairs added since, appended to
 * typed arrays (adding a document allocates almost nothing). Lookups read the base and, while
 * the pending pairs are few, a small map built from them on demand; when they are many the
 * index is compacted first: base and pending pairs are sorted by fingerprint with a radix sort
 * (two passes of 15 bits, stable, so ids stay ascending within a fingerprint) and cut into rows.
 * Removing a document marks its sentences dead; dead entries are skipped at lookup and dropped,
 * with ids renumbered, when the index is compacted (always before serialising), so a
 * serialised index never keeps a trace of a removed document.
 *
 * Common phrases. A fingerprint found in more sentences than max(commonMin, commonShare ×
 * sentences) is a stock phrase ("a-t-il déclaré", "selon l'AFP"): it is not used to find
 * candidates, so sentences that share only such phrases never become candidates.
 *
 * Texts on demand. `serialize({ texts: false })` and `toColumns()` leave the documents' texts
 * out (the extension keeps them in their own IndexedDB store: 10,000 generated documents are
 * 28 MB of text against 14.4 MB of columns, and a cold start only needs the texts of the few
 * hundred documents an article's sentences are compared with). An index loaded from such data finds
 * candidates as usual; `supplyText()` gives a document its text back, checked against a hash
 * of the indexed text, before its sentences are compared, and comparing a sentence of a
 * document without its text throws MissingTextError rather than comparing against nothing.
 * `fromColumns()` builds a document's object only when it is first asked for.
 */
import type { CorpusDocument } from '../types';
import { analyseText } from '../analyse';
import { hashString, textKeyOfRun, textKeyOfWords } from './hash';
import { scanWords, wordHashes, WordHashRun } from '../text/normalize';
import { bigramHashes, sentenceFingerprints } from './fingerprint';

/**
 * At most 2^23 sentences (8.4 million, about 400,000 articles): the limit of the index's first
 * format, which packed a sentence id beside a 30-bit fingerprint in a double; kept so that
 * every index this version writes can be read by the versions before it.
 */
export const MAX_SENTENCES = 2 ** 23;
/** Up to this many pending pairs are looked up through a map; beyond, the index is compacted. */
const PENDING_MAP_LIMIT = 1 << 18;

export interface IndexOptions {
  /** A fingerprint in this many sentences or fewer is never a common phrase... */
  commonMin: number;
  /** ...one in more than this share of all sentences is... */
  commonShare: number;
  /** ...and so is one in more than this many sentences, however large the corpus. */
  commonMax: number;
}

/**
 * A fingerprint in more than max(50, min(2,000, 1 % of the sentences)) sentences finds no
 * candidates. The absolute cap matters past 200,000 sentences: at 2 million, 1 % would let
 * lists of 20,000 postings through, which is where a 100,000-document query spent 89 % of its
 * candidate scan (bench, 2026-11-21), for phrases no wire copy is recognised by.
 */
export const DEFAULT_INDEX_OPTIONS: IndexOptions = {
  commonMin: 50,
  commonShare: 0.01,
  commonMax: 2000,
};

/** What the index keeps of a corpus document. */
export interface IndexedDocument {
  id: string;
  title: string | null;
  url: string | null;
  series: string | null;
  date: string | null;
  text: string;
  /** textKeyOfWords() of the document's article sentences. */
  key: string;
  firstSentence: number;
  sentenceCount: number;
}

/** Plain data (typed arrays or arrays): structured-cloneable; JSON when arrays. */
export interface SerializedIndex {
  format: 'deja-lu-index';
  version: 1;
  options: IndexOptions;
  documents: {
    id: string;
    title: string | null;
    url: string | null;
    series: string | null;
    date: string | null;
    /** null when serialised with `{ texts: false }`: supply it with supplyText(). */
    text: string | null;
    key: string;
    /** hashString() of the text, which supplyText() checks; absent when unknown. */
    textHash?: number;
    /** start, end of each sentence, flattened. */
    sentences: ArrayLike<number>;
  }[];
  postings: { keys: ArrayLike<number>; offsets: ArrayLike<number>; ids: ArrayLike<number> };
}

const COLUMNS_FORMAT = 'deja-lu-index-columns';
/** A text hash not known (an index serialised before hashes were kept). */
const UNKNOWN_HASH = 0xffffffff;
/** Per document in IndexColumns.stringLengths: id, title, url, series, date, key. */
const COLUMN_FIELDS = 6;

/**
 * The index without texts, as a few columns: every document string joined into one string
 * (lengths apart, -1 for null), typed arrays for the rest. Structured clone (IndexedDB, a
 * message) copies this in a few large pieces instead of one object and one array per document.
 */
export interface IndexColumns {
  format: typeof COLUMNS_FORMAT;
  version: 1;
  options: IndexOptions;
  strings: string;
  /** Six per document (id, title, url, series, date, key): length in UTF-16 units, -1 null. */
  stringLengths: Int32Array;
  sentenceCounts: Uint32Array;
  /** hashString() of each document's text (0xffffffff: unknown, the words are checked). */
  textHashes: Uint32Array;
  /** start, end of every sentence of every document, in document order. */
  sentences: Uint32Array;
  postings: { keys: Uint32Array; offsets: Uint32Array; ids: Uint32Array };
}

/** A corpus sentence: where it is. */
export interface IndexedSentence {
  document: IndexedDocument;
  start: number;
  end: number;
}

const EMPTY = new Uint32Array(0);

/** States of a document's text (CorpusIndex.missingText). */
const TEXT_HERE = 0;
const TEXT_MISSING = 1;
const HASH_PENDING = 2;
type TextState = typeof TEXT_HERE | typeof TEXT_MISSING | typeof HASH_PENDING;

/** Documents candidates() leaves out: these ids, and every document with this key. */
export interface CandidateSkip {
  ids?: readonly string[];
  key?: string;
}

const NO_SKIP: CandidateSkip = {};

/** A sentence of a document whose text was not supplied was about to be compared. */
export class MissingTextError extends Error {
  constructor(readonly documentId: string) {
    super(`the text of corpus document ${JSON.stringify(documentId)} was not supplied`);
    this.name = 'MissingTextError';
  }
}

export class CorpusIndex {
  readonly options: IndexOptions;
  /** Per document slot: the document, null once removed, undefined until built (see lazy). */
  private slots: (IndexedDocument | null | undefined)[] = [];
  /** Document id → slot; built on first use after fromColumns(). */
  private idToSlot: Map<string, number> | null = new Map();
  private documentCount = 0;
  /**
   * After fromColumns(): the columns the documents are built from when first asked for. A
   * cold start reads 10,000 documents and looks at a few hundred.
   */
  private lazy: {
    strings: string;
    lengths: Int32Array;
    /** Per slot: where its strings start in `strings`. */
    starts: Uint32Array;
    counts: Uint32Array;
    firsts: Uint32Array;
  } | null = null;
  /**
   * Per slot: TEXT_MISSING when the document's text was not supplied (deserialised without
   * texts), HASH_PENDING when the text is here but its hash not computed yet (added
   * documents: only a serialised index needs it), else TEXT_HERE.
   */
  private missingText = new Uint8Array(64);
  /**
   * Per slot: hashString() of the document's text, which supplyText() checks a text against;
   * UNKNOWN_HASH for an index serialised without it (then the words are checked).
   */
  private textHashes = new Uint32Array(64);
  private missingCount = 0;
  /** Sentence ids in use (live and removed). */
  private sentenceTotal = 0;
  /** Per sentence id: document slot (-1 when removed); capacity beyond sentenceTotal. */
  private sentenceSlot = new Int32Array(256);
  /** Per sentence id: start at 2 × id, end at 2 × id + 1. */
  private bounds: Uint32Array = new Uint32Array(512);
  private deadSentences = 0;
  private baseKeys: Uint32Array = EMPTY;
  private baseOffsets: Uint32Array = new Uint32Array(1);
  private baseIds: Uint32Array = EMPTY;
  private pendingKeys = new Uint32Array(1024);
  private pendingIds = new Uint32Array(1024);
  private pendingCount = 0;
  private pendingMap: Map<number, number[]> | null = null;
  /** Scratch counts for candidates(), indexed by sentence id, all zero between calls. */
  private scratch = new Uint16Array(0);
  /** Scratch list of the ids candidates() counted. */
  private touched = new Uint32Array(0);
  /** Changes whenever slots may change (add, remove, compact): invalidates skipCache. */
  private generation = 0;
  private skipCache: { skip: CandidateSkip; generation: number; slots: number[] } | null = null;
  /** Word hashes of sentences already compared, by sentence id (filled on first use). */
  private wordCache = new Map<number, Uint32Array>();
  /** Compactions under way in steps (compaction() not run to its end or dropped). */
  private steppedCompactions = 0;

  constructor(options: Partial<IndexOptions> = {}) {
    this.options = { ...DEFAULT_INDEX_OPTIONS, ...options };
  }

  /** Number of documents. */
  get size(): number {
    return this.documentCount;
  }

  private get slotById(): Map<string, number> {
    if (!this.idToSlot) {
      const map = new Map<string, number>();
      const lazy = this.lazy;
      for (let slot = 0; slot < this.slots.length; slot++) {
        const doc = this.slots[slot];
        if (doc) map.set(doc.id, slot);
        else if (doc === undefined) {
          // Only the id of a document not built yet: its first string.
          const start = lazy!.starts[slot]!;
          map.set(lazy!.strings.slice(start, start + lazy!.lengths[slot * COLUMN_FIELDS]!), slot);
        }
      }
      this.idToSlot = map;
    }
    return this.idToSlot;
  }

  /** The document in a live slot, built from the columns on first use. */
  private doc(slot: number): IndexedDocument {
    const built = this.slots[slot];
    if (built) return built;
    const lazy = this.lazy!;
    let at = lazy.starts[slot]!;
    const field = (f: number): string | null => {
      const length = lazy.lengths[slot * COLUMN_FIELDS + f]!;
      if (length < 0) return null;
      const value = lazy.strings.slice(at, at + length);
      at += length;
      return value;
    };
    const doc: IndexedDocument = {
      id: field(0)!,
      title: field(1),
      url: field(2),
      series: field(3),
      date: field(4),
      text: '',
      key: field(5)!,
      firstSentence: lazy.firsts[slot]!,
      sentenceCount: lazy.counts[slot]!,
    };
    this.slots[slot] = doc;
    return doc;
  }

  /** A new slot for a document (its sentences are appended by the caller). */
  private newSlot(doc: IndexedDocument, state: TextState, textHash: number): number {
    const slot = this.slots.length;
    this.generation++;
    this.slots.push(doc);
    this.slotById.set(doc.id, slot);
    this.documentCount++;
    if (slot >= this.missingText.length) {
      const grown = new Uint8Array(Math.max(64, 2 * slot));
      grown.set(this.missingText);
      this.missingText = grown;
      const hashes = new Uint32Array(grown.length);
      hashes.set(this.textHashes);
      this.textHashes = hashes;
    }
    this.missingText[slot] = state;
    this.textHashes[slot] = textHash;
    if (state === TEXT_MISSING) this.missingCount++;
    return slot;
  }

  /** Number of live sentences. */
  get sentenceCount(): number {
    return this.sentenceTotal - this.deadSentences;
  }

  has(id: string): boolean {
    return this.slotById.has(id);
  }

  get(id: string): IndexedDocument | undefined {
    const slot = this.slotById.get(id);
    return slot === undefined ? undefined : this.doc(slot);
  }

  /** The documents, in the order they were added. */
  *documents(): IterableIterator<IndexedDocument> {
    for (let slot = 0; slot < this.slots.length; slot++) {
      if (this.slots[slot] !== null) yield this.doc(slot);
    }
  }

  /** Whether the document's text is here (always, unless deserialised without texts). */
  hasText(id: string): boolean {
    const slot = this.slotById.get(id);
    return slot !== undefined && this.missingText[slot] !== TEXT_MISSING;
  }

  /**
   * Gives a document deserialised without its text (`serialize({ texts: false })`) its text
   * back. The text must be the one indexed: its words, cut at the stored sentence offsets,
   * must give the document's key, else this throws and the index is unchanged (a text that
   * changed since indexing would misplace every offset).
   */
  supplyText(id: string, text: string): void {
    const slot = this.slotById.get(id);
    if (slot === undefined)
      throw new Error(`no corpus document ${JSON.stringify(id)} in the index`);
    if (this.missingText[slot] !== TEXT_MISSING) return;
    const doc = this.doc(slot);
    const hash = this.textHashes[slot]!;
    // One pass over the text when its hash is known (a cold start supplies hundreds of
    // texts), else its words cut at the stored offsets against the document's key.
    if (hash === UNKNOWN_HASH ? !this.wordsMatchKey(doc, text) : hashString(text) !== hash) {
      throw new Error(`the text supplied for ${JSON.stringify(id)} is not the text indexed`);
    }
    doc.text = text;
    this.missingText[slot] = TEXT_HERE;
    this.missingCount--;
  }

  private wordsMatchKey(doc: IndexedDocument, text: string): boolean {
    const units: number[][] = [];
    for (let s = doc.firstSentence; s < doc.firstSentence + doc.sentenceCount; s++) {
      const end = this.bounds[2 * s + 1]!;
      if (end > text.length) return false;
      units.push(wordHashes(text, this.bounds[2 * s]!, end));
    }
    return textKeyOfWords(units) === doc.key;
  }

  /** Adds a document, replacing any document with the same id. */
  add(doc: CorpusDocument): IndexedDocument {
    return this.addAnalysed(doc, analyseForIndex(doc));
  }

  /**
   * Adds a document analysed by analyseForIndex(doc) (maybe in another thread), replacing any
   * document with the same id. The entry must be of this very document.
   */
  addAnalysed(doc: CorpusDocument, entry: IndexEntry): IndexedDocument {
    const sentences = entry.fingerprintEnds.length;
    if (entry.bounds.length !== 2 * sentences) throw new Error('corrupt index entry');
    if (this.slotById.has(doc.id)) this.remove(doc.id);
    if (this.sentenceTotal + sentences > MAX_SENTENCES) {
      throw new RangeError(`the corpus index holds at most ${MAX_SENTENCES} sentences`);
    }
    const indexed: IndexedDocument = {
      id: doc.id,
      title: doc.title ?? entry.title,
      url: doc.url ?? null,
      series: doc.series ?? null,
      date: doc.date ?? null,
      text: doc.text,
      key: entry.key,
      firstSentence: this.sentenceTotal,
      sentenceCount: sentences,
    };
    const slot = this.newSlot(indexed, HASH_PENDING, UNKNOWN_HASH);
    const first = this.sentenceTotal;
    this.reserveSentences(first + sentences);
    this.sentenceSlot.fill(slot, first, first + sentences);
    this.bounds.set(entry.bounds, 2 * first);
    this.sentenceTotal = first + sentences;
    const { fingerprints, fingerprintEnds } = entry;
    let k = 0;
    for (let s = 0; s < sentences; s++) {
      const id = first + s;
      for (const end = fingerprintEnds[s]!; k < end; k++) this.addPending(fingerprints[k]!, id);
    }
    return indexed;
  }

  /** Makes room for `total` sentence ids. */
  private reserveSentences(total: number): void {
    if (total <= this.sentenceSlot.length && 2 * total <= this.bounds.length) return;
    const capacity = Math.max(total, this.sentenceSlot.length * 2);
    const slots = new Int32Array(capacity);
    slots.set(this.sentenceSlot.subarray(0, this.sentenceTotal));
    this.sentenceSlot = slots;
    const bounds = new Uint32Array(capacity * 2);
    bounds.set(this.bounds.subarray(0, 2 * this.sentenceTotal));
    this.bounds = bounds;
  }

  private addPending(fp: number, id: number): void {
    if (this.pendingCount === this.pendingKeys.length) {
      const keys = new Uint32Array(this.pendingKeys.length * 2);
      keys.set(this.pendingKeys);
      this.pendingKeys = keys;
      const ids = new Uint32Array(this.pendingIds.length * 2);
      ids.set(this.pendingIds);
      this.pendingIds = ids;
    }
    this.pendingKeys[this.pendingCount] = fp;
    this.pendingIds[this.pendingCount] = id;
    this.pendingCount++;
    if (this.pendingMap) {
      const list = this.pendingMap.get(fp);
      if (list) list.push(id);
      else this.pendingMap.set(fp, [id]);
    }
  }

  /** Removes a document; returns false when there was none with that id. */
  remove(id: string): boolean {
    const slot = this.slotById.get(id);
    if (slot === undefined) return false;
    const doc = this.doc(slot);
    this.sentenceSlot.fill(-1, doc.firstSentence, doc.firstSentence + doc.sentenceCount);
    this.deadSentences += doc.sentenceCount;
    this.slots[slot] = null;
    this.generation++;
    this.slotById.delete(id);
    this.documentCount--;
    if (this.missingText[slot] === TEXT_MISSING) this.missingCount--;
    this.missingText[slot] = TEXT_HERE;
    if (this.deadSentences > 1024 && this.deadSentences * 4 > this.sentenceTotal) this.compact();
    return true;
  }

  /** The word hashes of a live sentence (see wordHashes), cached after the first call. */
  sentenceWords(id: number): Uint32Array {
    let words = this.wordCache.get(id);
    if (!words) {
      const slot = this.sentenceSlot[id]!;
      const doc = this.doc(slot);
      if (this.missingText[slot] === TEXT_MISSING) throw new MissingTextError(doc.id);
      const scanned = scanWords(doc.text, this.bounds[2 * id]!, this.bounds[2 * id + 1]!);
      words = scanned.hashes.slice(0, scanned.count);
      this.wordCache.set(id, words);
    }
    return words;
  }

  /** The sentence with this id, or undefined when it was removed. */
  sentence(id: number): IndexedSentence | undefined {
    if (!(id >= 0 && id < this.sentenceTotal)) return undefined;
    const slot = this.sentenceSlot[id]!;
    if (slot < 0) return undefined;
    return {
      document: this.doc(slot),
      start: this.bounds[2 * id]!,
      end: this.bounds[2 * id + 1]!,
    };
  }

  /** Largest number of sentences a fingerprint may have and still find candidates. */
  commonLimit(): number {
    const { commonMin, commonShare, commonMax } = this.options;
    return Math.max(commonMin, Math.min(commonMax, Math.ceil(commonShare * this.sentenceCount)));
  }

  /**
   * Candidate sentences for a query sentence, given its word hashes (wordHashes): ids of live
   * sentences sharing at least one non-common bigram with it, with the number shared, most
   * first (ties by id), at most `limit`. `skip` leaves out documents: by id, and every
   * document whose key (textKeyOfWords) is `key` (the annotated document under another name).
   * Pass the same `skip` object for every sentence of a query: it is resolved once.
   */
  candidates(
    words: ArrayLike<number>,
    limit: number,
    skip: CandidateSkip = NO_SKIP,
  ): { id: number; shared: number }[] {
    limit = Math.floor(limit);
    // (Not while a compaction runs in steps: it would finish the work in one task, and the
    // stepped one would then refuse to go on.)
    if (this.pendingCount > PENDING_MAP_LIMIT && this.steppedCompactions === 0) this.compact();
    else if (this.pendingCount > 0 && !this.pendingMap) this.buildPendingMap();
    // Shared-fingerprint counts per sentence id in a reused typed array (no hashing per
    // posting); `touched` lists the ids to read back and reset.
    if (this.scratch.length < this.sentenceTotal) {
      const size = Math.max(1024, Math.ceil(this.sentenceTotal * 1.5));
      this.scratch = new Uint16Array(size);
      this.touched = new Uint32Array(size);
    }
    const counts = this.scratch;
    const touched = this.touched;
    let touchedCount = 0;
    const alive = this.sentenceSlot;
    const anyDead = this.deadSentences > 0;
    const common = this.commonLimit();
    for (const fp of new Set(bigramHashes(words))) {
      const [base, from, to] = this.baseRange(fp);
      const extra = this.pendingMap?.get(fp);
      if (to - from + (extra?.length ?? 0) > common) {
        // Removed sentences stay in the postings until compaction: count only live ones.
        if (!anyDead) continue;
        let live = 0;
        for (let k = from; k < to; k++) if (alive[base[k]!]! >= 0) live++;
        for (const id of extra ?? []) if (alive[id]! >= 0) live++;
        if (live > common) continue;
      }
      for (let k = from; k < to; k++) {
        const id = base[k]!;
        if (anyDead && alive[id]! < 0) continue;
        const seen = counts[id]!;
        counts[id] = seen + 1;
        if (seen === 0) touched[touchedCount++] = id;
      }
      if (extra) {
        for (const id of extra) {
          if (anyDead && alive[id]! < 0) continue;
          const seen = counts[id]!;
          counts[id] = seen + 1;
          if (seen === 0) touched[touchedCount++] = id;
        }
      }
    }
    // Keep the `limit` ids with the most shared fingerprints, skipped documents left out
    // first. A histogram of the counts gives the count t such that fewer than `limit` ids
    // share more than t and at least `limit` (or all) share t or more: those above t are
    // kept, and of those at t the lowest ids.
    const skipSlots = this.resolveSkip(skip);
    let highest = 0;
    let kept = 0;
    for (let i = 0; i < touchedCount; i++) {
      const id = touched[i]!;
      if (skipSlots.length > 0 && skipSlots.includes(alive[id]!)) {
        counts[id] = 0;
        continue;
      }
      touched[kept++] = id;
      if (counts[id]! > highest) highest = counts[id]!;
    }
    const histogram = new Uint32Array(highest + 1);
    for (let i = 0; i < kept; i++) histogram[counts[touched[i]!]!]!++;
    let threshold = highest;
    let atLeast = histogram[highest] ?? 0;
    while (threshold > 1 && atLeast < limit) {
      threshold--;
      atLeast += histogram[threshold]!;
    }
    const result: { id: number; shared: number }[] = [];
    const ties = new Uint32Array(histogram[threshold] ?? 0);
    let tieCount = 0;
    for (let i = 0; i < kept; i++) {
      const id = touched[i]!;
      const shared = counts[id]!;
      counts[id] = 0;
      if (shared > threshold) result.push({ id, shared });
      else if (shared === threshold) ties[tieCount++] = id;
    }
    result.sort((a, b) => b.shared - a.shared || a.id - b.id);
    if (result.length < limit && tieCount > 0) {
      const take = Math.min(tieCount, limit - result.length);
      const lowest = take === tieCount ? ties.sort() : lowestIds(ties, tieCount, take);
      for (let i = 0; i < take; i++) result.push({ id: lowest[i]!, shared: threshold });
    }
    return result;
  }

  /** The slots of the documents `skip` names, cached for the same object and index state. */
  private resolveSkip(skip: CandidateSkip): readonly number[] {
    if (skip === NO_SKIP || (!skip.ids && skip.key === undefined)) return [];
    const cache = this.skipCache;
    if (cache && cache.skip === skip && cache.generation === this.generation) return cache.slots;
    const slots = new Set<number>();
    for (const id of skip.ids ?? []) {
      const slot = this.slotById.get(id);
      if (slot !== undefined) slots.add(slot);
    }
    if (skip.key !== undefined) {
      for (let slot = 0; slot < this.slots.length; slot++) {
        if (this.keyIs(slot, skip.key)) slots.add(slot);
      }
    }
    const resolved = [...slots];
    this.skipCache = { skip, generation: this.generation, slots: resolved };
    return resolved;
  }

  /** Whether the document in `slot` is live and has this key, without building it. */
  private keyIs(slot: number, key: string): boolean {
    const doc = this.slots[slot];
    if (doc) return doc.key === key;
    if (doc === null) return false;
    const lazy = this.lazy!;
    const lengths = lazy.lengths;
    const base = slot * COLUMN_FIELDS;
    if (lengths[base + 5] !== key.length) return false;
    let at = lazy.starts[slot]!;
    for (let f = 0; f < 5; f++) at += Math.max(0, lengths[base + f]!);
    return lazy.strings.startsWith(key, at);
  }

  private buildPendingMap(): void {
    const map = new Map<number, number[]>();
    for (let i = 0; i < this.pendingCount; i++) {
      const fp = this.pendingKeys[i]!;
      const list = map.get(fp);
      if (list) list.push(this.pendingIds[i]!);
      else map.set(fp, [this.pendingIds[i]!]);
    }
    this.pendingMap = map;
  }

  /** The base postings of a fingerprint: the id array and the range in it. */
  private baseRange(fp: number): [Uint32Array, number, number] {
    const keys = this.baseKeys;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const key = keys[mid]!;
      if (key < fp) lo = mid + 1;
      else if (key > fp) hi = mid - 1;
      else return [this.baseIds, this.baseOffsets[mid]!, this.baseOffsets[mid + 1]!];
    }
    return [this.baseIds, 0, 0];
  }

  /**
   * Merges the pending pairs into the base, drops removed documents and renumbers sentences so that
   * ids are dense again. Sentence order (and so posting order) is preserved.
   */
  compact(): void {
    const steps = this.compactionSteps();
    while (!steps.next().done);
  }

  /**
   * compact() in steps, for a caller that yields its thread between them (the extension, on
   * tens of thousands of documents): each step is at most a pass over the postings, and the
   * index only changes in the last. Between steps it may be read and given texts (supplyText,
   * hashTexts), not added to or removed from: the next step would throw.
   */
  *compaction(): Generator<void, void, void> {
    this.steppedCompactions++;
    try {
      yield* this.compactionSteps();
    } finally {
      this.steppedCompactions--;
    }
  }

  private *compactionSteps(): Generator<void, void, void> {
    // Nothing pending, nothing removed: already compact.
    if (this.pendingCount === 0 && this.slots.length === this.documentCount) return;
    const generation = this.generation;
    const unchanged = (): void => {
      if (this.generation !== generation) {
        throw new Error('the corpus index changed during its compaction');
      }
    };
    const total = this.sentenceTotal;
    const renumber = new Int32Array(total).fill(-1);
    const slotRenumber = new Int32Array(this.slots.length).fill(-1);
    const slots: IndexedDocument[] = [];
    for (let slot = 0; slot < this.slots.length; slot++) {
      if (this.slots[slot] === null) continue;
      slotRenumber[slot] = slots.length;
      slots.push(this.doc(slot));
    }
    const live = total - this.deadSentences;
    const sentenceSlot = new Int32Array(Math.max(256, live));
    const bounds = new Uint32Array(sentenceSlot.length * 2);
    let kept = 0;
    for (let s = 0; s < total; s++) {
      const slot = this.sentenceSlot[s]!;
      if (slot < 0) continue;
      renumber[s] = kept;
      sentenceSlot[kept] = slotRenumber[slot]!;
      bounds[2 * kept] = this.bounds[2 * s]!;
      bounds[2 * kept + 1] = this.bounds[2 * s + 1]!;
      kept++;
    }
    yield;
    unchanged();

    // Every live (fingerprint, new id) pair, sorted by fingerprint, ids ascending within one:
    // the base pairs (by fingerprint, ids ascending) then the pending ones (by id, all above
    // the base's) go through a stable sort on the fingerprint alone.
    const size = this.baseIds.length + this.pendingCount;
    // An index only added to (a build): the pending pairs are all the pairs, ids unchanged,
    // sorted where they are (see radixSortByKey; they are replaced in the last step).
    const appendOnly = this.baseIds.length === 0 && this.deadSentences === 0;
    let pairKeys: Uint32Array = appendOnly ? this.pendingKeys : new Uint32Array(size);
    let pairIds: Uint32Array = appendOnly ? this.pendingIds : new Uint32Array(size);
    let n = appendOnly ? this.pendingCount : 0;
    if (!appendOnly) {
      for (let k = 0; k < this.baseKeys.length; k++) {
        const key = this.baseKeys[k]!;
        for (let i = this.baseOffsets[k]!; i < this.baseOffsets[k + 1]!; i++) {
          const id = renumber[this.baseIds[i]!]!;
          if (id >= 0) {
            pairKeys[n] = key;
            pairIds[n++] = id;
          }
        }
      }
      for (let i = 0; i < this.pendingCount; i++) {
        const id = renumber[this.pendingIds[i]!]!;
        if (id >= 0) {
          pairKeys[n] = this.pendingKeys[i]!;
          pairIds[n++] = id;
        }
      }
      yield;
      unchanged();
    }
    const sort = radixSortByKey(pairKeys, pairIds, n);
    for (let pass = sort.next(); ; pass = sort.next()) {
      if (pass.done) {
        [pairKeys, pairIds] = pass.value;
        break;
      }
      yield;
      unchanged();
    }
    yield;
    unchanged();
    let keyCount = 0;
    for (let i = 0; i < n; i++) if (i === 0 || pairKeys[i] !== pairKeys[i - 1]) keyCount++;
    const keys = new Uint32Array(keyCount);
    const offsets = new Uint32Array(keyCount + 1);
    const ids = pairIds; // new arrays of n (radixSortByKey)
    let k = -1;
    for (let i = 0; i < n; i++) {
      if (i === 0 || pairKeys[i] !== pairKeys[i - 1]) {
        k++;
        keys[k] = pairKeys[i]!;
        offsets[k] = i;
      }
    }
    offsets[keyCount] = n;
    yield;
    unchanged();

    // The last step: everything that readers see changes here, at once.
    const missingText = new Uint8Array(Math.max(64, this.documentCount));
    const textHashes = new Uint32Array(missingText.length);
    for (let slot = 0; slot < this.slots.length; slot++) {
      const to = slotRenumber[slot]!;
      if (to < 0) continue;
      missingText[to] = this.missingText[slot]!;
      textHashes[to] = this.textHashes[slot]!;
    }
    const wordCache = new Map<number, Uint32Array>();
    for (const [id, words] of this.wordCache) {
      if (renumber[id]! >= 0) wordCache.set(renumber[id]!, words);
    }
    for (const doc of slots) doc.firstSentence = renumber[doc.firstSentence]!;
    // Docs with no sentence keep a firstSentence that points past their neighbours: harmless,
    // since sentenceCount is 0; normalise it for a canonical serialisation.
    let next = 0;
    for (const doc of slots) {
      if (doc.sentenceCount === 0) doc.firstSentence = next;
      next = doc.firstSentence + doc.sentenceCount;
    }
    this.lazy = null;
    this.generation++;
    this.baseKeys = keys;
    this.baseOffsets = offsets;
    this.baseIds = ids;
    this.pendingKeys = new Uint32Array(1024);
    this.pendingIds = new Uint32Array(1024);
    this.pendingCount = 0;
    this.pendingMap = null;
    this.slots = slots;
    this.idToSlot = new Map(slots.map((doc, slot) => [doc.id, slot]));
    this.missingText = missingText;
    this.textHashes = textHashes;
    this.sentenceSlot = sentenceSlot;
    this.bounds = bounds;
    this.sentenceTotal = kept;
    this.wordCache = wordCache;
    this.deadSentences = 0;
  }

  /** Computes the text hashes still pending (see missingText), for a serialised index. */
  private settleHashes(): void {
    this.hashTexts(Infinity);
  }

  /**
   * Computes the text hashes that add() leaves pending, for about `maxChars` of text (at
   * least one text when maxChars > 0, none when it is 0); returns whether none is left.
   * Serialising computes the rest at once (a fraction of a second for tens of megabytes of
   * text): a caller that must not hold its thread that long (the extension) calls this in
   * slices first.
   */
  hashTexts(maxChars: number): boolean {
    let budget = maxChars;
    for (let slot = 0; slot < this.slots.length; slot++) {
      if (this.missingText[slot] !== HASH_PENDING) continue;
      if (budget <= 0) return false;
      const { text } = this.doc(slot);
      this.textHashes[slot] = hashString(text);
      this.missingText[slot] = TEXT_HERE;
      budget -= text.length;
    }
    return true;
  }

  /**
   * Plain structured-cloneable data (typed arrays), compacted. `texts: false` leaves the
   * documents' texts out (null); with texts, every text must be here.
   */
  serialize(options: { texts?: boolean } = {}): SerializedIndex {
    const texts = options.texts ?? true;
    if (texts && this.missingCount > 0) {
      const slot = this.missingText.indexOf(TEXT_MISSING);
      throw new MissingTextError(this.doc(slot).id);
    }
    this.compact();
    this.settleHashes();
    return {
      format: 'deja-lu-index',
      version: 1,
      options: { ...this.options },
      documents: [...this.documents()].map((doc, slot) => {
        const first = 2 * doc.firstSentence;
        const textHash = this.textHashes[slot]!;
        const sentences = this.bounds.slice(first, first + 2 * doc.sentenceCount);
        return {
          id: doc.id,
          title: doc.title,
          url: doc.url,
          series: doc.series,
          date: doc.date,
          text: texts ? doc.text : null,
          key: doc.key,
          ...(textHash === UNKNOWN_HASH ? {} : { textHash }),
          sentences,
        };
      }),
      postings: { keys: this.baseKeys, offsets: this.baseOffsets, ids: this.baseIds },
    };
  }

  /** The serialised index as JSON-ready data (arrays instead of typed arrays). */
  toJSON(): SerializedIndex {
    const data = this.serialize();
    return {
      ...data,
      documents: data.documents.map((d) => ({ ...d, sentences: Array.from(d.sentences) })),
      postings: {
        keys: Array.from(data.postings.keys),
        offsets: Array.from(data.postings.offsets),
        ids: Array.from(data.postings.ids),
      },
    };
  }

  /**
   * Rebuilds an index from serialize() or toJSON() output, without re-analysing any text.
   * Documents serialised without their text get '' until supplyText() gives it back.
   */
  static deserialize(data: SerializedIndex): CorpusIndex {
    if (data?.format !== 'deja-lu-index' || data.version !== 1) {
      throw new Error('not a Déjà lu index (or an unsupported version)');
    }
    const index = new CorpusIndex(data.options);
    let total = 0;
    for (const d of data.documents) total += d.sentences.length / 2;
    index.reserveSentences(total);
    for (const d of data.documents) index.addSlot(d, d.text ?? null);
    index.setPostings(data.postings);
    return index;
  }

  /** A document slot for sentences about to be appended (deserialisation). */
  private addSlot(d: SerializedIndex['documents'][number], text: string | null): void {
    const first = this.sentenceTotal;
    const sentenceCount = d.sentences.length / 2;
    const doc: IndexedDocument = {
      id: d.id,
      title: d.title,
      url: d.url,
      series: d.series,
      date: d.date,
      text: text ?? '',
      key: d.key,
      firstSentence: first,
      sentenceCount,
    };
    // A text without its hash has it computed when the index is next serialised.
    const hash = typeof d.textHash === 'number' ? d.textHash : UNKNOWN_HASH;
    const state = text === null ? TEXT_MISSING : hash === UNKNOWN_HASH ? HASH_PENDING : TEXT_HERE;
    const slot = this.newSlot(doc, state, hash);
    this.sentenceSlot.fill(slot, first, first + sentenceCount);
    this.bounds.set(d.sentences, 2 * first);
    this.sentenceTotal = first + sentenceCount;
  }

  private setPostings(postings: SerializedIndex['postings']): void {
    const asU32 = (a: ArrayLike<number>) => (a instanceof Uint32Array ? a : Uint32Array.from(a));
    this.baseKeys = asU32(postings.keys);
    this.baseOffsets = asU32(postings.offsets);
    this.baseIds = asU32(postings.ids);
    if (
      this.baseOffsets.length !== this.baseKeys.length + 1 ||
      this.baseOffsets[this.baseKeys.length] !== this.baseIds.length
    ) {
      throw new Error('corrupt index postings');
    }
  }

  /**
   * The index without texts in columns (see IndexColumns), compacted: what the extension
   * stores. Much cheaper to structured-clone and to load than serialize({ texts: false }).
   */
  toColumns(): IndexColumns {
    this.compact();
    this.settleHashes();
    const docs = [...this.documents()];
    const lengths = new Int32Array(docs.length * COLUMN_FIELDS);
    const parts: string[] = [];
    const counts = new Uint32Array(docs.length);
    docs.forEach((doc, i) => {
      const fields = [doc.id, doc.title, doc.url, doc.series, doc.date, doc.key];
      fields.forEach((field, f) => {
        lengths[i * COLUMN_FIELDS + f] = field === null ? -1 : field.length;
        if (field !== null) parts.push(field);
      });
      counts[i] = doc.sentenceCount;
    });
    return {
      format: COLUMNS_FORMAT,
      version: 1,
      options: { ...this.options },
      strings: parts.join(''),
      stringLengths: lengths,
      sentenceCounts: counts,
      textHashes: this.textHashes.slice(0, docs.length),
      sentences: this.bounds.slice(0, 2 * this.sentenceTotal),
      postings: { keys: this.baseKeys, offsets: this.baseOffsets, ids: this.baseIds },
    };
  }

  /** An index from toColumns() output; every document textless until supplyText(). */
  static fromColumns(data: IndexColumns): CorpusIndex {
    if (data?.format !== COLUMNS_FORMAT || data.version !== 1) {
      throw new Error('not a Déjà lu index in columns (or an unsupported version)');
    }
    const count = data.sentenceCounts?.length ?? 0;
    const { strings, stringLengths, sentences, textHashes } = data;
    if (
      typeof strings !== 'string' ||
      !(stringLengths instanceof Int32Array) ||
      !(sentences instanceof Uint32Array) ||
      !(textHashes instanceof Uint32Array) ||
      textHashes.length !== count ||
      stringLengths.length !== count * COLUMN_FIELDS
    ) {
      throw new Error('corrupt index columns');
    }
    // Documents are built on first use (see doc()); here only where each one starts.
    const starts = new Uint32Array(count);
    const firsts = new Uint32Array(count);
    let total = 0;
    let at = 0;
    for (let i = 0; i < count; i++) {
      starts[i] = at;
      firsts[i] = total;
      for (let k = i * COLUMN_FIELDS; k < (i + 1) * COLUMN_FIELDS; k++) {
        const length = stringLengths[k]!;
        if (length > 0) at += length;
      }
      if (stringLengths[i * COLUMN_FIELDS]! < 0 || stringLengths[i * COLUMN_FIELDS + 5]! < 0) {
        throw new Error('corrupt index columns: strings');
      }
      total += data.sentenceCounts[i]!;
    }
    if (at !== strings.length) throw new Error('corrupt index columns: strings');
    if (sentences.length !== 2 * total) throw new Error('corrupt index columns: sentences');
    const index = new CorpusIndex(data.options);
    index.sentenceSlot = new Int32Array(Math.max(256, total));
    for (let i = 0; i < count; i++) {
      index.sentenceSlot.fill(i, firsts[i]!, firsts[i]! + data.sentenceCounts[i]!);
    }
    index.sentenceTotal = total;
    index.slots = new Array<undefined>(count).fill(undefined);
    index.documentCount = count;
    index.idToSlot = null;
    index.lazy = { strings, lengths: stringLengths, starts, counts: data.sentenceCounts, firsts };
    index.missingText = new Uint8Array(Math.max(64, count)).fill(TEXT_MISSING, 0, count);
    index.missingCount = count;
    index.textHashes = new Uint32Array(index.missingText.length);
    index.textHashes.set(textHashes);
    index.bounds = sentences;
    index.setPostings(data.postings);
    return index;
  }
}

/**
 * What the index keeps of a document, computed from its text alone: no index state, so
 * documents can be analysed in other threads (structured-cloneable, buffers transferable).
 */
export interface IndexEntry {
  /** The article's first heading, the title when the document has none. */
  title: string | null;
  /** textKeyOfWords() of the article's sentences. */
  key: string;
  /** start, end of each sentence. */
  bounds: Uint32Array;
  /** The winnowed fingerprints of every sentence, one after the other... */
  fingerprints: Uint32Array;
  /** ...sentence s's ending at fingerprintEnds[s]. */
  fingerprintEnds: Uint32Array;
}

/** analyseForIndex's scratch: the word hashes of a document's units, one after the other. */
const unitWords = new WordHashRun();
/** ...where unit u's words end (unitEnds[u]); its fingerprints and where they end. */
let unitEnds = new Uint32Array(256);
let fingerprintEndScratch = new Uint32Array(256);
let fingerprintScratch = new Uint32Array(4096);

/** Analyses a document for CorpusIndex.addAnalysed(): segmentation, words, fingerprints. */
export function analyseForIndex(doc: CorpusDocument): IndexEntry {
  const { text } = doc;
  const analysed = analyseText(text);
  const units = analysed.units;
  const n = units.length;
  if (unitEnds.length < n) {
    unitEnds = new Uint32Array(2 * n);
    fingerprintEndScratch = new Uint32Array(2 * n);
  }
  unitWords.reset();
  for (let u = 0; u < n; u++) {
    const unit = units[u]!;
    unitWords.append(analysed.words, text, unit.start, unit.end);
    unitEnds[u] = unitWords.count;
  }
  const words = unitWords.hashes;
  const wordTotal = unitWords.count;
  if (fingerprintScratch.length < wordTotal) fingerprintScratch = new Uint32Array(2 * wordTotal);
  // The entry's three arrays in one buffer (one allocation, one transfer from a worker).
  const ends = fingerprintEndScratch;
  let at = 0;
  let from = 0;
  for (let u = 0; u < n; u++) {
    at = sentenceFingerprints(words, fingerprintScratch, at, from, unitEnds[u]!);
    ends[u] = at;
    from = unitEnds[u]!;
  }
  const buffer = new ArrayBuffer(4 * (3 * n + at));
  const bounds = new Uint32Array(buffer, 0, 2 * n);
  const fingerprintEnds = new Uint32Array(buffer, 8 * n, n);
  const fingerprints = new Uint32Array(buffer, 12 * n, at);
  for (let u = 0; u < n; u++) {
    bounds[2 * u] = units[u]!.start;
    bounds[2 * u + 1] = units[u]!.end;
  }
  fingerprintEnds.set(ends.subarray(0, n));
  fingerprints.set(fingerprintScratch.subarray(0, at));
  return {
    title: analysed.title,
    key: textKeyOfRun(words, wordTotal),
    bounds,
    fingerprints,
    fingerprintEnds,
  };
}

/**
 * Bits of the fingerprint sorted per pass of radixSortByKey: three passes of 10 bits cover the
 * 30-bit fingerprints. Ten bits rather than two passes of 15: 1,024 buckets fill in the cache
 * while 32,768 scatter every write (1.7 million pairs: 73-84 against 90 ms, best of five).
 */
const RADIX_BITS = 10;
const RADIX_PASSES = 3;

/**
 * The first n pairs sorted by key, stably (least-significant-digit radix sort; the three
 * passes' bucket counts taken in one read of the keys), a step per pass. Returns the sorted
 * arrays (new ones); the inputs are the second pass's scratch. After each pass they hold the
 * same pairs in another order, each key's ids still in their order (every pass is stable):
 * pending pairs read between steps are the same pairs.
 */
function* radixSortByKey(
  keys: Uint32Array,
  ids: Uint32Array,
  n: number,
): Generator<void, [Uint32Array, Uint32Array], void> {
  let fromKeys: Uint32Array = keys;
  let fromIds: Uint32Array = ids;
  let toKeys: Uint32Array = new Uint32Array(n);
  let toIds: Uint32Array = new Uint32Array(n);
  const buckets = 1 << RADIX_BITS;
  const mask = buckets - 1;
  const counts = new Uint32Array(RADIX_PASSES * buckets);
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    counts[key & mask]!++;
    counts[buckets + ((key >>> RADIX_BITS) & mask)]!++;
    counts[2 * buckets + ((key >>> (2 * RADIX_BITS)) & mask)]!++;
  }
  for (let pass = 0; pass < RADIX_PASSES; pass++) {
    yield;
    const shift = pass * RADIX_BITS;
    const base = pass * buckets;
    let total = 0;
    for (let b = base; b < base + buckets; b++) {
      const c = counts[b]!;
      counts[b] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const key = fromKeys[i]!;
      const at = counts[base + ((key >>> shift) & mask)]!++;
      toKeys[at] = key;
      toIds[at] = fromIds[i]!;
    }
    // Swapped through locals: [a, b] = [b, a] builds an array and iterates it until the
    // generator is optimised, and the optimised code was deoptimised there once per build.
    const keysDone = toKeys;
    toKeys = fromKeys;
    fromKeys = keysDone;
    const idsDone = toIds;
    toIds = fromIds;
    fromIds = idsDone;
  }
  return [fromKeys, fromIds];
}

/**
 * The `k` lowest of values[0, n), ascending (0 < k < n): a max-heap of the k lowest so far,
 * O(n log k). Ties at the cut are many (thousands of sentences sharing one fingerprint with
 * the query) and k is the few candidates still to take.
 */
function lowestIds(values: Uint32Array, n: number, k: number): Uint32Array {
  const heap = values.slice(0, k);
  const siftDown = (from: number) => {
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= k) return;
      const right = left + 1;
      const larger = right < k && heap[right]! > heap[left]! ? right : left;
      if (heap[larger]! <= heap[i]!) return;
      const swap = heap[i]!;
      heap[i] = heap[larger]!;
      heap[larger] = swap;
      i = larger;
    }
  };
  for (let i = (k >> 1) - 1; i >= 0; i--) siftDown(i);
  for (let i = k; i < n; i++) {
    const value = values[i]!;
    if (value < heap[0]!) {
      heap[0] = value;
      siftDown(0);
    }
  }
  return heap.sort();
}
