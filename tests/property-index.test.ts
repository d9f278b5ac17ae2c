/**
 * Property-based tests of the corpus index (add/remove leave no trace, serialisation round
 * trips, a model of its documents) and of annotateText on random input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseForIndex, CorpusIndex, type IndexOptions } from '@/lib/match/corpus-index';
import { sentenceFingerprints } from '@/lib/match/fingerprint';
import { textKeyOfWords } from '@/lib/match/hash';
import { annotateText, DEFAULT_MATCH_OPTIONS } from '@/lib/annotate';
import { analyseText } from '@/lib/analyse';
import { FRENCH_STOPWORDS, tokenize, wordHashes, wordHashesIn } from '@/lib/text/normalize';
import type { Annotation, CorpusDocument } from '@/lib/types';
import { trickyStringArb } from './property/french';
import { syntheticCorpus } from './fixtures/synthetic-corpus';
import {
  docShapeArb,
  idArb,
  poolArb,
  renderDocument,
  type DocShape,
  FURNITURE_LINES,
} from './property/corpus';

/** Default options, and tiny common-phrase limits so that common fingerprints occur. */
const optionsArb: fc.Arbitrary<Partial<IndexOptions>> = fc.constantFrom(
  {},
  {},
  { commonMin: 1, commonShare: 0 },
  { commonMin: 2, commonShare: 0 },
  { commonMin: 3, commonShare: 0.2 },
);

type Op =
  | { op: 'add'; id: string; shape: DocShape }
  | { op: 'remove'; id: string }
  | { op: 'compact' }
  | { op: 'clone' }
  | { op: 'json' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constant('add' as const), id: idArb, shape: docShapeArb }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('remove' as const), id: idArb }) },
  { weight: 1, arbitrary: fc.constant({ op: 'compact' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'clone' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'json' as const }) },
);

const ALL_IDS = ['a', 'b', 'c', 'd', 'e', 'f', '', '__proto__', 'État 1', 'never-added'];

/** Serialised through structuredClone (typed arrays) or JSON (plain arrays). */
function viaClone(index: CorpusIndex): CorpusIndex {
  return CorpusIndex.deserialize(structuredClone(index.serialize()));
}
function viaJson(index: CorpusIndex): CorpusIndex {
  return CorpusIndex.deserialize(JSON.parse(JSON.stringify(index.toJSON())));
}

function build(options: Partial<IndexOptions>, docs: Iterable<CorpusDocument>): CorpusIndex {
  const index = new CorpusIndex(options);
  for (const doc of docs) index.add(doc);
  return index;
}

/** Queries for candidates: sentences of the pool, whole documents, junk. */
function queries(pool: readonly string[], extra: readonly string[]): string[] {
  return [...pool, ...extra, pool.join(' '), 'Le président a annoncé mardi un budget.'];
}

/** Candidates as corpus sentences (document id and span), independent of sentence ids. */
function candidateSentences(
  index: CorpusIndex,
  query: string,
  limit: number,
  skipIds: ReadonlySet<string>,
) {
  return index.candidates(wordHashes(query), limit, { ids: [...skipIds] }).map(({ id, shared }) => {
    const sentence = index.sentence(id);
    expect(sentence).toBeDefined();
    return { doc: sentence!.document.id, start: sentence!.start, end: sentence!.end, shared };
  });
}

function rawCandidates(index: CorpusIndex, query: string, limit: number) {
  return index.candidates(wordHashes(query), limit);
}

/** The documents of the index agree with the model (a Map, in insertion order). */
function checkModel(index: CorpusIndex, model: ReadonlyMap<string, CorpusDocument>): void {
  expect(index.size).toBe(model.size);
  expect([...index.documents()].map((d) => d.id)).toEqual([...model.keys()]);
  for (const id of ALL_IDS) {
    expect(index.has(id)).toBe(model.has(id));
    const doc = index.get(id);
    const expected = model.get(id);
    if (expected === undefined) {
      expect(doc).toBeUndefined();
    } else {
      expect(doc?.id).toBe(id);
      expect(doc?.text).toBe(expected.text);
      if (expected.title !== undefined && expected.title !== null) {
        expect(doc?.title).toBe(expected.title);
      }
    }
  }
  let sentences = 0;
  for (const doc of index.documents()) sentences += doc.sentenceCount;
  expect(index.sentenceCount).toBe(sentences);
}

