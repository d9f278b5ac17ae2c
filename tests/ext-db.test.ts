import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DB_VERSION,
  DejaLuStore,
  openDeja,
  StorageError,
  type CorpusCommit,
  type StoredAnnotation,
  type StoredDocument,
} from '@/lib/ext/db';
import { DEFAULT_SETTINGS } from '@/lib/ext/settings';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

afterEach(() => {
  vi.restoreAllMocks();
});

const doc = (
  id: string,
  text = `Texte de ${id}.`,
  origin: StoredDocument['origin'] = 'reader',
): StoredDocument => ({
  id,
  text,
  title: `Titre ${id}`,
  series: 'Le Courrier',
  date: '2024-03-01',
  url: null,
  origin,
  addedAt: 10,
});

function annotationRecord(url: string, analysedAt: number): StoredAnnotation {
  return {
    url,
    analysedAt,
    page: { url, title: `Page ${url}`, siteName: 'Site', byline: null, publishedTime: null },
    annotation: {
      id: url,
      title: null,
      sentences: [],
      boilerplate: [],
      credit: null,
      stats: { sentences: 4, shared: 1, sharedRatio: 0.25 },
    },
    sources: [],
    corpusRevision: 1,
    text: '',
  };
}

const index = { documents: 1, builtAt: 5, data: { postings: new Uint32Array([1, 2, 3]) } };

async function store(): Promise<DejaLuStore> {
  return new DejaLuStore(await openDeja('test'));
}

/** Everything in the database, to compare before and after a failed write. */
async function snapshot(s: DejaLuStore) {
  const names = ['documents', 'texts', 'index', 'annotations', 'settings', 'meta'] as const;
  const all: Record<string, unknown> = {};
  for (const name of names) {
    all[name] = {
      keys: await s.db.getAllKeys(name),
      values: await s.db.getAll(name),
    };
  }
  return all;
}

describe('openDeja', () => {
  it('creates every store at the current version', async () => {
    const db = await openDeja('test');
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBe(2);
    expect([...db.objectStoreNames].sort()).toEqual(
      ['annotations', 'documents', 'index', 'meta', 'settings', 'texts'].sort(),
    );
    db.close();
  });

  it('reopens an existing database without losing data', async () => {
    const first = await store();
    await first.commit({ baseRevision: 0, put: [doc('a')], index });
    first.db.close();
    const second = await store();
    expect((await second.listDocuments()).map((d) => d.id)).toEqual(['a']);
    expect((await second.getTexts(['a'])).get('a')).toBe('Texte de a.');
    second.db.close();
  });
});

describe('settings', () => {
  it('defaults when nothing is stored, and round-trips', async () => {
    const s = await store();
    expect(await s.getSettings()).toEqual(DEFAULT_SETTINGS);
    await s.saveSettings({ ...DEFAULT_SETTINGS, autoAnalyse: true, sharedThreshold: 0.7 });
    expect(await s.getSettings()).toMatchObject({ autoAnalyse: true, sharedThreshold: 0.7 });
  });

  it('keeps valid fields of a damaged record and defaults the others', async () => {
    const s = await store();
    await s.db.put(
      'settings',
      { version: 9, autoAnalyse: 'yes', highlight: false, sharedThreshold: 7 },
      'settings',
    );
    expect(await s.getSettings()).toEqual({ ...DEFAULT_SETTINGS, highlight: false });
  });
});

describe('documents and texts', () => {
  it('lists documents without their text, with their size in UTF-8 bytes', async () => {
    const s = await store();
    await s.commit({ baseRevision: 0, put: [doc('é', 'Déjà vu.')], index });
    const [listed] = await s.listDocuments();
    expect(listed).toEqual({
      id: 'é',
      title: 'Titre é',
      url: null,
      series: 'Le Courrier',
      date: '2024-03-01',
      origin: 'reader',
      addedAt: 10,
      size: 10,
    });
    expect(listed).not.toHaveProperty('text');
  });

  it('reads texts by id and pages of whole documents in id order', async () => {
    const s = await store();
    const ids = ['c', 'a', 'e', 'b', 'd'];
    await s.commit({ baseRevision: 0, put: ids.map((id) => doc(id)), index });
    expect([...(await s.getTexts(['b', 'missing', 'a'])).entries()]).toEqual([
      ['b', 'Texte de b.'],
      ['a', 'Texte de a.'],
    ]);
    const first = await s.readDocuments(null, 2);
    expect(first.records.map((d) => d.id)).toEqual(['a', 'b']);
    expect(first.records[0]).toEqual(doc('a'));
    const second = await s.readDocuments(first.next, 2);
    expect(second.records.map((d) => d.id)).toEqual(['c', 'd']);
    const last = await s.readDocuments(second.next, 2);
    expect(last).toEqual({ records: [doc('e')], next: null });
  });
});

