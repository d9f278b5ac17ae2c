/**
 * The background's work, behind the extension pages' calls, the transfer port and the
 * browser's events:
 *
 *   analyse a tab:  inject the page script → extract-article ┐ in parallel with loading the
 *                                                             ┘ index (cold start)
 *                   → fetch the texts of the documents the sentences are compared with
 *                   → annotate (the reader's thresholds) → rank sources → save → badge
 *                   → show-sentences (highlights)
 *   corpus:         the index holds the reader's documents and, unless switched off, the
 *                   bundled seeds. It is persisted without texts and changed incrementally:
 *                   every change (a page added, an import, a removal, the seeds switched,
 *                   a seeds update) updates the index in memory and writes documents, texts,
 *                   index and revision in one transaction (DejaLuStore.commit).
 *   transfers:      imports and exports over a port (see protocol.ts): chunks checked on
 *                   arrival, indexed in slices that yield to other messages, with progress.
 *   automatic mode: on each completed page load, when the setting is on and host access is
 *                   granted, analyse pages in French that read as articles.
 *
 * Corpus operations run one at a time (a queue): an analysis waits for an import to finish
 * rather than see half of it. The browser, the database and the engine are parameters
 * (ports), so this runs in Node tests with fakes; entrypoints/background wires the real ones.
 * A service worker may be stopped at any time: everything kept in memory here is a cache of
 * the database.
 */
import type { MatchOptions } from '../annotate';
import type { Annotation, BoilerplateBlock, CorpusDocument, TextBlock } from '../types';
import type { DejaLuStore, StoredAnnotation, StoredDocument, StoredIndex } from './db';
import { StorageError } from './db';
import { pageDocument } from './corpus-documents';
import { isFrenchPage } from './language';
import {
  createDispatcher,
  EXTENSION_PAGE_TO_BACKGROUND,
  fail,
  isOurMessage,
  OPTIONS_TO_BACKGROUND_PORT,
  pageReport,
  parsePortMessage,
  corpusListingMessage,
  portMessage,
  ProtocolFailure,
  senderKind,
  TRANSFER_CHUNK,
  type AddedDocument,
  type BackgroundToContent,
  type BackgroundToOptionsPort,
  type Caller,
  type ExtensionPageToBackground,
  type Handlers,
  type HighlightState,
  type ImportKind,
  type ImportSummary,
  type OptionsToBackgroundPort,
  type PageInfo,
  type PageReport,
  type PageSentence,
  type Request,
  type Response,
  type Result,
  type SenderInfo,
  type TabAnalysis,
  type TransferPhase,
} from './protocol';
import { importedDocument, MAX_IMPORT_DOCUMENTS } from './records';
import {
  applySettingsPatch,
  DEFAULT_SETTINGS,
  matchOptions,
  parseSettings,
  type Settings,
  type SettingsPatch,
} from './settings';
import { badgeText, rankSources, sourceIds } from './sources';

/** What the engine's corpus index offers that the service uses. */
export interface CorpusIndexPort {
  add(doc: CorpusDocument): void;
  remove(id: string): boolean;
  has(id: string): boolean;
  readonly size: number;
  /** Whether the document's text is loaded (indexes are persisted without texts). */
  hasText(id: string): boolean;
  /** Gives a document loaded without its text its text; throws if it is not the one indexed. */
  supplyText(id: string, text: string): void;
  /**
   * Does part of the work that serialising the index would do at once (hashing the texts
   * added, about `maxChars` of them); returns whether none is left.
   */
  hashTexts(maxChars: number): boolean;
  /**
   * The compaction that serialising would do at once, in steps (no additions or removals
   * between them).
   */
  compaction(): Iterator<void, void, void>;
}

/** What annotate() reads of a page. */
export interface AnnotateInput {
  id: string;
  text: string;
  title?: string | null;
  blocks?: TextBlock[];
  boilerplate?: BoilerplateBlock[];
}

/** The matching engine (lib/engine.ts), as the service calls it. */
export interface EnginePort<Data, Index extends CorpusIndexPort, Prepared = unknown> {
  createIndex(): Index;
  /** Structured-cloneable data for IndexedDB, without the documents' texts. */
  serialize(index: Index): Data;
  deserialize(data: Data): Index | Promise<Index>;
  /** The input analysed and its candidates found, for comparedDocuments() and annotate(). */
  prepare(input: AnnotateInput, index: Index, options: Partial<MatchOptions>): Prepared;
  /** The corpus documents whose sentences annotate() will compare the input's with. */
  comparedDocuments(prepared: Prepared, index: Index): string[];
  annotate(prepared: Prepared, index: Index): Annotation;
}

