/**
 * The one message protocol between Déjà lu's contexts: the popup, the options page, the
 * background and the script injected into the page.
 *
 *   popup ────────PopupToBackground──────▶ background ──BackgroundToContent──▶ page script
 *   options page ─OptionsToBackground────▶     │
 *   options page ═OptionsToBackgroundPort═▶    │   (a port, for imports and exports:
 *                ◀BackgroundToOptionsPort═     ┘    chunks one way, progress the other)
 *
 * The popup never talks to the page directly: the background owns the analysis, the
 * database and the tab's state, and relays what the page must do (highlight, scroll).
 * Each map names its calls with their request and response; every response is a
 * `Result` (failures are values, not rejected promises), every payload is structured-
 * cloneable, and every incoming message is validated against the schema tables below
 * before a handler sees it. Who may send what is checked by `senderKind`.
 *
 * Large transfers go through a port rather than calls: an import of 10,000 documents is
 * ~35 MB, over what one message may carry (64 MB in Chromium, less once serialised), and a
 * port gives the background a way to report progress while it indexes, and to notice that the
 * page went away.
 */
import type { Annotation, BlockKind, BoilerplateBlock, TextBlock } from '../types';
import type { DocumentInfo, HistorySummary, StoredAnnotation, StoredDocument } from './db';
import {
  BOILERPLATE_REASONS,
  exportedDocument,
  importedDocument,
  nonBlank,
  settingsRecord,
  storedAnnotation,
  type ExportedDocument,
  type ImportedDocument,
} from './records';
import type { Settings, SettingsPatch } from './settings';
import {
  array,
  boolean,
  index,
  literal,
  nullable,
  number,
  object,
  string,
  type Schema,
} from './validate';

/** Marks Déjà lu's messages, so listeners can ignore everyone else's. */
export const CHANNEL = 'deja-lu';

// ---------------------------------------------------------------------------------------
// Results

export type ErrorCode =
  /** The message did not match the protocol. */
  | 'bad-message'
  /** The sender may not make this call. */
  | 'forbidden'
  /** Nobody answered (no background, no page script in the tab). */
  | 'unreachable'
  /** The tab does not exist any more. */
  | 'no-tab'
  /** The record asked for does not exist (a saved analysis deleted meanwhile). */
  | 'not-found'
  /** Imported data that does not conform (the message names the record and the field). */
  | 'invalid-data'
  /** The browser refused to store the data (quota exceeded, or a value it cannot store). */
  | 'storage'
  /** A handler failed. */
  | 'internal';

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/** Thrown by handlers to answer with a specific error code; anything else is 'internal'. */
export class ProtocolFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolFailure';
  }
}

// ---------------------------------------------------------------------------------------
// Shapes carried by the calls

/** What the page's metadata says (Readability's fields and the document's own). */
export interface PageMetadata {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  publishedTime: string | null;
  /** The document's language tag ('fr', 'fr-CH'), or null when it declares none. */
  language: string | null;
  canonicalUrl: string | null;
  excerpt: string | null;
}

export type ExtractionStatus = 'ok' | 'not-readerable' | 'too-large' | 'empty';

/**
 * What the page script extracts from the live document: the article's text with its
 * blocks and the furniture taken out of it. Offsets point into `text`.
 */
export interface PageReport {
  /** The page's address without its fragment: the key of its saved annotation. */
  url: string;
  status: ExtractionStatus;
  message: string | null;
  text: string;
  blocks: TextBlock[];
  boilerplate: BoilerplateBlock[];
  metadata: PageMetadata;
}

/** A corpus document that shares sentences with the article, as the popup ranks them. */
export interface RankedSource {
  id: string;
  title: string | null;
  /** The outlet that published it, when the corpus knows it. */
  outlet: string | null;
  url: string | null;
  /** How many of the article's sentences are found in this document. */
  sentences: number;
  /** `sentences` over the article's sentence count, in [0, 1]. */
  share: number;
  /** Mean similarity of those sentences to their counterparts in this document, in [0, 1]. */
  similarity: number;
}

