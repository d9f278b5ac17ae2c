/**
 * The corpus index: every body sentence of every corpus document, findable by fingerprint.
 *
 * Layout. Sentences get consecutive ids as documents are added (a document's sentences are
 * contiguous). Fingerprint → sentence-id postings live in two parts: a frozen base in
 * compressed-row form (sorted keys, offsets, ids, as typed arrays: compact, cheap to persist
 * and to load without rebuilding) and a delta Map for what was added since. Removing a
 * document marks its sentences dead; dead entries are skipped at lookup and dropped, with ids
 * renumbered, when the index is compacted (on serialisation, or when too much is dead or in
 * the delta). So a serialised index never keeps a trace of a removed document.
 *
 * Common phrases. A fingerprint found in more sentences than max(COMMON_MIN, COMMON_SHARE ×
 * sentences) is a stock phrase ("a-t-il déclaré", "selon l'AFP"): it is not used to find
 * candidates, so sentences that share only such phrases never become candidates.
 */
import type { CorpusDocument } from '../types';
import { analyseText, textKey } from '../analyse';
import { tokenize, type Token } from '../text/normalize';
import { bigramHashes, winnow } from './fingerprint';

export interface IndexOptions {
  /** A fingerprint in more sentences than this is never a common phrase... */
  commonMin: number;
  /** ...and one in more than this share of all sentences always is. */
  commonShare: number;
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = { commonMin: 50, commonShare: 0.01 };

/** What the index keeps of a corpus document. */
export interface IndexedDocument {
  id: string;
  title: string | null;
  url: string | null;
  series: string | null;
  date: string | null;
  text: string;
  /** textKey() of the document's article text. */
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
    text: string;
    key: string;
    /** start, end of each sentence, flattened. */
    sentences: ArrayLike<number>;
  }[];
  postings: { keys: ArrayLike<number>; offsets: ArrayLike<number>; ids: ArrayLike<number> };
}

/** A corpus sentence: where it is. */
export interface IndexedSentence {
  document: IndexedDocument;
  start: number;
  end: number;
}

const EMPTY = new Uint32Array(0);

export class CorpusIndex {
  readonly options: IndexOptions;
  private slots: (IndexedDocument | null)[] = [];
  private slotById = new Map<string, number>();
  /** Per sentence id: document slot (-1 when removed), start, end. */
  private sentenceSlot: number[] = [];
  private sentenceStart: number[] = [];
  private sentenceEnd: number[] = [];
  private deadSentences = 0;
  private baseKeys: Uint32Array = EMPTY;
  private baseOffsets: Uint32Array = new Uint32Array(1);
  private baseIds: Uint32Array = EMPTY;
  private delta = new Map<number, number[]>();
  private deltaEntries = 0;

  constructor(options: Partial<IndexOptions> = {}) {
    this.options = { ...DEFAULT_INDEX_OPTIONS, ...options };
  }

  /** Number of documents. */
  get size(): number {
    return this.slotById.size;
  }

  /** Number of live sentences. */
  get sentenceCount(): number {
    return this.sentenceSlot.length - this.deadSentences;
  }

  has(id: string): boolean {
    return this.slotById.has(id);
  }

  get(id: string): IndexedDocument | undefined {
    const slot = this.slotById.get(id);
    return slot === undefined ? undefined : (this.slots[slot] ?? undefined);
  }

  /** The documents, in the order they were added. */
  *documents(): IterableIterator<IndexedDocument> {
    for (const doc of this.slots) if (doc) yield doc;
  }

  /** Adds a document, replacing any document with the same id. */
  add(doc: CorpusDocument): IndexedDocument {
    if (this.slotById.has(doc.id)) this.remove(doc.id);
    const analysed = analyseText(doc.text);
    const slot = this.slots.length;
    const entry: IndexedDocument = {
      id: doc.id,
      title: doc.title ?? analysed.title,
      url: doc.url ?? null,
      series: doc.series ?? null,
      date: doc.date ?? null,
      text: doc.text,
      key: textKey(analysed),
      firstSentence: this.sentenceSlot.length,
      sentenceCount: analysed.units.length,
    };
    this.slots.push(entry);
    this.slotById.set(doc.id, slot);
    for (const unit of analysed.units) {
      const id = this.sentenceSlot.length;
      this.sentenceSlot.push(slot);
      this.sentenceStart.push(unit.start);
      this.sentenceEnd.push(unit.end);
      for (const fp of winnow(bigramHashes(tokenize(doc.text, unit.start, unit.end)))) {
        const list = this.delta.get(fp);
        if (list) list.push(id);
        else this.delta.set(fp, [id]);
        this.deltaEntries++;
      }
    }
    if (this.deltaEntries > 4096 && this.deltaEntries > this.baseIds.length) this.compact();
    return entry;
  }

