/**
 * The extension's IndexedDB database, owned by the background (no other context opens it).
 *
 * Stores (version 2):
 * - `documents`: the corpus, one record per document without its text: id, title, outlet
 *   (`series`), date, URL, origin (bundled seed or the reader's), when it was added, its size.
 *   Small records, so the options page's list of 10,000 documents reads in milliseconds.
 * - `texts`: each document's text, by id. Read in full only to rebuild the index; an analysis
 *   reads the few documents its sentences are compared with.
 * - `index`: the corpus index without texts (packed-index.ts), so that a background restart
 *   (a service worker stops after 30 s idle) loads it instead of re-indexing every document.
 * - `annotations`: the last annotation of each analysed page, by URL, capped in number, with
 *   the analysed text (version 2; for the Web Annotation export's quote context).
 * - `settings`: the reader's settings record, validated when read.
 * - `meta`: the corpus revision (bumped on every corpus change; the index records the
 *   revision it was built from, which is how a stale index is detected) and the fingerprint
 *   of the seeds last installed.
 *
 * Every change to the corpus is one readwrite transaction over the stores it touches
 * (`commit`): documents, texts, the index and the revision are written together or not at all.
 * A failed write (a quota error, a value the browser cannot store) aborts the transaction and
 * comes back as a StorageError whose message says what happened.
 *
 * Versions only go up; each step of the upgrade ladder takes the previous version's
 * database to the next, so a reader who skipped versions runs every step in order.
 */
import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPObjectStore,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import type { Annotation, CorpusDocument } from '../types';
import type { PageInfo, PageMetadata, RankedSource } from './protocol';
import { parseSettings, type Settings } from './settings';

export const DB_NAME = 'deja-lu';
export const DB_VERSION = 2;

/** Requests queued in a transaction before waiting for one (see DejaLuStore.commit). */
const WRITE_BATCH = 400;

/** How many page annotations are kept; the oldest go first. */
export const MAX_ANNOTATIONS = 500;

export type DocumentOrigin = 'seed' | 'reader';

/** A corpus document as listed: everything but its text. */
export interface DocumentInfo {
  id: string;
  title: string | null;
  url: string | null;
  /** The outlet. */
  series: string | null;
  date: string | null;
  origin: DocumentOrigin;
  addedAt: number;
  /** The text's size in UTF-8 bytes. */
  size: number;
}

/** A corpus document with its text and where it came from: what is written. */
export interface StoredDocument extends CorpusDocument {
  origin: DocumentOrigin;
  addedAt: number;
}

/** The serialised corpus index and the corpus revision it reflects. */
export interface StoredIndex<Data = unknown> {
  revision: number;
  documents: number;
  builtAt: number;
  data: Data;
}

export interface StoredAnnotation {
  url: string;
  analysedAt: number;
  page: PageInfo;
  annotation: Annotation;
  sources: RankedSource[];
  corpusRevision: number;
  /** The analysed text (offsets point into it); absent from records of version 1. */
  text?: string;
  /** What the page's metadata said; absent from records of version 1. */
  metadata?: PageMetadata;
}

export interface CorpusMeta {
  revision: number;
  /** Fingerprint of the bundled seeds last written, or null before the first install. */
  seedsFingerprint: string | null;
}

export interface DejaLuSchema extends DBSchema {
  documents: { key: string; value: DocumentInfo; indexes: { 'by-origin': DocumentOrigin } };
  texts: { key: string; value: string };
  index: { key: 'corpus'; value: StoredIndex };
  annotations: { key: string; value: StoredAnnotation; indexes: { 'by-analysed-at': number } };
  settings: { key: 'settings'; value: unknown };
  meta: { key: 'corpus'; value: CorpusMeta };
}

export type DejaLuDatabase = IDBPDatabase<DejaLuSchema>;

/** Opens (creating or upgrading) the database. `name` is a seam for tests. */
export function openDeja(name = DB_NAME): Promise<DejaLuDatabase> {
  return openDB<DejaLuSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        const documents = db.createObjectStore('documents', { keyPath: 'id' });
        documents.createIndex('by-origin', 'origin');
        db.createObjectStore('index');
        const annotations = db.createObjectStore('annotations', { keyPath: 'url' });
        annotations.createIndex('by-analysed-at', 'analysedAt');
        db.createObjectStore('settings');
        db.createObjectStore('meta');
      }
      if (oldVersion < 2) {
        // Texts move to their own store; documents keep their metadata and gain a size. The
        // version-1 index held every text: it is dropped and rebuilt without them on next use.
        db.createObjectStore('texts');
        void splitTexts(transaction as unknown as UpgradeTransaction);
      }
      // Next version: `if (oldVersion < 3) { ... }`, reading the v2 stores through the
      // upgrade transaction; never edit a step that has shipped.
    },
  });
}