/** The browser APIs the service uses, one function each (see browser-port.ts). */
export interface BrowserPort {
  runtimeId: string;
  /** `runtime.getURL('/')`. */
  extensionOrigin: string;
  /** Runs the page script in the tab; throws if the browser refuses (restricted page). */
  injectPageScript(tabId: number): Promise<void>;
  /** Inserts the highlight stylesheet into the tab. */
  insertHighlightCss(tabId: number): Promise<void>;
  /** A caller for the page script in the tab. */
  callTab(tabId: number): Caller<BackgroundToContent>;
  setBadge(tabId: number, text: string): Promise<void>;
  /** Whether the extension may read pages at this URL without a click (host access). */
  hasHostAccess(url: string): Promise<boolean>;
  /** Whether host access to every http(s) page is granted (what automatic mode needs). */
  hasAllHostAccess(): Promise<boolean>;
}

/** One end of a runtime port, as the service uses it (see entrypoints/background). */
export interface TransferPort {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onDisconnect(listener: () => void): void;
  disconnect(): void;
}

export interface ServiceOptions<Data, Index extends CorpusIndexPort, Prepared = unknown> {
  store: DejaLuStore | Promise<DejaLuStore>;
  engine: EnginePort<Data, Index, Prepared>;
  browser: BrowserPort;
  seeds: () => { documents: CorpusDocument[]; fingerprint: string };
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
  /**
   * Lets other events run between slices of long work (indexing an import). The default is
   * a macrotask (setTimeout 0); tests may count the calls.
   */
  yieldToEvents?: () => Promise<void>;
  /** How long a slice of indexing runs before yielding, in ms. */
  sliceMs?: number;
  /**
   * Called as each step of an analysis ends, for the end-to-end cold-start test: 'analyse'
   * (asked), 'index-read', 'index-deserialized', 'index' (loaded), 'injected' (page script),
   * 'extracted', 'page', 'texts' (fetched), 'annotated', 'saved', 'shown'.
   */
  trace?: (step: string) => void;
}

export interface BackgroundService {
  /** Writes the bundled seeds if they changed, and loads (or builds) the index. On install/update. */
  install(): Promise<void>;
  /** The full analysis of a tab; `automatic` adds the French check and skips non-articles quietly. */
  analyseTab(tabId: number, automatic?: boolean): Promise<TabAnalysis>;
  /** Answers a runtime message; undefined when the message is not Déjà lu's. */
  handleMessage(raw: unknown, sender: SenderInfo): Promise<Result<unknown>> | undefined;
  /** A port opened by an extension page for an import or an export (protocol.ts). */
  handleConnection(port: TransferPort, sender: SenderInfo): void;
  /** `tabs.onUpdated`: automatic analysis of completed page loads. */
  onTabUpdated(tabId: number, change: { status?: string }, tab: { url?: string }): Promise<void>;
  /**
   * `permissions.onRemoved`: automatic analysis is switched off when the reader withdraws
   * host access from the browser's own settings rather than from the popup.
   */
  onHostAccessChanged(): Promise<void>;
}

/** Which annotation sentences the page marks, and how. */
export function pageSentences(annotation: Annotation): PageSentence[] {
  return annotation.sentences.map((s) => ({
    text: s.text,
    mark: s.status === 'shared' ? (s.match ?? 'verbatim') : null,
  }));
}

/** A corpus change, before the index is updated for it (see applyChange). */
interface CorpusChange {
  put?: StoredDocument[];
  delete?: string[];
  /** Settings written with the change (null: back to the defaults). */
  settings?: Settings | null;
  history?: StoredAnnotation[];
  clearHistory?: boolean;
  seedsFingerprint?: string;
}

type Progress = (phase: TransferPhase, done: number, total: number) => void;

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

