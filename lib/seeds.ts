/**
 * The bundled seed corpus: seeds/manifest.json describes seeds/*.txt. The CLI reads the files
 * from disk, the extension bundles them; both turn them into corpus documents here.
 */
import type { CorpusDocument } from './types';

export interface SeedOutlet {
  name: string | null;
  country: string | null;
  kind: string;
  evidence: string;
}

export interface SeedEntry {
  id: string;
  file: string;
  sha256: string;
  title: string;
  language: string;
  role: string;
  outlet: SeedOutlet | null;
  date: string | null;
}

export interface SeedManifest {
  description: string;
  documents: SeedEntry[];
}

/** Checks the manifest's shape; throws with the first problem found. */
export function parseSeedManifest(data: unknown): SeedManifest {
  const manifest = data as SeedManifest;
  if (!manifest || !Array.isArray(manifest.documents))
    throw new Error('seed manifest: no documents list');
  for (const [i, d] of manifest.documents.entries()) {
    for (const key of ['id', 'file', 'sha256', 'title', 'language'] as const) {
      if (typeof d?.[key] !== 'string' || d[key] === '') {
        throw new Error(`seed manifest: documents[${i}].${key} must be a non-empty string`);
      }
    }
  }
  return manifest;
}

/** The seeds as corpus documents, given a way to read a seed file's text. */
export function seedDocuments(
  manifest: SeedManifest,
  readText: (file: string) => string,
): CorpusDocument[] {
  return manifest.documents.map((entry) => ({
    id: entry.id,
    text: readText(entry.file),
    title: entry.title,
    series: entry.outlet?.name ?? null,
    date: entry.date,
    url: null,
  }));
}
