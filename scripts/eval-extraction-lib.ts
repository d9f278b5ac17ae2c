/**
 * Extraction evaluation on real French news pages: Readability alone against the full pipeline
 * (lib/extract/html.ts), by snippets that must be kept and snippets that must not leak.
 *
 * The pages are third-party copyright and are never copied into this repository: they are read
 * from ../shared/fixtures/extraction-fr/ (or $DEJA_LU_EXTRACTION_FIXTURES); `loadCases` returns
 * null when the folder is absent, and callers skip with a message.
 *
 * - trafilatura/*.html with trafilatura/eval.json: `with` snippets must be in the article,
 *   `without` snippets (boilerplate) must not; user comments count as `without` too.
 * - readability/<page>/ (the French pages): the blocks of expected.html, Readability's own
 *   output, are the article reference (their first 100 characters), except the blocks listed
 *   in READABILITY_FURNITURE below, which are furniture Readability keeps ("Lire aussi : …")
 *   and count as `without`.
 * - PROJECT_FURNITURE: furniture blocks we annotated on the trafilatura pages beyond eval.json
 *   (checked as block prefixes, not substrings, since "à propos de" also occurs in prose);
 *   reported on a separate line so the upstream numbers stay comparable.
 *
 * Matching: both sides have whitespace runs (including no-break spaces) collapsed to one space
 * and soft hyphens dropped; the article text joins inline elements without adding spaces and
 * blocks with a space. Scores: kept = `with` snippets found, leaked = `without` found,
 * precision = kept / (kept + leaked), recall = kept / |with|, F1 their harmonic mean.
 */
import { Readability } from '@mozilla/readability';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { collectBlocks } from '../lib/extract/html-blocks';
import { extractArticle } from '../lib/extract/html';

export interface EvalCase {
  name: string;
  url: string | undefined;
  html: string;
  /** Snippets of the article. */
  with: string[];
  /** Snippets of furniture (and comments). */
  without: string[];
  /** Furniture blocks annotated by this project: a leaked one starts an article block. */
  projectFurniture: string[];
}

export interface Score {
  kept: number;
  withTotal: number;
  leaked: number;
  withoutTotal: number;
  lost: string[];
  leakedSnippets: string[];
  projectLeaked: string[];
  f1: number;
}

export interface CaseResult {
  name: string;
  readability: Score;
  pipeline: Score;
  /** Milliseconds of extractArticle on this page. */
  pipelineMs: number;
}

/** Where the shared pages live: $DEJA_LU_EXTRACTION_FIXTURES, else ../shared/fixtures/extraction-fr. */
export function fixturesDir(cwd: string = process.cwd()): string {
  return (
    process.env.DEJA_LU_EXTRACTION_FIXTURES ?? resolve(cwd, '../shared/fixtures/extraction-fr')
  );
}

/** Readability's own output keeps these furniture blocks of the French test pages. */
const READABILITY_FURNITURE: Record<string, string[]> = {
  'lemonde-1': [
    'Revivez le direct du vote',
    'Lire aussi : Les critiques de la CNIL',
    'Lire : Que sont les IMSI-catchers',
  ],
  'liberation-1': [],
  'videos-2': [],
};

/** Furniture blocks of the trafilatura pages that eval.json does not list. */
const PROJECT_FURNITURE: Record<string, string[]> = {
  'gala.fr.surnom.html': ['à propos de', 'Dernières News sur'],
  'madame.lefigaro.fr.dintestin.html': ['En vidéo, 4 aliments', 'Photo iStock'],
  'tdg.ch.chlorothalonil.html': ['Créé: 12.12.2019'],
};

/** Whitespace (no-break spaces included) collapsed, soft hyphens dropped, trimmed. */
export function normaliseSnippet(text: string): string {
  return text
    .replace(/\u00ad/g, '')
    .replace(/[\s\u00a0\u202f\u2007\u2009]+/g, ' ')
    .trim();
}

interface EvalJson {
  pages: Record<string, { file: string; with: string[]; without: string[]; comments?: string[] }>;
}

