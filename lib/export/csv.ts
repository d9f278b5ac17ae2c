/**
 * CSV export of annotations (RFC 4180): one row per sentence, comma-separated, fields quoted
 * when they contain a comma, a quotation mark or a line break (quotes doubled), CRLF between
 * records. Text stays UTF-8 as is; `bom` prefixes U+FEFF for spreadsheet programs that need
 * it to read UTF-8.
 */
import type { Annotation } from '../types';

export const CSV_COLUMNS = [
  'document',
  'url',
  'title',
  'sentence',
  'start',
  'end',
  'status',
  'match',
  'kind',
  'similarity',
  'sources',
  'source_similarities',
  'text',
] as const;

/** One CSV field, quoted when needed. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of one annotation (no header). */
export function annotationCsvRows(annotation: Annotation, url: string | null = null): string[] {
  return annotation.sentences.map((s, i) =>
    [
      annotation.id,
      url,
      annotation.title,
      i + 1,
      s.start,
      s.end,
      s.status,
      s.match,
      s.kind,
      s.similarity,
      s.sources.map((x) => x.id).join(';'),
      s.sources.map((x) => x.similarity).join(';'),
      s.text,
    ]
      .map(csvField)
      .join(','),
  );
}

/** A whole CSV document: header and one row per sentence of every annotation. */
export function annotationsToCsv(
  items: { annotation: Annotation; url?: string | null }[],
  options: { bom?: boolean } = {},
): string {
  const lines = [CSV_COLUMNS.join(',')];
  // Row by row, not push(...rows): an article of 120,000 sentences overflowed the stack.
  for (const { annotation, url } of items) {
    for (const row of annotationCsvRows(annotation, url ?? null)) lines.push(row);
  }
  return (options.bom ? '\ufeff' : '') + lines.join('\r\n') + '\r\n';
}
