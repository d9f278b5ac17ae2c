/**
 * The background's work, behind the PopupToBackground calls and the browser's events:
 *
 *   analyse a tab:  inject the page script → extract-article → annotate against the corpus
 *                   index → rank sources → save → badge → show-sentences (highlights)
 *   corpus:         seeds written on install; the index built once per corpus revision,
 *                   persisted, loaded from IndexedDB after a restart, cached in memory
 *   automatic mode: on each completed page load, when the setting is on and host access is
 *                   granted, analyse pages in French that read as articles
 *
 * The browser, the database and the engine are parameters (ports), so this runs in Node
 * tests with fakes; entrypoints/background wires the real ones. A service worker may be
 * stopped at any time: everything kept in memory here is a cache of the database.
 */
import type { Annotation, CorpusDocument, TextBlock, BoilerplateBlock } from '../types';
import type { DejaLuStore } from './db';
import { isFrenchPage } from './language';
import {
  createDispatcher,
  fail,
  isOurMessage,
  pageReport,
  POPUP_TO_BACKGROUND,
  ProtocolFailure,
  senderKind,
  type Caller,
  type BackgroundToContent,
  type Handlers,
  type PageInfo,
  type PageReport,
  type PageSentence,
  type PopupToBackground,
  type Request,
  type Response,
  type Result,
  type SenderInfo,
  type TabAnalysis,
} from './protocol';
import { applySettingsPatch, type Settings } from './settings';
import { badgeText, rankSources, sourceIds } from './sources';

/** What the engine's corpus index offers that the service uses. */
export interface CorpusIndexPort<Data> {
  add(doc: CorpusDocument): void;
  readonly size: number;
  /** Structured-cloneable data for IndexedDB. */
  serialize(): Data;
}

