/**
 * Shared fixtures for the extension's unit tests: a page report made from the seed wire
 * story as an outlet republished it, and the popup's analysis of it by the real engine.
 */
import { annotateText, CorpusIndex } from '@/lib/engine';
import type { PageReport, TabAnalysis } from '@/lib/ext/protocol';
import { bundledSeeds } from '@/lib/ext/seeds';
import { rankSources } from '@/lib/ext/sources';
import { splitLines } from '@/lib/text/blocks';
import type { BoilerplateBlock } from '@/lib/types';

export const WIRE_SEED_ID = '000_d7a5d4be53ae19f7';

/** A paragraph no corpus document has: one quote, one sentence of prose. */
export const OWN_PARAGRAPH =
  '« Nous allons gagner cette élection et ce sera magnifique pour tout le pays », a lancé Donald Trump. ' +
  'Notre rédaction a tenté de joindre les deux hommes mardi matin, sans succès.';

/** Seed 000 with a furniture line, one edited sentence, a paragraph of its own and a credit. */
export function republishedReport(): PageReport {
  const seed = bundledSeeds().documents.find((d) => d.id === WIRE_SEED_ID)!;
  const [title, ...rest] = seed.text.trim().split('\n');
  const furniture = 'Lire aussi : Les dix vidéos les plus vues de la semaine';
  const body = rest
    .join('\n')
    .trim()
    .replace('ont échangé lundi 13 août', 'ont discuté lundi 13 août');
  const text = `${title}\n\n${furniture}\n\n${body}\n\n${OWN_PARAGRAPH}\n\n(AFP)`;
  const start = text.indexOf(furniture);
  const boilerplate: BoilerplateBlock[] = [
    { start, end: start + furniture.length, text: furniture, reason: 'related' },
  ];
  return {
    url: 'http://127.0.0.1/republished.html',
    status: 'ok',
    message: null,
    text,
    blocks: splitLines(text),
    boilerplate,
    metadata: {
      title: 'Trump et Musk sur X',
      byline: null,
      siteName: 'Le Quotidien',
      publishedTime: null,
      language: 'fr',
      canonicalUrl: null,
      excerpt: null,
    },
  };
}

/** What the background answers the popup for `republishedReport()`. */
export function articleAnalysis(): Extract<TabAnalysis, { kind: 'article' }> {
  const { documents } = bundledSeeds();
  const index = new CorpusIndex();
  for (const doc of documents) index.add(doc);
  const report = republishedReport();
  const annotation = annotateText(
    {
      id: report.url,
      text: report.text,
      title: report.metadata.title,
      blocks: report.blocks,
      boilerplate: report.boilerplate,
    },
    index,
  );
  return {
    kind: 'article',
    page: {
      url: report.url,
      title: report.metadata.title,
      siteName: report.metadata.siteName,
      byline: null,
      publishedTime: null,
    },
    annotation,
    sources: rankSources(annotation, new Map(documents.map((d) => [d.id, d]))),
    corpusSize: documents.length,
    highlights: { visible: true, located: annotation.sentences.length, status: 'ok' },
  };
}
