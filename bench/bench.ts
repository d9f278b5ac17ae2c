/**
 * `npm run bench`: the engine against its peers on generated French corpora with planted reuse.
 *
 * For each corpus size (1,000, 10,000 and 100,000 documents; BENCH_SIZES=1000,10000 runs a
 * subset; BENCH_QUICK=1 runs 1,000 documents with fewer queries, about a minute) a child process (node --expose-gc, so memory can
 * be measured after collection) generates the corpus (bench/generate.ts, deterministic),
 * indexes it and reports:
 * - index build throughput (documents/s, MB/s of UTF-8 text, wall and CPU time), in one
 *   thread (CorpusIndex.add, the first thing the process runs after generating the corpus)
 *   and on every core as the CLI builds (buildIndex: this thread and a worker thread per
 *   other core, in a new process reading the corpus from a JSONL file as the CLI does,
 *   checked to give the same index);
 * - index size in memory (heap and array buffers after gc, the texts apart) and serialised
 *   (JSON of toJSON(), and serialize()'s typed arrays plus its strings in UTF-8);
 * - query latency: p50 and p95, wall clock and CPU time, of annotating 1,000-word articles
 *   (generated, not in the corpus, each with planted copies), each article annotated once;
 *   and seed 001 (1,095 words) annotated repeatedly;
 * - recall per edit level and precision on the planted reuse, over a sample of corpus
 *   documents (each annotated against the rest of the corpus) and over the articles;
 * - brute force (every sentence pair compared with the engine's own similarity and rules) on
 *   the sizes where it finishes in reasonable time (10 articles and 30 documents at 1,000, one
 *   article at 10,000): its time per article, the ratio to the engine, and its recall (the
 *   ceiling for the index's candidate generation);
 * - sim_text (Debian's similarity-tester) on the same articles and corpus, when installed:
 *   time for one article, time per article in one call for all, ratios, recall, precision.
 * Writes bench/results/latest.json and latest.md and prints a table. Asserts nothing.
 *
 * Environment: BENCH_SIZES, BENCH_QUICK, BENCH_QUERY_DOCS (documents scored per size, default
 * 300, 200 at 100,000), BENCH_ARTICLES (1,000-word articles timed, default 30),
 * BENCH_BRUTE_MAX (largest size for brute force, default 10000), BENCH_SIMTEXT=0 (skip
 * sim_text), BENCH_SIMTEXT_MAX (largest size for sim_text, default 100000).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CorpusIndex, annotateText, decodeIndexColumns, encodeIndexColumns } from '../lib/engine';
import type { SerializedIndex } from '../lib/match/corpus-index';
import type { CorpusDocument } from '../lib/types';
import {
  GroundTruth,
  addScore,
  bruteAnnotate,
  bruteCorpus,
  emptyScore,
  engineUnits,
  rates,
  type Examples,
  type Rates,
  type Score,
} from './evaluate';
import { Lexicon } from './french';
import {
  EDIT_LEVELS,
  buildPool,
  fixtureDocuments,
  generateArticles,
  generateCorpus,
  seedTexts,
} from './generate';
import { runSimText, simTextVersion, writeCorpus } from './simtext';
import { buildIndex, defaultThreads } from '../lib/node/parallel-index';
import { corpusToJsonl } from '../lib/export/corpus-jsonl';
import { loadCorpus } from '../cli/corpus';

const root = process.cwd();
const env = process.env;
const quick = env.BENCH_QUICK === '1';

interface Config {
  sizes: number[];
  quick: boolean;
  queryDocs: number;
  articles: number;
  warmup: number;
  seedRuns: number;
  bruteMax: number;
  simText: boolean;
  simTextMax: number;
  simTimeoutMs: number;
}

function readConfig(): Config {
  const list = (s: string | undefined) =>
    s
      ?.split(',')
      .map((x) => Number(x.replace(/[_\s]/g, '')))
      .filter((n) => Number.isFinite(n) && n > 0);
  return {
    sizes: list(env.BENCH_SIZES) ?? (quick ? [1000] : [1000, 10000, 100000]),
    quick,
    queryDocs: Number(env.BENCH_QUERY_DOCS ?? (quick ? 100 : 300)),
    articles: Number(env.BENCH_ARTICLES ?? (quick ? 10 : 30)),
    warmup: 3,
    seedRuns: quick ? 5 : 20,
    bruteMax: Number(env.BENCH_BRUTE_MAX ?? 10000),
    simText: env.BENCH_SIMTEXT !== '0',
    simTextMax: Number(env.BENCH_SIMTEXT_MAX ?? 100000),
    simTimeoutMs: 600_000,
  };
}

// ---------------------------------------------------------------------------------------------
// Measurement helpers

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const MB = 1e6;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Collects garbage (node --expose-gc) and returns heap + array buffer bytes. */
function settledMemory(): { heap: number; buffers: number; rss: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers, rss: m.rss };
}

