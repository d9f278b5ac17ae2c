/**
 * The matching engine (lib/engine.ts) behind the background service's EnginePort. The index
 * is persisted without texts, in columns (CorpusIndex.toColumns) encoded as one Blob
 * (lib/match/index-binary.ts). An analysis is prepared first (the article analysed, its
 * candidates found), then only the texts of the documents it compares with are read, then
 * the same preparation is annotated.
 */
import {
  annotatePrepared,
  comparedDocuments,
  CorpusIndex,
  decodeIndexColumns,
  encodeIndexColumns,
  prepareAnnotation,
  type PreparedAnnotation,
} from '../engine';
import { e2eMark } from './e2e';
import type { EnginePort } from './service';

export const engine: EnginePort<Blob, CorpusIndex, PreparedAnnotation> = {
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
  prepare: prepareAnnotation,
  comparedDocuments,
  annotate: annotatePrepared,
};
