/**
 * A version-1 database, written by version 1's code (tests/fixtures/ext-db-v1.ts), opened by
 * the current code: every record is kept, the texts move to their own store, the index that
 * held them is dropped and rebuilt on first use, and the upgraded database analyses pages.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { CorpusIndex, decodeIndexColumns } from '@/lib/engine';
import { DB_VERSION, DejaLuStore, openDeja, type StoredAnnotation } from '@/lib/ext/db';
import { engine } from '@/lib/ext/engine-adapter';
import { CHANNEL, type TabAnalysis } from '@/lib/ext/protocol';
import { bundledSeeds } from '@/lib/ext/seeds';
import { createBackgroundService, type BrowserPort } from '@/lib/ext/service';
import { DEFAULT_SETTINGS } from '@/lib/ext/settings';
import { installSeedsV1, openV1, type V1Document } from './fixtures/ext-db-v1';
import { republishedReport } from './ext-fixtures';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const READER_DOC: V1Document = {
  id: 'https://example.org/mine',
  text: 'Mon article\n\nUne phrase écrite par la lectrice pour son propre corpus de presse.',
  title: 'Mon article',
  url: 'https://example.org/mine',
  series: 'Exemple',
  date: null,
  origin: 'reader',
  addedAt: 42,
};

/** A page annotation as version 1 saved it: no analysed text, no metadata. */
const V1_ANNOTATION = {
  url: 'http://127.0.0.1/old.html',
  analysedAt: 7,
  page: {
    url: 'http://127.0.0.1/old.html',
    title: 'Ancien',
    siteName: null,
    byline: null,
    publishedTime: null,
  },
  annotation: {
    id: 'http://127.0.0.1/old.html',
    title: 'Ancien',
    sentences: [],
    boilerplate: [],
    credit: null,
    stats: { sentences: 0, shared: 0, sharedRatio: 0 },
  },
  sources: [],
  corpusRevision: 1,
};

/** Writes a version-1 database the way version 1 did, and closes it. */
async function writeV1(name: string) {
  const { documents, fingerprint } = bundledSeeds();
  const db = await openV1(name);
  await installSeedsV1(db, documents, fingerprint, 100);
  await db.put('documents', READER_DOC);
  const index = new CorpusIndex();
  for (const d of [...documents, READER_DOC]) index.add(d);
  await db.put(
    'index',
    { revision: 1, documents: index.size, builtAt: 100, data: index.serialize() },
    'corpus',
  );
  await db.put('annotations', V1_ANNOTATION);
  await db.put('settings', { version: 1, autoAnalyse: true, highlight: false }, 'settings');
  db.close();
  const seeds = documents.map((d) => ({ ...d, origin: 'seed' as const, addedAt: 100 }));
  return { documents: [...seeds, READER_DOC], fingerprint };
}

function fakeBrowser(): BrowserPort {
  const report = republishedReport();
  return {
    runtimeId: 'ext',
    extensionOrigin: 'chrome-extension://ext/',
    injectPageScript: async () => {},
    insertHighlightCss: async () => {},
    callTab: () => async (type) =>
      type === 'extract-article'
        ? { ok: true, value: report as never }
        : { ok: true, value: { visible: true, located: 0 } as never },
    setBadge: async () => {},
    hasHostAccess: async () => false,
    hasAllHostAccess: async () => false,
  };
}

describe('upgrade from version 1', () => {
  it('keeps every record: documents (texts in their own store), annotations, settings, meta', async () => {
    const written = await writeV1('deja-lu');
    const store = new DejaLuStore(await openDeja('deja-lu'));
    expect(store.db.version).toBe(DB_VERSION);

    const listed = await store.listDocuments();
    expect(listed.map((d) => d.id).sort()).toEqual(written.documents.map((d) => d.id).sort());
    const texts = await store.getTexts(written.documents.map((d) => d.id));
    for (const d of written.documents) {
      expect(texts.get(d.id)).toBe(d.text);
      const info = listed.find((l) => l.id === d.id)!;
      expect(info).not.toHaveProperty('text');
      expect(info.size).toBe(new TextEncoder().encode(d.text).length);
      expect(info).toMatchObject({ origin: d.origin, addedAt: d.addedAt, title: d.title });
    }
    expect(await store.getAnnotation(V1_ANNOTATION.url)).toEqual(V1_ANNOTATION);
    expect(await store.getSettings()).toEqual({
      ...DEFAULT_SETTINGS,
      autoAnalyse: true,
      highlight: false,
    });
    expect(await store.getCorpusMeta()).toEqual({
      revision: 1,
      seedsFingerprint: written.fingerprint,
    });
    // The version-1 index held every text: dropped, to be rebuilt without them.
    expect(await store.getIndex()).toBeUndefined();
    store.db.close();
  });

  it('then analyses pages against the upgraded corpus, the reader’s document included', async () => {
    await writeV1('deja-lu');
    const store = new DejaLuStore(await openDeja('deja-lu'));
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
      browser: fakeBrowser(),
      seeds: bundledSeeds,
    });
    const answer = await service.handleMessage(
      { channel: CHANNEL, type: 'analyse-tab', payload: { tabId: 1 } },
      { id: 'ext', url: 'chrome-extension://ext/popup.html' },
    );
    expect(answer?.ok).toBe(true);
    const analysis = (answer as { value: TabAnalysis }).value;
    expect(analysis.kind).toBe('article');
    if (analysis.kind !== 'article') return;
    expect(analysis.corpusSize).toBe(6);
    expect(analysis.sources[0]!.id).toBe('000_d7a5d4be53ae19f7');
    expect(created).toBe(1);
    const stored = await store.getIndex();
    expect(stored).toMatchObject({ revision: 1, documents: 6 });
    // The new index keeps no text.
    const columns = decodeIndexColumns(await (stored!.data as Blob).arrayBuffer());
    expect(columns.strings).toContain(READER_DOC.id);
    expect(JSON.stringify(columns)).not.toContain('la plus grande');
    // The saved analysis keeps its text now.
    const saved = (await store.getAnnotation(analysis.page.url)) as StoredAnnotation;
    expect(saved.text).toBe(republishedReport().text);
  });
});