type UpgradeTransaction = IDBPTransaction<
  DejaLuSchema,
  StoreNames<DejaLuSchema>[],
  'versionchange'
>;

/** Upgrade step 1 → 2, inside the version-change transaction. */
async function splitTexts(tx: UpgradeTransaction): Promise<void> {
  const texts = tx.objectStore('texts');
  const documents = tx.objectStore('documents');
  await tx.objectStore('index').delete('corpus');
  let cursor = await documents.openCursor();
  while (cursor) {
    const v1 = cursor.value as unknown as StoredDocument;
    await texts.put(v1.text, v1.id);
    await cursor.update(documentInfo(v1));
    cursor = await cursor.continue();
  }
}

const encoder = new TextEncoder();

/** The listed part of a document. */
export function documentInfo(doc: StoredDocument): DocumentInfo {
  return {
    id: doc.id,
    title: doc.title ?? null,
    url: doc.url ?? null,
    series: doc.series ?? null,
    date: doc.date ?? null,
    origin: doc.origin,
    addedAt: doc.addedAt,
    size: encoder.encode(doc.text).length,
  };
}

const NO_META: CorpusMeta = { revision: 0, seedsFingerprint: null };

/** A write the browser refused (storage full, or a value it cannot store). */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly quota: boolean,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** Turns a failed transaction's error into a StorageError with a message for the reader. */
export function storageError(error: unknown): StorageError {
  const name = (error as { name?: unknown } | null)?.name;
  const detail = error instanceof Error || error instanceof DOMException ? error.message : '';
  if (name === 'QuotaExceededError') {
    return new StorageError(
      'the browser has no storage space left for Déjà lu (quota exceeded); nothing was saved',
      true,
    );
  }
  return new StorageError(
    `the browser refused to save the data${detail ? ` (${detail})` : ''}; nothing was saved`,
    false,
  );
}

/** One corpus change, written in one transaction (see DejaLuStore.commit). */
export interface CorpusCommit {
  /** The revision the change was computed from; the commit fails if another changed it. */
  baseRevision: number;
  /** Documents to write (added, or replacing the document with the same id). */
  put?: readonly StoredDocument[];
  /** Documents to delete, with their texts. */
  delete?: readonly string[];
  /** The index after the change, or null to drop the stored one. */
  index: Omit<StoredIndex, 'revision'> | null;
  /** The bundled seeds' fingerprint, when this change installs them. */
  seedsFingerprint?: string;
  /** Settings to write in the same transaction (undefined: unchanged; null: reset). */
  settings?: Settings | null;
  /** Page annotations to write (a restored export). */
  history?: readonly StoredAnnotation[];
  /** Delete every page annotation first. */
  clearHistory?: boolean;
}

/** A page of records for streaming (export), after a key. */
export interface RecordPage<T> {
  records: T[];
  /** The key to continue after, or null at the end. */
  next: string | null;
}

/** What the options page lists of an analysed page. */
export interface HistorySummary {
  url: string;
  title: string | null;
  siteName: string | null;
  analysedAt: number;
  sentences: number;
  shared: number;
  sharedRatio: number;
}

/** Typed operations on the database: the only code that knows the stores' layout. */
export class DejaLuStore {
  constructor(readonly db: DejaLuDatabase) {}

  async getSettings(): Promise<Settings> {
    return parseSettings(await this.db.get('settings', 'settings'));
  }

  async saveSettings(settings: Settings): Promise<void> {
    await this.write(['settings'], (tx) => tx.objectStore('settings').put(settings, 'settings'));
  }

  async getCorpusMeta(): Promise<CorpusMeta> {
    return (await this.db.get('meta', 'corpus')) ?? NO_META;
  }

  /** Every document's listed part (no text). */
  async listDocuments(): Promise<DocumentInfo[]> {
    return this.db.getAll('documents');
  }

  /** Every document's id (one request: 10,000 `get`s cost half a second in Firefox). */
  async documentIds(): Promise<Set<string>> {
    return new Set(await this.db.getAllKeys('documents'));
  }

  async countDocuments(): Promise<number> {
    return this.db.count('documents');
  }

  async getDocuments(ids: readonly string[]): Promise<Map<string, DocumentInfo>> {
    const tx = this.db.transaction('documents');
    const found = await Promise.all(ids.map((id) => tx.store.get(id)));
    await tx.done;
    const byId = new Map<string, DocumentInfo>();
    for (const doc of found) if (doc) byId.set(doc.id, doc);
    return byId;
  }

