/**
 * Shapes shared by the engine, the command-line tool and the extension.
 *
 * Everything here is plain data (structured-cloneable, JSON-serialisable) so it can cross
 * extension contexts and be written by the CLI unchanged. Offsets are UTF-16 code-unit
 * offsets into the analysed text, so `text === input.slice(start, end)` always holds.
 */

/** A span of the analysed text. */
export interface TextSpan {
  start: number;
  end: number;
}

/** What a block of the text is, structurally. */
export type BlockKind = 'heading' | 'paragraph' | 'list-item' | 'caption' | 'quote';

/**
 * A block of text: a line of a plain-text file, or a block element of an HTML article.
 * Sentences never span two blocks.
 */
export interface TextBlock extends TextSpan {
  kind: BlockKind;
}

/** Why a block was taken out of the article: every reason, for validation and display. */
export const BOILERPLATE_REASONS = [
  'ticker',
  'navigation',
  'related',
  'comments',
  'caption',
  'author',
  'promo',
  'share',
  'newsletter',
  'paywall',
  'notice',
  'dateline',
  'cookie',
] as const;

/** Why a block was taken out of the article. */
export type BoilerplateReason = (typeof BOILERPLATE_REASONS)[number];

/** A removed block: never matched, never counted. */
export interface BoilerplateBlock extends TextSpan {
  text: string;
  reason: BoilerplateReason;
}

/** The line (or parenthesis) that credits the text to an author or agency. */
export interface Credit extends TextSpan {
  text: string;
  /** Canonical agency name ('AFP', 'ATS', 'Reuters', ...), or null when none is named. */
  agency: string | null;
}

/** One operation of a word diff from the source's wording to the annotated text's wording. */
export interface DiffOp {
  /** '=' same words, '-' words of the source the outlet removed, '+' words the outlet added. */
  op: '=' | '-' | '+';
  text: string;
}

/** A corpus document in which an annotated sentence is also found. */
export interface SentenceSource {
  id: string;
  title: string | null;
  similarity: number;
  /** The matched sentence of the source document, as written there. */
  text: string;
  diff: DiffOp[];
}

export type SentenceStatus = 'shared' | 'unique';
export type MatchKind = 'verbatim' | 'edited';
export type SentenceKind = 'prose' | 'quote';

export interface AnnotatedSentence extends TextSpan {
  text: string;
  status: SentenceStatus;
  /** null when the sentence is unique. */
  match: MatchKind | null;
  kind: SentenceKind;
  /** Similarity to the best source, in [0, 1]; 0 when unique with no candidate. */
  similarity: number;
  sources: SentenceSource[];
}

export interface AnnotationStats {
  sentences: number;
  shared: number;
  sharedRatio: number;
}

/** The annotation of one document: the CLI's JSON object, and what the extension stores. */
export interface Annotation {
  id: string;
  title: string | null;
  sentences: AnnotatedSentence[];
  boilerplate: BoilerplateBlock[];
  credit: Credit | null;
  stats: AnnotationStats;
}

/** A document of a corpus (passim's field names). */
export interface CorpusDocument {
  id: string;
  text: string;
  title?: string | null;
  url?: string | null;
  /** The outlet. */
  series?: string | null;
  date?: string | null;
}
