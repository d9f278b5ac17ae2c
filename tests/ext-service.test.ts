import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DejaLuStore, openDeja } from '@/lib/ext/db';
import { engine } from '@/lib/ext/engine-adapter';
import {
  BACKGROUND_TO_CONTENT,
  CHANNEL,
  createCaller,
  createDispatcher,
  type BackgroundToContent,
  type Handlers,
  type PageReport,
  type PageSentence,
  type TabAnalysis,
} from '@/lib/ext/protocol';
import { bundledSeeds } from '@/lib/ext/seeds';
import { createBackgroundService, type BrowserPort } from '@/lib/ext/service';
import { splitLines } from '@/lib/text/blocks';
import { DEFAULT_SETTINGS } from '@/lib/ext/settings';
import type { CorpusDocument } from '@/lib/types';

const EXT_ID = 'deja-lu-test';
const ORIGIN = 'chrome-extension://deja-lu-test/';
const POPUP = { id: EXT_ID, url: `${ORIGIN}popup.html` };

/** The clean wire copy (seed 000) as an outlet republished it: a title changed, one sentence edited. */
function wireCopyReport(language: string | null = 'fr'): PageReport {
  const seed = bundledSeeds().documents.find((d) => d.id === '000_d7a5d4be53ae19f7')!;
  const text = seed.text.replace('ont échangé lundi 13 août', 'ont discuté lundi 13 août').trim();
  return {
    url: 'http://127.0.0.1/copie.html',
    status: 'ok',
    message: null,
    text,
    blocks: splitLines(text),
    boilerplate: [],
    metadata: {
      title: 'Trump et Musk sur X',
      byline: null,
      siteName: 'Le Quotidien',
      publishedTime: null,
      language,
      canonicalUrl: null,
      excerpt: null,
    },
  };
}

const englishReport = (): PageReport => {
  const text = 'The weather was fine on Monday. Nothing else happened in the town that day.';
  return { ...wireCopyReport('en'), text, blocks: splitLines(text) };
};

interface FakeTab {
  report: PageReport | unknown;
  shown: PageSentence[] | null;
  visible: boolean | null;
  scrolledTo: number | null;
  /** The page fails to show the sentences (its script gone, the tab navigated away). */
  showFails?: boolean;
}

function fakeBrowser(options: { restricted?: boolean; hostAccess?: boolean } = {}) {
  const tabs = new Map<number, FakeTab>();
  const badges = new Map<number, string>();
  const injected: number[] = [];
  const cssInserted: number[] = [];
  const port: BrowserPort = {
    runtimeId: EXT_ID,
    extensionOrigin: ORIGIN,
    async injectPageScript(tabId) {
      if (options.restricted) throw new Error('Cannot access contents of url "chrome://newtab/".');
      if (!tabs.has(tabId)) throw new Error(`No tab with id: ${tabId}.`);
      injected.push(tabId);
    },
    async insertHighlightCss(tabId) {
      cssInserted.push(tabId);
    },
    callTab(tabId) {
      const tab = tabs.get(tabId)!;
      const handlers: Handlers<BackgroundToContent, void> = {
        'extract-article': () => tab.report as PageReport,
        'show-sentences': ({ sentences, visible }) => {
          if (tab.showFails) throw new Error('the page went away');
          tab.shown = sentences;
          tab.visible = visible;
          return { visible, located: sentences.length, status: 'ok' };
        },
        'set-highlights': ({ visible }) => {
          tab.visible = visible;
          return { visible };
        },
        'scroll-to-sentence': ({ index }) => {
          tab.scrolledTo = index;
          return { scrolled: index < (tab.shown?.length ?? 0) };
        },
      };
      // The real page-side dispatcher: the service's messages are validated as in a tab.
      const dispatch = createDispatcher(BACKGROUND_TO_CONTENT, handlers);
      return createCaller<BackgroundToContent>((envelope) => dispatch(envelope, undefined));
    },
    async setBadge(tabId, text) {
      badges.set(tabId, text);
    },
    hasHostAccess: async () => options.hostAccess ?? false,
    hasAllHostAccess: async () => options.hostAccess ?? false,
  };
  const openTab = (id: number, report: PageReport | unknown) =>
    tabs.set(id, { report, shown: null, visible: null, scrolledTo: null });
  return { port, tabs, badges, injected, cssInserted, openTab };
}