export interface PageInfo {
  url: string;
  title: string | null;
  siteName: string | null;
  byline: string | null;
  publishedTime: string | null;
}

export interface HighlightState {
  visible: boolean;
  /** How many of the article's sentences were located in the page's text. */
  located: number;
  /**
   * Why sentences may be missing: 'ok' (those not located are not in the page's text as
   * shown), 'too-large' (the page passed the limits: nothing was located), 'out-of-time'
   * (locating stopped at its deadline: those found are kept), 'superseded' (a newer analysis
   * of the tab located the sentences again), 'unavailable' (the page did not answer).
   */
  status: HighlightStatus;
}

export type HighlightStatus = 'ok' | 'too-large' | 'out-of-time' | 'superseded' | 'unavailable';

export type NotArticleReason =
  | 'not-readerable'
  | 'too-large'
  | 'empty'
  /** The browser does not let extensions read this page (its own pages, the store, PDFs). */
  | 'restricted'
  /** Automatic analysis only: the page is not in French. */
  | 'not-french';

/** What the popup shows for a tab. */
export type TabAnalysis =
  | {
      kind: 'article';
      page: PageInfo;
      annotation: Annotation;
      sources: RankedSource[];
      corpusSize: number;
      highlights: HighlightState;
    }
  | {
      kind: 'not-article';
      reason: NotArticleReason;
      message: string | null;
      url: string | null;
    }
  | { kind: 'empty-corpus' };

/** How a sentence is marked in the page. */
export type PageMark = 'verbatim' | 'edited' | null;

/** A sentence of the article as the page script needs it: to find it, and to mark it. */
export interface PageSentence {
  text: string;
  mark: PageMark;
}

// ---------------------------------------------------------------------------------------
// The calls, by direction

/** A call: what the caller sends and what it gets back when it succeeds. */
export interface Call<Request, Response> {
  request: Request;
  response: Response;
}

type Empty = Record<string, never>;

/** What adding a page to the corpus did. */
export interface AddedDocument {
  id: string;
  title: string | null;
  /** Whether a document with this id (the page's URL) was there before and was replaced. */
  replaced: boolean;
  /** Documents in the index now. */
  corpusSize: number;
}

export interface PopupToBackground {
  /** Extracts the tab's article, annotates it against the corpus, saves and highlights it. */
  'analyse-tab': Call<{ tabId: number }, TabAnalysis>;
  /** Shows or hides the highlights in the tab, and remembers the choice. */
  'set-highlights': Call<{ tabId: number; visible: boolean }, { visible: boolean }>;
  /** Scrolls the tab to the article's sentence at `index` (of `annotation.sentences`). */
  'scroll-to-sentence': Call<{ tabId: number; index: number }, { scrolled: boolean }>;
  'get-settings': Call<Empty, Settings>;
  'update-settings': Call<SettingsPatch, Settings>;
  /** Extracts the tab's article again and adds it to the reader's corpus (id: its URL). */
  'add-tab-to-corpus': Call<{ tabId: number }, AddedDocument>;
}

/** The corpus as the options page lists it. */
export interface CorpusListing {
  documents: DocumentInfo[];
  /** Documents in the index: the reader's, and the seeds while they are switched on. */
  indexed: number;
}

/**
 * CorpusListing as sent: the documents as one JSON string. Firefox took 0.6 s to pass 10,000
 * document objects in a runtime message (measured from the options page, three calls), while
 * JSON.stringify and JSON.parse of them took 25-33 ms each; and there the background shares the
 * page's thread, so the page froze that long after an import. Read with readCorpusListing().
 */
export interface CorpusListingMessage {
  documentsJson: string;
  indexed: number;
}

export function corpusListingMessage(listing: CorpusListing): CorpusListingMessage {
  return { documentsJson: JSON.stringify(listing.documents), indexed: listing.indexed };
}

/** The listing in a message; throws if it is not one. */
export function readCorpusListing(message: CorpusListingMessage): CorpusListing {
  const documents: unknown = JSON.parse(message.documentsJson);
  if (!Array.isArray(documents) || typeof message.indexed !== 'number') {
    throw new Error('the corpus listing is not readable');
  }
  return { documents: documents as DocumentInfo[], indexed: message.indexed };
}

