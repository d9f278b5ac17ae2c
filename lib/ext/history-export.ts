/**
 * The saved analyses (the options page's history) in the three formats the command line
 * writes, so that browser and batch results are interchangeable:
 * - W3C Web Annotation JSON-LD (lib/export/w3c.ts): one annotation per shared sentence, the
 *   page's URL as target with quote and position selectors, the source documents (their URL
 *   when known) in the body;
 * - CSV (lib/export/csv.ts): one row per sentence, RFC 4180, the page URL in `url`;
 * - JSONL: one analysed page a line, the command line's JSON for a web page (the annotation,
 *   and its `url`, extracted `text` and page `metadata`).
 * Pure: records in, text out; the options page turns the text (historyFileParts) into a
 * download.
 */
import type { Annotation } from '../types';
import { CSV_HEADER, annotationCsvText, annotationsToCsv } from '../export/csv';
import { annotationsToW3C, w3cCollectionJson, type W3CCollection } from '../export/w3c';
import type { StoredAnnotation } from './db';
import type { PageMetadata } from './protocol';

/**
 * The analysed text of a saved analysis. Records saved before version 2 did not keep it: their
 * text is rebuilt from what they did keep (each sentence, removed block and credit line at its
 * offsets, spaces between), which gives the right quotes and positions and approximate
 * prefixes and suffixes.
 */
export function analysedText(record: StoredAnnotation): string {
  if (record.text !== undefined) return record.text;
  const { annotation } = record;
  const spans = [
    ...annotation.sentences,
    ...annotation.boilerplate,
    ...(annotation.credit ? [annotation.credit] : []),
  ];
  let length = 0;
  for (const span of spans) length = Math.max(length, span.end);
  const chars = new Array<string>(length).fill(' ');
  for (const span of spans) {
    for (let i = 0; i < span.text.length && span.start + i < length; i++) {
      chars[span.start + i] = span.text[i]!;
    }
  }
  return chars.join('');
}

/** The page's metadata: as saved, or from the page info of an older record. */
function metadataOf(record: StoredAnnotation): PageMetadata {
  if (record.metadata) return record.metadata;
  const { page } = record;
  return {
    title: page.title,
    byline: page.byline,
    siteName: page.siteName,
    publishedTime: page.publishedTime,
    language: null,
    canonicalUrl: null,
    excerpt: null,
  };
}

export function historyToW3C(
  records: readonly StoredAnnotation[],
  now = new Date(),
): W3CCollection {
  return annotationsToW3C(
    records.map((record) => ({
      annotation: record.annotation,
      text: analysedText(record),
      url: record.url,
      sourceUrls: new Map(record.sources.map((s) => [s.id, s.url])),
    })),
    { now },
  );
}

export function historyToCsv(records: readonly StoredAnnotation[]): string {
  return annotationsToCsv(records.map((r) => ({ annotation: r.annotation, url: r.url })));
}

/** One line per page: the command line's JSON object for a web page. */
export function historyToJsonl(records: readonly StoredAnnotation[]): string {
  return records.map(jsonlLine).join('');
}

function jsonlLine(record: StoredAnnotation): string {
  const line: Annotation & { url: string; text?: string; metadata: PageMetadata } = {
    ...record.annotation,
    url: record.url,
    ...(record.text !== undefined ? { text: record.text } : {}),
    metadata: metadataOf(record),
  };
  return JSON.stringify(line) + '\n';
}

/**
 * The history file in `format`, as the parts of a Blob: the same bytes as historyToW3C
 * (stringified, 2-space indentation, a final line break), historyToCsv or historyToJsonl, a
 * page or an annotation a part. One string has a limit a Blob of parts has not: the longest
 * string V8 makes is 536,870,888 characters, and the command line's JSONL of seed 000 (a
 * 1,000-word article) is 25 KB, so some 21,000 saved analyses would pass it.
 */
export function historyFileParts(
  records: readonly StoredAnnotation[],
  format: 'w3c' | 'csv' | 'jsonl',
  now = new Date(),
): string[] {
  const parts: string[] = [];
  if (format === 'w3c') {
    for (const piece of w3cCollectionJson(historyToW3C(records, now))) parts.push(piece);
    parts.push('\n');
  } else if (format === 'csv') {
    parts.push(CSV_HEADER);
    for (const record of records) {
      const rows = annotationCsvText(record.annotation, record.url);
      if (rows !== '') parts.push(rows);
    }
  } else {
    for (const record of records) parts.push(jsonlLine(record));
  }
  return parts;
}
