/**
 * `npm run bench`: how fast the engine indexes a corpus and annotates an article.
 *
 * Builds a generated corpus of 1,000 documents (bench/generate.ts, deterministic), indexes
 * it, then annotates each seed against it plus the other seeds, several times, and prints
 * index build throughput and per-seed annotation times (median and p95 of the runs).
 * Prints figures; asserts nothing.
 */
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { CorpusIndex, annotateText } from '../lib/engine';
import { buildPool, generateCorpus, seedTexts } from './generate';

const root = resolve(import.meta.dirname ?? '.', '..');
const CORPUS_SIZE = Number(process.env.BENCH_DOCS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const seeds = seedTexts(process.cwd() || root);
const pool = buildPool(seeds.map((s) => s.text));
const { documents } = generateCorpus(CORPUS_SIZE, pool, 1);
const bytes = documents.reduce((sum, d) => sum + Buffer.byteLength(d.text), 0);

console.log(
  `Déjà lu benchmark — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
);
console.log(
  `corpus: ${documents.length} generated documents (${(bytes / 1e6).toFixed(1)} MB) + ${seeds.length} seeds\n`,
);

const index = new CorpusIndex();
const t0 = performance.now();
for (const doc of documents) index.add(doc);
for (const doc of seeds) index.add(doc);
index.compact();
const buildMs = performance.now() - t0;
console.log(
  `index build: ${buildMs.toFixed(0)} ms — ${((documents.length + seeds.length) / (buildMs / 1000)).toFixed(0)} documents/s, ${(bytes / 1e6 / (buildMs / 1000)).toFixed(1)} MB/s, ${index.sentenceCount} sentences`,
);
const serialised = JSON.stringify(index.toJSON()).length;
console.log(`index serialised (JSON): ${(serialised / 1e6).toFixed(1)} MB\n`);

console.log('annotate each seed against the corpus (ms):');
console.log('seed                     words  median     p95  shared');
for (const seed of seeds) {
  const times: number[] = [];
  let shared = '';
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    const a = annotateText({ id: seed.id, text: seed.text }, index);
    times.push(performance.now() - t);
    shared = `${a.stats.shared}/${a.stats.sentences}`;
  }
  times.sort((a, b) => a - b);
  const words = seed.text.split(/\s+/).length;
  console.log(
    `${seed.id.padEnd(24)} ${String(words).padStart(5)} ${quantile(times, 0.5).toFixed(1).padStart(7)} ${quantile(times, 0.95).toFixed(1).padStart(7)}  ${shared}`,
  );
}