/** A saved analysis, reopened from the history. */
export interface SavedAnalysis {
  analysedAt: number;
  page: PageInfo;
  annotation: Annotation;
  sources: RankedSource[];
}

export interface OptionsToBackground {
  'list-corpus': Call<Empty, CorpusListingMessage>;
  /** Deletes the reader's documents with these ids (bundled seeds are switched off instead). */
  'remove-documents': Call<{ ids: string[] }, { removed: number; corpusSize: number }>;
  'list-history': Call<Empty, HistorySummary[]>;
  'get-analysis': Call<{ url: string }, SavedAnalysis>;
  'delete-history': Call<{ urls: string[] }, { deleted: number }>;
  'clear-history': Call<Empty, { deleted: number }>;
  /**
   * Deletes the reader's documents, the history and the settings (the bundled seeds stay and
   * are switched back on). The page asks the reader first; `confirmed` says it did.
   */
  'delete-everything': Call<{ confirmed: true }, { documents: number; history: number }>;
}

/** Every call an extension page (popup or options page) may make. */
export type ExtensionPageToBackground = PopupToBackground & OptionsToBackground;

export interface BackgroundToContent {
  'extract-article': Call<Empty, PageReport>;
  /** Locates the article's sentences in the page, highlights the shared ones. */
  'show-sentences': Call<{ sentences: PageSentence[]; visible: boolean }, HighlightState>;
  'set-highlights': Call<{ visible: boolean }, { visible: boolean }>;
  'scroll-to-sentence': Call<{ index: number }, { scrolled: boolean }>;
}

export type Request<M, K extends keyof M> = M[K] extends Call<infer Q, unknown> ? Q : never;
export type Response<M, K extends keyof M> = M[K] extends Call<unknown, infer R> ? R : never;

/** A message on the wire. */
export interface Envelope<M, K extends keyof M = keyof M> {
  channel: typeof CHANNEL;
  type: K;
  payload: Request<M, K>;
}

/** The request schema of every call of a map: the compiler requires one per call. */
export type RequestSchemas<M> = { [K in keyof M]: Schema<Request<M, K>> };

// ---------------------------------------------------------------------------------------
// Schemas of the requests

const tabId = index;
const empty: Schema<Empty> = object({});

/** The settings a page may change: the known fields, each optional and checked. */
const settingsPatch: Schema<SettingsPatch> = settingsRecord;

/** The boolean true (a confirmation), not just any boolean. */
const confirmation: Schema<true> = (value, path) =>
  value === true ? null : `${path}: must be true`;

export const POPUP_TO_BACKGROUND: RequestSchemas<PopupToBackground> = {
  'analyse-tab': object({ tabId }),
  'set-highlights': object({ tabId, visible: boolean }),
  'scroll-to-sentence': object({ tabId, index }),
  'get-settings': empty,
  'update-settings': settingsPatch,
  'add-tab-to-corpus': object({ tabId }),
};

/** At most this many ids or URLs per deletion call. */
const MAX_KEYS = 200_000;
const url = nonBlank(100_000);

export const OPTIONS_TO_BACKGROUND: RequestSchemas<OptionsToBackground> = {
  'list-corpus': empty,
  'remove-documents': object({ ids: array(string(10_000), MAX_KEYS) }),
  'list-history': empty,
  'get-analysis': object({ url }),
  'delete-history': object({ urls: array(url, MAX_KEYS) }),
  'clear-history': empty,
  'delete-everything': object({ confirmed: confirmation }),
};

export const EXTENSION_PAGE_TO_BACKGROUND: RequestSchemas<ExtensionPageToBackground> = {
  ...POPUP_TO_BACKGROUND,
  ...OPTIONS_TO_BACKGROUND,
};

const BLOCK_KINDS = ['heading', 'paragraph', 'list-item', 'caption', 'quote'] as const;
// Compile-time guard: the literal list above covers lib/types.ts's union exactly.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const blockKindsComplete: Exactly<(typeof BLOCK_KINDS)[number], BlockKind> = true;
void blockKindsComplete;

