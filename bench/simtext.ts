/**
 * The peer: Debian's sim_text (package similarity-tester, Dick Grune's "sim"), which reports
 * runs of at least 8 identical words (-r 8) between "new" files and "old" files.
 *
 * The corpus is written as one file per document; each query as one file per sentence (per
 * unit of the engine's segmentation): sim_text never reports a run across two files, so every
 * run belongs to one sentence, and a sentence counts as found in a corpus document when
 * sim_text reports a run of it there. (A run that continues across a sentence boundary of
 * the query is cut there, which can only cost sim_text a sentence shorter than 8 words.) sim_text keeps no index: every call reads and tokenises the whole corpus, so a
 * single query costs a full pass; with many new files in one call (-S: new files are compared
 * with old files only) that pass is shared, and the per-query figure is the call's time
 * divided by the number of queries.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusDocument } from '../lib/types';
import type { ResultUnit } from './evaluate';

export function simTextVersion(): string | null {
  const r = spawnSync('sim_text', ['-v'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return r.stdout.trim().split('\n')[0] ?? 'sim_text';
}

/** Writes the corpus, one file per document; returns the file names (relative to `dir`). */
export function writeCorpus(dir: string, documents: Iterable<CorpusDocument>): string[] {
  mkdirSync(join(dir, 'c'), { recursive: true });
  const files: string[] = [];
  for (const doc of documents) {
    const name = `c/${doc.id}.txt`;
    writeFileSync(join(dir, name), doc.text);
    files.push(name);
  }
  return files;
}

export interface SimQuery {
  id: string;
  /** The query's units (offsets into its text), one file each. */
  units: { start: number; end: number }[];
  text: string;
}

export interface SimRun {
  ms: number;
  /** Per query, per unit: the corpus documents sim_text reports. */
  results: ResultUnit[][];
  status: number | null;
  error?: string;
}

/**
 * Runs `sim_text -r 8 -n -S -T -i` with the queries as new files and the corpus as old ones,
 * in `dir` (file names are read from standard input: the corpus can be 100,000 files).
 */
export function runSimText(
  dir: string,
  corpusFiles: string[],
  queries: SimQuery[],
  timeoutMs: number,
): SimRun {
  // One file per sentence: runs never cross files, so each run belongs to one sentence.
  const queryDir = join(dir, 'q');
  rmSync(queryDir, { recursive: true, force: true });
  mkdirSync(queryDir, { recursive: true });
  const queryFiles: string[] = [];
  queries.forEach((q, i) =>
    q.units.forEach((u, k) => {
      const name = `q/${i}-${k}.txt`;
      writeFileSync(join(dir, name), q.text.slice(u.start, u.end) + '\n');
      queryFiles.push(name);
    }),
  );
  const input = [...queryFiles, '/', ...corpusFiles].join('\n') + '\n';
  const t0 = performance.now();
  const r = spawnSync('sim_text', ['-r', '8', '-n', '-S', '-T', '-i'], {
    cwd: dir,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: timeoutMs,
  });
  const ms = performance.now() - t0;
  const results = queries.map((q) =>
    q.units.map((u) => ({ start: u.start, end: u.end, shared: false, sources: [] as string[] })),
  );
  if (r.error || r.status !== 0) {
    return { ms, results, status: r.status, error: r.error?.message ?? r.stderr?.slice(0, 500) };
  }
  // "q/3-17.txt: line 1-1 |c/gen-000123.txt: line 7-7 [16]"
  const line = /^q\/(\d+)-(\d+)\.txt: line \d+-\d+\s*\|c\/(\S+)\.txt: line \d+-\d+\s*\[\d+\]/;
  for (const text of r.stdout.split('\n')) {
    const m = line.exec(text);
    if (!m) continue;
    const unit = results[Number(m[1])]?.[Number(m[2])];
    if (!unit) continue;
    unit.shared = true;
    if (!unit.sources.includes(m[3]!)) unit.sources.push(m[3]!);
  }
  return { ms, results, status: r.status };
}