const defaultYield = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Text hashed per call of CorpusIndexPort.hashTexts (a few milliseconds' work). */
const HASH_SLICE_CHARS = 200_000;

export function createBackgroundService<Data, Index extends CorpusIndexPort, Prepared>(
  options: ServiceOptions<Data, Index, Prepared>,
): BackgroundService {
  const { engine, browser, seeds, now = Date.now, log = () => {} } = options;
  const yieldToEvents = options.yieldToEvents ?? defaultYield;
  const sliceMs = options.sliceMs ?? 40;
  const trace = options.trace ?? (() => {});
  const storePromise = Promise.resolve(options.store);
  let cached: { revision: number; index: Index } | null = null;
  let seedsChecked = false;
  let bundled: ReturnType<typeof seeds> | null = null;
  const bundledSeeds = () => (bundled ??= seeds());

  // One corpus operation at a time.
  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  /** Adds documents to the index in time slices, yielding to other events between them. */
  async function addAll(
    index: Index,
    docs: readonly CorpusDocument[],
    progress?: Progress,
  ): Promise<void> {
    let sliceStart = performance.now();
    for (let i = 0; i < docs.length; i++) {
      const { id, text, title, url, series, date } = docs[i]!;
      index.add({ id, text, title, url, series, date });
      if (performance.now() - sliceStart > sliceMs) {
        progress?.('indexing', i + 1, docs.length);
        await yieldToEvents();
        sliceStart = performance.now();
      }
    }
    progress?.('indexing', docs.length, docs.length);
  }

  /**
   * Does in slices of sliceMs what serialising the index would do in one go: hashing the texts
   * added and compacting (0.2 s each for 10,000 documents in Node, holding the options page in
   * Firefox, where the background shares its thread).
   */
  async function prepareToSerialize(index: Index): Promise<void> {
    let sliceStart = performance.now();
    const slice = async () => {
      if (performance.now() - sliceStart > sliceMs) {
        await yieldToEvents();
        sliceStart = performance.now();
      }
    };
    while (!index.hashTexts(HASH_SLICE_CHARS)) await slice();
    const steps = index.compaction();
    while (!steps.next().done) await slice();
  }

  /** Builds the index from the database: every reader document, and the seeds if on. */
  async function rebuild(store: DejaLuStore, revision: number): Promise<Index> {
    const { useSeeds } = await store.getSettings();
    const index = engine.createIndex();
    let after: string | null = null;
    do {
      const page = await store.readDocuments(after, 500);
      await addAll(
        index,
        page.records.filter((d) => d.origin === 'reader' || useSeeds),
      );
      after = page.next;
    } while (after !== null);
    try {
      await prepareToSerialize(index);
      await store.saveIndex({
        revision,
        documents: index.size,
        builtAt: now(),
        data: engine.serialize(index),
      });
    } catch (error) {
      // The index still works from memory; the next start rebuilds it again.
      log('the rebuilt index could not be saved', error);
    }
    return index;
  }

  /** The index for a revision: memory, else IndexedDB, else rebuilt. Inside `exclusive`. */
  async function indexFor(
    store: DejaLuStore,
    revision: number,
    prefetched?: Promise<StoredIndex | undefined>,
  ): Promise<Index> {
    if (cached && cached.revision === revision) return cached.index;
    const stored = await (prefetched ?? store.getIndex());
    trace('index-read');
    let index: Index | null = null;
    if (stored && stored.revision === revision) {
      try {
        index = await engine.deserialize(stored.data as Data);
        trace('index-deserialized');
      } catch (error) {
        log('stored index unreadable, rebuilding', error);
      }
    }
    index ??= await rebuild(store, revision);
    cached = { revision, index };
    return index;
  }

  /**
   * Applies a corpus change: updates the index in memory, then writes everything in one
   * transaction. Inside `exclusive`. If anything fails, the in-memory index is dropped (it
   * may hold half the change) and the database is as it was.
   */
  async function applyChange(
    store: DejaLuStore,
    change: CorpusChange,
    progress?: Progress,
  ): Promise<Index> {
    const { revision } = await store.getCorpusMeta();
    const index = await indexFor(store, revision);
    const before = await store.getSettings();
    const after = change.settings === undefined ? before : (change.settings ?? DEFAULT_SETTINGS);
    try {
      const deleted = new Set(change.delete ?? []);
      for (const id of deleted) index.remove(id);
      const put = change.put ?? [];
      const toIndex: CorpusDocument[] = put.filter((d) => d.origin === 'reader' || after.useSeeds);
      if (before.useSeeds !== after.useSeeds) {
        const putIds = new Set(put.map((d) => d.id));
        const seedIds = (await store.installedSeedIds()).filter(
          (id) => !deleted.has(id) && !putIds.has(id),
        );
        if (after.useSeeds) {
          const [infos, texts] = await Promise.all([
            store.getDocuments(seedIds),
            store.getTexts(seedIds),
          ]);
          for (const id of seedIds) {
            const info = infos.get(id);
            const text = texts.get(id);
            if (info && text !== undefined) toIndex.push({ ...info, text });
          }
        } else {
          for (const id of seedIds) index.remove(id);
        }
      }
      await addAll(index, toIndex, progress);
      // Requests the commit makes: two per document written or deleted, a few more.
      const requests = 2 * (put.length + deleted.size) + (change.history?.length ?? 0) + 4;
      progress?.('writing', 0, requests);
      await prepareToSerialize(index);
      const data = engine.serialize(index);
      await yieldToEvents();
      const next = await store.commit(
        {
          baseRevision: revision,
          put,
          delete: [...deleted],
          index: { documents: index.size, builtAt: now(), data },
          settings: change.settings,
          history: change.history,
          clearHistory: change.clearHistory,
          seedsFingerprint: change.seedsFingerprint,
        },
        (written) => progress?.('writing', Math.min(written, requests), requests),
      );
      progress?.('writing', requests, requests);
      cached = { revision: next, index };
      return index;
    } catch (error) {
      cached = null;
      throw error;
    }
  }

  /** Writes the bundled seeds when they changed since the last install. Inside `exclusive`. */
  async function installSeeds(store: DejaLuStore): Promise<void> {
    const meta = await store.getCorpusMeta();
    const { documents, fingerprint } = bundledSeeds();
    if (meta.seedsFingerprint === fingerprint) return;
    const ids = new Set(documents.map((d) => d.id));
    const gone = (await store.installedSeedIds()).filter((id) => !ids.has(id));
    const addedAt = now();
    await applyChange(store, {
      delete: gone,
      put: documents.map((d) => ({ ...d, origin: 'seed', addedAt })),
      seedsFingerprint: fingerprint,
    });
  }

  /** The current index, seeds installed. Inside `exclusive`. */
  async function loaded(store: DejaLuStore): Promise<{ revision: number; index: Index }> {
    // A cold start reads the revision and the stored index at once (two reads in parallel
    // rather than three in a row: 20-30 ms of a 500 ms budget).
    const prefetch = cached ? undefined : store.getIndex();
    prefetch?.catch(() => undefined);
    const meta = await store.getCorpusMeta();
    if (!seedsChecked) {
      if (meta.seedsFingerprint !== bundledSeeds().fingerprint) {
        await installSeeds(store);
        seedsChecked = true;
        return loaded(store);
      }
      seedsChecked = true;
    }
    return { revision: meta.revision, index: await indexFor(store, meta.revision, prefetch) };
  }

  /** Loads the texts of these documents into the index. */
  async function supplyTexts(store: DejaLuStore, index: Index, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const texts = await store.getTexts(ids);
    for (const id of ids) {
      const text = texts.get(id);
      if (text === undefined) throw new Error(`corpus document ${id} has no text`);
      index.supplyText(id, text);
    }
  }

  /** Annotates against the index, fetching the compared documents' texts first. */
  async function annotateWithTexts(
    store: DejaLuStore,
    index: Index,
    input: AnnotateInput,
    match: Partial<MatchOptions>,
  ): Promise<Annotation> {
    const prepared = engine.prepare(input, index, match);
    const wanted = engine.comparedDocuments(prepared, index).filter((id) => !index.hasText(id));
    await supplyTexts(store, index, wanted);
    trace('texts');
    // annotate() compares exactly the prepared candidates, whose texts are all here now.
    return engine.annotate(prepared, index);
  }

  /** Injects the page script and extracts the article; 'restricted' when the browser refuses. */
  async function readTab(
    tabId: number,
  ): Promise<{ kind: 'restricted'; message: string } | { kind: 'report'; report: PageReport }> {
    try {
      await browser.injectPageScript(tabId);
      trace('injected');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/no tab/i.test(message)) throw new ProtocolFailure('no-tab', message);
      return { kind: 'restricted', message };
    }
    const answer = await browser.callTab(tabId)('extract-article', {});
    trace('extracted');
    if (!answer.ok) throw new ProtocolFailure(answer.error.code, answer.error.message);
    const problem = pageReport(answer.value, 'report');
    if (problem) throw new ProtocolFailure('bad-message', problem);
    return { kind: 'report', report: answer.value };
  }

  async function analyseTab(tabId: number, automatic = false): Promise<TabAnalysis> {
    trace('analyse');
    const store = await storePromise;
    // The index loads (a cold start reads it from IndexedDB) while the page script extracts.
    const loading = settle(
      exclusive(async () => {
        const size = (await loaded(store)).index.size;
        trace('index');
        return size;
      }),
    );
    const read = await settle(readTab(tabId));
    trace('page');
    const size = await loading;
    if (!size.ok) throw size.error;
    if (size.value === 0) return { kind: 'empty-corpus' };
    if (!read.ok) throw read.error;
    if (read.value.kind === 'restricted') {
      return { kind: 'not-article', reason: 'restricted', message: read.value.message, url: null };
    }
    const { report } = read.value;
    const notArticle = (reason: 'not-readerable' | 'too-large' | 'empty' | 'not-french') =>
      ({ kind: 'not-article', reason, message: report.message, url: report.url }) as const;
    if (report.status !== 'ok') return notArticle(report.status);
    if (automatic && !isFrenchPage(report.metadata.language, report.text)) {
      return notArticle('not-french');
    }

    const settings = await store.getSettings();
    const input: AnnotateInput = {
      id: report.url,
      text: report.text,
      title: report.metadata.title,
      blocks: report.blocks,
      boilerplate: report.boilerplate,
    };
    const { annotation, revision, corpusSize } = await exclusive(async () => {
      const current = await loaded(store);
      return {
        annotation: await annotateWithTexts(store, current.index, input, matchOptions(settings)),
        revision: current.revision,
        corpusSize: current.index.size,
      };
    });
    trace('annotated');
    if (annotation.sentences.length === 0) return notArticle('empty');

    const sources = rankSources(annotation, await store.getDocuments(sourceIds(annotation)));
    const page: PageInfo = {
      url: report.url,
      title: report.metadata.title ?? annotation.title,
      siteName: report.metadata.siteName,
      byline: report.metadata.byline,
      publishedTime: report.metadata.publishedTime,
    };
    // Saved and shown in the page at once: neither waits for the other.
    const saving = store.saveAnnotation({
      url: report.url,
      analysedAt: now(),
      page,
      annotation,
      sources,
      corpusRevision: revision,
      text: report.text,
      metadata: report.metadata,
    });
    saving.catch(() => undefined);
    const showing = (async () => {
      await browser.setBadge(tabId, badgeText(annotation.stats.sharedRatio)).catch(log);
      await browser.insertHighlightCss(tabId).catch(log);
      return browser.callTab(tabId)('show-sentences', {
        sentences: pageSentences(annotation),
        visible: settings.highlight,
      });
    })();
    showing.catch(() => undefined);
    await saving;
    trace('saved');
    const shown = await showing;
    const highlights: HighlightState = shown.ok
      ? shown.value
      : { visible: false, located: 0, status: 'unavailable' };
    trace('shown');
    return { kind: 'article', page, annotation, sources, corpusSize, highlights };
  }

  /** Runs a corpus change in the queue, turning storage failures into protocol errors. */
  async function changeCorpus(
    label: string | null,
    corpusChange: CorpusChange,
    progress?: Progress,
  ): Promise<Index> {
    const store = await storePromise;
    try {
      return await exclusive(async () => {
        await loaded(store);
        return applyChange(store, corpusChange, progress);
      });
    } catch (error) {
      const prefix = label ? `${label}: ` : '';
      if (error instanceof StorageError) {
        throw new ProtocolFailure('storage', `${prefix}${error.message}`);
      }
      if (error instanceof RangeError) {
        throw new ProtocolFailure('invalid-data', `${prefix}${error.message}`);
      }
      throw error;
    }
  }

  async function updateSettings(patch: SettingsPatch): Promise<Settings> {
    const store = await storePromise;
    if (patch.autoAnalyse === true && !(await browser.hasAllHostAccess())) {
      throw new ProtocolFailure('forbidden', 'automatic analysis needs access to web pages');
    }
    const current = await store.getSettings();
    let next: Settings;
    try {
      next = applySettingsPatch(current, patch);
    } catch (error) {
      throw new ProtocolFailure('invalid-data', (error as Error).message);
    }
    if (next.useSeeds !== current.useSeeds) await changeCorpus(null, { settings: next });
    else await store.saveSettings(next);
    return next;
  }

  async function addTabToCorpus(tabId: number): Promise<AddedDocument> {
    const read = await readTab(tabId);
    if (read.kind === 'restricted') {
      throw new ProtocolFailure('forbidden', `the browser does not let Déjà lu read this page`);
    }
    const { report } = read;
    if (report.status !== 'ok') {
      throw new ProtocolFailure('invalid-data', report.message ?? 'this page has no article');
    }
    const doc = pageDocument(report);
    const problem = importedDocument(doc, 'page');
    if (problem) throw new ProtocolFailure('invalid-data', problem);
    const store = await storePromise;
    const replaced = (await store.getDocuments([doc.id])).has(doc.id);
    const index = await changeCorpus(null, {
      put: [{ ...doc, origin: 'reader', addedAt: now() }],
    });
    return { id: doc.id, title: doc.title, replaced, corpusSize: index.size };
  }

  /** Forwards a call to the tab's page script, turning its failure into this call's. */
  async function relay<K extends keyof BackgroundToContent>(
    tabId: number,
    type: K,
    payload: Request<BackgroundToContent, K>,
  ): Promise<Response<BackgroundToContent, K>> {
    const answer = await browser.callTab(tabId)(type, payload);
    if (!answer.ok) throw new ProtocolFailure(answer.error.code, answer.error.message);
    return answer.value;
  }

  const pageHandlers: Handlers<ExtensionPageToBackground, SenderInfo> = {
    'analyse-tab': ({ tabId }) => analyseTab(tabId),
    'set-highlights': async ({ tabId, visible }) => {
      await updateSettings({ highlight: visible });
      return relay(tabId, 'set-highlights', { visible });
    },
    'scroll-to-sentence': ({ tabId, index }) => relay(tabId, 'scroll-to-sentence', { index }),
    'get-settings': async () => (await storePromise).getSettings(),
    'update-settings': (patch) => updateSettings(patch),
    'add-tab-to-corpus': ({ tabId }) => addTabToCorpus(tabId),
    'list-corpus': async () => {
      const store = await storePromise;
      const indexed = await exclusive(async () => (await loaded(store)).index.size);
      return corpusListingMessage({ documents: await store.listDocuments(), indexed });
    },
    'remove-documents': async ({ ids }) => {
      const store = await storePromise;
      const found = await store.getDocuments(ids);
      const seeds = [...found.values()].filter((d) => d.origin === 'seed');
      if (seeds.length > 0) {
        throw new ProtocolFailure(
          'forbidden',
          `${seeds[0]!.id} is a bundled document: switch the bundled documents off instead`,
        );
      }
      const index = await changeCorpus(null, { delete: [...found.keys()] });
      return { removed: found.size, corpusSize: index.size };
    },
    'list-history': async () => (await storePromise).listHistory(),
    'get-analysis': async ({ url }) => {
      const record = await (await storePromise).getAnnotation(url);
      if (!record) throw new ProtocolFailure('not-found', `no saved analysis of ${url}`);
      const { analysedAt, page, annotation, sources } = record;
      return { analysedAt, page, annotation, sources };
    },
    'delete-history': async ({ urls }) => ({
      deleted: await (await storePromise).deleteHistory(urls),
    }),
    'clear-history': async () => ({ deleted: await (await storePromise).clearHistory() }),
    'delete-everything': async () => {
      const store = await storePromise;
      const readerIds = (await store.listDocuments())
        .filter((d) => d.origin === 'reader')
        .map((d) => d.id);
      const history = await store.countHistory();
      await changeCorpus(null, { delete: readerIds, settings: null, clearHistory: true });
      return { documents: readerIds.length, history };
    },
  };
  const dispatchPage = createDispatcher(EXTENSION_PAGE_TO_BACKGROUND, pageHandlers);

  // -------------------------------------------------------------------------------------
  // Transfers

  interface ImportSession {
    kind: ImportKind;
    label: string;
    expected: { documents: number; history: number };
    settings: SettingsPatch | null;
    documents: OptionsToBackgroundPort['import-chunk']['documents'];
    history: StoredAnnotation[];
  }

  async function runImport(session: ImportSession, progress: Progress): Promise<ImportSummary> {
    const store = await storePromise;
    const { label } = session;
    const seedIds = new Set(bundledSeeds().documents.map((d) => d.id));
    // As in the command line, a later document replaces an earlier one with the same id.
    const byId = new Map<string, StoredDocument>();
    const importedAt = now();
    for (const doc of session.documents) {
      if (seedIds.has(doc.id)) {
        throw new ProtocolFailure(
          'invalid-data',
          `${label}: "${doc.id}" is the id of a bundled document; give the document another id`,
        );
      }
      const { id, text, title, url, series, date } = doc;
      const addedAt = 'addedAt' in doc ? doc.addedAt : importedAt;
      byId.set(id, { id, text, title, url, series, date, origin: 'reader', addedAt });
    }
    const put = [...byId.values()];
    const ids = await store.documentIds();
    const replaced = put.filter((d) => ids.has(d.id)).length;
    const settings =
      session.kind === 'backup' && session.settings ? parseSettings(session.settings) : undefined;
    const index = await changeCorpus(label, { put, settings, history: session.history }, progress);
    return {
      added: put.length - replaced,
      replaced,
      history: session.history.length,
      corpusSize: index.size,
    };
  }

  async function runExport(
    request: OptionsToBackgroundPort['export-begin'],
    send: <K extends keyof BackgroundToOptionsPort>(
      type: K,
      payload: BackgroundToOptionsPort[K],
    ) => void,
    isOpen: () => boolean,
  ): Promise<void> {
    const store = await storePromise;
    const readerCount = request.documents
      ? (await store.listDocuments()).filter((d) => d.origin === 'reader').length
      : 0;
    const historyCount = request.history ? await store.countHistory() : 0;
    const total = readerCount + historyCount;
    let done = 0;
    send('progress', { phase: 'reading', done, total });
    let documents = 0;
    if (request.documents) {
      let after: string | null = null;
      do {
        if (!isOpen()) return;
        const page = await store.readDocuments(after, TRANSFER_CHUNK);
        const mine = page.records.filter((d) => d.origin === 'reader');
        if (mine.length) send('export-chunk', { documents: mine, history: [] });
        documents += mine.length;
        done += mine.length;
        send('progress', { phase: 'reading', done, total });
        after = page.next;
      } while (after !== null);
    }
    let history = 0;
    if (request.history) {
      let after: string | null = null;
      do {
        if (!isOpen()) return;
        const page = await store.readHistory(after, TRANSFER_CHUNK);
        if (page.records.length) send('export-chunk', { documents: [], history: page.records });
        history += page.records.length;
        done += page.records.length;
        send('progress', { phase: 'reading', done, total });
        after = page.next;
      } while (after !== null);
    }
    send('export-done', { settings: await store.getSettings(), documents, history });
  }

  function handleConnection(port: TransferPort, sender: SenderInfo): void {
    if (senderKind(sender, browser.runtimeId, browser.extensionOrigin) !== 'extension-page') {
      port.disconnect();
      return;
    }
    let open = true;
    let session: ImportSession | null = null;
    let busy = false;
    const send = <K extends keyof BackgroundToOptionsPort>(
      type: K,
      payload: BackgroundToOptionsPort[K],
    ) => {
      if (!open) return;
      try {
        port.postMessage(portMessage<BackgroundToOptionsPort, K>(type, payload));
      } catch (error) {
        // The page went away between our check and the post.
        log('transfer port closed', error);
        open = false;
      }
    };
    const failWith = (error: unknown) => {
      session = null;
      if (error instanceof ProtocolFailure) {
        send('failed', { code: error.code, message: error.message });
      } else {
        log('transfer failed', error);
        send('failed', {
          code: 'internal',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    };
    const progress: Progress = (phase, done, total) => send('progress', { phase, done, total });

    port.onDisconnect(() => {
      // An import whose page closed before its last chunk is dropped: nothing was written.
      open = false;
      session = null;
    });
    port.onMessage((raw) => {
      const parsed = parsePortMessage(OPTIONS_TO_BACKGROUND_PORT, raw);
      if (!parsed.ok) {
        failWith(new ProtocolFailure(parsed.error.code, parsed.error.message));
        return;
      }
      if (busy) {
        failWith(new ProtocolFailure('bad-message', 'a transfer is already running'));
        return;
      }
      const message = parsed.value as {
        [K in keyof OptionsToBackgroundPort]: { type: K; payload: OptionsToBackgroundPort[K] };
      }[keyof OptionsToBackgroundPort];
      switch (message.type) {
        case 'import-begin': {
          const { kind, label, documents, history, settings } = message.payload;
          if (documents > MAX_IMPORT_DOCUMENTS) {
            failWith(
              new ProtocolFailure(
                'invalid-data',
                `${label}: ${documents} documents; an import holds at most ${MAX_IMPORT_DOCUMENTS}`,
              ),
            );
            return;
          }
          if (kind === 'corpus' && (history > 0 || settings !== null)) {
            failWith(new ProtocolFailure('bad-message', 'a corpus import carries documents only'));
            return;
          }
          session = {
            kind,
            label,
            expected: { documents, history },
            settings,
            documents: [],
            history: [],
          };
          send('progress', { phase: 'receiving', done: 0, total: documents + history });
          return;
        }
        case 'import-chunk': {
          if (!session) {
            failWith(new ProtocolFailure('bad-message', 'import-chunk before import-begin'));
            return;
          }
          const current: ImportSession = session;
          // One by one: a chunk is the sender's to size, and push(...items) overflows the
          // stack past about 120,000 items.
          for (const doc of message.payload.documents) current.documents.push(doc);
          for (const record of message.payload.history) current.history.push(record);
          if (
            current.documents.length > current.expected.documents ||
            current.history.length > current.expected.history
          ) {
            failWith(
              new ProtocolFailure('bad-message', `${current.label}: more records than announced`),
            );
            return;
          }
          const { documents, history } = current.expected;
          send('progress', {
            phase: 'receiving',
            done: current.documents.length + current.history.length,
            total: documents + history,
          });
          return;
        }
        case 'import-commit': {
          const current = session;
          session = null;
          if (!current) {
            failWith(new ProtocolFailure('bad-message', 'import-commit before import-begin'));
            return;
          }
          if (
            current.documents.length !== current.expected.documents ||
            current.history.length !== current.expected.history
          ) {
            failWith(
              new ProtocolFailure('bad-message', `${current.label}: records missing before commit`),
            );
            return;
          }
          busy = true;
          void runImport(current, progress)
            .then((summary) => send('import-done', summary), failWith)
            .finally(() => {
              busy = false;
            });
          return;
        }
        case 'export-begin': {
          busy = true;
          void runExport(message.payload, send, () => open)
            .catch(failWith)
            .finally(() => {
              busy = false;
            });
          return;
        }
      }
    });
  }

  return {
    async install() {
      const store = await storePromise;
      await exclusive(() => loaded(store));
    },
    analyseTab,
    handleMessage(raw, sender) {
      if (!isOurMessage(raw)) return undefined;
      const kind = senderKind(sender, browser.runtimeId, browser.extensionOrigin);
      if (kind !== 'extension-page') {
        return Promise.resolve(fail('forbidden', `calls from a ${kind} sender are refused`));
      }
      return dispatchPage(raw, sender);
    },
    handleConnection,
    async onHostAccessChanged() {
      const store = await storePromise;
      const settings = await store.getSettings();
      if (settings.autoAnalyse && !(await browser.hasAllHostAccess())) {
        await store.saveSettings({ ...settings, autoAnalyse: false });
      }
    },
    async onTabUpdated(tabId, change, tab) {
      if (change.status !== 'complete' || !tab.url || !/^https?:\/\//.test(tab.url)) return;
      try {
        const store = await storePromise;
        if (!(await store.getSettings()).autoAnalyse) return;
        if (!(await browser.hasHostAccess(tab.url))) return;
        const result = await analyseTab(tabId, true);
        if (result.kind !== 'article') await browser.setBadge(tabId, '');
      } catch (error) {
        log(`automatic analysis of tab ${tabId} failed`, error);
      }
    },
  };
}