  /** The texts of these documents (those that exist). */
  async getTexts(ids: readonly string[]): Promise<Map<string, string>> {
    const tx = this.db.transaction('texts');
    const found = await Promise.all(ids.map((id) => tx.store.get(id)));
    await tx.done;
    const byId = new Map<string, string>();
    ids.forEach((id, i) => {
      const text = found[i];
      if (text !== undefined) byId.set(id, text);
    });
    return byId;
  }

  /** Up to `limit` documents with their texts, by id, after `after` (null: from the start). */
  async readDocuments(after: string | null, limit: number): Promise<RecordPage<StoredDocument>> {
    const range = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
    const tx = this.db.transaction(['documents', 'texts']);
    const infos = await tx.objectStore('documents').getAll(range, limit);
    const texts = await Promise.all(infos.map((d) => tx.objectStore('texts').get(d.id)));
    await tx.done;
    const records = infos.map((info, i): StoredDocument => ({
      id: info.id,
      text: texts[i] ?? '',
      title: info.title,
      url: info.url,
      series: info.series,
      date: info.date,
      origin: info.origin,
      addedAt: info.addedAt,
    }));
    return { records, next: infos.length === limit ? infos.at(-1)!.id : null };
  }

  /** The ids of the seed documents installed. */
  async installedSeedIds(): Promise<string[]> {
    return this.db.getAllKeysFromIndex('documents', 'by-origin', 'seed');
  }

  async getIndex(): Promise<StoredIndex | undefined> {
    return this.db.get('index', 'corpus');
  }

  /** Saves an index rebuilt for the current revision (no corpus change). */
  async saveIndex(index: StoredIndex): Promise<void> {
    await this.write(['index'], (tx) => tx.objectStore('index').put(index, 'corpus'));
  }

  /**
   * Writes one corpus change in one transaction over every store it touches: documents and
   * texts, the index, the revision (base + 1), and optionally settings and page annotations.
   * Fails, writing nothing, when the revision moved since `baseRevision`, or when the browser
   * refuses a write. Returns the new revision. `onProgress` hears how many requests are done.
   */
  async commit(change: CorpusCommit, onProgress?: (written: number) => void): Promise<number> {
    let revision = 0;
    await this.write(
      ['documents', 'texts', 'index', 'meta', 'settings', 'annotations'],
      async (tx) => {
        const metaStore = tx.objectStore('meta');
        const meta = (await metaStore.get('corpus')) ?? NO_META;
        if (meta.revision !== change.baseRevision) {
          throw new Error(
            `the corpus changed meanwhile (revision ${meta.revision}, expected ${change.baseRevision})`,
          );
        }
        revision = meta.revision + 1;
        const documents = tx.objectStore('documents');
        const texts = tx.objectStore('texts');
        // Requests are queued without waiting for each other (IndexedDB runs them in order),
        // and each is marked handled at once so that, if one fails and the transaction aborts,
        // the others' rejections are not reported as unhandled. Every WRITE_BATCH requests the
        // queue waits for the last one: the transaction stays active (the next batch is queued
        // from its success) and the thread is free in between. Queuing 20,000 puts at once
        // (an import of 10,000 documents) cloned 35 MB in one task, and in Firefox, where the
        // background shares its thread with the options page, froze the page for 2 s.
        const writes: Promise<unknown>[] = [];
        let pending = 0;
        const queue = async (request: Promise<unknown>) => {
          request.catch(() => undefined);
          writes.push(request);
          if (++pending % WRITE_BATCH === 0) {
            await request;
            onProgress?.(pending);
          }
        };
        for (const id of change.delete ?? []) {
          await queue(documents.delete(id));
          await queue(texts.delete(id));
        }
        for (const doc of change.put ?? []) {
          await queue(documents.put(documentInfo(doc)));
          await queue(texts.put(doc.text, doc.id));
        }
        const indexStore = tx.objectStore('index');
        await queue(
          change.index
            ? indexStore.put({ ...change.index, revision }, 'corpus')
            : indexStore.delete('corpus'),
        );
        await queue(
          metaStore.put(
            { revision, seedsFingerprint: change.seedsFingerprint ?? meta.seedsFingerprint },
            'corpus',
          ),
        );
        if (change.settings === null) await queue(tx.objectStore('settings').delete('settings'));
        else if (change.settings) {
          await queue(tx.objectStore('settings').put(change.settings, 'settings'));
        }
        const annotations = tx.objectStore('annotations');
        if (change.clearHistory) await queue(annotations.clear());
        for (const record of change.history ?? []) await queue(annotations.put(record));
        await Promise.all(writes);
        onProgress?.(pending);
        if (change.history?.length) await trimAnnotations(annotations, MAX_ANNOTATIONS);
      },
    );
    return revision;
  }

