import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DB_VERSION, DejaLuStore, openDeja, type StoredAnnotation } from '@/lib/ext/db';
import { DEFAULT_SETTINGS } from '@/lib/ext/settings';
import type { CorpusDocument } from '@/lib/types';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const seed = (id: string, text = `Texte de ${id}.`): CorpusDocument => ({
  id,
  text,
  title: id,
  series: null,
  date: null,
  url: null,
});

function annotationRecord(url: string, analysedAt: number): StoredAnnotation {
  return {
    url,
    analysedAt,
    page: { url, title: null, siteName: null, byline: null, publishedTime: null },
    annotation: {
      id: url,
      title: null,
      sentences: [],
      boilerplate: [],
      credit: null,
      stats: { sentences: 0, shared: 0, sharedRatio: 0 },
    },
    sources: [],
    corpusRevision: 1,
  };
}

describe('openDeja', () => {
  it('creates every store at the current version', async () => {
    const db = await openDeja('test');
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(
      ['annotations', 'documents', 'index', 'meta', 'settings'].sort(),
    );
    db.close();
  });

  it('reopens an existing database without losing data', async () => {
    const first = new DejaLuStore(await openDeja('test'));
    await first.installSeeds([seed('a')], 'f1');
    first.db.close();
    const second = new DejaLuStore(await openDeja('test'));
    expect((await second.listDocuments()).map((d) => d.id)).toEqual(['a']);
    second.db.close();
  });
});

describe('settings', () => {
  it('defaults when nothing is stored, and round-trips', async () => {
    const store = new DejaLuStore(await openDeja('test'));
    expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
    await store.saveSettings({ ...DEFAULT_SETTINGS, autoAnalyse: true });
    expect((await store.getSettings()).autoAnalyse).toBe(true);
  });

  it('keeps valid fields of a damaged record and defaults the others', async () => {
    const store = new DejaLuStore(await openDeja('test'));
    await store.db.put(
      'settings',
      { version: 9, autoAnalyse: 'yes', highlight: false },
      'settings',
    );
    expect(await store.getSettings()).toEqual({ version: 1, autoAnalyse: false, highlight: false });
  });
});

describe('installSeeds', () => {
  it('installs once per fingerprint and bumps the corpus revision', async () => {
    const store = new DejaLuStore(await openDeja('test'));
    expect(await store.getCorpusMeta()).toEqual({ revision: 0, seedsFingerprint: null });
    expect(await store.installSeeds([seed('a'), seed('b')], 'f1', 100)).toBe(true);
    expect(await store.installSeeds([seed('a'), seed('b')], 'f1', 200)).toBe(false);
    expect(await store.getCorpusMeta()).toEqual({ revision: 1, seedsFingerprint: 'f1' });
    expect(await store.countDocuments()).toBe(2);
    const [a] = await store.listDocuments();
    expect(a).toMatchObject({ id: 'a', origin: 'seed', addedAt: 100 });
  });

  it("replaces seeds on a new fingerprint but keeps the reader's documents", async () => {
    const store = new DejaLuStore(await openDeja('test'));
    await store.installSeeds([seed('a'), seed('b')], 'f1');
    await store.db.put('documents', { ...seed('mine'), origin: 'reader', addedAt: 1 });
    await store.installSeeds([seed('b', 'Nouveau texte.'), seed('c')], 'f2');
    const docs = await store.listDocuments();
    expect(docs.map((d) => d.id).sort()).toEqual(['b', 'c', 'mine']);
    expect(docs.find((d) => d.id === 'b')!.text).toBe('Nouveau texte.');
    expect((await store.getCorpusMeta()).revision).toBe(2);
  });

  it('looks documents up by id', async () => {
    const store = new DejaLuStore(await openDeja('test'));
    await store.installSeeds([seed('a'), seed('b')], 'f1');
    const found = await store.getDocuments(['b', 'missing']);
    expect([...found.keys()]).toEqual(['b']);
  });
});

describe('index and annotations', () => {
  it('stores the serialised index with typed arrays intact', async () => {
    const store = new DejaLuStore(await openDeja('test'));
    const data = { postings: new Uint32Array([1, 2, 3]) };
    await store.saveIndex({ revision: 4, documents: 2, builtAt: 5, data });
    const stored = await store.getIndex();
    expect(stored?.revision).toBe(4);
    expect((stored?.data as typeof data).postings).toBeInstanceOf(Uint32Array);
    expect([...(stored?.data as typeof data).postings]).toEqual([1, 2, 3]);
  });

  it('keeps one annotation per URL and drops the oldest beyond the cap', async () => {
    const store = new DejaLuStore(await openDeja('test'));
    await store.saveAnnotation(annotationRecord('https://a/1', 1), 2);
    await store.saveAnnotation(annotationRecord('https://a/2', 2), 2);
    await store.saveAnnotation(annotationRecord('https://a/1', 3), 2); // re-analysed: newest now
    await store.saveAnnotation(annotationRecord('https://a/3', 4), 2);
    expect(await store.getAnnotation('https://a/2')).toBeUndefined();
    expect((await store.getAnnotation('https://a/1'))?.analysedAt).toBe(3);
    expect(await store.getAnnotation('https://a/3')).toBeDefined();
  });
});
