/**
 * Loading corpora for the CLI: the bundled seeds, folders of .txt, .html and .jsonl files, and JSONL
 * files whose lines use passim's field names (id, text, and optionally title, url, series for
 * the outlet, date).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CorpusDocument } from '../lib/types';
import { parseSeedManifest, seedDocuments } from '../lib/seeds';
import { CorpusFormatError, parseCorpusLine } from '../lib/export/corpus-jsonl';
import { decodedLines } from '../lib/text/decode';
import { decodeText, describeFsError, InputError } from './inputs';
import { readHtmlInput } from './html-input';

export class CorpusError extends Error {}

const CORPUS_EXTENSIONS = ['.txt', '.jsonl', '.html', '.htm'];

/** The seeds folder of the package (beside dist/ and cli/). */
export function seedsDirectory(): string {
  return fileURLToPath(new URL('../seeds/', import.meta.url));
}

export function loadSeeds(dir = seedsDirectory()): CorpusDocument[] {
  const manifest = parseSeedManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  return seedDocuments(manifest, (file) => readFileSync(join(dir, file), 'utf8'));
}

/** Documents of a corpus given as a folder or a .jsonl / .txt file. */
export async function loadCorpus(path: string): Promise<CorpusDocument[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new CorpusError(`${path}: no such file or folder`);
  }
  if (info.isDirectory()) {
    const docs: CorpusDocument[] = [];
    // Document by document: push(...docs) passes every element as an argument, and a file of
    // some 120,000 documents overflowed the stack.
    for (const file of await listFiles(path)) {
      for (const doc of await loadCorpusFile(file)) docs.push(doc);
    }
    return docs;
  }
  return loadCorpusFile(path);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && CORPUS_EXTENSIONS.includes(extname(e.name).toLowerCase()))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function loadCorpusFile(file: string): Promise<CorpusDocument[]> {
  const ext = extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm') {
    try {
      const page = await readHtmlInput(file);
      // The corpus keeps the article: its blocks, furniture left out.
      const text = page.blocks.map((b) => page.text.slice(b.start, b.end)).join('\n\n');
      return [
        {
          id: page.id,
          text,
          title: page.metadata.title,
          url: page.metadata.canonicalUrl ?? page.url,
          series: page.metadata.siteName,
          date: page.metadata.publishedTime,
        },
      ];
    } catch (error) {
      throw new CorpusError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new CorpusError(`${file}: ${describeFsError(error)}`);
  }
  if (ext === '.jsonl') return readJsonl(bytes, file);
  let text: string;
  try {
    text = decodeText(bytes);
  } catch (error) {
    if (error instanceof InputError && /^empty/.test(error.message)) return [];
    throw new CorpusError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (ext === '.txt') return [{ id: basename(file, extname(file)), text }];
  throw new CorpusError(`${file}: unsupported corpus file (use .txt, .html or .jsonl)`);
}

/**
 * The documents of a JSONL file, decoded and parsed a megabyte at a time (decodedLines): the
 * file is never one string, which V8 caps at 536,870,888 characters (a 581 MB corpus was
 * refused as "not UTF-8"). An empty file has none.
 */
export function readJsonl(bytes: Uint8Array, file: string): CorpusDocument[] {
  const docs: CorpusDocument[] = [];
  try {
    for (const { lines, first } of decodedLines(bytes)) {
      for (let k = 0; k < lines.length; k++) {
        const doc = parseCorpusLine(lines[k]!, `${file}:${first + k}`);
        if (doc) docs.push(doc);
      }
    }
  } catch (error) {
    if (error instanceof CorpusFormatError) throw new CorpusError(error.message);
    const message = error instanceof Error ? error.message : String(error);
    if (/^empty/.test(message)) return [];
    throw new CorpusError(`${file}: ${message}`);
  }
  return docs;
}