/** The matching engine (lib/engine.ts), as the service calls it. */
export interface EnginePort<Data, Index extends CorpusIndexPort<Data>> {
  createIndex(): Index;
  deserialize(data: Data): Index;
  annotate(
    input: {
      id: string;
      text: string;
      title?: string | null;
      blocks?: TextBlock[];
      boilerplate?: BoilerplateBlock[];
    },
    index: Index,
  ): Annotation;
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

export interface ServiceOptions<Data, Index extends CorpusIndexPort<Data>> {
  store: DejaLuStore | Promise<DejaLuStore>;
  engine: EnginePort<Data, Index>;
  browser: BrowserPort;
  seeds: () => { documents: CorpusDocument[]; fingerprint: string };
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
}

export interface BackgroundService {
  /** Writes the bundled seeds if they changed, and (re)builds the index. On install/update. */
  install(): Promise<void>;
  /** The full analysis of a tab; `automatic` adds the French check and skips non-articles quietly. */
  analyseTab(tabId: number, automatic?: boolean): Promise<TabAnalysis>;
  /** Answers a runtime message; undefined when the message is not Déjà lu's. */
  handleMessage(raw: unknown, sender: SenderInfo): Promise<Result<unknown>> | undefined;
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

export function createBackgroundService<Data, Index extends CorpusIndexPort<Data>>(
  options: ServiceOptions<Data, Index>,
): BackgroundService {
  const { engine, browser, seeds, now = Date.now, log = () => {} } = options;
  const storePromise = Promise.resolve(options.store);
  let cached: { revision: number; index: Index } | null = null;
  let loading: Promise<{ revision: number; index: Index }> | null = null;

  let bundled: ReturnType<typeof seeds> | null = null;

  async function ensureSeeds(store: DejaLuStore): Promise<void> {
    bundled ??= seeds();
    const { documents, fingerprint } = bundled;
    await store.installSeeds(documents, fingerprint, now());
  }

  async function buildIndex(store: DejaLuStore, revision: number): Promise<Index> {
    const index = engine.createIndex();
    for (const doc of await store.listDocuments()) {
      const { id, text, title, url, series, date } = doc;
      index.add({ id, text, title, url, series, date });
    }
    await store.saveIndex({
      revision,
      documents: index.size,
      builtAt: now(),
      data: index.serialize(),
    });
    return index;
  }

  /** The index for the current corpus revision: memory, else IndexedDB, else rebuilt. */
  async function loadIndex(): Promise<{ revision: number; index: Index }> {
    const store = await storePromise;
    await ensureSeeds(store);
    const { revision } = await store.getCorpusMeta();
    if (cached && cached.revision === revision) return cached;
    if (!loading) {
      loading = (async () => {
        const stored = await store.getIndex();
        let index: Index | null = null;
        if (stored && stored.revision === revision) {
          try {
            index = engine.deserialize(stored.data as Data);
          } catch (error) {
            log('stored index unreadable, rebuilding', error);
          }
        }
        index ??= await buildIndex(store, revision);
        cached = { revision, index };
        return cached;
      })().finally(() => {
        loading = null;
      });
    }
    return loading;
  }

  async function extract(tabId: number): Promise<PageReport> {
    const answer = await browser.callTab(tabId)('extract-article', {});
    if (!answer.ok) throw new ProtocolFailure(answer.error.code, answer.error.message);
    const problem = pageReport(answer.value, 'report');
    if (problem) throw new ProtocolFailure('bad-message', problem);
    return answer.value;
  }

  async function analyseTab(tabId: number, automatic = false): Promise<TabAnalysis> {
    const { revision, index } = await loadIndex();
    if (index.size === 0) return { kind: 'empty-corpus' };
    try {
      await browser.injectPageScript(tabId);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/no tab/i.test(message)) throw new ProtocolFailure('no-tab', message);
      return { kind: 'not-article', reason: 'restricted', message, url: null };
    }
    const report = await extract(tabId);
    const notArticle = (reason: 'not-readerable' | 'too-large' | 'empty' | 'not-french') =>
      ({ kind: 'not-article', reason, message: report.message, url: report.url }) as const;
    if (report.status !== 'ok') return notArticle(report.status);
    if (automatic && !isFrenchPage(report.metadata.language, report.text)) {
      return notArticle('not-french');
    }

    const annotation = engine.annotate(
      {
        id: report.url,
        text: report.text,
        title: report.metadata.title,
        blocks: report.blocks,
        boilerplate: report.boilerplate,
      },
      index,
    );
    if (annotation.sentences.length === 0) return notArticle('empty');

    const store = await storePromise;
    const sources = rankSources(annotation, await store.getDocuments(sourceIds(annotation)));
    const page: PageInfo = {
      url: report.url,
      title: report.metadata.title ?? annotation.title,
      siteName: report.metadata.siteName,
      byline: report.metadata.byline,
      publishedTime: report.metadata.publishedTime,
    };
    await store.saveAnnotation({
      url: report.url,
      analysedAt: now(),
      page,
      annotation,
      sources,
      corpusRevision: revision,
    });
    await browser.setBadge(tabId, badgeText(annotation.stats.sharedRatio)).catch(log);

    const settings = await store.getSettings();
    await browser.insertHighlightCss(tabId).catch(log);
    const shown = await browser.callTab(tabId)('show-sentences', {
      sentences: pageSentences(annotation),
      visible: settings.highlight,
    });
    const highlights = shown.ok ? shown.value : { visible: false, located: 0 };
    return { kind: 'article', page, annotation, sources, corpusSize: index.size, highlights };
  }

  async function updateSettings(patch: Partial<Omit<Settings, 'version'>>): Promise<Settings> {
    const store = await storePromise;
    if (patch.autoAnalyse === true && !(await browser.hasAllHostAccess())) {
      throw new ProtocolFailure('forbidden', 'automatic analysis needs access to web pages');
    }
    const settings = applySettingsPatch(await store.getSettings(), patch);
    await store.saveSettings(settings);
    return settings;
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

  const popupHandlers: Handlers<PopupToBackground, SenderInfo> = {
    'analyse-tab': ({ tabId }) => analyseTab(tabId),
    'set-highlights': async ({ tabId, visible }) => {
      await updateSettings({ highlight: visible });
      return relay(tabId, 'set-highlights', { visible });
    },
    'scroll-to-sentence': ({ tabId, index }) => relay(tabId, 'scroll-to-sentence', { index }),
    'get-settings': async () => (await storePromise).getSettings(),
    'update-settings': (patch) => updateSettings(patch),
  };
  const dispatchPopup = createDispatcher(POPUP_TO_BACKGROUND, popupHandlers);

  return {
    async install() {
      await loadIndex();
    },
    analyseTab,
    handleMessage(raw, sender) {
      if (!isOurMessage(raw)) return undefined;
      const kind = senderKind(sender, browser.runtimeId, browser.extensionOrigin);
      if (kind !== 'extension-page') {
        return Promise.resolve(fail('forbidden', `calls from a ${kind} sender are refused`));
      }
      return dispatchPopup(raw, sender);
    },
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
