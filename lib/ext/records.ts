/**
 * Schemas of the records that enter the database from outside the background: imported corpus
 * documents, page annotations restored from an export, settings in an export. The options page
 * checks them to name the file and line of a problem; the background checks them again on
 * arrival (a message is never trusted because its sender is), and nothing is written unless
 * every record of the import conforms.
 */
import type {
  AnnotatedSentence,
  Annotation,
  BoilerplateBlock,
  CorpusDocument,
  Credit,
  DiffOp,
  SentenceSource,
} from '../types';
import { BOILERPLATE_REASONS } from '../types';
import type { StoredAnnotation } from './db';
import type { PageInfo, PageMetadata, RankedSource } from './protocol';
import { SETTINGS_FIELDS, type SettingsPatch } from './settings';
import {
  array,
  index,
  literal,
  nullable,
  number,
  object,
  optional,
  string,
  type Schema,
} from './validate';

/** A corpus document's text: at most 16 MB, like the command line's inputs. */
export const MAX_DOCUMENT_CHARS = 16 * 1024 * 1024;
/** Document ids, titles, URLs, outlets and dates. */
export const MAX_FIELD_CHARS = 10_000;
/** An import of more documents than this is refused (the index holds ~8 million sentences). */
export const MAX_IMPORT_DOCUMENTS = 200_000;

/** A string that is not only whitespace. */
export function nonBlank(maxLength: number): Schema<string> {
  const inner = string(maxLength);
  return (value, path) =>
    inner(value, path) ?? ((value as string).trim() === '' ? `${path}: empty` : null);
}

/** Adds a check that runs once the shape conforms. */
export function refine<T>(schema: Schema<T>, check: (value: T, path: string) => string | null) {
  const refined: Schema<T> = (value, path) => schema(value, path) ?? check(value as T, path);
  return refined;
}

const field = nullable(string(MAX_FIELD_CHARS));
const ratio = number({ min: 0, max: 1 });

/** A corpus document as imported (passim's fields; absent optional fields are null). */
export type ImportedDocument = Required<CorpusDocument>;

export const importedDocument: Schema<ImportedDocument> = object({
  id: nonBlank(MAX_FIELD_CHARS),
  text: nonBlank(MAX_DOCUMENT_CHARS),
  title: field,
  url: field,
  series: field,
  date: field,
});

/** A reader's document in an export: when it was added, too. */
export interface ExportedDocument extends ImportedDocument {
  addedAt: number;
}

export const exportedDocument: Schema<ExportedDocument> = refine(
  object({ addedAt: number({ min: 0 }) }),
  (value, path) => importedDocument(value, path),
) as Schema<ExportedDocument>;

const diffOp: Schema<DiffOp> = object({ op: literal('=', '-', '+'), text: string() });

const sentenceSource: Schema<SentenceSource> = object({
  id: string(MAX_FIELD_CHARS),
  title: field,
  similarity: ratio,
  text: string(),
  diff: array(diffOp),
});

const span = <T extends { start: number; end: number }>(schema: Schema<T>): Schema<T> =>
  refine(schema, (value, path) => (value.start <= value.end ? null : `${path}: start after end`));

const annotatedSentence: Schema<AnnotatedSentence> = span(
  object({
    start: index,
    end: index,
    text: string(),
    status: literal('shared', 'unique'),
    match: nullable(literal('verbatim', 'edited')),
    kind: literal('prose', 'quote'),
    similarity: ratio,
    sources: array(sentenceSource, 1000),
  }),
);

export { BOILERPLATE_REASONS };

const boilerplateBlock: Schema<BoilerplateBlock> = span(
  object({ start: index, end: index, text: string(), reason: literal(...BOILERPLATE_REASONS) }),
);

const credit: Schema<Credit | null> = nullable(
  span(object({ start: index, end: index, text: string(), agency: field })),
);

export const annotationSchema: Schema<Annotation> = object({
  id: string(),
  title: nullable(string()),
  sentences: array(annotatedSentence),
  boilerplate: array(boilerplateBlock),
  credit,
  stats: object({ sentences: index, shared: index, sharedRatio: ratio }),
});

const pageInfo: Schema<PageInfo> = object({
  url: string(100_000),
  title: field,
  siteName: field,
  byline: field,
  publishedTime: field,
});

const pageMetadata: Schema<PageMetadata> = object({
  title: field,
  byline: field,
  siteName: field,
  publishedTime: field,
  language: field,
  canonicalUrl: field,
  excerpt: field,
});

const rankedSource: Schema<RankedSource> = object({
  id: string(MAX_FIELD_CHARS),
  title: field,
  outlet: field,
  url: field,
  sentences: index,
  share: ratio,
  similarity: ratio,
});

/**
 * A page's saved annotation. When the analysed text is there, each sentence must be the text
 * at its offsets: an export edited by hand cannot point the Web Annotation export elsewhere.
 */
export const storedAnnotation: Schema<StoredAnnotation> = refine(
  object({
    url: nonBlank(100_000),
    analysedAt: number({ min: 0 }),
    page: pageInfo,
    annotation: annotationSchema,
    sources: array(rankedSource, 10_000),
    corpusRevision: index,
    text: optional(string()),
    metadata: optional(pageMetadata),
  }),
  (record, path) => {
    if (record.text === undefined) return null;
    const { text } = record;
    for (const [i, s] of record.annotation.sentences.entries()) {
      if (text.slice(s.start, s.end) !== s.text) {
        return `${path}.annotation.sentences[${i}]: not the text at ${s.start}-${s.end}`;
      }
    }
    return null;
  },
);

/** Settings in an export: the known fields, each optional and checked; others ignored. */
export const settingsRecord: Schema<SettingsPatch> = object(
  Object.fromEntries(
    Object.entries(SETTINGS_FIELDS).map(([key, schema]) => [
      key,
      optional(schema as Schema<unknown>),
    ]),
  ) as { [K in keyof SettingsPatch]-?: Schema<SettingsPatch[K]> },
);
