/**
 * A deterministic French corpus with planted reuse, for the benchmark.
 *
 * Sentences come from a pool: the article sentences of the bundled seeds. Unrelated text is
 * made of sentences drawn word by word from the seeds' vocabulary (French-looking, matching
 * nothing). A share of documents carry copies of pool sentences at a known edit level:
 * - verbatim: the sentence as is;
 * - light: typography changed (guillemets, apostrophes, accents on a word) and one or two
 *   words replaced;
 * - heavy: about a third of the words replaced, dropped or swapped with a neighbour.
 * The generator returns the ground truth of what was planted where.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseText } from '../lib/analyse';
import type { CorpusDocument } from '../lib/types';
import { parseSeedManifest, seedDocuments } from '../lib/seeds';

export type EditLevel = 'verbatim' | 'light' | 'heavy';
export const EDIT_LEVELS: EditLevel[] = ['verbatim', 'light', 'heavy'];

/** Small, fast, seedable PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Pool {
  sentences: string[];
  vocabulary: string[];
}

export function seedTexts(root: string): CorpusDocument[] {
  const dir = join(root, 'seeds');
  const manifest = parseSeedManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  return seedDocuments(manifest, (file) => readFileSync(join(dir, file), 'utf8'));
}

/** Pool sentences of at least 8 words from the given texts, and their vocabulary. */
export function buildPool(texts: string[]): Pool {
  const sentences = new Set<string>();
  const vocabulary: string[] = [];
  for (const text of texts) {
    const analysed = analyseText(text);
    for (const unit of analysed.units) {
      const sentence = text.slice(unit.start, unit.end);
      const words = sentence.split(/\s+/);
      if (words.length >= 8) sentences.add(sentence);
      for (const w of words) if (/^[\p{L}'’-]{3,}$/u.test(w)) vocabulary.push(w.toLowerCase());
    }
  }
  return { sentences: [...sentences], vocabulary };
}

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)]!;

/** A sentence of random words from the vocabulary: French-looking, copied from nowhere. */
export function unrelatedSentence(random: () => number, pool: Pool): string {
  const n = 12 + Math.floor(random() * 18);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(pick(random, pool.vocabulary));
  const first = words[0]!;
  words[0] = first[0]!.toUpperCase() + first.slice(1);
  return `${words.join(' ')}.`;
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

/** A copy of a sentence at an edit level. */
export function editSentence(
  random: () => number,
  sentence: string,
  level: EditLevel,
  pool: Pool,
): string {
  if (level === 'verbatim') return sentence;
  let words = sentence.split(' ');
  if (level === 'light') {
    let text = sentence.replace(/«\s*/g, '"').replace(/\s*»/g, '"').replace(/’/g, "'");
    const changes = 1 + Math.floor(random() * 2);
    words = text.split(' ');
    for (let c = 0; c < changes; c++) {
      const i = Math.floor(random() * words.length);
      words[i] = pick(random, pool.vocabulary);
    }
    text = words.join(' ');
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
  const out = [...words];
  const edits = Math.max(1, Math.round(out.length / 3));
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(random() * out.length);
    const r = random();
    if (r < 0.5) out[i] = pick(random, pool.vocabulary);
    else if (r < 0.75 && out.length > 6) out.splice(i, 1);
    else if (i + 1 < out.length) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  }
  return out.join(' ');
}

export interface Planted {
  document: string;
  poolIndex: number;
  level: EditLevel;
}

export interface GeneratedCorpus {
  documents: CorpusDocument[];
  planted: Planted[];
}

/**
 * `count` documents of 8 to 30 sentences; `reuseShare` of them carry 1 to 4 pool sentences,
 * each at a random edit level. Deterministic for a given seed.
 */
export function generateCorpus(
  count: number,
  pool: Pool,
  seed = 1,
  reuseShare = 0.3,
): GeneratedCorpus {
  const random = rng(seed);
  const documents: CorpusDocument[] = [];
  const planted: Planted[] = [];
  for (let d = 0; d < count; d++) {
    const id = `gen-${String(d).padStart(6, '0')}`;
    const n = 8 + Math.floor(random() * 23);
    const sentences: string[] = [];
    for (let i = 0; i < n; i++) sentences.push(unrelatedSentence(random, pool));
    if (random() < reuseShare) {
      const copies = 1 + Math.floor(random() * 4);
      for (let c = 0; c < copies; c++) {
        const poolIndex = Math.floor(random() * pool.sentences.length);
        const level = pick(random, EDIT_LEVELS);
        const at = Math.floor(random() * sentences.length);
        sentences[at] = editSentence(random, pool.sentences[poolIndex]!, level, pool);
        planted.push({ document: id, poolIndex, level });
      }
    }
    // Paragraphs of two or three sentences.
    const paragraphs: string[] = [];
    for (let i = 0; i < sentences.length; i += 3)
      paragraphs.push(sentences.slice(i, i + 3).join(' '));
    documents.push({ id, title: `Document ${d}`, text: paragraphs.join('\n\n') + '\n' });
  }
  return { documents, planted };
}
