/**
 * The corpus index serialised without its documents' texts (what the extension persists) and
 * given them back on demand: same candidates and annotations as the full index, a clear error
 * when a text is missing, and no wrong text accepted.
 */
import { describe, expect, it } from 'vitest';
import { annotateText, CorpusIndex, MissingTextError, type SerializedIndex } from '@/lib/engine';
import { bundledSeeds } from '@/lib/ext/seeds';
import { hashString } from '@/lib/match/hash';

const seeds = bundledSeeds().documents;
const WIRE = '000_d7a5d4be53ae19f7';
const article = seeds
  .find((d) => d.id === WIRE)!
  .text.replace('ont échangé lundi 13 août', 'ont discuté lundi 13 août');

function fullIndex(): CorpusIndex {
  const index = new CorpusIndex();
  for (const doc of seeds) index.add(doc);
  return index;
}

describe('serialize({ texts: false })', () => {
  it('leaves every text out and keeps everything else', () => {
    const index = fullIndex();
    const withTexts = index.serialize();
    const without = index.serialize({ texts: false });
    expect(without.documents.every((d) => d.text === null)).toBe(true);
    expect(without.documents.map((d) => ({ ...d, text: null }))).toEqual(
      withTexts.documents.map((d) => ({ ...d, text: null })),
    );
    expect(without.postings).toEqual(withTexts.postings);
  });

  it('carries the hash of every text, computed when first serialised', () => {
    // add() leaves the hash for later (only a serialised index needs it); it must be there,
    // right, after documents were added, removed and compacted, in both serialised forms.
    const index = fullIndex();
    index.remove(seeds[1]!.id);
    index.add({ id: 'late', text: 'Un document ajouté après les autres, dans ce fil.' });
    const texts = new Map([...index.documents()].map((d) => [d.id, d.text]));
    const data = index.serialize({ texts: false });
    expect(data.documents.map((d) => d.textHash)).toEqual(
      data.documents.map((d) => hashString(texts.get(d.id)!)),
    );
    const columns = index.toColumns();
    expect(Array.from(columns.textHashes)).toEqual(data.documents.map((d) => d.textHash));
    const back = CorpusIndex.fromColumns(columns);
    expect(() => back.supplyText('late', 'Un autre texte.')).toThrow(/not the text indexed/);
    back.supplyText('late', texts.get('late')!);
    expect(back.hasText('late')).toBe(true);
  });

  it('hashes the texts ahead of serialising, a slice at a time, to the same hashes', () => {
    const index = fullIndex();
    const reference = fullIndex().serialize({ texts: false });
    const total = seeds.reduce((n, d) => n + d.text.length, 0);
    // Each call hashes one text when its budget is one character: the last call says done.
    let calls = 1;
    while (!index.hashTexts(1)) calls++;
    expect(calls).toBe(seeds.length);
    expect(index.hashTexts(0)).toBe(true);
    expect(index.serialize({ texts: false })).toEqual(reference);
    // A budget of every character at once leaves nothing for a second call.
    const other = fullIndex();
    expect(other.hashTexts(total)).toBe(true);
    other.add({ id: 'late', text: 'Un document ajouté après les autres, dans ce fil.' });
    expect(other.hashTexts(0)).toBe(false);
    expect(other.hashTexts(1)).toBe(true);
  });

  it('deserialises into an index that finds candidates but has no text yet', () => {
    const lazy = CorpusIndex.deserialize(structuredClone(fullIndex().serialize({ texts: false })));
    expect(lazy.size).toBe(seeds.length);
    expect(seeds.every((d) => !lazy.hasText(d.id))).toBe(true);
    expect(() => annotateText({ id: 'page', text: article }, lazy)).toThrow(MissingTextError);
    // A lazy index cannot be serialised with texts it does not have.
    expect(() => lazy.serialize()).toThrow(MissingTextError);
  });

  it('annotates exactly as the full index once the compared documents have their texts', () => {
    const full = fullIndex();
    const expected = annotateText({ id: 'page', text: article }, full);
    const lazy = CorpusIndex.deserialize(structuredClone(full.serialize({ texts: false })));
    for (const doc of seeds) lazy.supplyText(doc.id, doc.text);
    expect(seeds.every((d) => lazy.hasText(d.id))).toBe(true);
    expect(annotateText({ id: 'page', text: article }, lazy)).toEqual(expected);
    expect(lazy.serialize()).toEqual(full.serialize());
  });

  it('names the document whose text is missing', () => {
    const lazy = CorpusIndex.deserialize(fullIndex().serialize({ texts: false }));
    try {
      annotateText({ id: 'page', text: article }, lazy);
      throw new Error('annotated without texts');
    } catch (error) {
      expect(error).toBeInstanceOf(MissingTextError);
      expect(seeds.map((d) => d.id)).toContain((error as MissingTextError).documentId);
    }
  });

  // With the text's hash (what serialize() writes), and without it (the words are checked).
  const withoutHashes = (data: SerializedIndex): SerializedIndex => ({
    ...data,
    documents: data.documents.map(({ textHash: _, ...d }) => d),
  });
  it.each([
    ['checked by its hash', (data: SerializedIndex) => data],
    ['checked by its words', withoutHashes],
  ])('refuses a text other than the one indexed, and unknown documents (%s)', (_, form) => {
    const lazy = CorpusIndex.deserialize(form(fullIndex().serialize({ texts: false })));
    const wire = seeds.find((d) => d.id === WIRE)!;
    expect(() => lazy.supplyText(WIRE, wire.text.replace('Musk', 'Bezos'))).toThrow(
      /not the text indexed/,
    );
    expect(() => lazy.supplyText(WIRE, wire.text.slice(0, 200))).toThrow(/not the text indexed/);
    expect(lazy.hasText(WIRE)).toBe(false);
    expect(() => lazy.supplyText('nope', 'Texte.')).toThrow(/no corpus document/);
    lazy.supplyText(WIRE, wire.text);
    expect(lazy.hasText(WIRE)).toBe(true);
  });

  it('stays usable for additions and removals, and serialises without texts again', () => {
    const lazy = CorpusIndex.deserialize(fullIndex().serialize({ texts: false }));
    lazy.add({ id: 'new', text: 'Une phrase nouvelle sur la réforme des retraites en France.' });
    expect(lazy.hasText('new')).toBe(true);
    expect(lazy.remove(WIRE)).toBe(true);
    expect(lazy.hasText(WIRE)).toBe(false);
    const again = CorpusIndex.deserialize(lazy.serialize({ texts: false }));
    expect([...again.documents()].map((d) => d.id)).toEqual([
      ...seeds.map((d) => d.id).filter((id) => id !== WIRE),
      'new',
    ]);
  });
});
