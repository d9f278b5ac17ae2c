/**
 * The CLI's output, written input by input: an input's annotation goes out as soon as it is
 * made, and no string ever holds the whole output. Built in one piece, the JSON of 12,500
 * 1,000-word articles (549 MB) passed the longest string V8 makes (536,870,888 characters):
 * "RangeError: Invalid string length" after 51 s of work, and nothing written. W3C is the
 * exception that keeps its annotations until the end (its header counts them), and writes them
 * one by one too.
 */
import type { CorpusIndex } from '../lib/match/corpus-index';
import type { Annotation } from '../lib/types';
import type { ArticleMetadata } from '../lib/extract/html';
import { CSV_HEADER, annotationCsvRows } from '../lib/export/csv';
import {
  annotationToW3C,
  w3cCollection,
  w3cCollectionJson,
  type W3CAnnotation,
} from '../lib/export/w3c';
import { COLOURS, PLAIN, renderText } from './render-text';

export const FORMATS = ['text', 'json', 'jsonl', 'csv', 'w3c'] as const;
export type Format = (typeof FORMATS)[number];

/** What the CLI writes to: stdout (process.stdout, or a test's fake). */
export interface OutputStream {
  write(s: string): unknown;
  isTTY?: boolean;
  /** When write() returns false, 'drain' says when to write again (process.stdout). */
  once?(event: 'drain', listener: () => void): unknown;
}

/** One annotated input. */
export interface Annotated {
  annotation: Annotation;
  text: string;
  url: string;
  /** For a web page: what the extraction found about it. */
  page?: ArticleMetadata;
}

export interface Output {
  /** Writes one input's annotation (W3C: keeps it for finish()). */
  add(item: Annotated): Promise<void>;
  /** Writes what closes the output (JSON's ], W3C's whole collection). */
  finish(): Promise<void>;
}

/**
 * The JSON object of one input: the annotation, and for a web page also the extracted `text`
 * (which the offsets point into), its `url` and the page `metadata`.
 */
function jsonOf(item: Annotated): object {
  if (!item.page) return item.annotation;
  return { ...item.annotation, url: item.url, text: item.text, metadata: item.page };
}

/**
 * An output in `format` to `out`, the same bytes as formatting every input at once would give:
 * JSON is one array (2-space indentation), JSONL one object a line, CSV a header and a row per
 * sentence (RFC 4180, CRLF), text the readable report (coloured on a terminal unless
 * NO_COLOR), W3C one AnnotationCollection.
 */
export function createOutput(
  format: Format,
  out: OutputStream,
  env: Record<string, string | undefined>,
  index: CorpusIndex,
): Output {
  const write = async (piece: string): Promise<void> => {
    if (out.write(piece) === false && out.once) {
      await new Promise<void>((resolve) => out.once!('drain', resolve));
    }
  };
  let count = 0;
  switch (format) {
    case 'json':
      return {
        add: (item) => {
          // An element of a 2-space-indented array: indented one level more (a JSON string
          // holds no raw line break, so every \n is between lines).
          const json = JSON.stringify(jsonOf(item), null, 2).replace(/\n/g, '\n  ');
          return write(`${count++ === 0 ? '[\n' : ',\n'}  ${json}`);
        },
        finish: () => write(count === 0 ? '[]\n' : '\n]\n'),
      };
    case 'jsonl':
      return {
        add: (item) => write(JSON.stringify(jsonOf(item)) + '\n'),
        finish: async () => {},
      };
    case 'csv': {
      let started = false;
      const header = async () => {
        if (!started) await write(CSV_HEADER);
        started = true;
      };
      return {
        add: async (item) => {
          await header();
          for (const row of annotationCsvRows(item.annotation, item.url)) await write(row + '\r\n');
        },
        finish: header,
      };
    }
    case 'text': {
      const colour = out.isTTY && !env.NO_COLOR ? COLOURS : PLAIN;
      return {
        add: (item) =>
          write(`${count++ === 0 ? '' : '\n'}${renderText(item.annotation, colour)}\n`),
        finish: async () => {},
      };
    }
    case 'w3c': {
      const sourceUrls = new Map<string, string | null>();
      for (const doc of index.documents()) sourceUrls.set(doc.id, doc.url);
      const all: W3CAnnotation[] = [];
      return {
        add: async (item) => {
          for (const annotation of annotationToW3C({ ...item, sourceUrls })) all.push(annotation);
        },
        finish: async () => {
          for (const piece of w3cCollectionJson(w3cCollection(all))) await write(piece);
          await write('\n');
        },
      };
    }
  }
}
