/**
 * The background's corpus, history, settings and transfers, through the real engine and a
 * fake-indexeddb database: what the options page and the popup's "add to my corpus" rely on.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DejaLuStore, openDeja } from '@/lib/ext/db';
import { engine } from '@/lib/ext/engine-adapter';
import {
  CHANNEL,
  portMessage,
  readCorpusListing,
  type CorpusListingMessage,
  type OptionsToBackgroundPort,
  type PageReport,
  type TabAnalysis,
} from '@/lib/ext/protocol';
import type { ImportedDocument } from '@/lib/ext/records';
import { bundledSeeds } from '@/lib/ext/seeds';
import { createBackgroundService, type TransferPort } from '@/lib/ext/service';
import { DEFAULT_SETTINGS } from '@/lib/ext/settings';
import {
  receiveExport,
  sendImport,
  TransferError,
  type TransferProgress,
} from '@/lib/ext/transfer-client';
import {
  COPY_OWN,
  COPY_TEXT,
  EDITED_TO,
  ORIGINAL_TEXT,
  ORIGINAL_TITLE,
} from './fixtures/reader-articles';
import { syntheticCorpus } from './fixtures/synthetic-corpus';
import { EXT_ID, fakeBrowser, ORIGIN } from './helpers/fake-browser';
import { portPair } from './helpers/port-pair';
import { plainPageReport } from './helpers/page-report';

const OPTIONS = { id: EXT_ID, url: `${ORIGIN}options.html` };
const WIRE = '000_d7a5d4be53ae19f7';
const ORIGINAL_URL = 'https://journal.example/lyon-velo';

function report(url: string, text: string, title: string | null = null): PageReport {
  return plainPageReport(url, text, { title, siteName: 'Le Journal', publishedTime: '2024-03-05' });
}

const wireCopy = () =>
  report(
    'http://127.0.0.1/copie.html',
    bundledSeeds()
      .documents.find((d) => d.id === WIRE)!
      .text.replace('ont échangé lundi 13 août', 'ont discuté lundi 13 août')
      .trim(),
  );

async function setup() {
  const store = new DejaLuStore(await openDeja());
  const browser = fakeBrowser({ hostAccess: false });
  let created = 0;
  const service = createBackgroundService({
    store,
    engine: {
      ...engine,
      createIndex: () => {
        created++;
        return engine.createIndex();
      },
    },
    browser: browser.port,
    seeds: bundledSeeds,
    now: () => 1_700_000_000_000,
    sliceMs: 5,
  });
  const call = async <T = unknown>(type: string, payload: unknown, sender: object = OPTIONS) => {
    const answer = await service.handleMessage({ channel: CHANNEL, type, payload }, sender)!;
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return answer.value as T;
  };
  const callResult = (type: string, payload: unknown) =>
    service.handleMessage({ channel: CHANNEL, type, payload }, OPTIONS)!;
  const connect = () => {
    const { page, background } = portPair();
    service.handleConnection(background, OPTIONS);
    return page;
  };
  const analyse = async (tabId: number, page: PageReport) => {
    browser.reports.set(tabId, page);
    const analysis = await call<TabAnalysis>('analyse-tab', { tabId });
    if (analysis.kind !== 'article') throw new Error(`not an article: ${analysis.kind}`);
    return analysis;
  };
  return {
    store,
    service,
    browser,
    call,
    callResult,
    connect,
    analyse,
    created: () => created,
  };
}

/** Everything in the database, to compare before and after a failed write. */
async function snapshot(store: DejaLuStore) {
  const all: Record<string, unknown> = {};
  for (const name of ['documents', 'texts', 'index', 'annotations', 'settings', 'meta'] as const) {
    all[name] = [await store.db.getAllKeys(name), await store.db.getAll(name)];
  }
  return all;
}

