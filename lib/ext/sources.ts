/**
 * The popup's source ranking: from an annotation's per-sentence sources to one line per
 * corpus document ("watson — 45 % of the article, 92 % similar"). Pure: strings and
 * numbers in, data out.
 */
import type { Annotation, CorpusDocument } from '../types';
import type { RankedSource } from './protocol';

/** What the ranking needs to know about a corpus document. */
export type SourceDocument = Pick<CorpusDocument, 'id' | 'title' | 'series' | 'url'>;

/**
 * Ranks the documents the article's sentences are found in: by how many sentences they
 * share (most first), then by mean similarity, then by id so the order is stable.
 * A sentence found in three documents counts once for each of them.
 */
export function rankSources(
  annotation: Annotation,
  documents: ReadonlyMap<string, SourceDocument>,
): RankedSource[] {
  const total = annotation.sentences.length;
  const tally = new Map<string, { sentences: number; similarity: number; title: string | null }>();
  for (const sentence of annotation.sentences) {
    if (sentence.status !== 'shared') continue;
    const seen = new Set<string>();
    for (const source of sentence.sources) {
      if (seen.has(source.id)) continue;
      seen.add(source.id);
      const entry = tally.get(source.id) ?? { sentences: 0, similarity: 0, title: source.title };
      entry.sentences += 1;
      entry.similarity += source.similarity;
      tally.set(source.id, entry);
    }
  }
  const ranked: RankedSource[] = [];
  for (const [id, entry] of tally) {
    const doc = documents.get(id);
    ranked.push({
      id,
      title: doc?.title ?? entry.title,
      outlet: doc?.series ?? null,
      url: doc?.url ?? null,
      sentences: entry.sentences,
      share: total === 0 ? 0 : entry.sentences / total,
      similarity: entry.similarity / entry.sentences,
    });
  }
  return ranked.sort(
    (a, b) => b.sentences - a.sentences || b.similarity - a.similarity || a.id.localeCompare(b.id),
  );
}

/** The ids of every document any sentence of the annotation is found in. */
export function sourceIds(annotation: Annotation): string[] {
  const ids = new Set<string>();
  for (const sentence of annotation.sentences) for (const s of sentence.sources) ids.add(s.id);
  return [...ids];
}

/** The toolbar badge for a shared ratio: '0%' … '100%', rounded down so 99.6 % is not "100%". */
export function badgeText(sharedRatio: number): string {
  const percent = Math.floor(Math.min(1, Math.max(0, sharedRatio)) * 100);
  return `${percent}%`;
}
