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

/** The header record of every CSV export, with its line break. */
export const CSV_HEADER = CSV_COLUMNS.join(',') + '\r\n';

/** The rows of one annotation as CSV text, each with its line break ('' for no sentence). */
export function annotationCsvText(annotation: Annotation, url: string | null = null): string {
  let text = '';
  for (const row of annotationCsvRows(annotation, url)) text += row + '\r\n';
  return text;
}

/** A whole CSV document: header and one row per sentence of every annotation. */
export function annotationsToCsv(
  items: { annotation: Annotation; url?: string | null }[],
  options: { bom?: boolean } = {},
): string {
  const parts = [(options.bom ? '\ufeff' : '') + CSV_HEADER];
  for (const { annotation, url } of items) parts.push(annotationCsvText(annotation, url ?? null));
  return parts.join('');
}
