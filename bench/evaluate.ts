/**
 * Scoring against the planted ground truth, and the brute-force peer.
 *
 * A result, whoever produced it (the engine, brute force, sim_text), is a list of units of the
 * query text (offsets) each with the corpus documents it was found in. A planted copy counts
 * as found when the unit that covers most of it is shared with at least one right source: a
 * document holding the pool sentence or a rewrite of it (the seed or fixture it comes from, or
 * a generated document with a planted copy of it). Precision: shared units that are planted
 * copies found with a right source, over all shared units; an unrelated unit that comes out
 * shared is a false positive, and so is a planted copy shared only with wrong sources.
 */
import { analyseText } from '../lib/analyse';
import {
  DEFAULT_MATCH_OPTIONS,
  acceptMatches,
  similarityOf,
  type MatchOptions,
} from '../lib/annotate';
import { QueryBag } from '../lib/match/align';
import type { CorpusIndex, IndexedDocument } from '../lib/match/corpus-index';
import { textKeyOfWords } from '../lib/match/hash';
import { wordHashes } from '../lib/text/normalize';
import type { Annotation } from '../lib/types';
import { EDIT_LEVELS, type EditLevel, type Planted, type Pool } from './generate';

export interface ResultUnit {
  start: number;
  end: number;
  shared: boolean;
  /** Ids of the documents the unit was found in. */
  sources: string[];
}

export function engineUnits(annotation: Annotation): ResultUnit[] {
  return annotation.sentences.map((s) => ({
    start: s.start,
    end: s.end,
    shared: s.status === 'shared',
    sources: s.sources.map((x) => x.id),
  }));
}

export interface LevelScore {
  planted: number;
  found: number;
}

/** Counts, summable over documents. */
export interface Score {
  levels: Record<EditLevel, LevelScore>;
  /** Planted copies in a passage of consecutive pool sentences, and isolated ones. */
  passage: LevelScore;
  isolated: LevelScore;
  units: number;
  shared: number;
  /** Shared units that are planted copies with at least one right source. */
  truePositives: number;
  /** Shared units that are not planted copies. */
  falseUnrelated: number;
  /** Shared planted copies whose sources are all wrong. */
  falseWrongSource: number;
  /** Sources reported on shared units, and how many of them are right. */
  sources: number;
  rightSources: number;
}

export function emptyScore(): Score {
  const levels = {} as Record<EditLevel, LevelScore>;
  for (const level of EDIT_LEVELS) levels[level] = { planted: 0, found: 0 };
  return {
    levels,
    passage: { planted: 0, found: 0 },
    isolated: { planted: 0, found: 0 },
    units: 0,
    shared: 0,
    truePositives: 0,
    falseUnrelated: 0,
    falseWrongSource: 0,
    sources: 0,
    rightSources: 0,
  };
}

export function addScore(into: Score, s: Score): Score {
  for (const level of EDIT_LEVELS) {
    into.levels[level].planted += s.levels[level].planted;
    into.levels[level].found += s.levels[level].found;
  }
  for (const k of ['passage', 'isolated'] as const) {
    into[k].planted += s[k].planted;
    into[k].found += s[k].found;
  }
  into.units += s.units;
  into.shared += s.shared;
  into.truePositives += s.truePositives;
  into.falseUnrelated += s.falseUnrelated;
  into.falseWrongSource += s.falseWrongSource;
  into.sources += s.sources;
  into.rightSources += s.rightSources;
  return into;
}

export interface Rates {
  recall: Record<EditLevel, number | null>;
  recallPassage: number | null;
  recallIsolated: number | null;
  precision: number | null;
  sourcePrecision: number | null;
  planted: Record<EditLevel, number>;
  shared: number;
  falseUnrelated: number;
  falseWrongSource: number;
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10000) / 10000);

export function rates(s: Score): Rates {
  const recall = {} as Record<EditLevel, number | null>;
  const planted = {} as Record<EditLevel, number>;
  for (const level of EDIT_LEVELS) {
    recall[level] = ratio(s.levels[level].found, s.levels[level].planted);
    planted[level] = s.levels[level].planted;
  }
  return {
    recall,
    recallPassage: ratio(s.passage.found, s.passage.planted),
    recallIsolated: ratio(s.isolated.found, s.isolated.planted),
    precision: ratio(s.truePositives, s.shared),
    sourcePrecision: ratio(s.rightSources, s.sources),
    planted,
    shared: s.shared,
    falseUnrelated: s.falseUnrelated,
    falseWrongSource: s.falseWrongSource,
  };
}

export interface Examples {
  limit: number;
  missed: {
    document: string;
    level: EditLevel;
    copy: string;
    unit: string | null;
    pool: string;
    sources: string[];
  }[];
  falsePositives: { document: string; unit: string; sources: string[] }[];
}

/** What was planted where, and which documents are right sources for a copy. */
export class GroundTruth {
  private readonly byDocument = new Map<string, Planted[]>();
  private readonly holders = new Map<number, Set<string>>();
  private readonly rightCache = new Map<number, Set<string>>();

  constructor(
    private readonly pool: Pool,
    planted: Iterable<Planted>,
    /** Documents whose copies are in the corpus (right sources); others are queries only. */
    inCorpus: (doc: string) => boolean,
  ) {
    for (const p of planted) {
      let list = this.byDocument.get(p.document);
      if (!list) this.byDocument.set(p.document, (list = []));
      list.push(p);
      if (!inCorpus(p.document)) continue;
      let set = this.holders.get(p.poolIndex);
      if (!set) this.holders.set(p.poolIndex, (set = new Set()));
      set.add(p.document);
    }
  }

  planted(doc: string): Planted[] {
    return this.byDocument.get(doc) ?? [];
  }

