/**
 * A deterministic French corpus with planted reuse, for the benchmark.
 *
 * The pool: the article sentences (8 words or more, ending with . ! ? or …) of the bundled seeds and
 * of the project's HTML fixtures (tests/fixtures/html/*: their article text, extracted as the
 * extension does). The seeds are one story told by several outlets, so some pool sentences
 * are rewrites of others: two pool sentences at least as similar as the engine's context
 * threshold (0.3) are related, and a copy of one found in a copy of the other is a right
 * answer.
 *
 * Documents: 8 to 30 unrelated sentences (bench/french.ts: generated French news prose that
 * copies nothing), in paragraphs of two or three. A share of documents (30 %) also carry
 * copies of pool sentences, half of them as a passage (2 to 5 consecutive sentences of one
 * seed, in order, as an outlet copies a paragraph) and half as 1 to 4 isolated sentences, each
 * copy at a random edit level:
 * - verbatim: the sentence as is;
 * - light: typography changed (guillemets, apostrophes, the accents of a word) and one or two
 *   words replaced;
 * - heavy: about a third of the words replaced, dropped or swapped with a neighbour.
 * The generator returns the ground truth: for each planted copy its document, offsets, pool
 * sentence and level.
 *
 * One random stream per purpose (corpus, articles), each from a 128-bit generator, so streams
 * never overlap, and documents are generated in order: the corpus of 1,000 documents is the
 * first 1,000 documents of the corpus of 10,000.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyseText } from '../lib/analyse';
import { similarityOf } from '../lib/annotate';
import { QueryBag } from '../lib/match/align';
import { wordHashes } from '../lib/text/normalize';
import type { CorpusDocument } from '../lib/types';
import { parseSeedManifest, seedDocuments } from '../lib/seeds';
import { Lexicon, SentenceMaker, type Random } from './french';
import { sfc32 } from './random';

export type EditLevel = 'verbatim' | 'light' | 'heavy';
export const EDIT_LEVELS: EditLevel[] = ['verbatim', 'light', 'heavy'];

/** The bench's random streams: sfc32 past its first 12 outputs. */
export const rng = (seed: number): Random => sfc32(seed, 12);

const pick = <T>(random: Random, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)]!;

export function seedTexts(root: string): CorpusDocument[] {
  const dir = join(root, 'seeds');
  const manifest = parseSeedManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  return seedDocuments(manifest, (file) => readFileSync(join(dir, file), 'utf8'));
}

/**
 * The article text of each HTML fixture (tests/fixtures/html/<name>/source.html), extracted
 * with lib/extract (linkedom), as a corpus document `fixture-<name>`: its article blocks, one
 * paragraph each. Empty when the folder is absent or extraction fails.
 */
export async function fixtureDocuments(root: string): Promise<CorpusDocument[]> {
  const dir = join(root, 'tests/fixtures/html');
  if (!existsSync(dir)) return [];
  const docs: CorpusDocument[] = [];
  try {
    const { parseHtml } = await import('../lib/extract/dom-parse');
    const { extractArticle } = await import('../lib/extract/html');
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name, 'source.html');
      if (!existsSync(file)) continue;
      const result = extractArticle(parseHtml(readFileSync(file, 'utf8')), { force: true });
      if (result.status !== 'ok') continue;
      const text = result.blocks
        .map((b) => result.text.slice(b.start, b.end).replace(/\s+/g, ' ').trim())
        .filter(Boolean)
        .join('\n\n');
      if (text)
        docs.push({ id: `fixture-${name}`, title: result.metadata.title, text: text + '\n' });
    }
  } catch (error) {
    console.error(`bench: fixtures skipped (${(error as Error).message})`);
  }
  return docs;
}

export interface PoolSentence {
  text: string;
  /**
   * Documents (seeds, fixtures) whose article has this sentence or a rewrite of it (any of
   * their sentences, pool or not, at least RELATED similar either way).
   */
  origins: string[];
}

export interface Pool {
  sentences: PoolSentence[];
  /** For each origin document, its pool sentences in reading order (for passages). */
  passages: number[][];
  /** Words of the origin texts, for the edits of light and heavy copies. */
  vocabulary: string[];
  /**
   * For each pool sentence, the pool sentences it is a rewrite of (similarity at least
   * RELATED either way), itself included: a copy of one found in a copy of another is right.
   */
  related: number[][];
}

/** Two pool sentences this similar (either way) are rewrites of each other. */
export const RELATED = 0.3;

