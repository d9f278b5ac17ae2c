/**
 * The extraction pipeline on real French news pages (third-party, read from
 * ../shared/fixtures/extraction-fr/, never copied here): it must keep every article snippet
 * Readability alone keeps, on every page, and leak fewer boilerplate snippets in total.
 * Skipped, with a message, where the pages are absent (a fresh clone outside this setup).
 */
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../lib/extract/dom-parse';
import {
  type CaseResult,
  evaluateCase,
  fixturesDir,
  loadCases,
  totalScore,
} from '../scripts/eval-extraction-lib';

const dir = fixturesDir();
const cases = loadCases(dir, parseHtml);
if (!cases) {
  console.warn(`extract-html-real: no pages at ${dir}; skipped (set DEJA_LU_EXTRACTION_FIXTURES).`);
}

describe.skipIf(!cases)('extraction on real French news pages', () => {
  const results: CaseResult[] = (cases ?? []).map((evalCase) => evaluateCase(evalCase, parseHtml));

  it('has pages to evaluate', () => {
    expect(results.length).toBeGreaterThanOrEqual(7);
  });

  it.each(results.map((r) => [r.name, r] as const))(
    '%s: keeps every article snippet Readability keeps',
    (_name, result) => {
      expect(result.pipeline.lost).toEqual(
        result.readability.lost.filter((snippet) => result.pipeline.lost.includes(snippet)),
      );
      expect(result.pipeline.kept).toBeGreaterThanOrEqual(result.readability.kept);
      expect(result.pipeline.leaked).toBeLessThanOrEqual(result.readability.leaked);
    },
  );

  it('leaks fewer boilerplate snippets than Readability alone, in total', () => {
    const readability = totalScore(results.map((r) => r.readability));
    const pipeline = totalScore(results.map((r) => r.pipeline));
    expect(pipeline.leaked).toBeLessThan(readability.leaked);
    expect(pipeline.kept).toBeGreaterThanOrEqual(readability.kept);
    expect(pipeline.projectLeaked.length).toBeLessThan(readability.projectLeaked.length);
  });
});
