/**
 * The seed corpus as the extension bundles it: seeds/*.txt inlined by Vite at build time,
 * described by seeds/manifest.json and turned into corpus documents by lib/seeds.ts (as the
 * CLI does from disk). The background writes them to IndexedDB on install
 * (`DejaLuStore.installSeeds`).
 */
import manifest from '../../seeds/manifest.json';
import { parseSeedManifest, seedDocuments, type SeedManifest } from '../seeds';
import type { CorpusDocument } from '../types';

/**
 * A fingerprint of the seeds (their ids and content hashes): when an update changes it,
 * the seeds in the database are rewritten.
 */
export function seedsFingerprint(seedManifest: Pick<SeedManifest, 'documents'>): string {
  return seedManifest.documents.map((d) => `${d.id}:${d.sha256.slice(0, 16)}`).join(',');
}

/** Reads a bundled seed file; a build without one of its seeds must not ship. */
export function bundledFileReader(
  files: Readonly<Record<string, string>>,
): (file: string) => string {
  return (file) => {
    const text = files[file];
    if (text === undefined) throw new Error(`seed file ${file} is not bundled`);
    return text;
  };
}

/** The seed files' texts, keyed by file name ('000_….txt'). */
function bundledFiles(): Record<string, string> {
  const modules: Record<string, string> = import.meta.glob('/seeds/*.txt', {
    query: '?raw',
    import: 'default',
    eager: true,
  });
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(modules)) files[path.slice('/seeds/'.length)] = text;
  return files;
}

/** The bundled seed corpus and its fingerprint. */
export function bundledSeeds(): { documents: CorpusDocument[]; fingerprint: string } {
  const seedManifest = parseSeedManifest(manifest);
  return {
    documents: seedDocuments(seedManifest, bundledFileReader(bundledFiles())),
    fingerprint: seedsFingerprint(seedManifest),
  };
}
