import { describe, expect, it } from 'vitest';
import { CorpusIndex } from '@/lib/match/corpus-index';
import { wordHashes } from '@/lib/text/normalize';
import fc from 'fast-check';
import {
  bigramHashes,
  FINGERPRINT_MASK,
  isStopwordHash,
  KEEP_ALL_BELOW,
  sentenceFingerprints,
  STOPWORD_HASHES,
  winnow,
  WINDOW,
} from '@/lib/match/fingerprint';
import { HashTable, hashPair } from '@/lib/match/hash';

const docA = {
  id: 'a',
  title: 'A',
  text: 'Le géant de la tech en a profité pour cataloguer Kamala Harris comme une candidate d’extrême gauche.\n\nLa discussion a été écoutée par plus d’un million d’utilisateurs en direct.',
};
const docB = {
  id: 'b',
  text: 'Le ministre de l’Intérieur a présenté mardi un plan de lutte contre les incendies de forêt.',
};

function candidateDocs(index: CorpusIndex, sentence: string): string[] {
  return index
    .candidates(wordHashes(sentence), 50)
    .map((c) => index.sentence(c.id)!.document.id)
    .filter((id, i, all) => all.indexOf(id) === i);
}

describe('winnowing', () => {
  it('finds any shared run of WINDOW + 1 words', () => {
    const a = wordHashes('alpha beta gamma delta epsilon zeta eta theta iota kappa lambda');
    const b = wordHashes('un deux trois gamma delta epsilon zeta quatre cinq six sept');
    const fa = new Set(winnow(bigramHashes(a)));
    const gramsB = new Set(bigramHashes(b));
    // gamma delta epsilon zeta: WINDOW + 1 = 4 shared words.
    expect(WINDOW + 1).toBe(4);
    expect([...fa].some((h) => gramsB.has(h))).toBe(true);
  });

  it('keeps fewer fingerprints than bigrams on long sentences', () => {
    const grams = bigramHashes(
      wordHashes('un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze'),
    );
    expect(winnow(grams).length).toBeLessThan(grams.length);
  });
});