/** The real engine, counting how often an index is built or loaded. */
function countingEngine() {
  const counts = { created: 0, deserialized: 0 };
  return {
    counts,
    engine: {
      ...engine,
      createIndex: () => {
        counts.created++;
        return engine.createIndex();
      },
      deserialize: (data: Parameters<typeof engine.deserialize>[0]) => {
        counts.deserialized++;
        return engine.deserialize(data);
      },
    },
  };
}

async function setup(
  options: Parameters<typeof fakeBrowser>[0] & { seeds?: CorpusDocument[] } = {},
) {
  const store = new DejaLuStore(await openDeja());
  const browser = fakeBrowser(options);
  const counting = countingEngine();
  const seeds = options.seeds
    ? () => ({ documents: options.seeds!, fingerprint: `custom-${options.seeds!.length}` })
    : bundledSeeds;
  const service = createBackgroundService({
    store,
    engine: counting.engine,
    browser: browser.port,
    seeds,
    now: () => 1_700_000_000_000,
  });
  const call = (type: string, payload: unknown, sender: object = POPUP) =>
    service.handleMessage({ channel: CHANNEL, type, payload }, sender)!;
  return { store, browser, service, call, counts: counting.counts };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('analyse-tab', () => {
  it("annotates the tab's article against the seeds, saves it, badges and highlights it", async () => {
    const { store, browser, call } = await setup();
    browser.openTab(5, wireCopyReport());
    const result = await call('analyse-tab', { tabId: 5 });
    expect(result.ok).toBe(true);
    const analysis = (result as { value: TabAnalysis }).value;
    if (analysis.kind !== 'article') throw new Error(`unexpected ${analysis.kind}`);

    const { annotation, sources, page } = analysis;
    expect(page).toMatchObject({ url: 'http://127.0.0.1/copie.html', siteName: 'Le Quotidien' });
    expect(annotation.stats.sentences).toBeGreaterThan(8);
    expect(annotation.stats.sharedRatio).toBeGreaterThan(0.8);
    // The edited sentence is shared with edits; the others verbatim.
    const edited = annotation.sentences.find((s) => s.text.includes('ont discuté lundi'))!;
    expect(edited).toMatchObject({ status: 'shared', match: 'edited' });
    expect(edited.sources[0]!.diff.some((op) => op.op === '+' && op.text.includes('discuté'))).toBe(
      true,
    );
    expect(sources[0]!.id).toBe('000_d7a5d4be53ae19f7');
    expect(sources[0]!.share).toBeGreaterThan(0.8);
    // Other outlets that carried the wire story rank too, with their outlet name.
    expect(sources.some((s) => s.outlet === 'watson')).toBe(true);
    expect(analysis.corpusSize).toBe(5);

    expect(browser.badges.get(5)).toMatch(/^\d+%$/);
    expect(browser.cssInserted).toEqual([5]);
    const tab = browser.tabs.get(5)!;
    expect(tab.visible).toBe(true);
    expect(tab.shown).toHaveLength(annotation.sentences.length);
    expect(tab.shown!.find((s) => s.text === edited.text)!.mark).toBe('edited');
    expect(analysis.highlights).toEqual({
      visible: true,
      located: annotation.sentences.length,
      status: 'ok',
    });

    const saved = await store.getAnnotation('http://127.0.0.1/copie.html');
    expect(saved?.annotation.stats).toEqual(annotation.stats);
    expect(saved?.sources).toEqual(sources);
  });

  it('still answers with the analysis when the page cannot show it, and says so', async () => {
    const { browser, call, store } = await setup();
    browser.openTab(5, wireCopyReport());
    browser.tabs.get(5)!.showFails = true;
    const result = await call('analyse-tab', { tabId: 5 });
    const analysis = (result as { ok: true; value: TabAnalysis }).value;
    if (analysis.kind !== 'article') throw new Error(`unexpected ${analysis.kind}`);
    expect(analysis.annotation.stats.sharedRatio).toBeGreaterThan(0.8);
    expect(analysis.highlights).toEqual({ visible: false, located: 0, status: 'unavailable' });
    expect(await store.getAnnotation('http://127.0.0.1/copie.html')).toBeDefined();
  });

  it('builds the index once, persists it, and a restarted background loads it', async () => {
    const first = await setup();
    first.browser.openTab(1, wireCopyReport());
    await first.call('analyse-tab', { tabId: 1 });
    await first.call('analyse-tab', { tabId: 1 });
    expect(first.counts).toEqual({ created: 1, deserialized: 0 });
    const stored = await first.store.getIndex();
    expect(stored).toMatchObject({ revision: 1, documents: 5 });

    // A new service over the same database: a service worker restart.
    const engineCounts = countingEngine();
    const again = createBackgroundService({
      store: first.store,
      engine: engineCounts.engine,
      browser: first.browser.port,
      seeds: bundledSeeds,
    });
    const result = await again.handleMessage(
      { channel: CHANNEL, type: 'analyse-tab', payload: { tabId: 1 } },
      POPUP,
    );
    expect(result?.ok).toBe(true);
    expect(engineCounts.counts).toEqual({ created: 0, deserialized: 1 });
  });

  it('rebuilds the index when the corpus changed since it was saved', async () => {
    const { store, browser, call, counts } = await setup();
    browser.openTab(1, wireCopyReport());
    await call('analyse-tab', { tabId: 1 });
    await store.db.put(
      'meta',
      { revision: 7, seedsFingerprint: (await store.getCorpusMeta()).seedsFingerprint },
      'corpus',
    );
    await call('analyse-tab', { tabId: 1 });
    expect(counts.created).toBe(2);
    expect((await store.getIndex())?.revision).toBe(7);
  });

  it('rebuilds an unreadable stored index instead of failing', async () => {
    const first = await setup();
    first.browser.openTab(1, wireCopyReport());
    await first.call('analyse-tab', { tabId: 1 });
    const { revision } = await first.store.getCorpusMeta();
    await first.store.saveIndex({
      revision,
      documents: 5,
      builtAt: 0,
      data: { format: 'garbage' },
    });
    // A restarted background finds the garbage.
    const restarted = createBackgroundService({
      store: first.store,
      engine,
      browser: first.browser.port,
      seeds: bundledSeeds,
    });
    const result = await restarted.analyseTab(1);
    expect(result.kind).toBe('article');
    expect((await engine.deserialize((await first.store.getIndex())!.data as never)).size).toBe(5);
  });

  it('answers empty-corpus when there is nothing to compare with', async () => {
    const { browser, call } = await setup({ seeds: [] });
    browser.openTab(1, wireCopyReport());
    expect(await call('analyse-tab', { tabId: 1 })).toEqual({
      ok: true,
      value: { kind: 'empty-corpus' },
    });
    expect(browser.badges.size).toBe(0);
    expect(browser.tabs.get(1)!.shown).toBeNull();
  });

  it('answers not-article for pages the browser will not let it read', async () => {
    const { browser, call } = await setup({ restricted: true });
    browser.openTab(1, wireCopyReport());
    const result = await call('analyse-tab', { tabId: 1 });
    expect(result.ok && result.value).toMatchObject({ kind: 'not-article', reason: 'restricted' });
  });

  it("answers not-article with the extractor's reason", async () => {
    const { browser, call } = await setup();
    browser.openTab(1, { ...wireCopyReport(), status: 'not-readerable', text: '', blocks: [] });
    const result = await call('analyse-tab', { tabId: 1 });
    expect(result.ok && result.value).toEqual({
      kind: 'not-article',
      reason: 'not-readerable',
      message: null,
      url: 'http://127.0.0.1/copie.html',
    });
    expect(browser.badges.size).toBe(0);
  });

  it('fails with an error value on a closed tab or a malformed page report', async () => {
    const { browser, call } = await setup();
    const gone = await call('analyse-tab', { tabId: 99 });
    expect(!gone.ok && gone.error.code).toBe('no-tab');
    browser.openTab(2, {
      ...wireCopyReport(),
      blocks: [{ start: 0, end: 1e9, kind: 'paragraph' }],
    });
    const bad = await call('analyse-tab', { tabId: 2 });
    expect(!bad.ok && bad.error.code).toBe('bad-message');
  });
});

describe('sender checks', () => {
  it('refuses content scripts, other extensions and anonymous senders', async () => {
    const { browser, call } = await setup();
    browser.openTab(1, wireCopyReport());
    for (const sender of [
      { id: EXT_ID, url: 'http://127.0.0.1/copie.html', tab: { id: 1 } },
      { id: 'another-extension', url: 'chrome-extension://another-extension/popup.html' },
      { url: `${ORIGIN}popup.html` },
    ]) {
      const result = await call('analyse-tab', { tabId: 1 }, sender);
      expect(!result.ok && result.error.code).toBe('forbidden');
    }
    expect(browser.injected).toEqual([]);
  });

  it("ignores messages that are not Déjà lu's", async () => {
    const { service } = await setup();
    expect(service.handleMessage({ hello: 'world' }, POPUP)).toBeUndefined();
  });
});

describe('highlights, scrolling and settings', () => {
  it('relays highlight toggles and remembers them', async () => {
    const { browser, call, store } = await setup();
    browser.openTab(1, wireCopyReport());
    await call('analyse-tab', { tabId: 1 });
    expect(await call('set-highlights', { tabId: 1, visible: false })).toEqual({
      ok: true,
      value: { visible: false },
    });
    expect(browser.tabs.get(1)!.visible).toBe(false);
    expect((await store.getSettings()).highlight).toBe(false);
    // The next analysis starts hidden.
    await call('analyse-tab', { tabId: 1 });
    expect(browser.tabs.get(1)!.visible).toBe(false);
  });

  it('relays scrolling to a sentence', async () => {
    const { browser, call } = await setup();
    browser.openTab(1, wireCopyReport());
    await call('analyse-tab', { tabId: 1 });
    expect(await call('scroll-to-sentence', { tabId: 1, index: 2 })).toEqual({
      ok: true,
      value: { scrolled: true },
    });
    expect(browser.tabs.get(1)!.scrolledTo).toBe(2);
  });

  it('refuses automatic analysis without host access', async () => {
    const { call } = await setup({ hostAccess: false });
    const result = await call('update-settings', { autoAnalyse: true });
    expect(!result.ok && result.error.code).toBe('forbidden');
    const settings = await call('get-settings', {});
    expect(settings.ok && settings.value).toMatchObject({ autoAnalyse: false });
  });

  it('switches automatic analysis off when host access is withdrawn', async () => {
    const granted = await setup({ hostAccess: true });
    await granted.call('update-settings', { autoAnalyse: true });
    expect((await granted.store.getSettings()).autoAnalyse).toBe(true);
    const withdrawn = createBackgroundService({
      store: granted.store,
      engine,
      browser: { ...granted.browser.port, hasAllHostAccess: async () => false },
      seeds: bundledSeeds,
    });
    await withdrawn.onHostAccessChanged();
    expect((await granted.store.getSettings()).autoAnalyse).toBe(false);
  });
});

describe('automatic analysis', () => {
  const complete = { status: 'complete' };
  const url = 'http://127.0.0.1/copie.html';

  it('does nothing while the setting is off', async () => {
    const { browser, service } = await setup({ hostAccess: true });
    browser.openTab(1, wireCopyReport());
    await service.onTabUpdated(1, complete, { url });
    expect(browser.injected).toEqual([]);
  });

  it('analyses completed French articles and badges them', async () => {
    const { browser, service, call } = await setup({ hostAccess: true });
    await call('update-settings', { autoAnalyse: true });
    browser.openTab(1, wireCopyReport());
    await service.onTabUpdated(1, { status: 'loading' }, { url });
    expect(browser.injected).toEqual([]);
    await service.onTabUpdated(1, complete, { url: 'chrome://settings/' });
    expect(browser.injected).toEqual([]);
    await service.onTabUpdated(1, complete, { url });
    expect(browser.injected).toEqual([1]);
    expect(Number.parseInt(browser.badges.get(1)!, 10)).toBeGreaterThan(80);
  });

  it('leaves pages in other languages unbadged, even undeclared ones', async () => {
    const { browser, service, call } = await setup({ hostAccess: true });
    await call('update-settings', { autoAnalyse: true });
    browser.openTab(1, englishReport());
    browser.openTab(2, {
      ...englishReport(),
      metadata: { ...englishReport().metadata, language: null },
    });
    await service.onTabUpdated(1, complete, { url });
    await service.onTabUpdated(2, complete, { url });
    expect(browser.badges.get(1)).toBe('');
    expect(browser.badges.get(2)).toBe('');
  });

  it('skips sites it has no host access to', async () => {
    const { browser, service, store } = await setup({ hostAccess: false });
    await store.saveSettings({ ...DEFAULT_SETTINGS, autoAnalyse: true });
    browser.openTab(1, wireCopyReport());
    await service.onTabUpdated(1, complete, { url });
    expect(browser.injected).toEqual([]);
  });
});