/** Random operation sequences on random corpora, with queries for candidates. */
const scenarioArb = fc.record({
  pool: poolArb,
  options: optionsArb,
  ops: fc.array(opArb, { minLength: 1, maxLength: 25 }),
  extraQueries: fc.array(fc.string({ maxLength: 30 }), { maxLength: 2 }),
  limit: fc.integer({ min: 1, max: 60 }),
  skip: fc.subarray(ALL_IDS).map((ids) => new Set(ids)),
});

/** Runs the operations, checking the index against the model after each; returns both. */
function runScenario({ pool, options, ops }: Scenario) {
  let index = new CorpusIndex(options);
  const model = new Map<string, CorpusDocument>();
  for (const op of ops) {
    switch (op.op) {
      case 'add': {
        const doc: CorpusDocument = {
          id: op.id,
          text: renderDocument(op.shape, pool),
          title: op.shape.title,
        };
        const entry = index.add(doc);
        expect(entry.id).toBe(doc.id);
        expect(entry.text).toBe(doc.text);
        model.delete(op.id);
        model.set(op.id, doc);
        break;
      }
      case 'remove':
        expect(index.remove(op.id)).toBe(model.has(op.id));
        model.delete(op.id);
        break;
      case 'compact':
        index.compact();
        break;
      case 'clone':
        index = viaClone(index);
        break;
      case 'json':
        index = viaJson(index);
        break;
    }
    checkModel(index, model);
  }
  const fresh = build(options, model.values());
  expect(index.sentenceCount).toBe(fresh.sentenceCount);
  return { index, fresh };
}

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

