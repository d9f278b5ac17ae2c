import { describe, expect, it } from 'vitest';
import { badgeText, rankSources, sourceIds, type SourceDocument } from '@/lib/ext/sources';
import type { AnnotatedSentence, Annotation, SentenceSource } from '@/lib/types';

const source = (id: string, similarity: number): SentenceSource => ({
  id,
  title: `title ${id}`,
  similarity,
  text: 'x',
  diff: [],
});

const sentence = (sources: SentenceSource[]): AnnotatedSentence => ({
  start: 0,
  end: 1,
  text: 'x',
  status: sources.length ? 'shared' : 'unique',
  match: sources.length ? 'verbatim' : null,
  kind: 'prose',
  similarity: sources[0]?.similarity ?? 0,
  sources,
});

const annotation = (sentences: AnnotatedSentence[]): Annotation => ({
  id: 'a',
  title: null,
  sentences,
  boilerplate: [],
  credit: null,
  stats: {
    sentences: sentences.length,
    shared: sentences.filter((s) => s.status === 'shared').length,
    sharedRatio: 0,
  },
});

describe('rankSources', () => {
  const docs = new Map<string, SourceDocument>([
    ['wire', { id: 'wire', title: 'La dépêche', series: null, url: null }],
    [
      'watson',
      { id: 'watson', title: 'Musk à Trump', series: 'watson', url: 'https://watson.ch/x' },
    ],
  ]);

  it('ranks by shared sentences, then similarity, with share of the article', () => {
    const ranked = rankSources(
      annotation([
        sentence([source('wire', 1), source('watson', 0.8)]),
        sentence([source('wire', 0.9)]),
        sentence([source('watson', 1), source('other', 1)]),
        sentence([]),
      ]),
      docs,
    );
    expect(ranked.map((r) => r.id)).toEqual(['wire', 'watson', 'other']);
    expect(ranked[0]).toEqual({
      id: 'wire',
      title: 'La dépêche',
      outlet: null,
      url: null,
      sentences: 2,
      share: 0.5,
      similarity: 0.95,
    });
    expect(ranked[1]).toMatchObject({ outlet: 'watson', url: 'https://watson.ch/x', share: 0.5 });
    expect(ranked[1]!.similarity).toBeCloseTo(0.9);
    // Unknown to the corpus store: the engine's title is kept.
    expect(ranked[2]).toMatchObject({ title: 'title other', outlet: null, sentences: 1 });
  });

  it('counts a document once per sentence and ignores unique sentences', () => {
    const ranked = rankSources(
      annotation([sentence([source('wire', 1), source('wire', 0.5)])]),
      docs,
    );
    expect(ranked).toHaveLength(1);
    expect(ranked[0]).toMatchObject({ sentences: 1, similarity: 1, share: 1 });
    expect(rankSources(annotation([]), docs)).toEqual([]);
  });

  it('lists the source ids', () => {
    expect(
      sourceIds(
        annotation([sentence([source('a', 1)]), sentence([source('b', 1), source('a', 1)])]),
      ),
    ).toEqual(['a', 'b']);
  });
});

describe('badgeText', () => {
  it.each([
    [0, '0%'],
    [0.456, '45%'],
    [0.996, '99%'],
    [1, '100%'],
    [1.2, '100%'],
    [-1, '0%'],
  ])('%d → %s', (ratio, text) => {
    expect(badgeText(ratio)).toBe(text);
  });
});
