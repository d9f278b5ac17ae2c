/**
 * The engine's public surface, the same for the extension, the CLI and the tests:
 * build a corpus index, annotate a text against it.
 */
export {
  analyseForIndex,
  CorpusIndex,
  DEFAULT_INDEX_OPTIONS,
  MissingTextError,
} from './match/corpus-index';
export type {
  CandidateSkip,
  IndexColumns,
  IndexEntry,
  IndexOptions,
  IndexedDocument,
  SerializedIndex,
} from './match/corpus-index';
export { decodeIndexColumns, encodeIndexColumns } from './match/index-binary';
export {
  annotatePrepared,
  annotateText,
  comparedDocuments,
  DEFAULT_MATCH_OPTIONS,
  prepareAnnotation,
} from './annotate';
export type { AnnotateInput, MatchOptions, PreparedAnnotation } from './annotate';
export { analyseText } from './analyse';
export type * from './types';