/** The cases, or null when the fixtures folder is absent. */
export function loadCases(
  dir: string,
  parse: (html: string, url?: string) => Document,
): EvalCase[] | null {
  if (!existsSync(dir)) return null;
  const cases: EvalCase[] = [];
  const evalPath = join(dir, 'trafilatura', 'eval.json');
  if (existsSync(evalPath)) {
    const evalJson = JSON.parse(readFileSync(evalPath, 'utf8')) as EvalJson;
    for (const [url, page] of Object.entries(evalJson.pages)) {
      const file = join(dir, 'trafilatura', page.file);
      if (!existsSync(file)) continue;
      cases.push({
        name: page.file.replace(/\.html$/, ''),
        url,
        html: readFileSync(file, 'utf8'),
        with: page.with,
        without: [...page.without, ...(page.comments ?? [])],
        projectFurniture: PROJECT_FURNITURE[page.file] ?? [],
      });
    }
  }
  for (const [name, furniture] of Object.entries(READABILITY_FURNITURE)) {
    const folder = join(dir, 'readability', name);
    if (!existsSync(join(folder, 'source.html')) || !existsSync(join(folder, 'expected.html'))) {
      continue;
    }
    const fragment = readFileSync(join(folder, 'expected.html'), 'utf8');
    const expected = parse(`<!DOCTYPE html><html><body>${fragment}</body></html>`);
    const root = expected.body ?? expected.documentElement;
    const furnitureKeys = furniture.map(normaliseSnippet);
    const articleSnippets: string[] = [];
    for (const block of collectBlocks(root)) {
      const text = normaliseSnippet(block.text);
      if (furnitureKeys.some((key) => text.startsWith(key))) continue;
      articleSnippets.push(cutAtWord(text, 100));
    }
    cases.push({
      name: `readability/${name}`,
      url: 'http://fakehost/test/page.html',
      html: readFileSync(join(folder, 'source.html'), 'utf8'),
      with: articleSnippets,
      without: furniture,
      projectFurniture: [],
    });
  }
  return cases;
}

function cutAtWord(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.lastIndexOf(' ', length);
  return text.slice(0, cut > 20 ? cut : length);
}

function score(blocks: string[], evalCase: EvalCase): Score {
  const normalisedBlocks = blocks.map(normaliseSnippet);
  const text = normalisedBlocks.join(' ');
  const lost = evalCase.with.filter((s) => !text.includes(normaliseSnippet(s)));
  const leakedSnippets = evalCase.without.filter((s) => text.includes(normaliseSnippet(s)));
  const projectLeaked = evalCase.projectFurniture.filter((s) => {
    const key = normaliseSnippet(s).toLowerCase();
    return normalisedBlocks.some((block) => block.toLowerCase().startsWith(key));
  });
  const kept = evalCase.with.length - lost.length;
  const leaked = leakedSnippets.length;
  const precision = kept + leaked === 0 ? 0 : kept / (kept + leaked);
  const recall = evalCase.with.length === 0 ? 1 : kept / evalCase.with.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    kept,
    withTotal: evalCase.with.length,
    leaked,
    withoutTotal: evalCase.without.length,
    lost,
    leakedSnippets,
    projectLeaked,
    f1,
  };
}

/** Readability alone: its article element, read into blocks the same way, nothing removed. */
export function readabilityBlocks(doc: Document): string[] {
  const article = new Readability<Element>(doc.cloneNode(true) as Document, {
    serializer: (node) => node as Element,
  }).parse();
  if (!article?.content) return [];
  return collectBlocks(article.content).map((block) => block.text);
}

/** The pipeline's article blocks. */
export function pipelineBlocks(doc: Document, url: string | undefined): string[] {
  const result = extractArticle(doc, { url, force: true });
  return result.blocks.map((block) => result.text.slice(block.start, block.end));
}

export function evaluateCase(
  evalCase: EvalCase,
  parse: (html: string, url?: string) => Document,
  now: () => number = () => performance.now(),
): CaseResult {
  const readability = score(readabilityBlocks(parse(evalCase.html, evalCase.url)), evalCase);
  const doc = parse(evalCase.html, evalCase.url);
  const started = now();
  const blocks = pipelineBlocks(doc, evalCase.url);
  const pipelineMs = now() - started;
  return { name: evalCase.name, readability, pipeline: score(blocks, evalCase), pipelineMs };
}

/** Sums of a column of scores; F1 from the summed counts. */
export function totalScore(scores: Score[]): Score {
  const sum = (pick: (s: Score) => number): number => scores.reduce((a, s) => a + pick(s), 0);
  const kept = sum((s) => s.kept);
  const leaked = sum((s) => s.leaked);
  const withTotal = sum((s) => s.withTotal);
  const precision = kept + leaked === 0 ? 0 : kept / (kept + leaked);
  const recall = withTotal === 0 ? 1 : kept / withTotal;
  return {
    kept,
    withTotal,
    leaked,
    withoutTotal: sum((s) => s.withoutTotal),
    lost: scores.flatMap((s) => s.lost),
    leakedSnippets: scores.flatMap((s) => s.leakedSnippets),
    projectLeaked: scores.flatMap((s) => s.projectLeaked),
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

/** Names of the page folders, for messages. */
export function listPages(dir: string): string[] {
  const pages: string[] = [];
  for (const sub of ['trafilatura', 'readability']) {
    const folder = join(dir, sub);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) pages.push(`${sub}/${name}`);
  }
  return pages;
}