describe('sentenceFingerprints (the indexing path)', () => {
  // Words drawn from a small vocabulary with stopwords, so that bigrams repeat and stopword
  // pairs are dropped: every branch of the winnowing and of the de-duplication is taken.
  const vocabulary = [
    'de',
    'la',
    'le',
    'et',
    'il',
    'a',
    'Musk',
    'Trump',
    'X',
    'réseau',
    'deux',
    'heures',
    'milliardaires',
    'discussion',
  ];
  const sentence = fc.array(fc.constantFrom(...vocabulary), { maxLength: 160, size: 'max' });

  /** Winnowing as the paper states it: every window's rightmost minimum, as a set. */
  const referenceWinnow = (grams: number[]): number[] => {
    if (grams.length <= Math.max(WINDOW, KEEP_ALL_BELOW)) return [...new Set(grams)];
    const selected = new Set<number>();
    for (let start = 0; start + WINDOW <= grams.length; start++) {
      let minAt = start;
      for (let k = start; k < start + WINDOW; k++) if (grams[k]! <= grams[minAt]!) minAt = k;
      selected.add(grams[minAt]!);
    }
    return [...selected];
  };

  it('writes the set of the winnowed bigrams, in order, as winnow() returns them', () => {
    fc.assert(
      fc.property(sentence, fc.nat({ max: 5 }), (words, offset) => {
        const hashes = wordHashes(words.join(' '));
        const out = new Uint32Array(offset + hashes.length + 1).fill(7);
        const end = sentenceFingerprints(hashes, out, offset);
        const expected = hashes.length ? referenceWinnow(bigramHashes(hashes)) : [];
        expect(Array.from(out.subarray(offset, end))).toEqual(expected);
        expect(Array.from(out.subarray(0, offset))).toEqual(new Array(offset).fill(7));
        if (hashes.length > 1) expect(winnow(bigramHashes(hashes))).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('reads words[from, to) only, as it reads a copy of that range', () => {
    fc.assert(
      fc.property(sentence, sentence, sentence, (before, words, after) => {
        const all = wordHashes([...before, ...words, ...after].join(' '));
        const from = wordHashes(before.join(' ')).length;
        const to = from + wordHashes(words.join(' ')).length;
        const alone = all.slice(from, to);
        const expected = new Uint32Array(alone.length + 1);
        const expectedEnd = sentenceFingerprints(alone, expected, 0);
        const out = new Uint32Array(alone.length + 1);
        const end = sentenceFingerprints(all, out, 0, from, to);
        expect(Array.from(out.subarray(0, end))).toEqual(
          Array.from(expected.subarray(0, expectedEnd)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('HashTable: reads every entry, 0 for absent hashes, with colliding slots and hash 0', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat({ max: 0xffffffff }), { maxLength: 200 }),
        fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 50 }),
        (hashes, probes) => {
          // Values 1..n; hashes equal modulo the table size share a first slot.
          const crowded = hashes.flatMap((hash) => [hash, (hash + 1024) >>> 0]);
          const entries = new Map([...new Set([...crowded, 0])].map((hash, k) => [hash, k + 1]));
          const table = new HashTable(entries);
          for (const [hash, value] of entries) expect(table.get(hash)).toBe(value);
          for (const probe of probes) expect(table.get(probe)).toBe(entries.get(probe) ?? 0);
        },
      ),
      { numRuns: 300 },
    );
    expect(new HashTable([]).get(0)).toBe(0);
    expect(new HashTable([[7, 3]]).get(7 + 16)).toBe(0);
  });

  it('tests stopword hashes as the set does', () => {
    for (const hash of STOPWORD_HASHES) expect(isStopwordHash(hash)).toBe(true);
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (hash) => {
        expect(isStopwordHash(hash)).toBe(STOPWORD_HASHES.has(hash));
      }),
      { numRuns: 2000 },
    );
    for (const word of ['musk', 'trump', 'reseau', '']) {
      expect(isStopwordHash(wordHashes(word)[0] ?? 0)).toBe(false);
    }
    // Values shaped like the table's empty-slot markers, and 0.
    for (let slot = 0; slot < 4096; slot++) {
      const marker = (((slot ^ 1) << 16) | (slot ^ 1)) >>> 0;
      expect(isStopwordHash(marker)).toBe(STOPWORD_HASHES.has(marker));
      expect(isStopwordHash(slot)).toBe(STOPWORD_HASHES.has(slot));
    }
  });

  it('bigramHashes: every adjacent pair but two function words, as the definition reads', () => {
    const word = fc.oneof(
      fc.constantFrom(...STOPWORD_HASHES),
      fc.nat({ max: 0xffffffff }),
      fc.constant(0),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), (words) => {
        const expected: number[] = [];
        if (words.length === 1) expected.push(words[0]! & FINGERPRINT_MASK);
        for (let i = 1; i < words.length; i++) {
          const [a, b] = [words[i - 1]!, words[i]!];
          if (STOPWORD_HASHES.has(a) && STOPWORD_HASHES.has(b)) continue;
          expected.push(hashPair(a, b) & FINGERPRINT_MASK);
        }
        expect(bigramHashes(words)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('CorpusIndex', () => {
  it('adds documents and finds candidates for an edited sentence', () => {
    const index = new CorpusIndex();
    index.add(docA);
    index.add(docB);
    expect(index.size).toBe(2);
    expect(index.has('a')).toBe(true);
    expect(
      candidateDocs(
        index,
        'Le géant de la technologie a profité de l’occasion pour classer Kamala Harris comme candidate « extrême gauche ».',
      ),
    ).toEqual(['a']);
  });

  it('removes a document and all trace of it', () => {
    const index = new CorpusIndex();
    index.add(docA);
    index.add(docB);
    expect(index.remove('a')).toBe(true);
    expect(index.remove('a')).toBe(false);
    expect(index.has('a')).toBe(false);
    expect(candidateDocs(index, docA.text.split('\n')[0]!)).toEqual([]);
    const fresh = new CorpusIndex();
    fresh.add(docB);
    expect(index.toJSON()).toEqual(fresh.toJSON());
  });

  it('replaces a document added again under the same id', () => {
    const index = new CorpusIndex();
    index.add(docA);
    index.add({ ...docA, text: docB.text });
    expect(index.size).toBe(1);
    expect(candidateDocs(index, docA.text.split('\n')[0]!)).toEqual([]);
    expect(candidateDocs(index, docB.text)).toEqual(['a']);
  });

  it('round-trips through serialize and JSON', () => {
    const index = new CorpusIndex();
    index.add(docA);
    index.add(docB);
    const query = 'La discussion a été écoutée en direct par plus d’un million d’utilisateurs.';
    const fromClone = CorpusIndex.deserialize(structuredClone(index.serialize()));
    const fromJson = CorpusIndex.deserialize(JSON.parse(JSON.stringify(index)));
    for (const copy of [fromClone, fromJson]) {
      expect(copy.size).toBe(2);
      expect(candidateDocs(copy, query)).toEqual(candidateDocs(index, query));
      expect(copy.get('a')?.title).toBe('A');
      expect(copy.toJSON()).toEqual(index.toJSON());
    }
    expect(candidateDocs(fromJson, query)).toEqual(['a']);
  });

  it('keeps working after documents are added to a deserialised index', () => {
    const index = CorpusIndex.deserialize(new CorpusIndex().toJSON());
    index.add(docA);
    const copy = CorpusIndex.deserialize(index.serialize());
    copy.add(docB);
    expect(candidateDocs(copy, docB.text)).toEqual(['b']);
    expect(candidateDocs(copy, docA.text.split('\n')[0]!)).toEqual(['a']);
  });

  it('rejects data that is not an index', () => {
    expect(() => CorpusIndex.deserialize({} as never)).toThrow(/not a Déjà lu index/);
  });

  it('does not let a phrase found in very many documents make candidates', () => {
    const index = new CorpusIndex({ commonMin: 20, commonShare: 0 });
    const stock =
      'Retrouvez toutes nos informations régionales sur notre application mobile gratuite.';
    for (let i = 0; i < 30; i++) {
      index.add({
        id: `d${i}`,
        text: `Le conseil municipal numéro ${i} a voté le budget annuel ${i * 7}.\n${stock}`,
      });
    }
    expect(candidateDocs(index, stock)).toEqual([]);
    // The same phrase in fewer documents than the limit still finds them.
    const small = new CorpusIndex({ commonMin: 20, commonShare: 0 });
    for (let i = 0; i < 10; i++)
      small.add({ id: `d${i}`, text: `Texte ${i} sans rapport.\n${stock}` });
    expect(candidateDocs(small, stock)).toHaveLength(10);
  });

  it('lets the caller leave documents out', () => {
    const index = new CorpusIndex();
    index.add(docA);
    const found = index.candidates(wordHashes(docA.text.split('\n')[0]!), 10, { ids: ['a'] });
    expect(found).toEqual([]);
  });
});

describe('CorpusIndex.candidates: the top of the ranking', () => {
  it('still finds candidates when the skipped document alone shares the most', () => {
    // The annotated document is in the index: its own sentence shares every fingerprint, and
    // sixty copies with one word changed share one fewer. Skipping it must leave the copies.
    const sentence =
      'Pendant deux heures les deux milliardaires sont apparus comme deux camarades discutant dans un bistro';
    const index = new CorpusIndex({ commonMin: 100 });
    index.add({ id: 'self', text: `${sentence}.` });
    for (let i = 0; i < 60; i++)
      index.add({ id: `copy${i}`, text: `${sentence.replace('bistro', `bar${i}`)}.` });
    const found = index.candidates(wordHashes(`${sentence}.`), 24, { ids: ['self'] });
    expect(found).toHaveLength(24);
    expect(found.every((c) => index.sentence(c.id)!.document.id.startsWith('copy'))).toBe(true);
  });

  it('keeps, of a ranking, the top `limit`: most shared first, ties by lowest id', () => {
    // Copies sharing more or fewer bigrams with the query, in an order unrelated to their ids.
    const words =
      'les deux milliardaires ont parlé pendant deux heures sur le réseau social X hier soir'.split(
        ' ',
      );
    const index = new CorpusIndex({ commonMin: 1000 });
    for (let i = 0; i < 90; i++) {
      const kept = words.map((w, k) => ((i * 7 + k) % 5 === 0 ? `autre${k}` : w));
      index.add({ id: `d${i}`, text: `${kept.join(' ')}.` });
    }
    const query = wordHashes(`${words.join(' ')}.`);
    const all = index.candidates(query, 1e9);
    expect(all.length).toBe(90);
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!];
      expect(a.shared > b.shared || (a.shared === b.shared && a.id < b.id)).toBe(true);
    }
    expect(new Set(all.map((c) => c.shared)).size).toBeGreaterThan(1);
    for (const limit of [1, 5, 17, 18, 24, 89, 90, 91]) {
      expect(index.candidates(query, limit)).toEqual(all.slice(0, limit));
    }
  });

  it('leaves out the documents with the given key, built or still in columns', () => {
    const sentence = 'Le ministre a présenté mardi un plan de lutte contre les incendies de forêt.';
    const index = new CorpusIndex();
    const self = index.add({ id: 'self', text: sentence });
    index.add({ id: 'renamed', text: `  ${sentence.replace('’', "'")}\n` });
    index.add({ id: 'other', text: sentence.replace('mardi', 'jeudi') });
    const ids = (found: { id: number }[], from: CorpusIndex) =>
      found.map((c) => from.sentence(c.id)!.document.id);
    const query = wordHashes(sentence);
    expect(ids(index.candidates(query, 10), index).sort()).toEqual(['other', 'renamed', 'self']);
    expect(ids(index.candidates(query, 10, { key: self.key }), index)).toEqual(['other']);
    const loaded = CorpusIndex.fromColumns(index.toColumns());
    expect(ids(loaded.candidates(query, 10, { key: self.key }), loaded)).toEqual(['other']);
    expect(ids(loaded.candidates(query, 10, { ids: ['other'] }), loaded).sort()).toEqual([
      'renamed',
      'self',
    ]);
  });

  it('caps the common-phrase limit in absolute terms', () => {
    const index = new CorpusIndex({ commonMin: 5, commonShare: 0.5, commonMax: 10 });
    expect(index.commonLimit()).toBe(5);
    for (let i = 0; i < 100; i++) index.add({ id: `d${i}`, text: `Phrase numéro ${i} du corpus.` });
    expect(index.commonLimit()).toBe(10);
  });
});
