/**
 * W3C Web Annotation export (https://www.w3.org/TR/annotation-model/): one annotation per
 * shared sentence, gathered in an AnnotationCollection with a single page.
 *
 * - target: the document (its URL, or a file: URL or a urn:deja-lu:document: name when it has
 *   none) with a TextQuoteSelector (exact text, 32 characters of prefix and suffix) and a
 *   TextPositionSelector (start, end). Positions count UTF-16 code units into the analysed
 *   text: the file's text for the CLI, the extracted article text for a web page.
 * - body: one SpecificResource per source document (its URL or urn:deja-lu:document:<id>),
 *   with the similarity, the match kind and the matched sentence as Déjà lu properties (the
 *   `dejalu:` terms of the second context), and a TextualBody that says the same in words for
 *   annotation viewers that only show text.
 * - motivation: "linking" (the annotation links a sentence to the documents it is found in).
 */
import type { AnnotatedSentence, Annotation } from '../types';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
export const DEJALU_NS = 'urn:deja-lu:ns#';
const CONTEXT = [
  ANNO_CONTEXT,
  {
    dejalu: DEJALU_NS,
    similarity: { '@id': 'dejalu:similarity', '@type': 'http://www.w3.org/2001/XMLSchema#decimal' },
    match: 'dejalu:match',
    kind: 'dejalu:kind',
    matchedText: 'dejalu:matchedText',
    title: 'dejalu:title',
  },
] as const;

/** Quote context length on each side of the exact text, as in Hypothesis' selectors. */
const CONTEXT_CHARS = 32;

export interface W3CTextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface W3CTextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export interface W3CSourceBody {
  type: 'SpecificResource';
  source: string;
  purpose: 'linking';
  title: string | null;
  similarity: number;
  match: 'verbatim' | 'edited';
  matchedText: string;
}

export interface W3CTextualBody {
  type: 'TextualBody';
  purpose: 'describing';
  value: string;
  format: 'text/plain';
  language: 'en';
}

export interface W3CAnnotation {
  '@context'?: typeof CONTEXT;
  id: string;
  type: 'Annotation';
  motivation: 'linking';
  created: string;
  generator: { id: string; type: 'Software'; name: string };
  body: (W3CSourceBody | W3CTextualBody)[];
  target: { source: string; selector: [W3CTextQuoteSelector, W3CTextPositionSelector] };
  kind: 'prose' | 'quote';
}

export interface W3CCollection {
  '@context': typeof CONTEXT;
  id: string;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  first: { id: string; type: 'AnnotationPage'; startIndex: 0; items: W3CAnnotation[] };
}

/** An IRI for a corpus document: its URL when it has one, else a URN from its id. */
export function documentIri(id: string, url: string | null | undefined): string {
  if (url && /^(?:https?|file):/i.test(url)) return url;
  return `urn:deja-lu:document:${encodeURIComponent(id)}`;
}

export interface W3CExportItem {
  annotation: Annotation;
  /** The analysed text, to cut prefix and suffix from. */
  text: string;
  /** The page URL (or file: URL) of the annotated document. */
  url?: string | null;
  /** URLs of source documents, by id, when known. */
  sourceUrls?: ReadonlyMap<string, string | null>;
}

export interface W3CExportOptions {
  now?: Date;
  generator?: string;
}

/** The Web Annotations of the shared sentences of one annotated document. */
export function annotationToW3C(
  item: W3CExportItem,
  options: W3CExportOptions = {},
): W3CAnnotation[] {
  const { annotation, text } = item;
  const created = (options.now ?? new Date()).toISOString();
  const target = documentIri(annotation.id, item.url);
  return annotation.sentences
    .filter((s) => s.status === 'shared')
    .map((sentence) => ({
      id: `urn:deja-lu:annotation:${encodeURIComponent(target)}:${sentence.start}-${sentence.end}`,
      type: 'Annotation',
      motivation: 'linking',
      created,
      generator: {
        id: 'urn:deja-lu:software',
        type: 'Software',
        name: options.generator ?? 'Déjà lu',
      },
      body: [
        ...sentence.sources.map((source): W3CSourceBody => ({
          type: 'SpecificResource',
          source: documentIri(source.id, item.sourceUrls?.get(source.id)),
          purpose: 'linking',
          title: source.title,
          similarity: source.similarity,
          match: source.similarity === 1 ? 'verbatim' : 'edited',
          matchedText: source.text,
        })),
        describe(sentence),
      ],
      target: {
        source: target,
        selector: [
          {
            type: 'TextQuoteSelector',
            exact: sentence.text,
            prefix: text.slice(Math.max(0, sentence.start - CONTEXT_CHARS), sentence.start),
            suffix: text.slice(sentence.end, sentence.end + CONTEXT_CHARS),
          },
          { type: 'TextPositionSelector', start: sentence.start, end: sentence.end },
        ],
      },
      kind: sentence.kind,
    }));
}

function describe(sentence: AnnotatedSentence): W3CTextualBody {
  const how = sentence.match === 'verbatim' ? 'verbatim' : 'with edits';
  const where = sentence.sources
    .map((s) => `${s.title ?? s.id} (similarity ${s.similarity.toFixed(2)})`)
    .join('; ');
  return {
    type: 'TextualBody',
    purpose: 'describing',
    value: `Also found ${how} in: ${where}`,
    format: 'text/plain',
    language: 'en',
  };
}

/** A collection of the annotations of several documents, as one JSON-LD document. */
export function annotationsToW3C(
  items: W3CExportItem[],
  options: W3CExportOptions = {},
): W3CCollection {
  return w3cCollection(
    items.flatMap((item) => annotationToW3C(item, options)),
    options,
  );
}

/** The collection of `all` (annotationToW3C's, in order). */
export function w3cCollection(all: W3CAnnotation[], options: W3CExportOptions = {}): W3CCollection {
  const id = `urn:deja-lu:collection:${(options.now ?? new Date()).toISOString()}`;
  return {
    '@context': CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: 'Déjà lu: sentences also found elsewhere',
    total: all.length,
    first: { id: `${id}#page1`, type: 'AnnotationPage', startIndex: 0, items: all },
  };
}

/**
 * JSON.stringify(collection, null, 2) in pieces, the annotations one by one: a collection of
 * hundreds of thousands of annotations is longer than the longest string V8 makes (about 512
 * MB), and a writer can send each piece on its way.
 */
export function* w3cCollectionJson(collection: W3CCollection): Generator<string> {
  const { items } = collection.first;
  if (items.length === 0) {
    yield JSON.stringify(collection, null, 2);
    return;
  }
  // The collection with one item, 0, on a line of its own: the annotations go in its place,
  // at its indentation.
  const shell = JSON.stringify(
    { ...collection, first: { ...collection.first, items: [0] } },
    null,
    2,
  );
  const at = shell.indexOf('\n', shell.indexOf('"items": [', shell.indexOf('"first": {'))) + 1;
  const lineEnd = shell.indexOf('\n', at);
  const indent = shell.slice(at, lineEnd - 1);
  yield shell.slice(0, at);
  for (let k = 0; k < items.length; k++) {
    const json = JSON.stringify(items[k], null, 2).replace(/\n/g, `\n${indent}`);
    yield `${indent}${json}${k + 1 < items.length ? ',' : ''}\n`;
  }
  yield shell.slice(lineEnd + 1);
}
