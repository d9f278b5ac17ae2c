/**
 * Prints, for each real French news page and in total, Readability alone against the full
 * extraction pipeline: article snippets kept, boilerplate snippets leaked, F1 (see
 * eval-extraction-lib.ts for the data and the scoring).
 *
 *   node scripts/run-ts.mjs scripts/eval-extraction.ts [--jsdom] [--verbose]
 *
 * Parses with linkedom (the CLI's DOM) by default, with jsdom given --jsdom. Exits 1 when the
 * pipeline loses an article snippet Readability keeps, or leaks as much as Readability does;
 * exits 0 with a message when the pages are absent.
 */
import { createRequire } from 'node:module';
import { parseHtml } from '../lib/extract/dom-parse';
import {
  type CaseResult,
  type Score,
  evaluateCase,
  fixturesDir,
  loadCases,
  totalScore,
} from './eval-extraction-lib';

const args = new Set(process.argv.slice(2));
const useJsdom = args.has('--jsdom');
const verbose = args.has('--verbose');

/** jsdom has no type declarations here: loaded through require, typed as used. */
interface JsdomModule {
  JSDOM: new (html?: string, options?: { url?: string }) => { window: { document: Document } };
}

function jsdomParser(): (html: string, url?: string) => Document {
  const { JSDOM } = createRequire(import.meta.url)('jsdom') as JsdomModule;
  return (html, url) => new JSDOM(html, url ? { url } : {}).window.document;
}

const parse = useJsdom ? jsdomParser() : parseHtml;

const dir = fixturesDir();
const cases = loadCases(dir, parse);
if (!cases) {
  console.log(`No evaluation pages at ${dir}: skipped (set DEJA_LU_EXTRACTION_FIXTURES).`);
  process.exit(0);
}

function cells(score: Score): string[] {
  return [
    `${score.kept}/${score.withTotal}`,
    `${score.leaked}/${score.withoutTotal}`,
    score.f1.toFixed(3),
  ];
}

const rows: string[][] = [];
const results: CaseResult[] = [];
for (const evalCase of cases) {
  const result = evaluateCase(evalCase, parse);
  results.push(result);
  rows.push([
    result.name,
    ...cells(result.readability),
    ...cells(result.pipeline),
    result.pipelineMs.toFixed(0),
  ]);
}
const readabilityTotal = totalScore(results.map((r) => r.readability));
const pipelineTotal = totalScore(results.map((r) => r.pipeline));
rows.push(['TOTAL', ...cells(readabilityTotal), ...cells(pipelineTotal), '']);

const header = ['page', 'R kept', 'R leaked', 'R F1', 'P kept', 'P leaked', 'P F1', 'P ms'];
const widths = header.map((h, i) => rows.reduce((w, row) => Math.max(w, row[i]!.length), h.length));
const line = (row: string[]): string =>
  row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
console.log(
  `Extraction on ${cases.length} pages (${useJsdom ? 'jsdom' : 'linkedom'}); R = Readability alone, P = pipeline`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(
  `Project-annotated furniture blocks leaked: Readability ${readabilityTotal.projectLeaked.length}, pipeline ${pipelineTotal.projectLeaked.length}`,
);

if (verbose) {
  for (const result of results) {
    const { pipeline, readability } = result;
    if (pipeline.lost.length) console.log(`${result.name} pipeline lost:`, pipeline.lost);
    if (pipeline.leakedSnippets.length) {
      console.log(`${result.name} pipeline leaked:`, pipeline.leakedSnippets);
    }
    if (readability.leakedSnippets.length) {
      console.log(`${result.name} Readability leaked:`, readability.leakedSnippets);
    }
    if (pipeline.projectLeaked.length) {
      console.log(`${result.name} pipeline leaked (project):`, pipeline.projectLeaked);
    }
  }
}

const lostMore = results.filter((r) => r.pipeline.kept < r.readability.kept).map((r) => r.name);
if (lostMore.length > 0 || pipelineTotal.leaked >= readabilityTotal.leaked) {
  console.log(
    `FAIL: the pipeline must keep every snippet Readability keeps (worse on: ${lostMore.join(', ') || 'none'}) and leak less in total.`,
  );
  process.exit(1);
}
