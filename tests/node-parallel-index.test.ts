/**
 * buildIndex (lib/node/parallel-index.ts): the index built by worker threads is the index that
 * adding the documents one by one builds, in the same order; progress is reported; a failing
 * worker fails the build; without the worker script the documents are added in this thread.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusIndex } from '@/lib/match/corpus-index';
import { buildIndex } from '@/lib/node/parallel-index';
import { wordHashes } from '@/lib/text/normalize';
import { syntheticCorpus } from './fixtures/synthetic-corpus';

let dir: string;
let workerUrl: URL;
/** A worker that analyses as the real one and marks its entries' titles "worker". */
let markedWorkerUrl: URL;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deja-lu-workers-'));
  const outfile = join(dir, 'index-worker.mjs');
  await build({
    entryPoints: ['lib/node/index-worker.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  workerUrl = pathToFileURL(outfile);
  const marked = join(dir, 'marked-worker.ts');
  writeFileSync(
    marked,
    [
      "import { parentPort } from 'node:worker_threads';",
      `import { analyseForIndex } from ${JSON.stringify(join(process.cwd(), 'lib/match/corpus-index.ts'))};`,
      'parentPort!.on("message", (m: { batch: number; texts: string[] }) => {',
      '  const entries = m.texts.map((text) => ({ ...analyseForIndex({ id: "", text }), title: "worker" }));',
      '  parentPort!.postMessage({ batch: m.batch, entries });',
      '});',
    ].join('\n'),
  );
  await build({
    entryPoints: [marked],
    outfile: join(dir, 'marked-worker.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  markedWorkerUrl = pathToFileURL(join(dir, 'marked-worker.mjs'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('buildIndex', () => {
  // Two documents share an id: the second replaces the first, as with add().
  const documents = [
    ...syntheticCorpus({ documents: 160 }),
    { ...syntheticCorpus({ documents: 1, seed: 7 })[0]!, id: 'synth-3' },
  ];

  it('builds with worker threads the index that add() builds, in order', async () => {
    const serial = new CorpusIndex();
    for (const doc of documents) serial.add(doc);
    const progress: number[] = [];
    const { index, threads } = await buildIndex(documents, {
      threads: 2,
      workerUrl,
      parallelMinChars: 0,
      onProgress: (done, total) => {
        expect(total).toBe(documents.length);
        progress.push(done);
      },
    });
    expect(threads).toBe(2);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(documents.length);
    expect(index.size).toBe(serial.size);
    expect(index.toColumns()).toEqual(serial.toColumns());
    // And it answers queries: a sentence of a document finds that document.
    const doc = documents[40]!;
    const sentence = doc.text.split('\n\n')[1]!.split('. ')[0]!;
    const found = index.candidates(wordHashes(sentence), 5);
    expect(found.map((c) => index.sentence(c.id)!.document.id)).toContain(doc.id);
  });

  it('analyses in this thread too: with N threads, N - 1 workers and this one share the batches', async () => {
    // Untitled documents, long enough for several batches of about 400,000 characters.
    const long = syntheticCorpus({ documents: 700, seed: 11 }).map(({ id, text }) => ({
      id,
      text,
    }));
    const { index, threads } = await buildIndex(long, {
      threads: 2,
      workerUrl: markedWorkerUrl,
      parallelMinChars: 0,
    });
    expect(threads).toBe(2);
    const byWorker = [...index.documents()].filter((doc) => doc.title === 'worker').length;
    expect(byWorker).toBeGreaterThan(0);
    expect(byWorker).toBeLessThan(long.length);
    // Apart from the titles, the same index as one thread builds.
    const serial = new CorpusIndex();
    for (const doc of long) serial.add(doc);
    const [parallel, one] = [index.toColumns(), serial.toColumns()];
    expect(parallel.postings).toEqual(one.postings);
    expect(parallel.sentences).toEqual(one.sentences);
  });

  it('adds to the index it is given', async () => {
    const index = new CorpusIndex();
    index.add({ id: 'before', text: 'Un document indexé avant les autres, dans ce fil.' });
    await buildIndex(documents.slice(0, 30), { threads: 2, workerUrl, parallelMinChars: 0 }, index);
    expect(index.size).toBe(31);
    expect([...index.documents()][0]!.id).toBe('before');
  });

  it('adds the documents in this thread without the worker script, or with one thread', async () => {
    const missing = new URL('./no-such-worker.mjs', workerUrl);
    const a = await buildIndex(documents.slice(0, 20), { workerUrl: missing, parallelMinChars: 0 });
    const b = await buildIndex(documents.slice(0, 20), {
      threads: 1,
      workerUrl,
      parallelMinChars: 0,
    });
    expect([a.threads, b.threads]).toEqual([1, 1]);
    expect(a.index.toColumns()).toEqual(b.index.toColumns());
    expect(a.index.size).toBe(20);
  });

  it('settles on an empty corpus, and refuses a thread count that is not a whole number', async () => {
    const empty = await buildIndex([], { threads: 4, workerUrl, parallelMinChars: 0 });
    expect([empty.index.size, empty.threads]).toEqual([0, 1]);
    for (const threads of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(buildIndex(documents, { threads, workerUrl })).rejects.toThrow(RangeError);
    }
    // More threads than batches: one thread per batch (this one included), at most MAX_THREADS.
    const few = await buildIndex(documents.slice(0, 12), {
      threads: 1000,
      workerUrl,
      parallelMinChars: 0,
    });
    expect(few.threads).toBe(1);
    expect(few.index.size).toBe(12);
  });

  it('fails when a worker fails, and leaves no worker running', async () => {
    const bad = join(dir, 'bad-worker.mjs');
    writeFileSync(bad, "throw new Error('the worker could not start');\n");
    await expect(
      buildIndex(documents, { threads: 2, workerUrl: pathToFileURL(bad), parallelMinChars: 0 }),
    ).rejects.toThrow(/could not start/);
    const crash = join(dir, 'crash-worker.mjs');
    writeFileSync(
      crash,
      "import { parentPort } from 'node:worker_threads';\n" +
        "parentPort.on('message', (m) => parentPort.postMessage({ batch: m.batch, error: 'no memory left' }));\n",
    );
    await expect(
      buildIndex(documents, { threads: 2, workerUrl: pathToFileURL(crash), parallelMinChars: 0 }),
    ).rejects.toThrow(/indexing a document failed in a worker: no memory left/);
  });
});
