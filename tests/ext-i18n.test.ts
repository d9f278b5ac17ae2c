import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '@/public/_locales/en/messages.json';
import fr from '@/public/_locales/fr/messages.json';
import { catalogTranslator, formatMessage, formatPercent, type CatalogEntry } from '@/lib/ext/i18n';

const catalogs: Record<string, Record<string, CatalogEntry>> = { en, fr };

describe('message catalogues', () => {
  it('have the same keys in English and French', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('use valid message names and declare every placeholder they use', () => {
    for (const [lang, catalog] of Object.entries(catalogs)) {
      for (const [key, entry] of Object.entries(catalog)) {
        expect(key, `${lang}.${key}`).toMatch(/^[A-Za-z0-9_]+$/);
        const used = [...entry.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) =>
          m[1]!.toLowerCase(),
        );
        expect(used.sort(), `${lang}.${key}`).toEqual(Object.keys(entry.placeholders ?? {}).sort());
      }
    }
  });

  it('give French its typography: no plain space before a colon', () => {
    for (const entry of Object.values(fr)) expect(entry.message).not.toMatch(/ [:;!?]/);
  });

  it('cover every message the code asks for', () => {
    // Every t('key') in components/ and the pages' entrypoints exists in the catalogue.
    const files = ['components', 'entrypoints/popup', 'entrypoints/options'].flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => /\.tsx?$/.test(f))
        .map((f) => join(dir, f)),
    );
    const keys = new Set<string>();
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\('([A-Za-z0-9_]+)'/g))
        keys.add(match[1]!);
    }
    expect(keys.size).toBeGreaterThan(20);
    for (const key of keys) expect(en, key).toHaveProperty(key);
  });

  it('localise the manifest name and description', () => {
    const config = readFileSync('wxt.config.ts', 'utf8');
    expect(config).toContain("name: '__MSG_extName__'");
    expect(config).toContain("description: '__MSG_extDescription__'");
    expect(config).toContain("default_locale: 'en'");
  });
});

describe('formatMessage', () => {
  it('fills named placeholders from positional substitutions, like browsers', () => {
    expect(formatMessage(en.summary, ['3', '12'])).toBe('3 of 12 sentences also found elsewhere');
    expect(catalogTranslator(fr)('summary', [3, 12])).toBe(
      '3 phrases sur 12 se retrouvent ailleurs',
    );
    expect(
      formatMessage({ message: 'Cost: $$5 for $WHO$', placeholders: { who: { content: '$1' } } }, [
        'you',
      ]),
    ).toBe('Cost: $5 for you');
  });

  it('shows a missing key as itself', () => {
    expect(catalogTranslator({})('summary')).toBe('summary');
  });
});

describe('formatPercent', () => {
  it('follows the interface language', () => {
    expect(formatPercent(0.456, 'en')).toBe('46%');
    expect(formatPercent(0.456, 'fr')).toMatch(/^46[\u00a0\u202f]%$/);
  });
});