describe('commit', () => {
  it('writes documents, texts, index, revision, settings and history together', async () => {
    const s = await store();
    const revision = await s.commit({
      baseRevision: 0,
      put: [doc('a'), doc('s', 'Graine.', 'seed')],
      index,
      seedsFingerprint: 'f1',
      settings: { ...DEFAULT_SETTINGS, useSeeds: false },
      history: [annotationRecord('https://a/1', 1)],
    });
    expect(revision).toBe(1);
    expect(await s.getCorpusMeta()).toEqual({ revision: 1, seedsFingerprint: 'f1' });
    expect(await s.getIndex()).toMatchObject({ revision: 1, documents: 1, builtAt: 5 });
    expect(await s.installedSeedIds()).toEqual(['s']);
    expect((await s.getSettings()).useSeeds).toBe(false);
    expect(await s.countHistory()).toBe(1);

    const next = await s.commit({ baseRevision: 1, delete: ['a'], index: null, settings: null });
    expect(next).toBe(2);
    expect((await s.listDocuments()).map((d) => d.id)).toEqual(['s']);
    expect((await s.getTexts(['a'])).size).toBe(0);
    expect(await s.getIndex()).toBeUndefined();
    expect(await s.getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await s.getCorpusMeta()).toEqual({ revision: 2, seedsFingerprint: 'f1' });
  });

  it('refuses a change computed from another revision, writing nothing', async () => {
    const s = await store();
    await s.commit({ baseRevision: 0, put: [doc('a')], index });
    const before = await snapshot(s);
    await expect(s.commit({ baseRevision: 0, put: [doc('b')], index })).rejects.toThrow(
      /changed meanwhile/,
    );
    expect(await snapshot(s)).toEqual(before);
  });

  it.each([
    ['QuotaExceededError', true, /no storage space left.*quota exceeded.*nothing was saved/],
    ['DataCloneError', false, /refused to save the data.*nothing was saved/],
  ])('a %s halfway through aborts the whole change and says so', async (name, quota, message) => {
    const s = await store();
    await s.commit({ baseRevision: 0, put: [doc('a')], index });
    const before = await snapshot(s);
    // The browser refuses the 30th text: 29 documents were already queued in the transaction.
    const put = IDBObjectStore.prototype.put;
    let texts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'texts' && ++texts === 30) throw new DOMException('refused', name);
      return put.apply(this, args);
    });
    const change: CorpusCommit = {
      baseRevision: 1,
      put: Array.from({ length: 50 }, (_, i) => doc(`n${i}`)),
      index,
      history: [annotationRecord('https://a/1', 1)],
    };
    const error = await s.commit(change).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).quota).toBe(quota);
    expect((error as Error).message).toMatch(message);
    vi.restoreAllMocks();
    expect(await snapshot(s)).toEqual(before);
  });
});

describe('history', () => {
  it('keeps one annotation per URL and drops the oldest beyond the cap', async () => {
    const s = await store();
    await s.saveAnnotation(annotationRecord('https://a/1', 1), 2);
    await s.saveAnnotation(annotationRecord('https://a/2', 2), 2);
    await s.saveAnnotation(annotationRecord('https://a/1', 3), 2); // re-analysed: newest now
    await s.saveAnnotation(annotationRecord('https://a/3', 4), 2);
    expect(await s.getAnnotation('https://a/2')).toBeUndefined();
    expect((await s.getAnnotation('https://a/1'))?.analysedAt).toBe(3);
    expect(await s.getAnnotation('https://a/3')).toBeDefined();
  });

  it('lists pages newest first with their title, site and shared share', async () => {
    const s = await store();
    await s.saveAnnotation(annotationRecord('https://a/old', 1));
    await s.saveAnnotation(annotationRecord('https://a/new', 5));
    expect(await s.listHistory()).toEqual([
      {
        url: 'https://a/new',
        title: 'Page https://a/new',
        siteName: 'Site',
        analysedAt: 5,
        sentences: 4,
        shared: 1,
        sharedRatio: 0.25,
      },
      expect.objectContaining({ url: 'https://a/old', analysedAt: 1 }),
    ]);
  });

  it('deletes some pages or all, and pages through the records', async () => {
    const s = await store();
    for (let i = 0; i < 5; i++) await s.saveAnnotation(annotationRecord(`https://a/${i}`, i));
    expect(await s.deleteHistory(['https://a/1', 'https://a/9'])).toBe(1);
    const page = await s.readHistory(null, 3);
    expect(page.records.map((r) => r.url)).toEqual(['https://a/0', 'https://a/2', 'https://a/3']);
    expect((await s.readHistory(page.next, 3)).records.map((r) => r.url)).toEqual(['https://a/4']);
    expect(await s.clearHistory()).toBe(4);
    expect(await s.countHistory()).toBe(0);
  });
});
