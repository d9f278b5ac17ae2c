/**
 * Corpus JSONL, one document a line with passim's field names (https://github.com/dasmiq/passim):
 * `id` (a string, or a number read as one), `text`, and optionally `title`, `url`, `series`
 * (the outlet) and `date`. The same rules and messages as the command line's corpus reader
 * (cli/corpus.ts), in a form that parses line by line, so the options page can parse a file of
 * 10,000 documents in slices and report progress.
 */
import type { CorpusDocument } from '../types';

/** A line that is not a corpus document; `message` names the file and line. */
export class CorpusFormatError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
    this.name = 'CorpusFormatError';
  }
}

/** One line of a corpus JSONL file; null for a blank line. `where` is "file:line". */
export function parseCorpusLine(raw: string, where: string): Required<CorpusDocument> | null {
  const line = raw.trim();
  if (line === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new CorpusFormatError(where, 'not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CorpusFormatError(where, 'each line must be a JSON object');
  }
  const record = value as Record<string, unknown>;
  const id = record.id;
  if (typeof id !== 'string' && typeof id !== 'number') {
    throw new CorpusFormatError(where, 'missing "id" (a string)');
  }
  if (typeof record.text !== 'string')
    throw new CorpusFormatError(where, 'missing "text" (a string)');
  const optional = (key: string): string | null => {
    const v = record[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') throw new CorpusFormatError(where, `"${key}" must be a string`);
    return v;
  };
  return {
    id: String(id),
    text: record.text,
    title: optional('title'),
    url: optional('url'),
    series: optional('series'),
    date: optional('date'),
  };
}

/** Every document of a corpus JSONL text; throws CorpusFormatError at the first bad line. */
export function parseCorpusJsonl(text: string, file = 'corpus.jsonl'): Required<CorpusDocument>[] {
  const docs: Required<CorpusDocument>[] = [];
  text.split('\n').forEach((line, i) => {
    const doc = parseCorpusLine(line, `${file}:${i + 1}`);
    if (doc) docs.push(doc);
  });
  return docs;
}

/** A corpus as JSONL text, one document a line (what parseCorpusJsonl reads back). */
export function corpusToJsonl(docs: readonly CorpusDocument[]): string {
  return docs
    .map(({ id, text, title, url, series, date }) =>
      JSON.stringify({
        id,
        text,
        title: title ?? null,
        url: url ?? null,
        series: series ?? null,
        date: date ?? null,
      }),
    )
    .map((line) => line + '\n')
    .join('');
}
