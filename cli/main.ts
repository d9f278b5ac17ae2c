/**
 * The `deja-lu` command-line tool: annotates files against the bundled seeds and/or the
 * user's corpora, with the same engine as the extension.
 */
import { parseArgs } from 'node:util';
import { basename, extname } from 'node:path';
import { CorpusIndex, annotateText } from '../lib/engine';
import { buildIndex, MAX_THREADS } from '../lib/node/parallel-index';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { readTextInput, InputError } from './inputs';
import { isHtmlInput, readHtmlInput } from './html-input';
import { CorpusError, loadCorpus, loadSeeds } from './corpus';
import { FORMATS, createOutput, type Format, type OutputStream } from './output';

/** Corpora larger than this report indexing progress on stderr. */
const PROGRESS_MIN_DOCUMENTS = 2000;

export const USAGE = `Usage: deja-lu annotate [options] <file...>

Marks each sentence of each input as shared with a corpus document (verbatim or edited)
or unique, and lists its sources. Inputs are text files (.txt, UTF-8), saved web pages
(.html, .htm) or http(s) URLs; from a page, the article is extracted first.

Options:
  --corpus <dir|file.jsonl>  add a corpus: a folder of .txt/.jsonl files, a .jsonl file
                             (one JSON object a line: id, text, title?, url?, series?, date?)
                             or a .txt file; repeatable
  --no-seeds                 leave the bundled seed corpus out
  --format <f>               text (default), json, jsonl, csv, or w3c (Web Annotation
                             JSON-LD: one annotation per shared sentence)
  -h, --help                 show this help
`;

export interface Io {
  stdout: OutputStream;
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** How URLs are fetched (tests pass their own). */
  fetch?: typeof fetch;
}

const processIo: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env };

/** Runs the CLI; returns the exit code (0 ok, 1 some input failed, 2 usage or corpus error). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const error = (message: string) => io.stderr.write(`deja-lu: ${message}\n`);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        corpus: { type: 'string', multiple: true },
        'no-seeds': { type: 'boolean' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const [command, ...files] = positionals;
  if (command !== 'annotate') {
    error(command ? `unknown command '${command}'\n${USAGE}` : `missing command\n${USAGE}`);
    return 2;
  }
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) {
    error(`unknown format '${values.format}' (use ${FORMATS.join(', ')})`);
    return 2;
  }
  if (files.length === 0) {
    error(`no input file\n${USAGE}`);
    return 2;
  }

  // Threads indexing a large corpus: DEJA_LU_THREADS, else one per core.
  const threadsSetting = io.env.DEJA_LU_THREADS ?? '';
  const threads = threadsSetting === '' ? undefined : Number(threadsSetting);
  if (
    threads !== undefined &&
    !(Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS)
  ) {
    error(
      `DEJA_LU_THREADS must be a whole number from 1 to ${MAX_THREADS}, not '${threadsSetting}'`,
    );
    return 2;
  }

  // The corpus.
  const index = new CorpusIndex();
  try {
    const documents = values['no-seeds'] ? [] : loadSeeds();
    // Document by document, not push(...docs): a corpus of some 120,000 documents or more
    // overflowed the stack.
    for (const path of values.corpus ?? []) {
      for (const doc of await loadCorpus(path)) documents.push(doc);
    }
    if (documents.length === 0) {
      error('the corpus is empty (--no-seeds and no --corpus)');
      return 2;
    }
    const progress = documents.length >= PROGRESS_MIN_DOCUMENTS;
    const started = performance.now();
    let lastReport = started;
    const built = await buildIndex(
      documents,
      {
        threads,
        workerUrl: new URL('./index-worker.mjs', import.meta.url),
        onProgress: (done, total) => {
          const now = performance.now();
          if (!progress || (now - lastReport < 1000 && done < total)) return;
          lastReport = now;
          io.stderr.write(
            `deja-lu: indexed ${done}/${total} corpus documents (${((now - started) / 1000).toFixed(1)} s)\n`,
          );
        },
      },
      index,
    );
    if (progress) {
      io.stderr.write(
        `deja-lu: ${built.threads === 1 ? 'one thread' : `${built.threads} threads`} indexed the corpus\n`,
      );
    }
  } catch (e) {
    if (e instanceof CorpusError) {
      error(`corpus: ${e.message}`);
      return 2;
    }
    throw e;
  }

  // The inputs, in order; a bad one is reported and the others still annotated.
  // Each input's annotation is written once it is made (see cli/output.ts).
  const output = createOutput(format, io.stdout, io.env, index);
  const fetchImpl = io.fetch ?? fetch;
  let failed = 0;
  for (const file of files) {
    try {
      if (isHtmlInput(file)) {
        const page = await readHtmlInput(file, fetchImpl);
        const annotation = annotateText(
          {
            id: page.id,
            text: page.text,
            title: page.metadata.title,
            blocks: page.blocks,
            boilerplate: page.boilerplate,
          },
          index,
        );
        await output.add({ annotation, text: page.text, url: page.url, page: page.metadata });
        continue;
      }
      const input = await readTextInput(file);
      const id = basename(file, extname(file));
      await output.add({
        annotation: annotateText({ id, text: input.text }, index),
        text: input.text,
        url: pathToFileURL(resolve(file)).href,
      });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      failed++;
      error(`${file}: ${e.message}`);
    }
  }

  await output.finish();
  return failed > 0 ? 1 : 0;
}