function timed<T>(f: () => T): { value: T; ms: number; cpu: number } {
  const c = cpuMs();
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t, cpu: cpuMs() - c };
}

/** Length of a JSON array of numbers, without building it. */
function jsonNumbersLength(values: ArrayLike<number>): number {
  let n = 2 + Math.max(0, values.length - 1);
  for (let i = 0; i < values.length; i++) n += String(values[i]).length;
  return n;
}

/** JSON.stringify(index.toJSON()).length, computed piece by piece (no 500 MB string). */
function jsonLength(data: SerializedIndex): number {
  const skeleton = JSON.stringify({
    ...data,
    documents: 0,
    postings: { keys: 0, offsets: 0, ids: 0 },
  });
  let docs = 2 + Math.max(0, data.documents.length - 1);
  for (const d of data.documents) {
    docs += JSON.stringify({ ...d, sentences: 0 }).length - 1 + jsonNumbersLength(d.sentences);
  }
  return (
    skeleton.length -
    4 +
    docs +
    jsonNumbersLength(data.postings.keys) +
    jsonNumbersLength(data.postings.offsets) +
    jsonNumbersLength(data.postings.ids)
  );
}

/** serialize()'s typed arrays (bytes) and its strings (UTF-8 bytes). */
function binarySize(data: SerializedIndex): { arrays: number; strings: number } {
  let arrays = 0;
  let strings = 0;
  const bytes = (a: ArrayLike<number>) => (a as Uint32Array).byteLength ?? a.length * 4;
  arrays += bytes(data.postings.keys) + bytes(data.postings.offsets) + bytes(data.postings.ids);
  for (const d of data.documents) {
    arrays += bytes(d.sentences);
    for (const s of [d.id, d.title, d.url, d.series, d.date, d.text, d.key]) {
      if (s) strings += Buffer.byteLength(s);
    }
  }
  return { arrays, strings };
}

// ---------------------------------------------------------------------------------------------
// One corpus size (child process)

interface SizeResult {
  size: number;
  corpus: {
    documents: number;
    generated: number;
    seeds: number;
    fixtures: number;
    sentences: number;
    words: number;
    textMB: number;
    planted: number;
    poolSentences: number;
    generateMs: number;
  };
  build: { ms: number; cpuMs: number; docsPerS: number; mbPerS: number; mbPerCpuS: number };
  /**
   * The same corpus indexed by buildIndex() on every core (this thread and workers) in a new
   * process, as the CLI does.
   */
  parallelBuild: {
    threads: number;
    ms: number;
    /** CPU time of the whole process: every thread. */
    cpuMs: number;
    mbPerS: number;
    /** Whether the index is the one built in one thread (postings and sentences). */
    identical: boolean;
  };
  memory: {
    textsMB: number;
    indexHeapMB: number;
    indexBuffersMB: number;
    indexMB: number;
    totalMB: number;
    perDocumentKB: number;
    indexPerDocumentKB: number;
    afterQueriesMB: number;
    rssMB: number;
  };
  serialised: {
    ms: number;
    jsonMB: number;
    arraysMB: number;
    stringsMB: number;
    binaryMB: number;
    storedMB: number;
    loadMs: number;
    perDocumentKB: number;
  };
  latency: {
    articles: number;
    words: number;
    wallP50: number;
    wallP95: number;
    cpuP50: number;
    cpuP95: number;
    seed001: { words: number; runs: number; wallP50: number; cpuP50: number; cpuP95: number };
  };
  quality: {
    documents: { count: number; ms: number; rates: Rates };
    articles: { count: number; rates: Rates };
  };
  brute: null | {
    prepareMs: number;
    articles: number;
    msPerArticle: number;
    ratio: number;
    rates: Rates;
    engineRates: Rates;
    documents: { count: number; rates: Rates; engineRates: Rates } | null;
  };
  simText: null | {
    version: string;
    writeMs: number;
    singleMs: number;
    batchArticles: number;
    batchMs: number;
    msPerArticle: number;
    ratioSingle: number;
    ratioBatch: number;
    rates: Rates;
    examples: Examples;
    error?: string;
  };
  /** The engine's missed copies and false positives (documents, then articles), a few. */
  examples: Examples;
  skipped: string[];
  loadavg: number[];
  /**
   * machineCheck() before the build and at the end: the same fixed loop on every run, so that
   * runs on a shared machine can be told apart by how fast the machine was, not the engine.
   */
  machineCheck: { before: number; after: number };
}