  /** Removes a document; returns false when there was none with that id. */
  remove(id: string): boolean {
    const slot = this.slotById.get(id);
    if (slot === undefined) return false;
    const doc = this.slots[slot]!;
    const first = doc.firstSentence;
    const last = first + doc.sentenceCount;
    for (let s = first; s < last; s++) {
      this.sentenceSlot[s] = -1;
      // Entries in the delta are removed now; base entries are skipped until compaction.
      for (const fp of winnow(
        bigramHashes(tokenize(doc.text, this.sentenceStart[s], this.sentenceEnd[s])),
      )) {
        const list = this.delta.get(fp);
        if (!list) continue;
        const kept = list.filter((x) => x !== s);
        this.deltaEntries -= list.length - kept.length;
        if (kept.length) this.delta.set(fp, kept);
        else this.delta.delete(fp);
      }
    }
    this.deadSentences += doc.sentenceCount;
    this.slots[slot] = null;
    this.slotById.delete(id);
    if (this.deadSentences > 1024 && this.deadSentences * 4 > this.sentenceSlot.length)
      this.compact();
    return true;
  }

  /** The sentence with this id, or undefined when it was removed. */
  sentence(id: number): IndexedSentence | undefined {
    const slot = this.sentenceSlot[id];
    if (slot === undefined || slot < 0) return undefined;
    return {
      document: this.slots[slot]!,
      start: this.sentenceStart[id]!,
      end: this.sentenceEnd[id]!,
    };
  }

  /** Largest number of sentences a fingerprint may have and still find candidates. */
  commonLimit(): number {
    return Math.max(
      this.options.commonMin,
      Math.ceil(this.options.commonShare * this.sentenceCount),
    );
  }

  /**
   * Candidate sentences for a query sentence: ids of live sentences sharing at least one
   * non-common bigram with it, with the number shared, best first, at most `limit`.
   * `skip(slotDocument)` leaves out documents (the annotated document itself).
   */
  candidates(
    tokens: readonly Token[],
    limit: number,
    skip: (doc: IndexedDocument) => boolean,
  ): { id: number; shared: number }[] {
    const counts = new Map<number, number>();
    const common = this.commonLimit();
    for (const fp of new Set(bigramHashes(tokens))) {
      const [base, from, to] = this.baseRange(fp);
      const extra = this.delta.get(fp);
      if (to - from + (extra?.length ?? 0) > common) continue;
      for (let k = from; k < to; k++) this.count(counts, base[k]!);
      if (extra) for (const id of extra) this.count(counts, id);
    }
    const skipped = new Map<number, boolean>();
    const result: { id: number; shared: number }[] = [];
    for (const [id, shared] of counts) {
      const slot = this.sentenceSlot[id]!;
      let isSkipped = skipped.get(slot);
      if (isSkipped === undefined) {
        isSkipped = skip(this.slots[slot]!);
        skipped.set(slot, isSkipped);
      }
      if (!isSkipped) result.push({ id, shared });
    }
    result.sort((a, b) => b.shared - a.shared || a.id - b.id);
    return result.length > limit ? result.slice(0, limit) : result;
  }

