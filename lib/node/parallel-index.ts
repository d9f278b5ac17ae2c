/**
 * Building a corpus index on every core (Node: the CLI and the benchmark).
 *
 * Analysing a document for the index (segmentation, furniture rules, words, fingerprints) is
 * nearly all the cost of indexing and depends on the document alone: this thread and N - 1
 * worker threads analyse batches of texts (analyseForIndex), and this thread appends the
 * entries to the index (CorpusIndex.addAnalysed) in the documents' order, so the index is
 * exactly the one that adding the documents one by one builds. This thread takes its share
 * rather than waiting on N workers: it would otherwise sit idle, its code is already compiled
 * (a new worker starts cold), and one thread fewer is started. The worker script is a separate
 * bundle (index-worker.mjs, beside the CLI's); without it, or with one thread, documents are
 * added here.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CorpusIndex, analyseForIndex, type IndexEntry } from '../match/corpus-index';
import type { CorpusDocument } from '../types';

/** Sent to a worker: a batch of texts to analyse. */
export interface WorkerRequest {
  batch: number;
  texts: string[];
}

/** From a worker: the entries of a batch, in order, or why it failed. */
export type WorkerReply =
  { batch: number; entries: IndexEntry[] } | { batch: number; error: string };

export interface BuildOptions {
  /** Threads analysing documents; default: the machine's parallelism, at most 8. */
  threads?: number;
  /** The worker script (index-worker.mjs). Without it, documents are added in this thread. */
  workerUrl?: URL;
  /** Called after each batch is added: documents added so far, and in all. */
  onProgress?: (done: number, total: number) => void;
  /** Corpora with less text than this (UTF-16 code units) are indexed in this thread. */
  parallelMinChars?: number;
}

/**
 * By default, corpora smaller than this (UTF-16 code units of text, about 4,000 articles) are
 * indexed in this thread: starting the workers would cost more than it saves. A new process
 * (as the CLI runs) indexing the bench corpus's first N documents, three runs each, on the
 * 2-core machine of the README: one thread 449-506 ms and two 600-647 at 2.7 million code
 * units, 792-813 against 961-1,073 at 8.1 million, 1,096-1,173 against 1,111-1,316 at 12.1
 * million, 1,395-1,526 against 1,301-1,403 at 16.1 million (both start cold, and V8's
 * compiler threads share the two cores with them).
 */
const PARALLEL_MIN_CHARS = 12_000_000;
/** A batch holds about this much text (code units): small enough to balance, large to amortise. */
const BATCH_CHARS = 400_000;

/** The most threads buildIndex starts, whatever it is asked for. */
export const MAX_THREADS = 32;

/** The number of threads buildIndex uses by default. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/**
 * Adds `documents` to `index` (a new one by default), in order, as index.add() would, on
 * several threads (this one and workers) when asked for and the corpus is large enough.
 * Resolves to the index and the number of threads that analysed the documents.
 */
export async function buildIndex(
  documents: readonly CorpusDocument[],
  options: BuildOptions = {},
  index: CorpusIndex = new CorpusIndex(),
): Promise<{ index: CorpusIndex; threads: number }> {
  const asked = options.threads ?? defaultThreads();
  if (!Number.isInteger(asked) || asked < 1) {
    throw new RangeError(`threads must be a whole number from 1 to ${MAX_THREADS}, not ${asked}`);
  }
  const threads = Math.min(asked, MAX_THREADS);
  let chars = 0;
  for (const doc of documents) chars += doc.text.length;
  const workerUrl = options.workerUrl;
  if (
    threads === 1 ||
    documents.length === 0 ||
    chars < (options.parallelMinChars ?? PARALLEL_MIN_CHARS) ||
    !workerUrl ||
    !existsSync(fileURLToPath(workerUrl))
  ) {
    addHere(documents, index, options.onProgress);
    return { index, threads: 1 };
  }

  // Batches of consecutive documents, about BATCH_CHARS of text each.
  const batches: [number, number][] = [];
  let from = 0;
  let size = 0;
  documents.forEach((doc, i) => {
    size += doc.text.length;
    if (size >= BATCH_CHARS || i === documents.length - 1) {
      batches.push([from, i + 1]);
      from = i + 1;
      size = 0;
    }
  });
  const count = Math.min(threads, batches.length);
  if (count === 1) {
    addHere(documents, index, options.onProgress);
    return { index, threads: 1 };
  }
  const workers: Worker[] = [];
  try {
    for (let k = 1; k < count; k++) workers.push(new Worker(workerUrl));
    await new Promise<void>((resolve, reject) => {
      const ready = new Map<number, IndexEntry[]>();
      let nextToTake = 0;
      let nextToAdd = 0;
      let failed = false;
      const fail = (error: unknown) => {
        if (!failed) reject(error instanceof Error ? error : new Error(String(error)));
        failed = true;
      };
      const take = (): number => (nextToTake < batches.length ? nextToTake++ : -1);
      const send = (worker: Worker) => {
        const batch = take();
        if (batch === -1) return;
        const [start, end] = batches[batch]!;
        const texts = documents.slice(start, end).map((doc) => doc.text);
        worker.postMessage({ batch, texts } satisfies WorkerRequest);
      };
      /** Adds the batches that are ready, in order: one that came back early waits. */
      const addReady = () => {
        try {
          for (let entries = ready.get(nextToAdd); entries; entries = ready.get(nextToAdd)) {
            ready.delete(nextToAdd);
            const [start, end] = batches[nextToAdd]!;
            entries.forEach((entry, k) => index.addAnalysed(documents[start + k]!, entry));
            nextToAdd++;
            options.onProgress?.(end, documents.length);
          }
        } catch (e) {
          fail(e);
          return;
        }
        if (nextToAdd === batches.length) resolve();
      };
      /** This thread's share: one batch at a time, the workers' replies read in between. */
      const analyseHere = () => {
        if (failed) return;
        const batch = take();
        if (batch === -1) return;
        const [start, end] = batches[batch]!;
        try {
          ready.set(batch, documents.slice(start, end).map(analyseForIndex));
        } catch (e) {
          fail(e);
          return;
        }
        addReady();
        setImmediate(analyseHere);
      };
      for (const worker of workers) {
        worker.on('message', (reply: WorkerReply) => {
          if (failed) return;
          if ('error' in reply) {
            fail(new Error(`indexing a document failed in a worker: ${reply.error}`));
            return;
          }
          ready.set(reply.batch, reply.entries);
          send(worker);
          addReady();
        });
        worker.on('error', fail);
        worker.on('messageerror', fail);
        worker.on('exit', (code) => {
          if (nextToAdd < batches.length) fail(new Error(`an index worker exited (code ${code})`));
        });
        // Two batches in flight per worker: one analysed while the other travels back.
        send(worker);
        send(worker);
      }
      setImmediate(analyseHere);
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return { index, threads: count };
}

function addHere(
  documents: readonly CorpusDocument[],
  index: CorpusIndex,
  onProgress: BuildOptions['onProgress'],
): void {
  let lastReport = performance.now();
  documents.forEach((doc, i) => {
    index.add(doc);
    const now = performance.now();
    if (onProgress && (now - lastReport > 250 || i === documents.length - 1)) {
      lastReport = now;
      onProgress(i + 1, documents.length);
    }
  });
}
