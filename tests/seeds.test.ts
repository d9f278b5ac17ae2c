/**
 * seeds/ is data: the manifest must describe exactly the files beside it, and the files must
 * be the shared copies byte for byte.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seedsDir = path.join(repoRoot, 'seeds');
const sharedSeedsDir = path.resolve(repoRoot, '../shared/seeds');

interface ManifestDocument {
  id: string;
  file: string;
  sha256: string;
  title: string;
  language: string;
  date: string;
}

const manifest = JSON.parse(readFileSync(path.join(seedsDir, 'manifest.json'), 'utf8')) as {
  documents: ManifestDocument[];
};
const seedFiles = readdirSync(seedsDir)
  .filter((name) => name.endsWith('.txt'))
  .sort();
const bytesOf = (name: string): Buffer => readFileSync(path.join(seedsDir, name));
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function duplicates(values: string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

describe('seeds/manifest.json', () => {
  it('has seed files to describe', () => {
    expect(seedFiles.length).toBeGreaterThan(0);
    expect(Array.isArray(manifest.documents)).toBe(true);
  });

  it('gives every document its fields, with the expected types and shapes', () => {
    for (const document of manifest.documents) {
      expect(typeof document.id, JSON.stringify(document)).toBe('string');
      expect(document.file).toMatch(/^[^/\\]+\.txt$/);
      expect(document.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(typeof document.title).toBe('string');
      expect(document.title.trim()).not.toBe('');
      expect(document.language).toMatch(/^[a-z]{2}$/);
      expect(document.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('lists every seed file, and only files that exist', () => {
    const listed = manifest.documents.map((document) => document.file).sort();
    expect(listed).toEqual(seedFiles);
  });

  it('names each document after its file, without the extension', () => {
    for (const document of manifest.documents) {
      expect(document.id).toBe(document.file.replace(/\.txt$/, ''));
    }
  });

  it('records the sha256 of each file', () => {
    for (const document of manifest.documents) {
      expect(sha256(bytesOf(document.file)), document.file).toBe(document.sha256);
    }
  });

  it('has no duplicate ids, files, titles or contents', () => {
    expect(duplicates(manifest.documents.map((document) => document.id))).toEqual([]);
    expect(duplicates(manifest.documents.map((document) => document.file))).toEqual([]);
    expect(duplicates(manifest.documents.map((document) => document.title))).toEqual([]);
    expect(duplicates(seedFiles.map((name) => sha256(bytesOf(name))))).toEqual([]);
  });
});

describe('seeds/*.txt', () => {
  it('are non-empty UTF-8 text', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (const name of seedFiles) {
      const text = decoder.decode(bytesOf(name));
      expect(text.trim().length, name).toBeGreaterThan(0);
      expect(text.includes('\u0000'), name).toBe(false);
    }
  });

  it('contain their manifest title as one of their lines', () => {
    for (const document of manifest.documents) {
      const lines = bytesOf(document.file)
        .toString('utf8')
        .split('\n')
        .map((line) => line.trim());
      expect(lines, document.file).toContain(document.title);
    }
  });

  it.skipIf(!existsSync(sharedSeedsDir))(
    `are byte-identical to ${sharedSeedsDir} (skipped when that folder is absent, outside the shared setup)`,
    () => {
      for (const name of seedFiles) {
        const shared = path.join(sharedSeedsDir, name);
        expect(existsSync(shared), `${name} is missing from ${sharedSeedsDir}`).toBe(true);
        expect(
          bytesOf(name).equals(readFileSync(shared)),
          `${name} differs from the shared copy`,
        ).toBe(true);
      }
    },
  );
});