  private count(counts: Map<number, number>, id: number): void {
    if (this.sentenceSlot[id]! < 0) return;
    counts.set(id, (counts.get(id) ?? 0) + 1);
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
   * Merges the delta into the base, drops removed documents and renumbers sentences so that
   * ids are dense again. Sentence order (and so posting order) is preserved.
   */
  compact(): void {
    const total = this.sentenceSlot.length;
    const renumber = new Int32Array(total).fill(-1);
    const slotRenumber = new Int32Array(this.slots.length).fill(-1);
    const slots: IndexedDocument[] = [];
    this.slots.forEach((doc, slot) => {
      if (!doc) return;
      slotRenumber[slot] = slots.length;
      slots.push(doc);
    });
    const sentenceSlot: number[] = [];
    const sentenceStart: number[] = [];
    const sentenceEnd: number[] = [];
    for (let s = 0; s < total; s++) {
      const slot = this.sentenceSlot[s]!;
      if (slot < 0) continue;
      renumber[s] = sentenceSlot.length;
      sentenceSlot.push(slotRenumber[slot]!);
      sentenceStart.push(this.sentenceStart[s]!);
      sentenceEnd.push(this.sentenceEnd[s]!);
    }
    for (const doc of slots) doc.firstSentence = renumber[doc.firstSentence]!;
    // Docs with no sentence keep a firstSentence that points past their neighbours: harmless,
    // since sentenceCount is 0; normalise it for a canonical serialisation.
    let next = 0;
    for (const doc of slots) {
      if (doc.sentenceCount === 0) doc.firstSentence = next;
      next = doc.firstSentence + doc.sentenceCount;
    }

    const keys = new Set<number>(this.baseKeys);
    for (const key of this.delta.keys()) keys.add(key);
    const sortedKeys = Uint32Array.from(keys).sort();
    const offsets = new Uint32Array(sortedKeys.length + 1);
    const ids: number[] = [];
    let b = 0;
    for (let k = 0; k < sortedKeys.length; k++) {
      const key = sortedKeys[k]!;
      while (b < this.baseKeys.length && this.baseKeys[b]! < key) b++;
      if (b < this.baseKeys.length && this.baseKeys[b] === key) {
        for (let i = this.baseOffsets[b]!; i < this.baseOffsets[b + 1]!; i++) {
          const id = renumber[this.baseIds[i]!]!;
          if (id >= 0) ids.push(id);
        }
      }
      for (const old of this.delta.get(key) ?? []) {
        const id = renumber[old]!;
        if (id >= 0) ids.push(id);
      }
      offsets[k + 1] = ids.length;
    }
    // Drop keys whose postings all died.
    let kept = 0;
    const keptKeys = new Uint32Array(sortedKeys.length);
    const keptOffsets = new Uint32Array(sortedKeys.length + 1);
    for (let k = 0; k < sortedKeys.length; k++) {
      if (offsets[k + 1]! > offsets[k]!) {
        keptKeys[kept] = sortedKeys[k]!;
        keptOffsets[kept + 1] = offsets[k + 1]!;
        kept++;
      }
    }
    this.baseKeys = keptKeys.slice(0, kept);
    this.baseOffsets = keptOffsets.slice(0, kept + 1);
    this.baseIds = Uint32Array.from(ids);
    this.delta = new Map();
    this.deltaEntries = 0;
    this.slots = slots;
    this.slotById = new Map(slots.map((doc, slot) => [doc.id, slot]));
    this.sentenceSlot = sentenceSlot;
    this.sentenceStart = sentenceStart;
    this.sentenceEnd = sentenceEnd;
    this.deadSentences = 0;
  }

  /** Plain structured-cloneable data (typed arrays), compacted. */
  serialize(): SerializedIndex {
    this.compact();
    return {
      format: 'deja-lu-index',
      version: 1,
      options: { ...this.options },
      documents: this.slots.map((doc) => {
        const sentences = new Uint32Array(doc!.sentenceCount * 2);
        for (let i = 0; i < doc!.sentenceCount; i++) {
          sentences[2 * i] = this.sentenceStart[doc!.firstSentence + i]!;
          sentences[2 * i + 1] = this.sentenceEnd[doc!.firstSentence + i]!;
        }
        return {
          id: doc!.id,
          title: doc!.title,
          url: doc!.url,
          series: doc!.series,
          date: doc!.date,
          text: doc!.text,
          key: doc!.key,
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

  /** Rebuilds an index from serialize() or toJSON() output, without re-analysing any text. */
  static deserialize(data: SerializedIndex): CorpusIndex {
    if (data?.format !== 'deja-lu-index' || data.version !== 1) {
      throw new Error('not a Déjà lu index (or an unsupported version)');
    }
    const index = new CorpusIndex(data.options);
    for (const d of data.documents) {
      const slot = index.slots.length;
      const count = d.sentences.length / 2;
      index.slots.push({
        id: d.id,
        title: d.title,
        url: d.url,
        series: d.series,
        date: d.date,
        text: d.text,
        key: d.key,
        firstSentence: index.sentenceSlot.length,
        sentenceCount: count,
      });
      index.slotById.set(d.id, slot);
      for (let i = 0; i < count; i++) {
        index.sentenceSlot.push(slot);
        index.sentenceStart.push(d.sentences[2 * i]!);
        index.sentenceEnd.push(d.sentences[2 * i + 1]!);
      }
    }
    const asU32 = (a: ArrayLike<number>) => (a instanceof Uint32Array ? a : Uint32Array.from(a));
    index.baseKeys = asU32(data.postings.keys);
    index.baseOffsets = asU32(data.postings.offsets);
    index.baseIds = asU32(data.postings.ids);
    if (index.baseOffsets.length !== index.baseKeys.length + 1)
      throw new Error('corrupt index postings');
    return index;
  }
}
