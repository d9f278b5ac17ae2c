/**
 * The extension's IndexedDB database, owned by the background (no other context opens it).
 *
 * Stores:
 * - `documents`: the corpus (the bundled seeds, written on install; later, the reader's own).
 * - `index`: the corpus index, serialised, so that a background restart (a service worker
 *   stops after 30 s idle) loads it instead of re-indexing every document.
 * - `annotations`: the last annotation of each analysed page, by URL, capped in number.
 * - `settings`: the reader's settings record, validated when read.
 * - `meta`: the corpus revision (bumped on every corpus change; the index records the
 *   revision it was built from, which is how a stale index is detected) and the fingerprint
 *   of the seeds last installed.
 *
 * Versions only go up; each step of the upgrade ladder takes the previous version's
 * database to the next, so a reader who skipped versions runs every step in order.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Annotation, CorpusDocument } from '../types';
import type { PageInfo, RankedSource } from './protocol';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './settings';

export const DB_NAME = 'deja-lu';
export const DB_VERSION = 1;

/** How many page annotations are kept; the oldest go first. */
export const MAX_ANNOTATIONS = 500;

export type DocumentOrigin = 'seed' | 'reader';

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
}

export interface CorpusMeta {
  revision: number;
  /** Fingerprint of the bundled seeds last written, or null before the first install. */
  seedsFingerprint: string | null;
}

export interface DejaLuSchema extends DBSchema {
  documents: { key: string; value: StoredDocument; indexes: { 'by-origin': DocumentOrigin } };
  index: { key: 'corpus'; value: StoredIndex };
  annotations: { key: string; value: StoredAnnotation; indexes: { 'by-analysed-at': number } };
  settings: { key: 'settings'; value: unknown };
  meta: { key: 'corpus'; value: CorpusMeta };
}

export type DejaLuDatabase = IDBPDatabase<DejaLuSchema>;

/** Opens (creating or upgrading) the database. `name` is a seam for tests. */
export function openDeja(name = DB_NAME): Promise<DejaLuDatabase> {
  return openDB<DejaLuSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const documents = db.createObjectStore('documents', { keyPath: 'id' });
        documents.createIndex('by-origin', 'origin');
        db.createObjectStore('index');
        const annotations = db.createObjectStore('annotations', { keyPath: 'url' });
        annotations.createIndex('by-analysed-at', 'analysedAt');
        db.createObjectStore('settings');
        db.createObjectStore('meta');
      }
      // Next version: `if (oldVersion < 2) { ... }`, reading the v1 stores through the
      // upgrade transaction; never edit a step that has shipped.
    },
  });
}

const NO_META: CorpusMeta = { revision: 0, seedsFingerprint: null };

/** Typed operations on the database: the only code that knows the stores' layout. */
export class DejaLuStore {
  constructor(readonly db: DejaLuDatabase) {}

  async getSettings(): Promise<Settings> {
    return parseSettings(await this.db.get('settings', 'settings'));
  }

  async saveSettings(settings: Settings): Promise<void> {
    await this.db.put('settings', { ...DEFAULT_SETTINGS, ...settings }, 'settings');
  }

  async getCorpusMeta(): Promise<CorpusMeta> {
    return (await this.db.get('meta', 'corpus')) ?? NO_META;
  }

  async listDocuments(): Promise<StoredDocument[]> {
    return this.db.getAll('documents');
  }

  async countDocuments(): Promise<number> {
    return this.db.count('documents');
  }

  async getDocuments(ids: readonly string[]): Promise<Map<string, StoredDocument>> {
    const tx = this.db.transaction('documents');
    const found = await Promise.all(ids.map((id) => tx.store.get(id)));
    await tx.done;
    const byId = new Map<string, StoredDocument>();
    for (const doc of found) if (doc) byId.set(doc.id, doc);
    return byId;
  }

  /**
   * Writes the bundled seeds when their fingerprint differs from the one last installed:
   * new and changed seeds are put, seeds no longer bundled are removed, the reader's own
   * documents are kept, and the corpus revision goes up. Returns whether anything changed.
   */
  async installSeeds(
    seeds: readonly CorpusDocument[],
    fingerprint: string,
    now = Date.now(),
  ): Promise<boolean> {
    const tx = this.db.transaction(['documents', 'meta'], 'readwrite');
    const meta = (await tx.objectStore('meta').get('corpus')) ?? NO_META;
    if (meta.seedsFingerprint === fingerprint) {
      await tx.done;
      return false;
    }
    const documents = tx.objectStore('documents');
    const bundled = new Set(seeds.map((s) => s.id));
    const installed = await documents.index('by-origin').getAllKeys('seed');
    for (const id of installed) if (!bundled.has(id)) await documents.delete(id);
    for (const seed of seeds) await documents.put({ ...seed, origin: 'seed', addedAt: now });
    await tx
      .objectStore('meta')
      .put({ revision: meta.revision + 1, seedsFingerprint: fingerprint }, 'corpus');
    await tx.done;
    return true;
  }

  async getIndex(): Promise<StoredIndex | undefined> {
    return this.db.get('index', 'corpus');
  }

  async saveIndex(index: StoredIndex): Promise<void> {
    await this.db.put('index', index, 'corpus');
  }

  async getAnnotation(url: string): Promise<StoredAnnotation | undefined> {
    return this.db.get('annotations', url);
  }

  /** Saves a page's annotation (replacing the previous one), then drops the oldest beyond the cap. */
  async saveAnnotation(record: StoredAnnotation, max = MAX_ANNOTATIONS): Promise<void> {
    const tx = this.db.transaction('annotations', 'readwrite');
    await tx.store.put(record);
    let excess = (await tx.store.count()) - max;
    if (excess > 0) {
      let cursor = await tx.store.index('by-analysed-at').openCursor();
      while (cursor && excess > 0) {
        await cursor.delete();
        excess--;
        cursor = await cursor.continue();
      }
    }
    await tx.done;
  }
}
