/**
 * The matching engine (lib/engine.ts) behind the background service's EnginePort. The index
 * is persisted without texts, in columns (CorpusIndex.toColumns) encoded as one Blob
 * (lib/match/index-binary.ts); an analysis first asks
 * which documents its sentences will be compared with, so that only their texts are read.
 */
import { DEFAULT_MATCH_OPTIONS } from '../annotate';
import { analyseText } from '../analyse';
import {
  annotateText,
  CorpusIndex,
  decodeIndexColumns,
  encodeIndexColumns,
  MissingTextError,
} from '../engine';
import type { IndexedDocument } from '../match/corpus-index';
import { textKeyOfWords } from '../match/hash';
import { wordHashes } from '../text/normalize';
import { e2eMark } from './e2e';
import type { EnginePort } from './service';

export const engine: EnginePort<Blob, CorpusIndex> = {
  createIndex: () => new CorpusIndex(),
  // One Blob of bytes: what IndexedDB reads back fastest (see index-binary.ts).
  serialize: (index) => new Blob([encodeIndexColumns(index.toColumns())]),
  async deserialize(data) {
    if (!(data instanceof Blob)) throw new Error('the stored index is not a Blob');
    const bytes = await data.arrayBuffer();
    e2eMark('index-bytes');
    const columns = decodeIndexColumns(bytes);
    e2eMark('index-decoded');
    return CorpusIndex.fromColumns(columns);
  },
  /**
   * The documents annotateText() will align sentences with: the same analysis, the same
   * candidate search (limit, minimum words, the document itself left out). Should the two ever
   * drift apart, annotateText() throws MissingTextError and the service fetches that text.
   */
  comparedDocuments(input, index, options) {
    const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
    const { text } = input;
    const analysed = analyseText(text, { blocks: input.blocks, boilerplate: input.boilerplate });
    const units = analysed.units.map((unit) => wordHashes(text, unit.start, unit.end));
    const ownKey = textKeyOfWords(units);
    const isSelf = (doc: IndexedDocument) => doc.id === input.id || doc.key === ownKey;
    const ids = new Set<string>();
    for (const words of units) {
      if (words.length < opts.minWords) continue;
      for (const { id } of index.candidates(words, opts.candidateLimit, isSelf)) {
        const sentence = index.sentence(id);
        if (sentence) ids.add(sentence.document.id);
      }
    }
    return [...ids];
  },
  missingTextOf: (error) => (error instanceof MissingTextError ? error.documentId : null),
  annotate: (input, index, options) => annotateText(input, index, options),
};
