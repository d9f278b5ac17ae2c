import { describe, expect, it } from 'vitest';
import manifest from '@/seeds/manifest.json';
import { bundledFileReader, bundledSeeds, seedsFingerprint } from '@/lib/ext/seeds';

describe('bundledSeeds', () => {
  it('bundles every seed of the manifest, with its outlet as the series', () => {
    const { documents, fingerprint } = bundledSeeds();
    expect(documents.map((d) => d.id)).toEqual(manifest.documents.map((d) => d.id));
    for (const doc of documents) expect(doc.text.length).toBeGreaterThan(1000);
    expect(documents.find((d) => d.id === '001_2040835600123645')!.series).toBe('watson');
    expect(documents.find((d) => d.id === '000_d7a5d4be53ae19f7')!.series).toBeNull();
    expect(fingerprint).toBe(seedsFingerprint(manifest));
  });

  it('changes the fingerprint when a seed changes', () => {
    const changed = {
      documents: manifest.documents.map((d, i) =>
        i === 0 ? { ...d, sha256: `0${d.sha256.slice(1)}` } : d,
      ),
    };
    expect(seedsFingerprint(changed)).not.toBe(seedsFingerprint(manifest));
  });

  it('refuses a build that lost a seed file', () => {
    expect(() => bundledFileReader({})('000.txt')).toThrow(/not bundled/);
  });
});
