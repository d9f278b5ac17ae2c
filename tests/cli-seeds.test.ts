/**
 * The CLI's JSON output on the seeds, checked against hand labels: every wire sentence found
 * with the right sources, seed 003 flagged only for incidental phrases, every furniture block
 * removed with its reason, the credit found, and no article sentence removed.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli';
import type { Annotation } from '@/lib/types';
import { seedSharing, SEED_IDS } from './fixtures/seed-sharing';
import { seedLabels } from './fixtures/seed-labels';

const seedsDir = resolve(__dirname, '../seeds');
const seedFiles = readdirSync(seedsDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => resolve(seedsDir, f));

let annotations: Annotation[];
beforeAll(async () => {
  const { code, stdout, stderr } = await runCli(['annotate', '--format', 'json', ...seedFiles]);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  annotations = JSON.parse(stdout);
});

const byId = (id: string) => annotations.find((a) => a.id === id)!;
const ids = (list: string | undefined) =>
  (list ?? '')
    .split(' ')
    .filter(Boolean)
    .map((short) => SEED_IDS[short as keyof typeof SEED_IDS]);

describe('deja-lu annotate on the seeds (hand labels)', () => {
  it('annotates every seed, in input order, against the other seeds only', () => {
    expect(annotations.map((a) => a.id)).toEqual(Object.values(SEED_IDS));
    for (const a of annotations) {
      for (const s of a.sentences) for (const src of s.sources) expect(src.id).not.toBe(a.id);
    }
  });

  for (const [id, labels] of Object.entries(seedSharing)) {
    describe(id, () => {
      it('has a label for every article sentence, and every labelled sentence is kept', () => {
        const a = byId(id);
        const unlabelled = a.sentences.filter(
          (s) => !labels.some(([prefix]) => s.text.startsWith(prefix)),
        );
        expect(unlabelled.map((s) => s.text)).toEqual([]);
        const missing = labels.filter(
          ([prefix]) => !a.sentences.some((s) => s.text.startsWith(prefix)),
        );
        expect(missing.map(([prefix]) => prefix)).toEqual([]);
      });

      for (const [prefix, required, optional] of labels) {
        it(`${required ? `shared with ${required}` : optional ? `maybe shared with ${optional}` : 'unique'}: ${prefix}`, () => {
          const matching = byId(id).sentences.filter((s) => s.text.startsWith(prefix));
          for (const sentence of matching) {
            const found = sentence.sources.map((s) => s.id).sort();
            const must = ids(required);
            const may = [...must, ...ids(optional)];
            if (must.length === 0 && may.length === 0) {
              expect(sentence.status, `${sentence.text} → ${found.join(', ')}`).toBe('unique');
              continue;
            }
            for (const source of must) expect(found, sentence.text).toContain(source);
            for (const source of found) expect(may, sentence.text).toContain(source);
            expect(sentence.status).toBe(
              must.length ? 'shared' : sentence.sources.length ? 'shared' : 'unique',
            );
          }
        });
      }
    });
  }

  it('flags seed 003, the independent report, for incidental phrases only', () => {
    const a = byId(SEED_IDS['003']);
    expect(a.stats.shared).toBeLessThanOrEqual(3);
    expect(a.stats.sharedRatio).toBeLessThan(0.2);
  });

  it('reports verbatim copies as verbatim and edited ones as edited', () => {
    const a = byId(SEED_IDS['004']);
    const verbatim = a.sentences.find((s) => s.text.startsWith('Le milliardaire a évoqué'))!;
    expect(verbatim.match).toBe('verbatim');
    expect(verbatim.similarity).toBe(1);
    const edited = byId(SEED_IDS['002']).sentences.find((s) =>
      s.text.startsWith('Le géant de la technologie'),
    )!;
    expect(edited.match).toBe('edited');
    expect(edited.similarity).toBeLessThan(1);
    const source = edited.sources.find((s) => s.id === SEED_IDS['000'])!;
    expect(source.text).toMatch(/^Le géant de la tech en a profité pour cataloguer Kamala Harris/);
    expect(source.diff).toContainEqual({ op: '-', text: 'cataloguer' });
    expect(source.diff).toContainEqual({ op: '+', text: 'classer' });
  });

  it('marks sentences that are mostly quotation as quotes', () => {
    const a = byId(SEED_IDS['001']);
    const quote = a.sentences.find((s) => s.text.startsWith('«Je pense que nous sommes'))!;
    expect(quote.kind).toBe('quote');
    const prose = a.sentences.find((s) => s.text.startsWith('Le géant de la tech'))!;
    expect(prose.kind).toBe('prose');
  });

  it('keeps offsets into the file: text === input.slice(start, end)', async () => {
    const { readFileSync } = await import('node:fs');
    for (const [i, a] of annotations.entries()) {
      const input = readFileSync(seedFiles[i]!, 'utf8');
      for (const s of a.sentences) expect(input.slice(s.start, s.end)).toBe(s.text);
      for (const b of a.boilerplate) expect(input.slice(b.start, b.end)).toBe(b.text);
      if (a.credit) expect(input.slice(a.credit.start, a.credit.end)).toBe(a.credit.text);
    }
  });

  for (const [short, id] of Object.entries(SEED_IDS)) {
    it(`removes the furniture of seed ${short} with its reasons, and finds its credit`, () => {
      const a = byId(id);
      const labels = seedLabels[id]!;
      expect(a.boilerplate.map((b) => [b.text, b.reason])).toEqual(
        labels.boilerplate.map((b) => [b.text, b.reason]),
      );
      expect(a.credit ? { text: a.credit.text, agency: a.credit.agency } : null).toEqual(
        labels.credit,
      );
      // Removed text is never matched nor counted.
      for (const b of a.boilerplate) {
        for (const s of a.sentences) expect(s.end <= b.start || s.start >= b.end).toBe(true);
      }
      expect(a.stats.sentences).toBe(a.sentences.length);
      expect(a.stats.shared).toBe(a.sentences.filter((s) => s.status === 'shared').length);
    });
  }
});