const textBlock: Schema<TextBlock> = object({
  start: index,
  end: index,
  kind: literal(...BLOCK_KINDS),
});

const boilerplateBlock: Schema<BoilerplateBlock> = object({
  start: index,
  end: index,
  text: string(),
  reason: literal(...BOILERPLATE_REASONS),
});

const metadataField = nullable(string(10_000));

const pageMetadata: Schema<PageMetadata> = object({
  title: metadataField,
  byline: metadataField,
  siteName: metadataField,
  publishedTime: metadataField,
  language: metadataField,
  canonicalUrl: metadataField,
  excerpt: metadataField,
});

/**
 * A page report as the background receives it. Offsets are checked against the text too:
 * an out-of-range block would make the engine slice garbage.
 */
export const pageReport: Schema<PageReport> = (value, path) => {
  const shape = object({
    url: string(100_000),
    status: literal('ok', 'not-readerable', 'too-large', 'empty'),
    message: nullable(string(10_000)),
    text: string(),
    blocks: array(textBlock),
    boilerplate: array(boilerplateBlock),
    metadata: pageMetadata,
  })(value, path);
  if (shape) return shape;
  const report = value as PageReport;
  for (const [name, spans] of [
    ['blocks', report.blocks],
    ['boilerplate', report.boilerplate],
  ] as const) {
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i]!;
      if (span.start > span.end || span.end > report.text.length) {
        return `${path}.${name}[${i}]: span ${span.start}-${span.end} outside the text`;
      }
    }
  }
  return null;
};

const pageSentence: Schema<PageSentence> = object({
  text: string(100_000),
  mark: nullable(literal('verbatim', 'edited')),
});

export const BACKGROUND_TO_CONTENT: RequestSchemas<BackgroundToContent> = {
  'extract-article': empty,
  'show-sentences': object({ sentences: array(pageSentence), visible: boolean }),
  'set-highlights': object({ visible: boolean }),
  'scroll-to-sentence': object({ index }),
};

// ---------------------------------------------------------------------------------------
// Parsing, dispatching and calling

/** A validated incoming call. */
export interface ParsedCall<M, K extends keyof M = keyof M> {
  type: K;
  payload: Request<M, K>;
}

/** Whether a value is addressed to Déjà lu at all (any call, valid or not). */
export function isOurMessage(raw: unknown): raw is { channel: typeof CHANNEL } {
  return (
    typeof raw === 'object' && raw !== null && (raw as { channel?: unknown }).channel === CHANNEL
  );
}

/** Checks an incoming message against a direction's schemas. */
export function parseCall<M>(schemas: RequestSchemas<M>, raw: unknown): Result<ParsedCall<M>> {
  if (!isOurMessage(raw)) return fail('bad-message', 'not a Déjà lu message');
  const { type, payload } = raw as { type?: unknown; payload?: unknown };
  if (typeof type !== 'string' || !Object.hasOwn(schemas, type)) {
    return fail('bad-message', `unknown call ${JSON.stringify(type)}`);
  }
  const schema = schemas[type as keyof M] as Schema<unknown>;
  const problem = schema(payload, 'payload');
  if (problem) return fail('bad-message', `${type}: ${problem}`);
  return ok({ type: type as keyof M, payload: payload as Request<M, keyof M> });
}

/** One handler per call of a map; `context` says who called (the tab, for page calls). */
export type Handlers<M, Context> = {
  [K in keyof M]: (
    payload: Request<M, K>,
    context: Context,
  ) => Promise<Response<M, K>> | Response<M, K>;
};

/**
 * A function that answers raw messages of one direction: validates them, runs the handler,
 * and turns every failure into an error value.
 */