const readerDoc = (id: string, text: string): ImportedDocument => ({
  id,
  text,
  title: null,
  url: null,
  series: null,
  date: null,
});

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('thresholds', () => {
  it('are passed to the engine: stricter ones turn an edited sentence unique', async () => {
    const { call, analyse } = await setup();
    const edited = (a: TabAnalysis & { kind: 'article' }) =>
      a.annotation.sentences.find((s) => s.text.includes('ont discuté lundi'))!;
    expect(edited(await analyse(1, wireCopy()))).toMatchObject({
      status: 'shared',
      match: 'edited',
    });
    await call('update-settings', { sharedThreshold: 1, editedThreshold: 1 });
    const strict = await analyse(1, wireCopy());
    expect(edited(strict)).toMatchObject({ status: 'unique', match: null });
    // Verbatim sentences still count.
    expect(strict.annotation.stats.shared).toBeGreaterThan(5);
  });

  it('refuses an edited threshold above the shared one, changing nothing', async () => {
    const { callResult, store } = await setup();
    const answer = await callResult('update-settings', { editedThreshold: 0.9 });
    expect(!answer.ok && answer.error).toEqual({
      code: 'invalid-data',
      message: 'editedThreshold (0.9) must not exceed sharedThreshold (0.45)',
    });
    const range = await callResult('update-settings', { sharedThreshold: 3 });
    expect(!range.ok && range.error.code).toBe('bad-message');
    expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('the reader’s corpus', () => {
  it('adds a page, then a page that copies it is marked against it', async () => {
    const { call, browser, analyse } = await setup();
    browser.reports.set(1, report(ORIGINAL_URL, ORIGINAL_TEXT, ORIGINAL_TITLE));
    const added = await call('add-tab-to-corpus', { tabId: 1 });
    expect(added).toEqual({
      id: ORIGINAL_URL,
      title: ORIGINAL_TITLE,
      replaced: false,
      corpusSize: 6,
    });

    const copy = await analyse(2, report('https://autre.example/copie', COPY_TEXT));
    expect(copy.sources[0]).toMatchObject({
      id: ORIGINAL_URL,
      title: ORIGINAL_TITLE,
      outlet: 'Le Journal',
      url: ORIGINAL_URL,
    });
    const sentences = copy.annotation.sentences;
    expect(sentences.find((s) => s.text.includes(EDITED_TO))).toMatchObject({ match: 'edited' });
    expect(sentences.find((s) => s.text === COPY_OWN)?.status).toBe('unique');
    expect(copy.annotation.stats.shared).toBeGreaterThanOrEqual(8);

    const listing = readCorpusListing(await call<CorpusListingMessage>('list-corpus', {}));
    expect(listing.indexed).toBe(6);
    expect(listing.documents.find((d) => d.id === ORIGINAL_URL)).toMatchObject({
      origin: 'reader',
      title: ORIGINAL_TITLE,
      series: 'Le Journal',
      date: '2024-03-05',
    });
    // Adding it again replaces it.
    expect(await call('add-tab-to-corpus', { tabId: 1 })).toMatchObject({
      replaced: true,
      corpusSize: 6,
    });
  });

  it('removes the reader’s documents, and refuses to remove a bundled one', async () => {
    const { call, callResult, browser, analyse } = await setup();
    browser.reports.set(1, report(ORIGINAL_URL, ORIGINAL_TEXT, ORIGINAL_TITLE));
    await call('add-tab-to-corpus', { tabId: 1 });
    const refused = await callResult('remove-documents', { ids: [ORIGINAL_URL, WIRE] });
    expect(!refused.ok && refused.error.code).toBe('forbidden');
    expect(await call('remove-documents', { ids: [ORIGINAL_URL, 'missing'] })).toEqual({
      removed: 1,
      corpusSize: 5,
    });
    const copy = await analyse(2, report('https://autre.example/copie', COPY_TEXT));
    expect(copy.sources).toEqual([]);
  });

  it('switches the bundled documents off and on without rebuilding the index', async () => {
    const { call, browser, analyse, created } = await setup();
    await analyse(1, wireCopy());
    expect(created()).toBe(1);
    await call('update-settings', { useSeeds: false });
    browser.reports.set(1, wireCopy());
    expect(await call('analyse-tab', { tabId: 1 })).toEqual({ kind: 'empty-corpus' });
    const listing = readCorpusListing(await call<CorpusListingMessage>('list-corpus', {}));
    expect(listing).toMatchObject({ indexed: 0 });
    expect(listing.documents).toHaveLength(5);
    await call('update-settings', { useSeeds: true });
    expect((await analyse(1, wireCopy())).sources[0]!.id).toBe(WIRE);
    expect(created()).toBe(1);
  });

  it('reads only the texts of the documents an article is compared with', async () => {
    const first = await setup();
    const docs = syntheticCorpus({ documents: 60 }).map((d) => ({ ...d, addedAt: undefined }));
    await sendImport(
      {
        kind: 'corpus',
        label: 'synth.jsonl',
        documents: docs.map(({ id, text, title, url, series, date }) => ({
          id,
          text,
          title: title ?? null,
          url: url ?? null,
          series: series ?? null,
          date: date ?? null,
        })),
        history: [],
        settings: null,
      },
      { connect: first.connect, pause: async () => {} },
    );
    // A restarted background: the index comes from the database, without texts.
    const restarted = createBackgroundService({
      store: first.store,
      engine,
      browser: first.browser.port,
      seeds: bundledSeeds,
    });
    const getTexts = vi.spyOn(first.store, 'getTexts');
    first.browser.reports.set(1, wireCopy());
    const analysis = await restarted.analyseTab(1);
    expect(analysis.kind).toBe('article');
    const read = getTexts.mock.calls.flatMap(([ids]) => ids);
    expect(read).toContain(WIRE);
    expect(read.length).toBeLessThanOrEqual(5);
    expect(read.some((id) => id.startsWith('synth-'))).toBe(false);
  });
});

describe('history', () => {
  it('lists analysed pages, reopens one, deletes one or all', async () => {
    const { call, callResult, analyse } = await setup();
    const a = await analyse(1, wireCopy());
    await analyse(2, report('https://autre.example/copie', COPY_TEXT, 'La copie'));
    const listed = await call<{ url: string; title: string | null; sharedRatio: number }[]>(
      'list-history',
      {},
    );
    expect(listed.map((h) => h.url).sort()).toEqual(
      ['http://127.0.0.1/copie.html', 'https://autre.example/copie'].sort(),
    );
    expect(listed.find((h) => h.url === a.page.url)!.sharedRatio).toBe(
      a.annotation.stats.sharedRatio,
    );
    const reopened = await call<{ annotation: unknown; sources: unknown }>('get-analysis', {
      url: a.page.url,
    });
    expect(reopened).toMatchObject({ annotation: a.annotation, sources: a.sources, page: a.page });
    expect(await call('delete-history', { urls: [a.page.url] })).toEqual({ deleted: 1 });
    const gone = await callResult('get-analysis', { url: a.page.url });
    expect(!gone.ok && gone.error.code).toBe('not-found');
    expect(await call('clear-history', {})).toEqual({ deleted: 1 });
    expect(await call('list-history', {})).toEqual([]);
  });

  it('deletes everything: the reader’s documents, the history and the settings', async () => {
    const { call, browser, store, analyse } = await setup();
    browser.reports.set(1, report(ORIGINAL_URL, ORIGINAL_TEXT, ORIGINAL_TITLE));
    await call('add-tab-to-corpus', { tabId: 1 });
    await analyse(2, wireCopy());
    await call('update-settings', { useSeeds: false, sharedThreshold: 0.7 });
    const refused = await call<unknown>('delete-everything', { confirmed: false }).catch(
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/^bad-message: .*confirmed: must be true/);
    expect(await call('delete-everything', { confirmed: true })).toEqual({
      documents: 1,
      history: 1,
    });
    expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await call('list-history', {})).toEqual([]);
    const listing = readCorpusListing(await call<CorpusListingMessage>('list-corpus', {}));
    // The seeds stay, switched back on.
    expect(listing.indexed).toBe(5);
    expect(listing.documents.every((d) => d.origin === 'seed')).toBe(true);
  });
});

describe('transfers', () => {
  const docs = (n: number, prefix = 'doc-') =>
    syntheticCorpus({ documents: n, idPrefix: prefix }).map(
      ({ id, text, title, url, series, date }): ImportedDocument => ({
        id,
        text,
        title: title ?? null,
        url: url ?? null,
        series: series ?? null,
        date: date ?? null,
      }),
    );

  it('imports a corpus with progress, in one write, and matches against it', async () => {
    // Serialising finds the texts hashed and the index compacted (in slices, between
    // yields): nothing left to do at once.
    const serialize = engine.serialize;
    const pendingAtSerialize: boolean[] = [];
    vi.spyOn(engine, 'serialize').mockImplementation((index) => {
      pendingAtSerialize.push(!index.hashTexts(0) || !index.compaction().next().done);
      return serialize(index);
    });
    const { connect, call, analyse, store } = await setup();
    await call('list-corpus', {});
    const progress: TransferProgress[] = [];
    const original = readerDoc('lyon-velo', ORIGINAL_TEXT);
    const commits = vi.spyOn(store, 'commit');
    const summary = await sendImport(
      {
        kind: 'corpus',
        label: 'corpus.jsonl',
        documents: [...docs(600), original],
        history: [],
        settings: null,
      },
      { connect, onProgress: (p) => progress.push(p), pause: async () => {} },
    );
    expect(summary).toEqual({ added: 601, replaced: 0, history: 0, corpusSize: 606 });
    expect(commits).toHaveBeenCalledTimes(1);
    const phases = [...new Set(progress.map((p) => p.phase))];
    expect(phases).toEqual(['sending', 'receiving', 'indexing', 'writing']);
    const indexing = progress.filter((p) => p.phase === 'indexing');
    // Indexing 601 documents yields several times (5 ms slices), each reporting its count.
    expect(indexing.length).toBeGreaterThan(2);
    expect(indexing.at(-1)).toEqual({ phase: 'indexing', done: 601, total: 601 });
    expect(indexing.map((p) => p.done)).toEqual(
      [...indexing.map((p) => p.done)].sort((a, b) => a - b),
    );
    expect(pendingAtSerialize.length).toBeGreaterThan(0);
    expect(pendingAtSerialize).not.toContain(true);

    const copy = await analyse(1, report('https://autre.example/copie', COPY_TEXT));
    expect(copy.sources[0]!.id).toBe('lyon-velo');
    const listing = readCorpusListing(await call<CorpusListingMessage>('list-corpus', {}));
    expect(listing.documents).toHaveLength(606);
    // Importing the same file again replaces.
    const again = await sendImport(
      { kind: 'corpus', label: 'corpus.jsonl', documents: [original], history: [], settings: null },
      { connect, pause: async () => {} },
    );
    expect(again).toMatchObject({ added: 0, replaced: 1 });
  });

  it.each([
    [
      'a malformed document',
      (send: Send) => {
        send('import-begin', begin(1));
        send('import-chunk', { documents: [{ id: 'x', text: 42 } as never], history: [] });
      },
      /^bad-message: import-chunk: payload.documents\[0\].text: expected a string/,
    ],
    [
      'more records than announced',
      (send: Send) => {
        send('import-begin', begin(1));
        send('import-chunk', {
          documents: [readerDoc('a', 'Un texte.'), readerDoc('b', 'Un autre.')],
          history: [],
        });
      },
      /more records than announced/,
    ],
    [
      'a commit before the last chunk',
      (send: Send) => {
        send('import-begin', begin(2));
        send('import-chunk', { documents: [readerDoc('a', 'Un texte.')], history: [] });
        send('import-commit', {});
      },
      /records missing before commit/,
    ],
    [
      'a bundled document’s id',
      (send: Send) => {
        send('import-begin', begin(1));
        send('import-chunk', { documents: [readerDoc(WIRE, 'Un texte.')], history: [] });
        send('import-commit', {});
      },
      /^invalid-data: wire\.jsonl: "000_d7a5d4be53ae19f7" is the id of a bundled document/,
    ],
    [
      'an unknown message',
      (send: Send) => send('drop-everything' as never, {} as never),
      /^bad-message: unknown message "drop-everything"/,
    ],
  ])('refuses %s with a message, writing nothing', async (_name, script, message) => {
    const { connect, call, store } = await setup();
    await call('list-corpus', {});
    const before = await snapshot(store);
    const failure = await rawSession(connect, script);
    expect(`${failure.code}: ${failure.message}`).toMatch(message);
    expect(await snapshot(store)).toEqual(before);
  });

  it('writes nothing when the page closes before committing', async () => {
    const { connect, call, store } = await setup();
    await call('list-corpus', {});
    const before = await snapshot(store);
    const page = connect();
    page.postMessage(
      portMessage<OptionsToBackgroundPort, 'import-begin'>('import-begin', begin(2)),
    );
    page.postMessage(
      portMessage<OptionsToBackgroundPort, 'import-chunk'>('import-chunk', {
        documents: [readerDoc('a', 'Un texte.')],
        history: [],
      }),
    );
    await new Promise((r) => setTimeout(r, 10));
    page.disconnect();
    await new Promise((r) => setTimeout(r, 10));
    expect(await snapshot(store)).toEqual(before);
  });

  it('reports a storage quota error naming the import, and writes nothing', async () => {
    const { connect, call, store, analyse } = await setup();
    await call('list-corpus', {});
    const before = await snapshot(store);
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'texts' && args[1] === 'doc-150') {
        throw new DOMException('quota', 'QuotaExceededError');
      }
      return put.apply(this, args);
    });
    const error = await sendImport(
      { kind: 'corpus', label: 'big.jsonl', documents: docs(300), history: [], settings: null },
      { connect, pause: async () => {} },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferError);
    expect((error as TransferError).code).toBe('storage');
    expect((error as TransferError).message).toBe(
      'big.jsonl: the browser has no storage space left for Déjà lu (quota exceeded); nothing was saved',
    );
    vi.restoreAllMocks();
    expect(await snapshot(store)).toEqual(before);
    // The background is still consistent: its index is the database's, without the import.
    const analysis = await analyse(1, wireCopy());
    expect(analysis.corpusSize).toBe(5);
  });

  it('refuses ports from anything but an extension page', async () => {
    const { service } = await setup();
    const { page, background } = portPair();
    let closed = false;
    page.onDisconnect(() => (closed = true));
    service.handleConnection(background, {
      id: EXT_ID,
      url: 'https://evil.example/',
      tab: { id: 3 },
    });
    expect(closed).toBe(true);
  });

  it('exports, deletes everything, imports the export: the same data again', async () => {
    const { connect, call, browser, analyse } = await setup();
    browser.reports.set(1, report(ORIGINAL_URL, ORIGINAL_TEXT, ORIGINAL_TITLE));
    await call('add-tab-to-corpus', { tabId: 1 });
    await sendImport(
      { kind: 'corpus', label: 'c.jsonl', documents: docs(30), history: [], settings: null },
      { connect, pause: async () => {} },
    );
    await analyse(2, wireCopy());
    await analyse(3, report('https://autre.example/copie', COPY_TEXT));
    await call('update-settings', { sharedThreshold: 0.6, useSeeds: false });
    // Analyses made with the seeds off find the reader's document only.
    const exported = await receiveExport({ documents: true, history: true }, { connect });
    expect(exported.documents).toHaveLength(31);
    expect(exported.history).toHaveLength(2);
    expect(exported.settings).toMatchObject({ sharedThreshold: 0.6, useSeeds: false });
    const listingBefore = await call('list-corpus', {});
    const historyBefore = await call('list-history', {});

    await call('delete-everything', { confirmed: true });
    expect(await call('list-history', {})).toEqual([]);

    const summary = await sendImport(
      {
        kind: 'backup',
        label: 'deja-lu-export.json',
        documents: exported.documents.map(({ id, text, title, url, series, date, addedAt }) => ({
          id,
          text,
          title: title ?? null,
          url: url ?? null,
          series: series ?? null,
          date: date ?? null,
          addedAt,
        })),
        history: exported.history,
        settings: exported.settings,
      },
      { connect, pause: async () => {} },
    );
    expect(summary).toEqual({ added: 31, replaced: 0, history: 2, corpusSize: 31 });
    expect(await call('list-corpus', {})).toEqual(listingBefore);
    expect(await call('list-history', {})).toEqual(historyBefore);
    const again = await receiveExport({ documents: true, history: true }, { connect });
    expect(again).toEqual(exported);
  });
});

type Send = <K extends keyof OptionsToBackgroundPort>(
  type: K,
  payload: OptionsToBackgroundPort[K],
) => void;

function begin(documents: number): OptionsToBackgroundPort['import-begin'] {
  return { kind: 'corpus', label: 'wire.jsonl', documents, history: 0, settings: null };
}

/** Runs raw port messages and returns the background's first `failed` message. */
function rawSession(
  connect: () => TransferPort,
  script: (send: Send) => void,
): Promise<{ code: string; message: string }> {
  return new Promise((resolve, reject) => {
    const page = connect();
    const timer = setTimeout(() => reject(new Error('no failure reported')), 2000);
    page.onMessage((raw) => {
      const message = raw as { type: string; payload: { code: string; message: string } };
      if (message.type === 'failed') {
        clearTimeout(timer);
        resolve(message.payload);
      }
    });
    script((type, payload) => page.postMessage({ channel: CHANNEL, type, payload }));
  });
}