/** Pool sentences of at least 8 words that end a sentence, related; their vocabulary. */
export function buildPool(docs: CorpusDocument[]): Pool {
  const byText = new Map<string, number>();
  const sentences: PoolSentence[] = [];
  const passages: number[][] = [];
  const vocabulary: string[] = [];
  const units: { doc: string; hashes: number[] }[] = [];
  for (const doc of docs) {
    const { text } = doc;
    const order: number[] = [];
    for (const unit of analyseText(text).units) {
      units.push({ doc: doc.id, hashes: wordHashes(text, unit.start, unit.end) });
      const sentence = text.slice(unit.start, unit.end).replace(/\s+/g, ' ').trim();
      const words = sentence.split(' ');
      for (const w of words) if (/^[\p{L}'’-]{3,}$/u.test(w)) vocabulary.push(w.toLowerCase());
      if (words.length < 8 || !/[.!?…]["»”)\s]*$/.test(sentence)) continue;
      let index = byText.get(sentence);
      if (index === undefined) {
        index = sentences.length;
        byText.set(sentence, index);
        sentences.push({ text: sentence, origins: [] });
      }
      order.push(index);
    }
    if (order.length) passages.push(order);
  }
  const hashes = sentences.map((s) => wordHashes(s.text));
  const bags = hashes.map((h) => new QueryBag(h));
  const similar = (i: number, other: number[]) =>
    Math.max(
      similarityOf(bags[i]!.compare(other), hashes[i]!, other),
      similarityOf(new QueryBag(other).compare(hashes[i]!), other, hashes[i]!),
    ) >= RELATED;
  // Origins: the documents with this sentence or a rewrite of it.
  sentences.forEach((s, i) => {
    for (const u of units) {
      if (!s.origins.includes(u.doc) && similar(i, u.hashes)) s.origins.push(u.doc);
    }
  });
  // Related pool sentences: pairs at least as similar as the context threshold, either way.
  const related = sentences.map((_, i) => [i]);
  for (let i = 0; i < sentences.length; i++) {
    for (let j = i + 1; j < sentences.length; j++) {
      if (similar(i, hashes[j]!)) {
        related[i]!.push(j);
        related[j]!.push(i);
      }
    }
  }
  return { sentences, passages, vocabulary, related };
}

const ACCENTS: Record<string, string> = {
  é: 'e',
  è: 'e',
  ê: 'e',
  à: 'a',
  ç: 'c',
  ô: 'o',
  î: 'i',
  É: 'E',
};

/** An edited copy still starts a sentence: its first letter in upper case. */
function capitaliseStart(text: string): string {
  return text.replace(/\p{L}/u, (ch) => ch.toUpperCase());
}

/** A copy of a sentence at an edit level. */
export function editSentence(
  random: Random,
  sentence: string,
  level: EditLevel,
  pool: Pool,
): string {
  if (level === 'verbatim') return sentence;
  if (level === 'light') {
    let text = sentence.replace(/«\s*/g, '"').replace(/\s*»/g, '"').replace(/’/g, "'");
    const changes = 1 + Math.floor(random() * 2);
    const words = text.split(' ');
    for (let c = 0; c < changes; c++) {
      const i = Math.floor(random() * words.length);
      // Keep the sentence's final punctuation: a copy still ends a sentence.
      const end = /[.!?…»"]+$/.exec(words[i]!)?.[0] ?? '';
      words[i] = pick(random, pool.vocabulary) + end;
    }
    text = words.join(' ');
    text = capitaliseStart(text);
    // Drop the accents of one word.
    const accented = words.filter((w) => /[éèêàçôîÉ]/.test(w));
    if (accented.length) {
      const w = pick(random, accented);
      text = text.replace(
        w,
        w.replace(/[éèêàçôîÉ]/g, (ch) => ACCENTS[ch] ?? ch),
      );
    }
    return text;
  }
  // heavy: about a third of the words replaced, dropped or swapped.
  // The final punctuation (with a closing quotation mark) stays where it is.
  const end = /\s*[.!?…]["»”)\s]*$/.exec(sentence)?.[0] ?? '';
  const out = sentence.slice(0, sentence.length - end.length).split(' ');
  const edits = Math.max(1, Math.round(out.length / 3));
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(random() * out.length);
    const r = random();
    if (r < 0.5) out[i] = pick(random, pool.vocabulary);
    else if (r < 0.75 && out.length > 6) out.splice(i, 1);
    else if (i + 1 < out.length) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  }
  return capitaliseStart(out.filter(Boolean).join(' ') + end);
}

export interface Planted {
  document: string;
  /** UTF-16 offsets of the copy in the document's text. */
  start: number;
  end: number;
  poolIndex: number;
  level: EditLevel;
  /** Part of a passage of consecutive pool sentences (else an isolated copy). */
  passage: boolean;
}

export interface GeneratedCorpus {
  documents: CorpusDocument[];
  planted: Planted[];
}

interface Piece {
  text: string;
  planted?: Omit<Planted, 'document' | 'start' | 'end'>;
}

/**
 * Builds a document's text from its sentences, in paragraphs of two or three. The text is
 * joined from its parts, not built with +=: V8 keeps a concatenated string as a tree of its
 * parts (a rope), and the engine reads a rope about 10 % slower per character than the flat
 * string that reading a file (the CLI) or IndexedDB (the extension) gives.
 */
function assemble(
  id: string,
  title: string,
  pieces: Piece[],
  planted: Planted[],
  random: Random,
): CorpusDocument {
  const parts: string[] = [];
  let length = 0;
  const push = (part: string) => {
    parts.push(part);
    length += part.length;
  };
  let inParagraph = 0;
  let size = 2 + Math.floor(random() * 2);
  for (const piece of pieces) {
    if (inParagraph === size) {
      push('\n\n');
      inParagraph = 0;
      size = 2 + Math.floor(random() * 2);
    } else if (inParagraph > 0) push(' ');
    const start = length;
    push(piece.text);
    if (piece.planted) planted.push({ document: id, start, end: length, ...piece.planted });
    inParagraph++;
  }
  push('\n');
  return { id, title, text: parts.join('') };
}

/** Copies of pool sentences: one passage, or 1 to 4 isolated sentences. */
function plantedPieces(random: Random, pool: Pool, passage: boolean, isolated: number): Piece[] {
  const out: Piece[] = [];
  const copy = (poolIndex: number, inPassage: boolean) => {
    const level = pick(random, EDIT_LEVELS);
    out.push({
      text: editSentence(random, pool.sentences[poolIndex]!.text, level, pool),
      planted: { poolIndex, level, passage: inPassage },
    });
  };
  if (passage) {
    const order = pick(random, pool.passages);
    const length = Math.min(order.length, 2 + Math.floor(random() * 4));
    const from = Math.floor(random() * (order.length - length + 1));
    for (let k = from; k < from + length; k++) copy(order[k]!, true);
  } else {
    for (let c = 0; c < isolated; c++) copy(Math.floor(random() * pool.sentences.length), false);
  }
  return out;
}

/** Inserts `copies` into `pieces`: a passage stays together, isolated copies are spread. */
function insert(random: Random, pieces: Piece[], copies: Piece[], passage: boolean): void {
  if (passage) {
    pieces.splice(Math.floor(random() * (pieces.length + 1)), 0, ...copies);
    return;
  }
  for (const c of copies) pieces.splice(Math.floor(random() * (pieces.length + 1)), 0, c);
}

/**
 * `count` documents of 8 to 30 unrelated sentences; `reuseShare` of them also carry copies of
 * pool sentences. Deterministic for a given seed; a prefix of a larger corpus.
 */
export function generateCorpus(
  count: number,
  pool: Pool,
  lexicon: Lexicon,
  seed = 1,
  reuseShare = 0.3,
): GeneratedCorpus {
  const random = rng(seed);
  const maker = new SentenceMaker(lexicon, random);
  const documents: CorpusDocument[] = [];
  const planted: Planted[] = [];
  for (let d = 0; d < count; d++) {
    const id = `gen-${String(d).padStart(6, '0')}`;
    const n = 8 + Math.floor(random() * 23);
    const pieces: Piece[] = [];
    for (let i = 0; i < n; i++) pieces.push({ text: maker.sentence() });
    if (random() < reuseShare) {
      const passage = random() < 0.5;
      const copies = plantedPieces(random, pool, passage, 1 + Math.floor(random() * 4));
      insert(random, pieces, copies, passage);
    }
    documents.push(assemble(id, `Document ${d}`, pieces, planted, random));
  }
  return { documents, planted };
}

/**
 * Query articles of about `words` words, none in the corpus: unrelated sentences with one
 * passage of 3 to 5 pool sentences and 4 isolated copies. Their own random stream.
 */
export function generateArticles(
  count: number,
  words: number,
  pool: Pool,
  lexicon: Lexicon,
  seed = 2,
): GeneratedCorpus {
  const random = rng(seed);
  const maker = new SentenceMaker(lexicon, random);
  const documents: CorpusDocument[] = [];
  const planted: Planted[] = [];
  for (let d = 0; d < count; d++) {
    const pieces: Piece[] = [];
    let passage = plantedPieces(random, pool, true, 0);
    while (passage.length < 3) passage = plantedPieces(random, pool, true, 0);
    const isolated = plantedPieces(random, pool, false, 4);
    const copyWords = [...passage, ...isolated].reduce((n, p) => n + p.text.split(' ').length, 0);
    let total = copyWords;
    while (total < words) {
      const s = maker.sentence();
      total += s.split(' ').length;
      pieces.push({ text: s });
    }
    insert(random, pieces, passage, true);
    insert(random, pieces, isolated, false);
    const id = `article-${String(d).padStart(3, '0')}`;
    documents.push(assemble(id, `Article ${d}`, pieces, planted, random));
  }
  return { documents, planted };
}
