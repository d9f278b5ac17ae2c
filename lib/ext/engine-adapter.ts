/** The matching engine (lib/engine.ts) behind the background service's EnginePort. */
import { annotateText, CorpusIndex, type SerializedIndex } from '../engine';
import type { EnginePort } from './service';

export const engine: EnginePort<SerializedIndex, CorpusIndex> = {
  createIndex: () => new CorpusIndex(),
  // serialize() keeps typed arrays: IndexedDB stores them as they are, compactly.
  deserialize: (data) => CorpusIndex.deserialize(data),
  annotate: (input, index) => annotateText(input, index),
};
