/**
 * The corpus index as the extension stores it: the engine's SerializedIndex without texts
 * (serialize({ texts: false })), with the per-document fields turned into columns.
 *
 * Why columns: IndexedDB stores a value by structured clone, and cloning 10,000 small objects
 * each holding its own typed array of sentence offsets costs three times as much as cloning one
 * array of strings per field and one typed array of every offset (measured in Node 22 on the
 * 10,000-document synthetic corpus: 245 ms against 80 ms; 17.5 MB either way). The cold start
 * of a service worker pays that clone once, before the first analysis.
 */
import type { IndexOptions, SerializedIndex } from '../engine';

export const PACKED_FORMAT = 'deja-lu-packed-index';

export interface PackedIndex {
  format: typeof PACKED_FORMAT;
  version: 1;
  options: IndexOptions;
  ids: string[];
  titles: (string | null)[];
  urls: (string | null)[];
  series: (string | null)[];
  dates: (string | null)[];
  keys: string[];
  /** Sentences per document. */
  sentenceCounts: Uint32Array;
  /** start, end of every sentence of every document, in document order. */
  sentences: Uint32Array;
  postings: { keys: Uint32Array; offsets: Uint32Array; ids: Uint32Array };
}

const asU32 = (a: ArrayLike<number>) => (a instanceof Uint32Array ? a : Uint32Array.from(a));

/** Packs an index serialised without texts. */
export function packIndex(data: SerializedIndex): PackedIndex {
  const docs = data.documents;
  const sentenceCounts = new Uint32Array(docs.length);
  let total = 0;
  docs.forEach((d, i) => {
    sentenceCounts[i] = d.sentences.length / 2;
    total += d.sentences.length;
  });
  const sentences = new Uint32Array(total);
  let offset = 0;
  for (const d of docs) {
    sentences.set(asU32(d.sentences), offset);
    offset += d.sentences.length;
  }
  return {
    format: PACKED_FORMAT,
    version: 1,
    options: { ...data.options },
    ids: docs.map((d) => d.id),
    titles: docs.map((d) => d.title),
    urls: docs.map((d) => d.url),
    series: docs.map((d) => d.series),
    dates: docs.map((d) => d.date),
    keys: docs.map((d) => d.key),
    sentenceCounts,
    sentences,
    postings: {
      keys: asU32(data.postings.keys),
      offsets: asU32(data.postings.offsets),
      ids: asU32(data.postings.ids),
    },
  };
}

/** The engine's form again, every text null (views into the packed offsets, no copy). */
export function unpackIndex(packed: PackedIndex): SerializedIndex {
  if (packed?.format !== PACKED_FORMAT || packed.version !== 1) {
    throw new Error('not a packed Déjà lu index (or an unsupported version)');
  }
  const count = packed.ids.length;
  const columns = [packed.titles, packed.urls, packed.series, packed.dates, packed.keys];
  if (packed.sentenceCounts.length !== count || columns.some((c) => c.length !== count)) {
    throw new Error('corrupt packed index: columns of different lengths');
  }
  let offset = 0;
  const documents: SerializedIndex['documents'] = new Array(count);
  for (let i = 0; i < count; i++) {
    const length = packed.sentenceCounts[i]! * 2;
    if (offset + length > packed.sentences.length) {
      throw new Error('corrupt packed index: sentence offsets missing');
    }
    documents[i] = {
      id: packed.ids[i]!,
      title: packed.titles[i]!,
      url: packed.urls[i]!,
      series: packed.series[i]!,
      date: packed.dates[i]!,
      text: null,
      key: packed.keys[i]!,
      sentences: packed.sentences.subarray(offset, offset + length),
    };
    offset += length;
  }
  return {
    format: 'deja-lu-index',
    version: 1,
    options: packed.options,
    documents,
    postings: packed.postings,
  };
}