  /** Documents in which a copy of this pool sentence is rightly found. */
  rightSources(poolIndex: number): Set<string> {
    let set = this.rightCache.get(poolIndex);
    if (!set) {
      set = new Set();
      for (const j of this.pool.related[poolIndex]!) {
        for (const o of this.pool.sentences[j]!.origins) set.add(o);
        for (const h of this.holders.get(j) ?? []) set.add(h);
      }
      this.rightCache.set(poolIndex, set);
    }
    return set;
  }

  /**
   * Scores one query document's result. With `examples`, missed copies and false positives
   * are added to it (text of the copy and of the unit, the pool sentence), up to `limit` each.
   */
  score(doc: string, units: readonly ResultUnit[], examples?: Examples, text?: string): Score {
    const s = emptyScore();
    const planted = this.planted(doc);
    // The planted copy (if any) covering most of each unit, and the unit covering most of each copy.
    const unitCopy: (Planted | undefined)[] = units.map(() => undefined);
    const unitCopyOverlap = units.map(() => 0);
    for (const p of planted) {
      let best = -1;
      let bestOverlap = 0;
      units.forEach((u, i) => {
        const overlap = Math.min(u.end, p.end) - Math.max(u.start, p.start);
        if (overlap <= 0) return;
        if (overlap > bestOverlap) {
          best = i;
          bestOverlap = overlap;
        }
        if (overlap > unitCopyOverlap[i]!) {
          unitCopy[i] = p;
          unitCopyOverlap[i] = overlap;
        }
      });
      const right = this.rightSources(p.poolIndex);
      const unit = units[best];
      const found = !!unit && unit.shared && unit.sources.some((id) => right.has(id));
      s.levels[p.level].planted++;
      const kind = p.passage ? s.passage : s.isolated;
      kind.planted++;
      if (found) {
        s.levels[p.level].found++;
        kind.found++;
      } else if (examples && text && examples.missed.length < examples.limit) {
        examples.missed.push({
          document: doc,
          level: p.level,
          copy: text.slice(p.start, p.end),
          unit: unit ? text.slice(unit.start, unit.end) : null,
          pool: this.pool.sentences[p.poolIndex]!.text,
          sources: unit?.sources ?? [],
        });
      }
    }
    units.forEach((u, i) => {
      s.units++;
      if (!u.shared) return;
      s.shared++;
      s.sources += u.sources.length;
      const copy = unitCopy[i];
      if (!copy) {
        s.falseUnrelated++;
        if (examples && text && examples.falsePositives.length < examples.limit) {
          examples.falsePositives.push({
            document: doc,
            unit: text.slice(u.start, u.end),
            sources: u.sources,
          });
        }
        return;
      }
      const right = this.rightSources(copy.poolIndex);
      const rightCount = u.sources.filter((id) => right.has(id)).length;
      s.rightSources += rightCount;
      if (rightCount > 0) s.truePositives++;
      else s.falseWrongSource++;
    });
    return s;
  }
}

/** Every corpus sentence's word hashes, for brute force (built once, like an index). */
export interface BruteCorpus {
  words: Uint32Array[];
  /** Per sentence, its document. */
  docs: IndexedDocument[];
}

/** The index's sentences (compacted: ids 0 to sentenceCount - 1), as brute force sees them. */
export function bruteCorpus(index: CorpusIndex): BruteCorpus {
  index.compact();
  const words: Uint32Array[] = [];
  const docs: IndexedDocument[] = [];
  for (let id = 0; id < index.sentenceCount; id++) {
    const sentence = index.sentence(id);
    if (!sentence) continue;
    words.push(Uint32Array.from(wordHashes(sentence.document.text, sentence.start, sentence.end)));
    docs.push(sentence.document);
  }
  return { words, docs };
}

interface BruteMatch {
  doc: IndexedDocument;
  similarity: number;
}

/**
 * The engine's decision rule with every corpus sentence compared to every sentence of the
 * query (no index, no candidate limit): the same similarity (similarityOf), the same
 * thresholds and context rule, the same exclusion of the document itself.
 */
export function bruteAnnotate(
  input: { id: string; text: string },
  corpus: BruteCorpus,
  options: Partial<MatchOptions> = {},
): ResultUnit[] {
  const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
  const { text } = input;
  const analysed = analyseText(text);
  const units = analysed.units.map((u) => wordHashes(text, u.start, u.end));
  const ownKey = textKeyOfWords(units);
  // Sentences of the document itself (same id or same text), skipped as the engine does.
  const self = Uint8Array.from(corpus.docs, (d) => (d.id === input.id || d.key === ownKey ? 1 : 0));
  const matches: BruteMatch[][] = units.map((words) => {
    if (words.length < opts.minWords) return [];
    const bag = new QueryBag(words);
    const best = new Map<IndexedDocument, BruteMatch>();
    const all = corpus.words;
    for (let i = 0; i < all.length; i++) {
      if (self[i]) continue;
      const doc = corpus.docs[i]!;
      const source = all[i]!;
      const similarity = similarityOf(bag.compare(source), words, source);
      if (similarity < opts.contextThreshold) continue;
      const previous = best.get(doc);
      if (!previous || similarity > previous.similarity) best.set(doc, { doc, similarity });
    }
    return [...best.values()];
  });
  const accepted = acceptMatches(matches, opts);
  return analysed.units.map((u, i) => {
    const kept = accepted[i]!.sort(
      (a, b) => b.similarity - a.similarity || a.doc.id.localeCompare(b.doc.id),
    ).slice(0, opts.maxSources);
    return {
      start: u.start,
      end: u.end,
      shared: kept.length > 0,
      sources: kept.map((m) => m.doc.id),
    };
  });
}