export function createDispatcher<M, Context>(
  schemas: RequestSchemas<M>,
  handlers: Handlers<M, Context>,
): (raw: unknown, context: Context) => Promise<Result<unknown>> {
  return async (raw, context) => {
    const parsed = parseCall(schemas, raw);
    if (!parsed.ok) return parsed;
    const { type, payload } = parsed.value;
    const handler = handlers[type] as (p: unknown, c: Context) => unknown;
    try {
      return ok(await handler(payload, context));
    } catch (error) {
      if (error instanceof ProtocolFailure) return fail(error.code, error.message);
      return fail('internal', error instanceof Error ? error.message : String(error));
    }
  };
}

/** Sends one message and resolves with the receiver's answer (a browser API, or a fake). */
export type Transport = (envelope: Envelope<unknown, never>) => Promise<unknown>;

/** A typed caller for one direction. */
export type Caller<M> = <K extends keyof M>(
  type: K,
  payload: Request<M, K>,
) => Promise<Result<Response<M, K>>>;

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (record.ok === true) return 'value' in record;
  return (
    record.ok === false &&
    typeof record.error?.code === 'string' &&
    typeof record.error.message === 'string'
  );
}

/**
 * Makes a caller over a transport. A transport that throws (no receiver, closed tab) or an
 * answer that is not a Result both come back as error values.
 */
export function createCaller<M>(transport: Transport): Caller<M> {
  return async (type, payload) => {
    let answer: unknown;
    try {
      answer = await transport({ channel: CHANNEL, type, payload } as Envelope<unknown, never>);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code: ErrorCode = /no tab|invalid tab/i.test(message) ? 'no-tab' : 'unreachable';
      return fail(code, message);
    }
    if (!isResult(answer)) return fail('unreachable', `no answer to ${String(type)}`);
    return answer as Result<Response<M, typeof type>>;
  };
}

// ---------------------------------------------------------------------------------------
// The transfer port: imports and exports between the options page and the background
//
//   import:  page ─import-begin─▶ ─import-chunk─▶ … ─import-commit─▶
//            ◀─progress (receiving, indexing, writing)─ … ◀─import-done─   or ◀─failed─
//   export:  page ─export-begin─▶
//            ◀─progress (reading)─ ◀─export-chunk─ … ◀─export-done─        or ◀─failed─
//
// An import is written in one transaction after its last chunk arrived and every record was
// checked: a page closed halfway (the port disconnects), a bad record or a refused write
// leaves the database as it was.

/** The name of the port the options page opens for a transfer. */
export const TRANSFER_PORT = 'deja-lu-transfer';

/** How many documents (or page annotations) travel in one chunk. */
export const TRANSFER_CHUNK = 250;

export type ImportKind = 'corpus' | 'backup';

export type TransferPhase = 'receiving' | 'indexing' | 'writing' | 'reading';

export interface ImportSummary {
  /** Documents added that were not in the corpus. */
  added: number;
  /** Documents that replaced one with the same id. */
  replaced: number;
  /** Page annotations restored. */
  history: number;
  /** Documents in the index now. */
  corpusSize: number;
}

/** Messages the options page sends on the port, by type. */
export interface OptionsToBackgroundPort {
  'import-begin': {
    kind: ImportKind;
    /** What is imported, for messages: the file names. */
    label: string;
    documents: number;
    history: number;
    /** Settings to restore (backups only). */
    settings: SettingsPatch | null;
  };
  /** Documents of a corpus import are ImportedDocument; a backup's carry `addedAt`. */
  'import-chunk': {
    documents: (ImportedDocument | ExportedDocument)[];
    history: StoredAnnotation[];
  };
  'import-commit': Empty;
  'export-begin': { documents: boolean; history: boolean };
}

/** Messages the background sends back on the port, by type. */
export interface BackgroundToOptionsPort {
  progress: { phase: TransferPhase; done: number; total: number };
  'import-done': ImportSummary;
  'export-chunk': { documents: StoredDocument[]; history: StoredAnnotation[] };
  'export-done': { settings: Settings; documents: number; history: number };
  failed: ProtocolError;
}

/** A message on a port. */
export interface PortMessage<M, K extends keyof M = keyof M> {
  channel: typeof CHANNEL;
  type: K;
  payload: M[K];
}

export type MessageSchemas<M> = { [K in keyof M]: Schema<M[K]> };