  async getAnnotation(url: string): Promise<StoredAnnotation | undefined> {
    return this.db.get('annotations', url);
  }

  /** Saves a page's annotation (replacing the previous one), then drops the oldest beyond the cap. */
  async saveAnnotation(record: StoredAnnotation, max = MAX_ANNOTATIONS): Promise<void> {
    await this.write(['annotations'], async (tx) => {
      const store = tx.objectStore('annotations');
      await store.put(record);
      await trimAnnotations(store, max);
    });
  }

  /** The analysed pages, newest first, as listed (the annotations stay in the database). */
  async listHistory(): Promise<HistorySummary[]> {
    const summaries: HistorySummary[] = [];
    const tx = this.db.transaction('annotations');
    let cursor = await tx.store.index('by-analysed-at').openCursor(null, 'prev');
    while (cursor) {
      const { url, analysedAt, page, annotation } = cursor.value;
      summaries.push({
        url,
        title: page.title ?? annotation.title,
        siteName: page.siteName,
        analysedAt,
        ...annotation.stats,
      });
      cursor = await cursor.continue();
    }
    await tx.done;
    return summaries;
  }

  /** Up to `limit` page annotations, by URL, after `after` (null: from the start). */
  async readHistory(after: string | null, limit: number): Promise<RecordPage<StoredAnnotation>> {
    const range = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
    const records = await this.db.getAll('annotations', range, limit);
    return { records, next: records.length === limit ? records.at(-1)!.url : null };
  }

  async countHistory(): Promise<number> {
    return this.db.count('annotations');
  }

  /** Deletes these pages' annotations; returns how many existed. */
  async deleteHistory(urls: readonly string[]): Promise<number> {
    let deleted = 0;
    await this.write(['annotations'], async (tx) => {
      const store = tx.objectStore('annotations');
      for (const url of urls) {
        if ((await store.count(url)) > 0) {
          deleted++;
          await store.delete(url);
        }
      }
    });
    return deleted;
  }

  /** Deletes every page annotation; returns how many there were. */
  async clearHistory(): Promise<number> {
    let deleted = 0;
    await this.write(['annotations'], async (tx) => {
      const store = tx.objectStore('annotations');
      deleted = await store.count();
      await store.clear();
    });
    return deleted;
  }

  /**
   * Runs `body` in one readwrite transaction over `stores`. An exception in `body` aborts
   * the transaction; a failed request or commit rejects with a StorageError.
   */
  private async write<Names extends StoreNames<DejaLuSchema>[]>(
    stores: Names,
    body: (tx: IDBPTransaction<DejaLuSchema, Names, 'readwrite'>) => Promise<unknown> | unknown,
  ): Promise<void> {
    const tx = this.db.transaction(stores, 'readwrite');
    // The outcome of the transaction is read once, here: a rejected `done` is never unhandled.
    const done = tx.done.then(
      () => null,
      (error: unknown) => error ?? tx.error ?? new Error('transaction aborted'),
    );
    let failure: unknown = null;
    try {
      await body(tx);
    } catch (error) {
      failure = error;
      try {
        tx.abort();
      } catch {
        // Already aborted by the failed request.
      }
    }
    const outcome = await done;
    if (failure) {
      if (isStorageFailure(failure)) throw storageError(failure);
      throw failure;
    }
    if (outcome) throw storageError(outcome);
  }
}

/** A DOMException from IndexedDB itself, as opposed to our own checks. */
function isStorageFailure(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return (
    name === 'QuotaExceededError' ||
    name === 'DataCloneError' ||
    name === 'UnknownError' ||
    name === 'AbortError' ||
    name === 'ConstraintError' ||
    name === 'DataError'
  );
}

type AnnotationStore = IDBPObjectStore<
  DejaLuSchema,
  ArrayLike<StoreNames<DejaLuSchema>>,
  'annotations',
  'readwrite'
>;

/** Drops the oldest page annotations beyond `max`. */
async function trimAnnotations(store: AnnotationStore, max: number): Promise<void> {
  let excess = (await store.count()) - max;
  if (excess <= 0) return;
  let cursor = await store.index('by-analysed-at').openCursor();
  while (cursor && excess > 0) {
    await cursor.delete();
    excess--;
    cursor = await cursor.continue();
  }
}
