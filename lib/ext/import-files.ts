/**
 * Reading the files a reader imports on the options page, before anything is sent to the
 * background: corpus files in the command line's formats (.txt, .html/.htm, .jsonl) and
 * "export everything" files (.json).
 *
 * Every problem is one line naming the file and what is wrong ("wire.jsonl:12: missing "text"
 * (a string)", "photo.png: not a corpus file (use .txt, .html or .jsonl)", "big.jsonl: too large
 * (300.0 MB; the limit is 256 MB)"), and a problem in any file stops the whole import before
 * anything is written. Text files follow the command line's rules (UTF-8, no binary, BOM
 * dropped). HTML is parsed inertly (the caller passes DOMParser: no script runs, nothing
 * loads) and its article extracted by lib/extract, as for a page the reader adds.
 *
 * Long work yields to the page between slices (`pause`), so that a 30 MB JSONL file is parsed
 * without freezing the options page, and progress is reported as it goes.
 */
import { CorpusFormatError, parseCorpusLine } from '../export/corpus-jsonl';
import { decodeFileText, decodedLines, type DecodedLines } from '../text/decode';

export { decodeFileText };
import { parseBackup, type Backup } from './backup';
import { htmlFileDocument, type HtmlExtraction } from './corpus-documents';
import { importedDocument, MAX_IMPORT_DOCUMENTS, type ImportedDocument } from './records';

/** A .txt or .html corpus file: the command line's limit for one input. */
export const MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024;
/** A .jsonl corpus or an export: ~70,000 news documents. */
export const MAX_BULK_FILE_BYTES = 256 * 1024 * 1024;

/** A problem with an imported file: `message` is `${file}: ${problem}`. */
export class ImportProblem extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'ImportProblem';
  }
}

/** What is read of a File (a real one, or a test's). */
export interface ImportFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type CorpusFileKind = 'txt' | 'html' | 'jsonl';

export function corpusFileKind(name: string): CorpusFileKind | null {
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  if (extension === 'txt') return 'txt';
  if (extension === 'html' || extension === 'htm') return 'html';
  if (extension === 'jsonl') return 'jsonl';
  return null;
}

/** The file name without its extension: the id of a .txt or .html document. */
export function baseName(name: string): string {
  return name.replace(/\.[^.]*$/, '');
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The first bytes and characters looked at for signs of a binary file, as the command line does. */

async function readBytes(file: ImportFile, maxBytes: number): Promise<Uint8Array> {
  if (file.size > maxBytes) {
    throw new ImportProblem(
      file.name,
      `too large (${megabytes(file.size)}; the limit is ${megabytes(maxBytes)})`,
    );
  }
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    throw new ImportProblem(file.name, `cannot read it (${(error as Error).message})`);
  }
}

async function readText(file: ImportFile, maxBytes: number): Promise<string> {
  const bytes = await readBytes(file, maxBytes);
  try {
    return decodeFileText(bytes);
  } catch (error) {
    throw new ImportProblem(file.name, (error as Error).message);
  }
}

/**
 * The lines of a large UTF-8 file (decodedLines: a megabyte at a time, decodeFileText's
 * checks). `onLine` gets each line and its number; `between` runs after each chunk (progress,
 * yielding).
 */
async function forEachLine(
  file: ImportFile,
  bytes: Uint8Array,
  onLine: (line: string, number: number) => void | Promise<void>,
  between: (bytesDone: number) => Promise<void>,
): Promise<void> {
  const chunks = decodedLines(bytes);
  for (;;) {
    let chunk: IteratorResult<DecodedLines, void>;
    try {
      chunk = chunks.next();
    } catch (error) {
      throw new ImportProblem(file.name, (error as Error).message);
    }
    if (chunk.done) return;
    const { lines, first, bytesDone } = chunk.value;
    for (let k = 0; k < lines.length; k++) await onLine(lines[k]!, first + k);
    await between(bytesDone);
  }
}

export interface ReadProgress {
  file: string;
  /** Files finished before this one, of `files`. */
  fileIndex: number;
  files: number;
  /** Bytes of this file read. */
  done: number;
  total: number;
}