describe('CorpusIndex: a model of its documents', () => {
  it('agrees with a Map over random add/remove/compact/round-trip sequences, and its serialised form keeps no trace of removed documents', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { index, fresh } = runScenario(scenario);
        expect(index.toJSON()).toEqual(fresh.toJSON());
        for (const query of queries(scenario.pool, scenario.extraQueries)) {
          expect(rawCandidates(index, query, scenario.limit)).toEqual(
            rawCandidates(fresh, query, scenario.limit),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('finds the same candidates as an index of the live documents alone, before compaction', () => {
    // Removed documents stay in the frozen postings until compaction: they must not count.
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { index, fresh } = runScenario(scenario);
        for (const query of queries(scenario.pool, scenario.extraQueries)) {
          expect(candidateSentences(index, query, scenario.limit, scenario.skip)).toEqual(
            candidateSentences(fresh, query, scenario.limit, scenario.skip),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('compacts in steps: read between them as before, then as compact() leaves it', () => {
    let stepped = 0;
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (scenario, which) => {
        // (Serialising compacts: the index of the live documents is the reference.)
        const { index, fresh } = runScenario(scenario);
        const asked = queries(scenario.pool, scenario.extraQueries);
        const before = asked.map((q) =>
          candidateSentences(index, q, scenario.limit, scenario.skip),
        );
        const steps = index.compaction();
        while (!steps.next().done) {
          stepped++;
          // Reads in between see the index as it was, and may give it texts and hashes.
          const k = which % asked.length;
          expect(candidateSentences(index, asked[k]!, scenario.limit, scenario.skip)).toEqual(
            before[k],
          );
          index.hashTexts(1);
        }
        expect(index.serialize()).toEqual(fresh.serialize());
        asked.forEach((q, k) => {
          expect(candidateSentences(index, q, scenario.limit, scenario.skip)).toEqual(before[k]);
        });
        expect(index.compaction().next().done).toBe(true);
      }),
      { numRuns: 150 },
    );
    expect(stepped).toBeGreaterThan(150);
  });

  it('answers candidates between steps of a large compaction without compacting on the spot', () => {
    // Past PENDING_MAP_LIMIT pending pairs candidates() compacts first; not while a compaction
    // runs in steps (it would hold the thread for all of it, and the steps would then stop).
    const docs = syntheticCorpus({ documents: 1400 });
    const index = new CorpusIndex();
    for (const doc of docs) index.add(doc);
    const fresh = new CorpusIndex();
    for (const doc of docs) fresh.add(doc);
    const query = wordHashes(docs[7]!.text.split('\n')[0]!);
    const expected = fresh.candidates(query, 5);
    const steps = index.compaction();
    let stepped = 0;
    while (!steps.next().done) {
      stepped++;
      expect(index.candidates(query, 5)).toEqual(expected);
    }
    expect(stepped).toBeGreaterThan(3);
    expect(index.serialize()).toEqual(fresh.serialize());
    // Once it is over, a large delta is compacted on the spot again.
    for (const copy of ['again', 'third']) {
      for (const doc of docs) index.add({ ...doc, id: `${doc.id}-${copy}` });
    }
    index.candidates(query, 5);
    expect(index.compaction().next().done).toBe(true);
  });

  it('refuses to go on with a compaction when documents were added or removed meanwhile', () => {
    const docs = [0, 1, 2].map((k) => ({
      id: `d${k}`,
      text: `Le conseil municipal de la ville numéro ${k} a voté mardi un budget de relance pour les écoles.`,
    }));
    for (const change of ['add', 'remove'] as const) {
      const index = new CorpusIndex();
      index.add(docs[0]!);
      index.add(docs[1]!);
      const steps = index.compaction();
      expect(steps.next().done).toBe(false);
      if (change === 'add') index.add(docs[2]!);
      else index.remove('d0');
      expect(() => {
        while (!steps.next().done);
      }).toThrow(/changed during its compaction/);
      // The index is as the change left it, and compacts.
      index.compact();
      expect([...index.documents()].map((d) => d.id)).toEqual(
        change === 'add' ? ['d0', 'd1', 'd2'] : ['d1'],
      );
      expect(index.candidates(wordHashes(docs[1]!.text), 5).length).toBeGreaterThan(0);
    }
  });

  it('adding documents B among documents A, then removing B, gives the index of A alone', () => {
    fc.assert(
      fc.property(
        poolArb,
        optionsArb,
        fc.uniqueArray(fc.tuple(fc.string({ maxLength: 6 }), docShapeArb), {
          selector: ([id]) => id,
          minLength: 1,
          maxLength: 10,
        }),
        fc.array(fc.nat()),
        fc.array(fc.boolean()),
        (pool, options, docs, priorities, compactions) => {
          // The first half (at least one) are A, the rest B (distinct ids).
          const all = docs.map(([id, shape]) => ({ id, text: renderDocument(shape, pool) }));
          const half = Math.max(1, Math.ceil(all.length / 2));
          const a = all.slice(0, half);
          const b = all.slice(half);
          // A random interleaving: A in order; each B added, then removed later.
          const priority = (k: number) => priorities[k % Math.max(1, priorities.length)] ?? k;
          type Step = { at: number; run: (index: CorpusIndex) => void };
          const aTimes = a.map((_, k) => priority(k)).sort((x, y) => x - y);
          const steps: Step[] = a.map((doc, k) => ({
            at: aTimes[k]!,
            run: (index) => void index.add(doc),
          }));
          b.forEach((doc, k) => {
            const t1 = priority(half + 2 * k);
            const t2 = priority(half + 2 * k + 1);
            steps.push({ at: Math.min(t1, t2), run: (index) => void index.add(doc) });
            steps.push({
              at: Math.max(t1, t2) + 0.5,
              run: (index) => expect(index.remove(doc.id)).toBe(true),
            });
          });
          steps.sort((x, y) => x.at - y.at);
          const index = new CorpusIndex(options);
          steps.forEach((step, k) => {
            step.run(index);
            if (compactions[k]) index.compact();
          });
          const alone = build(options, a);
          expect(index.toJSON()).toEqual(alone.toJSON());
          // Removing A too leaves an empty index.
          for (const doc of a) index.remove(doc.id);
          expect(index.size).toBe(0);
          expect(index.sentenceCount).toBe(0);
          expect(index.toJSON()).toEqual(new CorpusIndex(options).toJSON());
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('analyseForIndex', () => {
  it('gives each sentence its own words, fingerprints and the text key, as computed unit by unit', () => {
    // analyseForIndex reads every unit's words into one shared run and writes the entry's
    // arrays into one buffer; the reference takes each unit on its own.
    const textArb = fc.oneof(
      fc.tuple(poolArb, docShapeArb).map(([pool, shape]) => renderDocument(shape, pool)),
      trickyStringArb,
      fc.string({ unit: 'grapheme', maxLength: 300 }),
    );
    let units = 0;
    fc.assert(
      fc.property(fc.array(textArb, { minLength: 1, maxLength: 3 }), (texts) => {
        // Several documents in a row: the shared scratch must not leak between them.
        for (const text of texts) {
          const entry = analyseForIndex({ id: 'x', text });
          const analysed = analyseText(text);
          const perUnit = analysed.units.map((u) =>
            wordHashesIn(analysed.words, text, u.start, u.end),
          );
          expect(entry.key).toBe(textKeyOfWords(perUnit));
          expect(entry.title).toBe(analysed.title);
          expect(Array.from(entry.bounds)).toEqual(analysed.units.flatMap((u) => [u.start, u.end]));
          const ends: number[] = [];
          const fingerprints: number[] = [];
          for (const words of perUnit) {
            const out = new Uint32Array(Math.max(1, words.length));
            fingerprints.push(...out.subarray(0, sentenceFingerprints(words, out, 0)));
            ends.push(fingerprints.length);
          }
          expect(Array.from(entry.fingerprints)).toEqual(fingerprints);
          expect(Array.from(entry.fingerprintEnds)).toEqual(ends);
          units += perUnit.length;
        }
      }),
      { numRuns: 300 },
    );
    expect(units).toBeGreaterThan(300);
  });
});

describe('CorpusIndex: serialisation', () => {
  it('round-trips through structuredClone and JSON with the same data and candidates, and stays usable', () => {
    fc.assert(
      fc.property(
        poolArb,
        optionsArb,
        fc.array(fc.tuple(idArb, docShapeArb), { maxLength: 8 }),
        fc.array(fc.tuple(idArb, fc.option(docShapeArb)), { maxLength: 6 }),
        fc.integer({ min: 1, max: 60 }),
        (pool, options, docs, later, limit) => {
          const original = new CorpusIndex(options);
          for (const [id, shape] of docs) original.add({ id, text: renderDocument(shape, pool) });
          const json = original.toJSON();
          const cloned = viaClone(original);
          const parsed = viaJson(original);
          expect(cloned.toJSON()).toEqual(json);
          expect(parsed.toJSON()).toEqual(json);
          for (const query of queries(pool, [])) {
            const expected = rawCandidates(original, query, limit);
            expect(rawCandidates(cloned, query, limit)).toEqual(expected);
            expect(rawCandidates(parsed, query, limit)).toEqual(expected);
          }
          // The same further additions and removals keep all three equal.
          for (const [id, shape] of later) {
            for (const index of [original, cloned, parsed]) {
              if (shape) index.add({ id, text: renderDocument(shape, pool) });
              else index.remove(id);
            }
          }
          for (const query of queries(pool, [])) {
            const expected = candidateSentences(original, query, limit, new Set());
            expect(candidateSentences(cloned, query, limit, new Set())).toEqual(expected);
            expect(candidateSentences(parsed, query, limit, new Set())).toEqual(expected);
          }
          const after = original.toJSON();
          expect(cloned.toJSON()).toEqual(after);
          expect(parsed.toJSON()).toEqual(after);
        },
      ),
      { numRuns: 150 },
    );
  });
});

/**
 * Whether `tokens` hold `length` consecutive words whose adjacent pairs are never two function
 * words: then their bigrams are consecutive fingerprints, and winnowing keeps one of them.
 */
function informativeRun(tokens: readonly string[], length: number): boolean {
  let run = 1;
  for (let i = 1; i < tokens.length; i++) {
    const stopPair = FRENCH_STOPWORDS.has(tokens[i - 1]!) && FRENCH_STOPWORDS.has(tokens[i]!);
    run = stopPair ? 1 : run + 1;
    if (run >= length) return true;
  }
  return length <= 1 && tokens.length > 0;
}

/** Words of a text, folded, in order. */
const norms = (text: string) => tokenize(text).map((t) => t.norm);

/** The index's key of a text ("the same text" for self-matching), through the public API. */
function keyOf(text: string): string {
  return new CorpusIndex().add({ id: 'key', text }).key;
}

/** Invariants of any annotation of `text` (id `id`) against `index`. */
function checkAnnotation(annotation: Annotation, id: string, text: string, index: CorpusIndex) {
  expect(annotation.id).toBe(id);
  const ownKey = keyOf(text);
  const spans: { start: number; end: number }[] = [];
  for (const b of annotation.boilerplate) {
    expect(b.text).toBe(text.slice(b.start, b.end));
    expect(b.end).toBeGreaterThan(b.start);
    spans.push(b);
  }
  if (annotation.credit) {
    const { credit } = annotation;
    expect(credit.text).toBe(text.slice(credit.start, credit.end));
    expect(credit.end).toBeGreaterThan(credit.start);
    spans.push(credit);
  }
  let previousEnd = 0;
  for (const s of annotation.sentences) {
    expect(s.start).toBeGreaterThanOrEqual(previousEnd);
    expect(s.end).toBeGreaterThan(s.start);
    expect(s.text).toBe(text.slice(s.start, s.end));
    previousEnd = s.end;
    // Furniture and the credit are never sentences.
    for (const other of spans) expect(s.start < other.end && other.start < s.end).toBe(false);

    expect(s.similarity).toBeGreaterThanOrEqual(0);
    expect(s.similarity).toBeLessThanOrEqual(1);
    expect(s.match === null).toBe(s.status === 'unique');
    if (s.status === 'unique') {
      expect(s.sources).toEqual([]);
      continue;
    }
    expect(s.sources.length).toBeGreaterThan(0);
    expect(s.similarity).toBe(s.sources[0]!.similarity);
    expect(s.match === 'verbatim').toBe(s.similarity === 1);
    const sourceIds = s.sources.map((source) => source.id);
    expect(new Set(sourceIds).size).toBe(sourceIds.length);
    s.sources.forEach((source, k) => {
      // Never the annotated document itself: same id, or same normalised text.
      expect(source.id).not.toBe(id);
      const doc = index.get(source.id);
      expect(doc).toBeDefined();
      expect(doc!.key).not.toBe(ownKey);
      expect(source.title).toBe(doc!.title);
      expect(doc!.text.includes(source.text)).toBe(true);
      expect(source.similarity).toBeGreaterThanOrEqual(DEFAULT_MATCH_OPTIONS.contextThreshold);
      expect(source.similarity).toBeLessThanOrEqual(1);
      if (k > 0) expect(source.similarity).toBeLessThanOrEqual(s.sources[k - 1]!.similarity);
      // The diff: '=' and '+' are the sentence's words, '=' and '-' the source's, in order.
      const side = (ops: string[]) =>
        source.diff.filter((d) => ops.includes(d.op)).flatMap((d) => norms(d.text));
      for (const d of source.diff) expect(d.text.length).toBeGreaterThan(0);
      expect(side(['=', '+'])).toEqual(norms(s.text));
      expect(side(['=', '-'])).toEqual(norms(source.text));
    });
  }
  const shared = annotation.sentences.filter((s) => s.status === 'shared').length;
  expect(annotation.stats.sentences).toBe(annotation.sentences.length);
  expect(annotation.stats.shared).toBe(shared);
  const ratio = annotation.sentences.length ? shared / annotation.sentences.length : 0;
  expect(Math.abs(annotation.stats.sharedRatio - ratio)).toBeLessThanOrEqual(0.0005);
}

describe('annotateText', () => {
  /** Over a whole run, so that a property that never reaches its assertions fails. */
  const seen = { shared: 0, verbatim: 0, edited: 0 };

  /** Input that is not built from the pool: junk, unicode, a lone furniture line. */
  const junkArb = fc.oneof(
    trickyStringArb,
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 100 }),
    fc.constantFrom(...FURNITURE_LINES),
  );

  it('keeps its offsets, stats and sources consistent on random input', () => {
    fc.assert(
      fc.property(
        poolArb,
        fc.array(fc.tuple(idArb, docShapeArb), { maxLength: 8 }),
        idArb,
        fc.oneof(fc.tuple(docShapeArb, fc.constant(null)), fc.tuple(fc.constant(null), junkArb)),
        fc.nat(),
        (pool, docs, id, [shape, junk], copyAt) => {
          const index = new CorpusIndex();
          const text = shape ? renderDocument(shape, pool) : junk!;
          for (const [docId, docShape] of docs) {
            index.add({ id: docId, text: renderDocument(docShape, pool) });
          }
          // Sometimes the corpus holds the very same text under another id.
          if (copyAt % 3 === 0) index.add({ id: 'copy-of-input', text });
          const annotation = annotateText({ id, text }, index);
          checkAnnotation(annotation, id, text, index);
          seen.shared += annotation.stats.shared;
          if (copyAt % 3 === 0) {
            for (const s of annotation.sentences) {
              expect(s.sources.map((x) => x.id)).not.toContain('copy-of-input');
            }
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(seen.shared).toBeGreaterThan(0);
  });

  it('finds a copy of the document, under another id, with one word changed', () => {
    fc.assert(
      fc.property(
        poolArb,
        docShapeArb,
        fc.array(fc.tuple(idArb, docShapeArb), { maxLength: 6 }),
        fc.nat(),
        fc.constantFrom('Bordeaux', 'Strasbourg', 'Kinshasa', 'Vientiane'),
        (pool, shape, others, which, replacement) => {
          const text = renderDocument({ ...shape, junk: null }, pool);
          // Change one word of one article sentence to a word found nowhere else.
          const analysed = analyseText(text);
          const words = analysed.units.flatMap((unit, u) =>
            tokenize(text, unit.start, unit.end).map((t, position) => ({ u, t, position })),
          );
          fc.pre(words.length > 0);
          const { u: edited, t: word, position } = words[which % words.length]!;
          const copy = text.slice(0, word.start) + replacement + text.slice(word.end);
          const copyAnalysed = analyseText(copy);
          // The edit must change that sentence only (not what is article text, nor the title).
          const unitTexts = (a: typeof analysed) =>
            a.units.map((x) => a.text.slice(x.start, x.end));
          const before = unitTexts(analysed);
          const after = unitTexts(copyAnalysed);
          fc.pre(after.length === before.length);
          fc.pre(after.every((t, k) => (t === before[k]) === (k !== edited)));
          fc.pre(keyOf(copy) !== keyOf(text));

          const index = new CorpusIndex();
          index.add({ id: 'copy', text: copy });
          for (const [docId, docShape] of others) {
            index.add({ id: `other-${docId}`, text: renderDocument(docShape, pool) });
          }
          const annotation = annotateText({ id: 'original', text }, index);
          checkAnnotation(annotation, 'original', text, index);
          expect(annotation.sentences.map((s) => s.text)).toEqual(before);
          const copyNorms = after.map((t) => norms(t).join(' '));
          annotation.sentences.forEach((s, k) => {
            const tokens = norms(s.text);
            const fromCopy = s.sources.find((x) => x.id === 'copy');
            if (k !== edited) {
              // Unchanged sentences with a fingerprint: found verbatim in the copy.
              if (tokens.length < DEFAULT_MATCH_OPTIONS.minWords || !informativeRun(tokens, 2)) {
                return;
              }
              expect(fromCopy?.similarity).toBe(1);
              expect(s.match).toBe('verbatim');
              seen.verbatim++;
            } else {
              // The edited sentence is never a verbatim match of the copy (unless the copy
              // has the same sentence elsewhere)...
              if (fromCopy && !copyNorms.includes(tokens.join(' '))) {
                expect(fromCopy.similarity).toBeLessThan(1);
              }
              // ...and is found when a run of 4 words around the edit yields fingerprints and
              // the words in common weigh enough (weighted Dice with one word replaced).
              if (tokens.length < DEFAULT_MATCH_OPTIONS.minWords) return;
              const kept = [tokens.slice(0, position), tokens.slice(position + 1)];
              if (!kept.some((run) => informativeRun(run, 4))) return;
              const w = (n: string) => (FRENCH_STOPWORDS.has(n) ? 0.2 : 1);
              const total = tokens.reduce((sum, n) => sum + w(n), 0);
              const old = w(tokens[position]!);
              const dice = (2 * (total - old)) / (2 * total - old + 1);
              if (dice < DEFAULT_MATCH_OPTIONS.sharedThreshold) return;
              expect(fromCopy).toBeDefined();
              seen.edited++;
            }
          });
        },
      ),
      { numRuns: 150 },
    );
    // Not vacuous: both kinds of sentence were checked.
    expect(seen.verbatim).toBeGreaterThan(0);
    expect(seen.edited).toBeGreaterThan(0);
  });
});
