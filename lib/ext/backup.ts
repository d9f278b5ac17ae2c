/**
 * "Export everything": the reader's data as one versioned JSON document, and its check before
 * an import restores it.
 *
 *   {
 *     "format": "deja-lu-export", "version": 1, "exportedAt": "2026-11-21T12:00:00.000Z",
 *     "settings": { … },                                   settings.ts's fields
 *     "documents": [ { "id", "text", "title", "url", "series", "date", "addedAt" }, … ],
 *     "history": [ { "url", "analysedAt", "page", "annotation", "sources",
 *                    "corpusRevision", "text"?, "metadata"? }, … ]
 *   }
 *
 * `documents` are the reader's own (the bundled seeds come with the extension); `history` the
 * saved analyses, each with the analysed text its offsets point into. One record a line, so a
 * large export can be written in pieces (BackupWriter) and read by a person. An import
 * validates the whole document before anything is written, and refuses a newer version of
 * the format rather than half-understand it.
 */
import type { StoredAnnotation } from './db';
import {
  exportedDocument,
  settingsRecord,
  storedAnnotation,
  type ExportedDocument,
} from './records';
import type { Settings, SettingsPatch } from './settings';
import { array, literal, object, string, type Schema } from './validate';

export const BACKUP_FORMAT = 'deja-lu-export';
export const BACKUP_VERSION = 1;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
  settings: SettingsPatch;
  documents: ExportedDocument[];
  history: StoredAnnotation[];
}

const backupShape: Schema<Backup> = object({
  format: literal(BACKUP_FORMAT),
  version: ((value, path) =>
    value === BACKUP_VERSION ? null : `${path}: expected ${BACKUP_VERSION}`) as Schema<1>,
  exportedAt: string(100),
  settings: settingsRecord,
  documents: array(exportedDocument, 1_000_000),
  history: array(storedAnnotation, 1_000_000),
});

/**
 * Checks a parsed export; returns it, or throws an Error whose message is the problem in one
 * line ("documents[3].text: expected a string").
 */
export function parseBackup(value: unknown): Backup {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('not a Déjà lu export (expected a JSON object)');
  }
  const record = value as { format?: unknown; version?: unknown };
  if (record.format !== BACKUP_FORMAT) {
    throw new Error(`not a Déjà lu export (no "format": "${BACKUP_FORMAT}")`);
  }
  if (typeof record.version === 'number' && record.version > BACKUP_VERSION) {
    throw new Error(
      `made by a newer version of Déjà lu (export format ${record.version}; this version reads ${BACKUP_VERSION})`,
    );
  }
  const problem = backupShape(value, 'export');
  if (problem) throw new Error(problem.replace(/^export\./, ''));
  const backup = value as Backup;
  const seen = new Set<string>();
  for (const [i, doc] of backup.documents.entries()) {
    if (seen.has(doc.id)) throw new Error(`documents[${i}]: the id "${doc.id}" appears twice`);
    seen.add(doc.id);
  }
  return backup;
}

/**
 * Writes an export in pieces (for a Blob): the header, then records as they arrive, then the
 * end. The pieces joined are one JSON document, one record a line.
 */
export class BackupWriter {
  private readonly parts: string[] = [];
  private section: 'documents' | 'history' | null = null;
  private first = true;

  constructor(exportedAt: Date) {
    this.parts.push(
      `{"format":${JSON.stringify(BACKUP_FORMAT)},"version":${BACKUP_VERSION},` +
        `"exportedAt":${JSON.stringify(exportedAt.toISOString())},\n"documents":[`,
    );
    this.section = 'documents';
  }

  /** Adds documents; every document comes before the first history record. */
  documents(records: readonly ExportedDocument[]): void {
    if (this.section !== 'documents') throw new Error('documents after history');
    this.records(records);
  }

  history(records: readonly StoredAnnotation[]): void {
    if (this.section === 'documents') {
      this.parts.push('\n],\n"history":[');
      this.section = 'history';
      this.first = true;
    }
    this.records(records);
  }

  /** The pieces of the whole document, the settings last. */
  finish(settings: Settings): string[] {
    this.history([]);
    this.parts.push(`\n],\n"settings":${JSON.stringify(settings)}}\n`);
    this.section = null;
    return this.parts;
  }

  private records(records: readonly object[]): void {
    for (const record of records) {
      this.parts.push(`${this.first ? '\n' : ',\n'}${JSON.stringify(record)}`);
      this.first = false;
    }
  }
}