export interface ReadCorpusOptions {
  /** Parses HTML without running it: `(html) => new DOMParser().parseFromString(html, 'text/html')`. */
  parseHtml(html: string): Document;
  /** lib/extract/html.ts's extractArticle (a parameter: the page bundles it, tests may fake it). */
  extract(
    doc: Document,
  ):
    | (HtmlExtraction & { status: string; message?: string })
    | Promise<HtmlExtraction & { status: string; message?: string }>;
  onProgress?(progress: ReadProgress): void;
  /** Yields to the page; default: a macrotask. */
  pause?(): Promise<void>;
  /** Work between pauses, in ms. */
  sliceMs?: number;
}

export interface ReadCorpusResult {
  documents: ImportedDocument[];
  /** JSONL lines whose text was empty, left out (the command line indexes nothing for them). */
  emptySkipped: number;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Reads corpus files into documents; throws ImportProblem at the first problem. */
export async function readCorpusFiles(
  files: readonly ImportFile[],
  options: ReadCorpusOptions,
): Promise<ReadCorpusResult> {
  const pause = options.pause ?? macrotask;
  const sliceMs = options.sliceMs ?? 30;
  const documents: ImportedDocument[] = [];
  let emptySkipped = 0;
  for (const [fileIndex, file] of files.entries()) {
    const report = (done: number, total: number) =>
      options.onProgress?.({ file: file.name, fileIndex, files: files.length, done, total });
    const kind = corpusFileKind(file.name);
    if (!kind) {
      throw new ImportProblem(file.name, 'not a corpus file (use .txt, .html or .jsonl)');
    }
    const text = kind === 'jsonl' ? '' : await readText(file, MAX_TEXT_FILE_BYTES);
    const add = (doc: ImportedDocument, where: string) => {
      const problem = importedDocument(doc, 'document');
      if (problem) throw new ImportProblem(where, problem.replace(/^document\./, ''));
      documents.push(doc);
      if (documents.length > MAX_IMPORT_DOCUMENTS) {
        throw new ImportProblem(
          file.name,
          `more than ${MAX_IMPORT_DOCUMENTS} documents in one import; import them in parts`,
        );
      }
    };
    if (kind === 'txt') {
      add(
        { id: baseName(file.name), text, title: null, url: null, series: null, date: null },
        file.name,
      );
      report(file.size, file.size);
    } else if (kind === 'html') {
      let extraction;
      try {
        extraction = await options.extract(options.parseHtml(text));
      } catch (error) {
        throw new ImportProblem(file.name, `cannot read the page (${(error as Error).message})`);
      }
      if (extraction.status !== 'ok') {
        throw new ImportProblem(
          file.name,
          `no article found in the page${extraction.message ? ` (${extraction.message})` : ''}`,
        );
      }
      add(htmlFileDocument(baseName(file.name), extraction), file.name);
      report(file.size, file.size);
    } else {
      const bytes = await readBytes(file, MAX_BULK_FILE_BYTES);
      let sliceStart = performance.now();
      await forEachLine(
        file,
        bytes,
        async (line, number) => {
          const where = `${file.name}:${number}`;
          let doc;
          try {
            doc = parseCorpusLine(line, where);
          } catch (error) {
            if (error instanceof CorpusFormatError) throw new ImportProblem(where, error.problem);
            throw error;
          }
          if (doc) {
            if (doc.text.trim() === '') emptySkipped++;
            else add(doc, where);
          }
          if (performance.now() - sliceStart > sliceMs) {
            await pause();
            sliceStart = performance.now();
          }
        },
        async (done) => {
          report(done, bytes.length);
          await pause();
          sliceStart = performance.now();
        },
      );
    }
  }
  if (documents.length === 0) {
    throw new ImportProblem(
      files.map((f) => f.name).join(', ') || 'import',
      'no document to import',
    );
  }
  return { documents, emptySkipped };
}

/** Reads and checks an "export everything" file; throws ImportProblem naming the file. */
export async function readBackupFile(file: ImportFile): Promise<Backup> {
  if (!/\.json$/i.test(file.name)) {
    throw new ImportProblem(file.name, 'not a Déjà lu export (expected a .json file)');
  }
  const text = await readText(file, MAX_BULK_FILE_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ImportProblem(file.name, `not valid JSON (${(error as Error).message})`);
  }
  try {
    return parseBackup(value);
  } catch (error) {
    throw new ImportProblem(file.name, (error as Error).message);
  }
}