const count = index;

const anyImportedDocument: Schema<ImportedDocument | ExportedDocument> = (value, path) =>
  (value as { addedAt?: unknown } | null)?.addedAt === undefined
    ? importedDocument(value, path)
    : exportedDocument(value, path);

export const OPTIONS_TO_BACKGROUND_PORT: MessageSchemas<OptionsToBackgroundPort> = {
  'import-begin': object({
    kind: literal('corpus', 'backup'),
    label: string(10_000),
    documents: count,
    history: count,
    settings: nullable(settingsRecord),
  }),
  'import-chunk': object({
    documents: array(anyImportedDocument, TRANSFER_CHUNK),
    history: array(storedAnnotation, TRANSFER_CHUNK),
  }),
  'import-commit': empty,
  'export-begin': object({ documents: boolean, history: boolean }),
};

const documentRecord: Schema<StoredDocument> = object({
  id: string(),
  text: string(),
  title: nullable(string()),
  url: nullable(string()),
  series: nullable(string()),
  date: nullable(string()),
  origin: literal('seed', 'reader'),
  addedAt: number({ min: 0 }),
});

/** What the options page checks of the background's messages (it trusts no input either). */
export const BACKGROUND_TO_OPTIONS_PORT: MessageSchemas<BackgroundToOptionsPort> = {
  progress: object({
    phase: literal('receiving', 'indexing', 'writing', 'reading'),
    done: count,
    total: count,
  }),
  'import-done': object({ added: count, replaced: count, history: count, corpusSize: count }),
  'export-chunk': object({
    documents: array(documentRecord, TRANSFER_CHUNK),
    history: array(storedAnnotation, TRANSFER_CHUNK),
  }),
  'export-done': object({
    settings: settingsRecord as Schema<Settings>,
    documents: count,
    history: count,
  }),
  failed: object({ code: string(100) as Schema<ErrorCode>, message: string(100_000) }),
};

/** Checks a message that arrived on a port against one direction's schemas. */
export function parsePortMessage<M>(
  schemas: MessageSchemas<M>,
  raw: unknown,
): Result<{ type: keyof M; payload: M[keyof M] }> {
  if (!isOurMessage(raw)) return fail('bad-message', 'not a Déjà lu message');
  const { type, payload } = raw as { type?: unknown; payload?: unknown };
  if (typeof type !== 'string' || !Object.hasOwn(schemas, type)) {
    return fail('bad-message', `unknown message ${JSON.stringify(type)}`);
  }
  const problem = (schemas[type as keyof M] as Schema<unknown>)(payload, 'payload');
  if (problem) return fail('bad-message', `${type}: ${problem}`);
  return ok({ type: type as keyof M, payload: payload as M[keyof M] });
}

/** Builds a port message. */
export function portMessage<M, K extends keyof M>(type: K, payload: M[K]): PortMessage<M, K> {
  return { channel: CHANNEL, type, payload };
}

// ---------------------------------------------------------------------------------------
// Senders

/** The parts of `runtime.MessageSender` the checks read. */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

/**
 * Who sent a message: one of this extension's pages (popup, options), this extension's
 * script in a tab, or anyone else. `extensionOrigin` is `runtime.getURL('/')`.
 */
export function senderKind(
  sender: SenderInfo,
  runtimeId: string,
  extensionOrigin: string,
): 'extension-page' | 'content-script' | 'foreign' {
  if (!sender.id || sender.id !== runtimeId) return 'foreign';
  if (sender.url?.startsWith(extensionOrigin)) {
    // The popup has no tab; an extension page opened as a tab is that tab's document (its URL
    // is hidden without the tabs permission). This extension exposes no page that a web page
    // could frame, so an extension URL inside a web tab is refused.
    const tabUrl = sender.tab?.url;
    if (!sender.tab || tabUrl === undefined || tabUrl.startsWith(extensionOrigin)) {
      return 'extension-page';
    }
    return 'foreign';
  }
  if (sender.tab && typeof sender.tab.id === 'number') return 'content-script';
  return 'foreign';
}