/** A fixed text for machineCheck(): 3.5 million code units, the same on every run. */
const CHECK_TEXT = (() => {
  const words = ['le', 'président', 'a', 'déclaré', 'mardi', 'que', 'l’accord', 'était', 'signé'];
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < 4_000_000; i++) {
    const word = words[(i * 7) % words.length]!;
    parts.push(word, i % 13 === 12 ? '. ' : ' ');
    length += word.length + 2;
  }
  return parts.join('');
})();

/**
 * Nanoseconds per character of FNV-1a over CHECK_TEXT (a loop like the engine's word scan),
 * best of five: a reference for how fast this machine runs at the moment.
 */
function machineCheck(): number {
  const text = CHECK_TEXT;
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    best = Math.min(best, performance.now() - t);
    sink ^= h;
  }
  if (sink === 0.5) console.log(sink);
  return round((best * 1e6) / CHECK_TEXT.length, 2);
}

async function runSize(size: number, cfg: Config): Promise<SizeResult> {
  const label = `[${size.toLocaleString('en')}]`;
  const log = (msg: string) => console.log(`${label} ${msg}`);
  const skipped: string[] = [];

  const seeds = seedTexts(root);
  const fixtures = await fixtureDocuments(root);
  const pool = buildPool([...seeds, ...fixtures]);
  const lexicon = new Lexicon();
  const before = settledMemory();

  const generated = Math.max(0, size - seeds.length - fixtures.length);
  const gen = timed(() => generateCorpus(generated, pool, lexicon));
  const corpus = gen.value;
  const documents: CorpusDocument[] = [...seeds, ...fixtures, ...corpus.documents];
  const textBytes = documents.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
  const words = documents.reduce((n, d) => n + d.text.split(/\s+/).length, 0);
  log(
    `generated ${generated.toLocaleString('en')} documents + ${seeds.length} seeds + ${fixtures.length} fixtures, ${round(textBytes / MB)} MB, ${corpus.planted.length.toLocaleString('en')} planted copies of ${pool.sentences.length} pool sentences (${round(gen.ms / 1000)} s)`,
  );
  const withTexts = settledMemory();

  const checkBefore = machineCheck();
  log(`machine check: ${checkBefore} ns per character`);
  // Build.
  const index = new CorpusIndex();
  const build = timed(() => {
    for (const doc of documents) index.add(doc);
    index.compact();
  });
  const afterBuild = settledMemory();
  const buildResult = {
    ms: round(build.ms),
    cpuMs: round(build.cpu),
    docsPerS: round(documents.length / (build.ms / 1000), 0),
    mbPerS: round(textBytes / MB / (build.ms / 1000), 2),
    mbPerCpuS: round(textBytes / MB / (build.cpu / 1000), 2),
  };
  log(
    `index build ${round(build.ms / 1000, 2)} s (CPU ${round(build.cpu / 1000, 2)} s): ${buildResult.docsPerS} documents/s, ${buildResult.mbPerS} MB/s; ${index.sentenceCount.toLocaleString('en')} sentences`,
  );
  const parallelBuild = cliBuild(documents, textBytes, indexDigest(index));
  log(
    `index build with ${parallelBuild.threads} threads ${round(parallelBuild.ms / 1000, 2)} s (CPU of all threads ${round(parallelBuild.cpuMs / 1000, 2)} s): ${parallelBuild.mbPerS} MB/s; ${parallelBuild.identical ? 'the same index' : 'A DIFFERENT INDEX'}`,
  );
  const textsMB = (withTexts.heap + withTexts.buffers - before.heap - before.buffers) / MB;
  const indexHeapMB = (afterBuild.heap - withTexts.heap) / MB;
  const indexBuffersMB = (afterBuild.buffers - withTexts.buffers) / MB;

  // Serialised (the serialised data is dropped as soon as it is measured).
  const { serialiseMs, json, binary } = (() => {
    const t = timed(() => index.serialize());
    return { serialiseMs: t.ms, json: jsonLength(t.value), binary: binarySize(t.value) };
  })();
  if (size <= 2000) {
    const direct = JSON.stringify(index.toJSON()).length;
    if (direct !== json) log(`note: JSON length computed ${json}, direct ${direct}`);
  }
  const serialised = {
    ms: round(serialiseMs),
    jsonMB: round(json / MB, 2),
    arraysMB: round(binary.arrays / MB, 2),
    stringsMB: round(binary.strings / MB, 2),
    binaryMB: round((binary.arrays + binary.strings) / MB, 2),
    perDocumentKB: round((binary.arrays + binary.strings) / 1000 / documents.length, 2),
    ...(() => {
      // What the extension stores (no texts) and what loading it costs a cold worker.
      const stored = encodeIndexColumns(index.toColumns());
      const load = timed(() => CorpusIndex.fromColumns(decodeIndexColumns(stored)));
      return { storedMB: round(stored.byteLength / MB, 2), loadMs: round(load.ms, 1) };
    })(),
  };
  log(
    `memory: index ${round(indexHeapMB + indexBuffersMB)} MB + texts ${round(textsMB)} MB; serialised JSON ${serialised.jsonMB} MB, binary ${serialised.binaryMB} MB`,
  );

  // Ground truth and the articles.
  const articleCount = cfg.articles + cfg.warmup;
  const articles = generateArticles(articleCount, 1000, pool, lexicon);
  const truth = new GroundTruth(pool, [...corpus.planted, ...articles.planted], (id) =>
    index.has(id),
  );

  // Quality on corpus documents.
  const planted = new Set(corpus.planted.map((p) => p.document));
  const wanted = Math.min(cfg.queryDocs, size >= 100000 ? 200 : cfg.queryDocs);
  const withCopies = corpus.documents.filter((d) => planted.has(d.id));
  const without = corpus.documents.filter((d) => !planted.has(d.id));
  const spread = <T>(list: T[], n: number) =>
    Array.from(
      { length: Math.min(n, list.length) },
      (_, i) => list[Math.floor(((i + 0.5) * list.length) / Math.min(n, list.length))]!,
    );
  const queryDocs = [
    ...spread(withCopies, Math.round(wanted * 0.8)),
    ...spread(without, wanted - Math.round(wanted * 0.8)),
  ];
  const docScores: Score[] = [];
  const examples: Examples = { limit: 12, missed: [], falsePositives: [] };
  const docTime = timed(() => {
    for (const doc of queryDocs) {
      const annotation = annotateText({ id: doc.id, text: doc.text }, index);
      docScores.push(truth.score(doc.id, engineUnits(annotation), examples, doc.text));
    }
  });
  const docRates = rates(docScores.reduce(addScore, emptyScore()));
  log(
    `${queryDocs.length} corpus documents annotated in ${round(docTime.ms / 1000, 1)} s: recall ${EDIT_LEVELS.map((l) => `${l} ${docRates.recall[l]}`).join(', ')}; precision ${docRates.precision}`,
  );

  // Latency on 1,000-word articles.
  const articleScores: Score[] = [];
  const wall: number[] = [];
  const cpu: number[] = [];
  const articleUnits: { start: number; end: number }[][] = [];
  articles.documents.forEach((doc, i) => {
    const t = timed(() => annotateText({ id: doc.id, text: doc.text }, index));
    articleUnits.push(t.value.sentences.map((s) => ({ start: s.start, end: s.end })));
    if (i < cfg.warmup) return;
    wall.push(t.ms);
    cpu.push(t.cpu);
    articleScores.push(truth.score(doc.id, engineUnits(t.value), examples, doc.text));
  });
  const measured = articles.documents.slice(cfg.warmup);
  const articleWords = Math.round(
    measured.reduce((n, d) => n + d.text.split(/\s+/).length, 0) / measured.length,
  );
  const seed001 = seeds.find((s) => s.id.startsWith('001'));
  const seedWall: number[] = [];
  const seedCpu: number[] = [];
  if (seed001) {
    for (let r = 0; r < cfg.seedRuns + 2; r++) {
      const t = timed(() => annotateText({ id: seed001.id, text: seed001.text }, index));
      if (r < 2) continue;
      seedWall.push(t.ms);
      seedCpu.push(t.cpu);
    }
  }
  const latency = {
    articles: wall.length,
    words: articleWords,
    wallP50: round(quantile(wall, 0.5), 2),
    wallP95: round(quantile(wall, 0.95), 2),
    cpuP50: round(quantile(cpu, 0.5), 2),
    cpuP95: round(quantile(cpu, 0.95), 2),
    seed001: {
      words: seed001 ? seed001.text.split(/\s+/).length : 0,
      runs: seedWall.length,
      wallP50: round(quantile(seedWall, 0.5), 2),
      cpuP50: round(quantile(seedCpu, 0.5), 2),
      cpuP95: round(quantile(seedCpu, 0.95), 2),
    },
  };
  const articleRates = rates(articleScores.reduce(addScore, emptyScore()));
  log(
    `1,000-word articles (${wall.length}, ~${articleWords} words): p50 ${latency.wallP50} ms, p95 ${latency.wallP95} ms wall; CPU p50 ${latency.cpuP50} ms, p95 ${latency.cpuP95} ms; seed 001 CPU p50 ${latency.seed001.cpuP50} ms`,
  );
  const afterQueries = settledMemory();

  // Brute force.
  let brute: SizeResult['brute'] = null;
  if (size <= cfg.bruteMax) {
    const prep = timed(() => bruteCorpus(index));
    const bc = prep.value;
    const count = Math.min(size <= 2000 ? (cfg.quick ? 3 : 10) : 1, cfg.articles);
    const bruteScores: Score[] = [];
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const doc = measured[i]!;
      const t = timed(() => bruteAnnotate({ id: doc.id, text: doc.text }, bc));
      times.push(t.ms);
      bruteScores.push(truth.score(doc.id, t.value));
    }
    let documentsPart: NonNullable<SizeResult['brute']>['documents'] = null;
    if (size <= 2000) {
      const n = Math.min(queryDocs.length, cfg.quick ? 10 : 30);
      const subset = spread(queryDocs, n);
      const scores: Score[] = [];
      const engine: Score[] = [];
      for (const doc of subset) {
        scores.push(truth.score(doc.id, bruteAnnotate({ id: doc.id, text: doc.text }, bc)));
        engine.push(docScores[queryDocs.indexOf(doc)]!);
      }
      documentsPart = {
        count: subset.length,
        rates: rates(scores.reduce(addScore, emptyScore())),
        engineRates: rates(engine.reduce(addScore, emptyScore())),
      };
    }
    const perArticle = quantile(times, 0.5);
    brute = {
      prepareMs: round(prep.ms),
      articles: count,
      msPerArticle: round(perArticle, 1),
      ratio: round(perArticle / latency.wallP50, 1),
      rates: rates(bruteScores.reduce(addScore, emptyScore())),
      engineRates: rates(articleScores.slice(0, count).reduce(addScore, emptyScore())),
      documents: documentsPart,
    };
    log(
      `brute force: ${brute.msPerArticle} ms per article (${count}), ${brute.ratio}× the engine's p50; recall ${EDIT_LEVELS.map((l) => `${l} ${brute!.rates.recall[l]}`).join(', ')}`,
    );
  } else {
    skipped.push(`brute force: above BENCH_BRUTE_MAX=${cfg.bruteMax} documents`);
    log(`brute force skipped (above ${cfg.bruteMax} documents)`);
  }

  // sim_text.
  let simText: SizeResult['simText'] = null;
  const version = cfg.simText ? simTextVersion() : null;
  if (!cfg.simText) skipped.push('sim_text: BENCH_SIMTEXT=0');
  else if (!version) {
    skipped.push('sim_text: not installed (apt-get install similarity-tester)');
    log('sim_text not installed (apt-get install similarity-tester): skipped');
  } else if (size > cfg.simTextMax) {
    skipped.push(`sim_text: above BENCH_SIMTEXT_MAX=${cfg.simTextMax} documents`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'deja-lu-bench-'));
    try {
      const write = timed(() => writeCorpus(dir, documents));
      const queries = measured.map((doc, i) => ({
        id: doc.id,
        text: doc.text,
        units: articleUnits[i + cfg.warmup]!,
      }));
      const single = runSimText(dir, write.value, queries.slice(0, 1), cfg.simTimeoutMs);
      const batch = runSimText(dir, write.value, queries, cfg.simTimeoutMs);
      const simExamples: Examples = { limit: 6, missed: [], falsePositives: [] };
      const simScores = queries.map((q, i) =>
        truth.score(q.id, batch.results[i]!, simExamples, q.text),
      );
      simText = {
        version,
        writeMs: round(write.ms),
        singleMs: round(single.ms),
        batchArticles: queries.length,
        batchMs: round(batch.ms),
        msPerArticle: round(batch.ms / queries.length, 1),
        ratioSingle: round(single.ms / latency.wallP50, 1),
        ratioBatch: round(batch.ms / queries.length / latency.wallP50, 1),
        rates: rates(simScores.reduce(addScore, emptyScore())),
        examples: simExamples,
        ...(single.error || batch.error ? { error: single.error ?? batch.error } : {}),
      };
      log(
        `sim_text: ${simText.singleMs} ms for one article (${simText.ratioSingle}× the engine), ${simText.msPerArticle} ms per article in one call for ${queries.length} (${simText.ratioBatch}×); recall ${EDIT_LEVELS.map((l) => `${l} ${simText!.rates.recall[l]}`).join(', ')}; precision ${simText.rates.precision}${simText.error ? `; error: ${simText.error}` : ''}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const indexMB = indexHeapMB + indexBuffersMB;
  return {
    size,
    corpus: {
      documents: documents.length,
      generated,
      seeds: seeds.length,
      fixtures: fixtures.length,
      sentences: index.sentenceCount,
      words,
      textMB: round(textBytes / MB, 2),
      planted: corpus.planted.length,
      poolSentences: pool.sentences.length,
      generateMs: round(gen.ms),
    },
    build: buildResult,
    parallelBuild,
    memory: {
      textsMB: round(textsMB, 1),
      indexHeapMB: round(indexHeapMB, 1),
      indexBuffersMB: round(indexBuffersMB, 1),
      indexMB: round(indexMB, 1),
      totalMB: round(indexMB + textsMB, 1),
      perDocumentKB: round(((indexMB + textsMB) * 1000) / documents.length, 2),
      indexPerDocumentKB: round((indexMB * 1000) / documents.length, 2),
      afterQueriesMB: round(
        (afterQueries.heap + afterQueries.buffers - before.heap - before.buffers) / MB,
        1,
      ),
      rssMB: round(afterQueries.rss / MB, 0),
    },
    serialised,
    latency,
    quality: {
      documents: { count: queryDocs.length, ms: round(docTime.ms), rates: docRates },
      articles: { count: articleScores.length, rates: articleRates },
    },
    brute,
    simText,
    examples,
    skipped,
    loadavg: loadavg().map((x) => round(x, 2)),
    machineCheck: { before: checkBefore, after: machineCheck() },
  };
}

// ---------------------------------------------------------------------------------------------
// Report (parent process)

interface Report {
  date: string;
  machine: {
    cpu: string;
    cores: number;
    memoryGB: number;
    node: string;
    platform: string;
    loadavgStart: number[];
    loadavgEnd: number[];
  };
  config: Config;
  durationS: number;
  targets: {
    name: string;
    size: number | null;
    value: number | null;
    target: string;
    met: boolean | null;
  }[];
  sizes: SizeResult[];
}

const fmt = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined || Number.isNaN(x)
    ? '—'
    : x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const recallCell = (r: Rates | undefined) =>
  r ? EDIT_LEVELS.map((l) => fmt(r.recall[l], 3)).join(' / ') : '—';

function targets(sizes: SizeResult[]): Report['targets'] {
  const at = (n: number) => sizes.find((s) => s.size === n);
  const out: Report['targets'] = [];
  const add = (
    name: string,
    size: number | null,
    value: number | null,
    target: string,
    met: boolean | null,
  ) => out.push({ name, size, value, target, met });
  // Latency on the wall clock (the target) and in CPU time (what a shared machine still shows).
  for (const [n, limit] of [
    [10000, 20],
    [100000, 100],
  ] as const) {
    const s = at(n);
    for (const clock of ['wall', 'CPU'] as const) {
      const v = s ? (clock === 'wall' ? s.latency.wallP50 : s.latency.cpuP50) : null;
      add(`query p50 (ms, ${clock})`, n, v, `<= ${limit}`, v === null ? null : v <= limit);
    }
  }
  for (const s of sizes) {
    add(
      'index build, one thread (MB/s, wall)',
      s.size,
      s.build.mbPerS,
      '>= 20',
      s.build.mbPerS >= 20,
    );
    add(
      'index build, one thread (MB/s, CPU)',
      s.size,
      s.build.mbPerCpuS,
      '>= 20',
      s.build.mbPerCpuS >= 20,
    );
    const p = s.parallelBuild;
    add(
      `index build, ${p.threads} threads (MB/s, wall)`,
      s.size,
      p.mbPerS,
      '>= 20',
      p.identical && p.mbPerS >= 20,
    );
    const r = s.quality.documents.rates;
    for (const level of EDIT_LEVELS) {
      const min = level === 'heavy' ? 0.9 : 0.99;
      const v = r.recall[level];
      add(`recall ${level}`, s.size, v, `>= ${min}`, v === null ? null : v >= min);
    }
    add(
      'precision',
      s.size,
      r.precision,
      '>= 0.99',
      r.precision === null ? null : r.precision >= 0.99,
    );
  }
  return out;
}

function table(report: Report): string {
  const sizes = report.sizes;
  const head = `| | ${sizes.map((s) => `${s.size.toLocaleString('en')} documents`).join(' | ')} |`;
  const sep = `|---|${sizes.map(() => '---:').join('|')}|`;
  const row = (label: string, cell: (s: SizeResult) => string) =>
    `| ${label} | ${sizes.map(cell).join(' | ')} |`;
  const rows = [
    head,
    sep,
    row(
      'corpus: MB of text / sentences',
      (s) => `${fmt(s.corpus.textMB)} / ${fmt(s.corpus.sentences, 0)}`,
    ),
    row(
      'machine check: ns per character, before / after (lower: faster)',
      (s) => `${fmt(s.machineCheck.before, 2)} / ${fmt(s.machineCheck.after, 2)}`,
    ),
    row('index build: documents/s', (s) => fmt(s.build.docsPerS, 0)),
    row(
      'index build, one thread: MB/s (wall / CPU)',
      (s) => `${fmt(s.build.mbPerS, 2)} / ${fmt(s.build.mbPerCpuS, 2)}`,
    ),
    row(
      'index build on every core (as the CLI): MB/s wall (threads)',
      (s) =>
        `${fmt(s.parallelBuild.mbPerS, 2)} (${s.parallelBuild.threads})${s.parallelBuild.identical ? '' : ' DIFFERENT INDEX'}`,
    ),
    row(
      'index in memory: MB (index + texts)',
      (s) => `${fmt(s.memory.indexMB)} + ${fmt(s.memory.textsMB)}`,
    ),
    row(
      'in memory per document: KB (index only)',
      (s) => `${fmt(s.memory.perDocumentKB, 2)} (${fmt(s.memory.indexPerDocumentKB, 2)})`,
    ),
    row(
      'serialised: JSON MB / binary MB',
      (s) => `${fmt(s.serialised.jsonMB)} / ${fmt(s.serialised.binaryMB)}`,
    ),
    row(
      'stored by the extension (no texts): MB / load ms',
      (s) => `${fmt(s.serialised.storedMB)} / ${fmt(s.serialised.loadMs)}`,
    ),
    row(
      'query, 1,000 words: p50 / p95 ms (wall)',
      (s) => `${fmt(s.latency.wallP50)} / ${fmt(s.latency.wallP95)}`,
    ),
    row(
      'query, 1,000 words: p50 / p95 ms (CPU)',
      (s) => `${fmt(s.latency.cpuP50)} / ${fmt(s.latency.cpuP95)}`,
    ),
    row('seed 001 (1,095 words): p50 ms CPU', (s) => fmt(s.latency.seed001.cpuP50)),
    row('recall verbatim / light / heavy (documents)', (s) =>
      recallCell(s.quality.documents.rates),
    ),
    row(
      'recall in passages / isolated (documents)',
      (s) =>
        `${fmt(s.quality.documents.rates.recallPassage, 3)} / ${fmt(s.quality.documents.rates.recallIsolated, 3)}`,
    ),
    row(
      'precision: sentences / sources (documents)',
      (s) =>
        `${fmt(s.quality.documents.rates.precision, 4)} / ${fmt(s.quality.documents.rates.sourcePrecision, 4)}`,
    ),
    row('recall v / l / h (articles)', (s) => recallCell(s.quality.articles.rates)),
    row('precision (articles)', (s) => fmt(s.quality.articles.rates.precision, 4)),
    row('brute force: ms per article (× engine)', (s) =>
      s.brute ? `${fmt(s.brute.msPerArticle, 0)} (${fmt(s.brute.ratio)}×)` : '—',
    ),
    row('brute force recall v / l / h (articles)', (s) => recallCell(s.brute?.rates)),
    row('  engine on the same articles', (s) => recallCell(s.brute?.engineRates)),
    row('brute force precision (articles)', (s) => fmt(s.brute?.rates.precision, 4)),
    row('sim_text: ms for one article (× engine)', (s) =>
      s.simText ? `${fmt(s.simText.singleMs, 0)} (${fmt(s.simText.ratioSingle, 0)}×)` : '—',
    ),
    row('sim_text: ms per article, all in one call (×)', (s) =>
      s.simText ? `${fmt(s.simText.msPerArticle, 0)} (${fmt(s.simText.ratioBatch)}×)` : '—',
    ),
    row('sim_text recall v / l / h (articles)', (s) => recallCell(s.simText?.rates)),
    row('sim_text precision (articles)', (s) => fmt(s.simText?.rates.precision, 4)),
  ];
  return rows.join('\n');
}

function printReport(report: Report): string {
  const m = report.machine;
  const lines = [
    `Déjà lu benchmark, ${report.date}: ${m.cores} × ${m.cpu}, ${m.memoryGB} GB, node ${m.node}, load average ${m.loadavgStart.join(' ')} at start, ${m.loadavgEnd.join(' ')} at end; ${Math.round(report.durationS)} s.`,
    '',
    table(report),
    '',
    'Targets:',
    ...report.targets.map(
      (t) =>
        `  ${t.met === null ? '?' : t.met ? 'meets ' : 'MISSES'} ${t.name}${t.size ? ` at ${t.size.toLocaleString('en')}` : ''}: ${fmt(t.value, 4)} (target ${t.target})`,
    ),
  ];
  const skipped = [
    ...new Set(report.sizes.flatMap((s) => s.skipped.map((x) => `${x} (${s.size})`))),
  ];
  if (skipped.length) {
    lines.push('', 'Skipped:');
    for (const x of skipped) lines.push(`  ${x}`);
  }
  return lines.join('\n');
}

/** A digest of an index's sentences and postings: equal digests, the same index. */
function indexDigest(index: CorpusIndex): string {
  const c = index.toColumns();
  const hash = createHash('sha256').update(c.strings);
  for (const a of [c.sentences, c.postings.keys, c.postings.offsets, c.postings.ids]) {
    hash.update(String(a.length)).update(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  }
  return hash.digest('hex');
}

/**
 * The corpus indexed as the CLI indexes it: in a new process (so nothing is compiled yet, in
 * this thread or the workers), from a JSONL file read and parsed before the clock starts, by
 * buildIndex() with one thread per core. The process reports its figures and the index's
 * digest, compared with the one-thread index's.
 */
function cliBuild(
  documents: CorpusDocument[],
  textBytes: number,
  expectedDigest: string,
): SizeResult['parallelBuild'] {
  const dir = mkdtempSync(join(tmpdir(), 'deja-lu-bench-cli-'));
  try {
    const corpus = join(dir, 'corpus.jsonl');
    const out = join(dir, 'build.json');
    // In slices: at 100,000 documents the whole file would be one string of 280 MB.
    const fd = openSync(corpus, 'w');
    for (let i = 0; i < documents.length; i += 1000) {
      writeSync(fd, corpusToJsonl(documents.slice(i, i + 1000)));
    }
    closeSync(fd);
    const r = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--cli-build', corpus, out],
      { stdio: 'inherit', env },
    );
    if (r.status !== 0) throw new Error(`the CLI-like build failed (exit ${r.status ?? r.signal})`);
    const built = JSON.parse(readFileSync(out, 'utf8')) as {
      threads: number;
      ms: number;
      cpuMs: number;
      digest: string;
    };
    return {
      threads: built.threads,
      ms: round(built.ms),
      cpuMs: round(built.cpuMs),
      mbPerS: round(textBytes / MB / (built.ms / 1000), 2),
      identical: built.digest === expectedDigest,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The process of cliBuild(): reads the corpus with the CLI's reader, builds, writes its figures
 * to `out`.
 */
async function cliBuildProcess(corpus: string, out: string): Promise<void> {
  const documents = await loadCorpus(corpus);
  const c = cpuMs();
  const t = performance.now();
  const built = await buildIndex(documents, {
    threads: defaultThreads(),
    workerUrl: new URL('./index-worker.mjs', import.meta.url),
  });
  built.index.compact();
  const ms = performance.now() - t;
  const cpu = cpuMs() - c;
  writeFileSync(
    out,
    JSON.stringify({ threads: built.threads, ms, cpuMs: cpu, digest: indexDigest(built.index) }),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const cfg = readConfig();
  if (args[0] === '--child') {
    const result = await runSize(Number(args[1]), cfg);
    writeFileSync(args[2]!, JSON.stringify(result));
    return;
  }
  if (args[0] === '--cli-build') {
    await cliBuildProcess(args[1]!, args[2]!);
    return;
  }
  const started = performance.now();
  const loadavgStart = loadavg().map((x) => round(x, 2));
  const bundle = fileURLToPath(import.meta.url);
  const tmp = mkdtempSync(join(tmpdir(), 'deja-lu-bench-results-'));
  console.log(
    `Déjà lu benchmark: ${cfg.sizes.map((s) => s.toLocaleString('en')).join(', ')} documents${cfg.quick ? ' (quick)' : ''}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavgStart.join(' ')}`,
  );
  const sizes: SizeResult[] = [];
  for (const size of cfg.sizes) {
    const out = join(tmp, `${size}.json`);
    const r = spawnSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=12288', bundle, '--child', String(size), out],
      { stdio: 'inherit', env },
    );
    if (r.status !== 0) {
      console.error(`bench: the run at ${size} documents failed (exit ${r.status ?? r.signal})`);
      continue;
    }
    sizes.push(JSON.parse(readFileSync(out, 'utf8')) as SizeResult);
  }
  rmSync(tmp, { recursive: true, force: true });
  const report: Report = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGB: round(totalmem() / 1024 ** 3, 1),
      node: process.version,
      platform: `${platform()} ${release()}`,
      loadavgStart,
      loadavgEnd: loadavg().map((x) => round(x, 2)),
    },
    config: cfg,
    durationS: round((performance.now() - started) / 1000, 1),
    targets: targets(sizes),
    sizes,
  };
  const dir = join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
  const text = printReport(report);
  writeFileSync(join(dir, 'latest.md'), text + '\n');
  console.log('\n' + text + '\n\nWritten to bench/results/latest.json and latest.md.');
}

await main();
