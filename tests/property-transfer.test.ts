/**
 * Property-based test of export / import (fast-check): for random store contents (the
 * reader's documents with any text and metadata, analysed pages, settings), exporting,
 * deleting everything and importing the export restores everything identically: the same
 * export again, the same corpus listing, the same history, the same saved analyses, the same
 * settings. Runs the real background service over fake-indexeddb, through the transfer port.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, type PageReport } from '@/lib/ext/protocol';
import type { ImportedDocument } from '@/lib/ext/records';
import { receiveExport, sendImport } from '@/lib/ext/transfer-client';
import { frenchTextArb } from './property/french';
import { OPTIONS, POPUP, setupService } from './security-harness';
import { plainPageReport } from './helpers/page-report';

/** Runs of the round trip; the README counts them. */
export const ROUND_TRIP_RUNS = 100;

/** Any text a file could hold: French prose, or arbitrary Unicode, never blank. */
const textArb = fc
  .oneof(
    frenchTextArb({ minSentences: 1, maxSentences: 6 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
  )
  .filter((text) => text.trim() !== '');

const fieldArb = fc.option(fc.string({ unit: 'grapheme', maxLength: 60 }), { nil: null });

const documentsArb: fc.Arbitrary<ImportedDocument[]> = fc.uniqueArray(
  fc.record({
    id: fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
      .filter((id) => id.trim() !== '' && !/^\d{3}_[0-9a-f]{16}$/.test(id)),
    text: textArb,
    title: fieldArb,
    url: fieldArb,
    series: fieldArb,
    date: fieldArb,
  }),
  { selector: (doc) => doc.id, maxLength: 12 },
);

/** Pages analysed before the export: their text is French, their metadata anything. */
const pagesArb = fc.uniqueArray(
  fc.record({
    path: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
    text: frenchTextArb({ minSentences: 2, maxSentences: 8 }),
    title: fieldArb,
    siteName: fieldArb,
  }),
  { selector: (page) => page.path, maxLength: 3 },
);

const settingsArb = fc
  .record({
    highlight: fc.boolean(),
    useSeeds: fc.boolean(),
    shared: fc.integer({ min: 30, max: 100 }),
    edited: fc.integer({ min: 20, max: 100 }),
  })
  .map(({ highlight, useSeeds, shared, edited }) => ({
    highlight,
    useSeeds,
    sharedThreshold: shared / 100,
    editedThreshold: Math.min(edited, shared) / 100,
  }));

function report(
  url: string,
  text: string,
  title: string | null,
  siteName: string | null,
): PageReport {
  return plainPageReport(url, text, { title, siteName });
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('export, delete everything, import', () => {
  it(`restores everything identically, for any store contents (${ROUND_TRIP_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(documentsArb, pagesArb, settingsArb, async (documents, pages, settings) => {
        globalThis.indexedDB = new IDBFactory();
        const { service, browser, send, connect } = await setupService();
        const port = () => connect(OPTIONS).page;
        const call = async (type: string, payload: unknown, sender = OPTIONS) => {
          const answer = await send(type, payload, sender);
          if (!answer?.ok) throw new Error(`${type}: ${JSON.stringify(answer)}`);
          return answer.value;
        };

        if (documents.length > 0) {
          await sendImport(
            { kind: 'corpus', label: 'corpus.jsonl', documents, history: [], settings: null },
            { connect: port, pause: async () => {} },
          );
        }
        for (const [i, page] of pages.entries()) {
          browser.reports.set(
            i + 1,
            report(`https://journal.example/${page.path}`, page.text, page.title, page.siteName),
          );
          const answer = await service.handleMessage(
            { channel: CHANNEL, type: 'analyse-tab', payload: { tabId: i + 1 } },
            POPUP,
          );
          expect(answer?.ok).toBe(true);
        }
        await call('update-settings', settings);

        const exported = await receiveExport({ documents: true, history: true }, { connect: port });
        const listing = await call('list-corpus', {});
        const history = (await call('list-history', {})) as { url: string }[];
        const analyses = await Promise.all(
          history.map((h) => call('get-analysis', { url: h.url })),
        );
        expect(exported.documents.map((d) => d.id).sort()).toEqual(
          documents.map((d) => d.id).sort(),
        );

        await call('delete-everything', { confirmed: true });
        expect(await call('list-history', {})).toEqual([]);

        const summary = await sendImport(
          {
            kind: 'backup',
            label: 'deja-lu-export.json',
            documents: exported.documents.map(
              ({ id, text, title, url, series, date, addedAt }) => ({
                id,
                text,
                title: title ?? null,
                url: url ?? null,
                series: series ?? null,
                date: date ?? null,
                addedAt,
              }),
            ),
            history: exported.history,
            settings: exported.settings,
          },
          { connect: port, pause: async () => {} },
        );
        expect(summary).toMatchObject({ added: documents.length, history: history.length });

        expect(await receiveExport({ documents: true, history: true }, { connect: port })).toEqual(
          exported,
        );
        expect(await call('list-corpus', {})).toEqual(listing);
        expect(await call('list-history', {})).toEqual(history);
        expect(await Promise.all(history.map((h) => call('get-analysis', { url: h.url })))).toEqual(
          analyses,
        );
        expect(await call('get-settings', {})).toEqual(exported.settings);
      }),
      { numRuns: ROUND_TRIP_RUNS },
    );
  }, 240_000);
});
