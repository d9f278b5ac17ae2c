/**
 * The extension's file formats, checked against the command line's where both exist: corpus
 * JSONL and text decoding (the options page reads what `deja-lu --corpus` reads, with the same
 * messages), the history in JSONL (the CLI's JSON for a web page), CSV and Web Annotations, the
 * versioned "export everything" document, the stored index (columns, binary), and the schemas of imported records.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusError, readJsonl } from '@/cli/corpus';
import { decodeText, InputError } from '@/cli/inputs';
import { annotateText, CorpusIndex, decodeIndexColumns, encodeIndexColumns } from '@/lib/engine';
import { corpusToJsonl, CorpusFormatError, parseCorpusJsonl } from '@/lib/export/corpus-jsonl';
import { BACKUP_FORMAT, BackupWriter, parseBackup } from '@/lib/ext/backup';
import type { StoredAnnotation } from '@/lib/ext/db';
import {
  analysedText,
  historyFileParts,
  historyToCsv,
  historyToJsonl,
  historyToW3C,
} from '@/lib/ext/history-export';
import { decodeFileText } from '@/lib/ext/import-files';
import {
  OPTIONS_TO_BACKGROUND,
  OPTIONS_TO_BACKGROUND_PORT,
  parseCall,
  parsePortMessage,
  CHANNEL,
} from '@/lib/ext/protocol';
import { storedAnnotation } from '@/lib/ext/records';
import { bundledSeeds } from '@/lib/ext/seeds';
import { DEFAULT_SETTINGS } from '@/lib/ext/settings';
import { splitLines } from '@/lib/text/blocks';
import { runCli } from './helpers/run-cli';
import { collectionProblems } from './fixtures/w3c-model';
import { COPY_TEXT, ORIGINAL_TEXT } from './fixtures/reader-articles';
import { syntheticCorpus } from './fixtures/synthetic-corpus';

const seeds = bundledSeeds().documents;

/** The CLI's outcome for a JSONL file's text: documents, or its error message. */
function cliJsonl(text: string): unknown {
  try {
    return readJsonl(new TextEncoder().encode(text), 'c.jsonl');
  } catch (error) {
    if (error instanceof CorpusError) return `error ${error.message}`;
    throw error;
  }
}

function extensionJsonl(text: string): unknown {
  try {
    return parseCorpusJsonl(text, 'c.jsonl');
  } catch (error) {
    if (error instanceof CorpusFormatError) return `error ${error.message}`;
    throw error;
  }
}

describe('corpus JSONL: the same as the command line', () => {
  it.each([
    ['documents with every field', corpusToJsonl(seeds)],
    [
      'a number id, missing optional fields, CRLF and blank lines',
      '{"id":7,"text":"Un."}\r\n\n  \n{"id":"b","text":"Deux.","title":null}\n',
    ],
    ['a line that is not JSON', '{"id":"a","text":"Un."}\n{oops}\n'],
    ['an array', '[1,2]\n'],
    ['no id', '{"text":"Un."}\n'],
    ['a text that is not a string', '{"id":"a","text":3}\n'],
    ['a title that is not a string', '{"id":"a","text":"Un.","title":4}\n'],
  ])('%s', (_name, text) => {
    expect(extensionJsonl(text)).toEqual(cliJsonl(text));
  });

  it('writes what it reads back', () => {
    expect(parseCorpusJsonl(corpusToJsonl(seeds))).toEqual(
      seeds.map((d) => ({ ...d, url: d.url ?? null })),
    );
  });
});

describe('text decoding: the same checks and messages as the command line', () => {
  const cases: [string, Uint8Array][] = [
    ['UTF-8 with a BOM', new TextEncoder().encode('\ufeffDéjà lu.')],
    ['empty', new Uint8Array()],
    ['only whitespace', new TextEncoder().encode(' \n\t ')],
    ['NUL bytes', new Uint8Array([0x41, 0, 0x42])],
    ['Latin-1', new Uint8Array([0x44, 0xe9, 0x6a, 0xe0])],
    [
      'control characters',
      new TextEncoder().encode('\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f'),
    ],
  ];
  it.each(cases)('%s', (_name, bytes) => {
    const outcome = (decode: (b: Uint8Array) => string) => {
      try {
        return decode(bytes);
      } catch (error) {
        return `error ${(error as Error).message}`;
      }
    };
    const cli = outcome((b) => {
      try {
        return decodeText(b);
      } catch (error) {
        if (error instanceof InputError) throw new Error(error.message, { cause: error });
        throw error;
      }
    });
    expect(outcome(decodeFileText)).toBe(cli);
  });
});

function record(url: string, text: string, index: CorpusIndex, analysedAt = 1): StoredAnnotation {
  const annotation = annotateText({ id: url, text, blocks: splitLines(text) }, index);
  return {
    url,
    analysedAt,
    page: { url, title: 'Titre', siteName: 'Site', byline: null, publishedTime: null },
    annotation,
    sources: [
      {
        id: 'lyon',
        title: 'Lyon',
        outlet: 'Le Journal',
        url: 'https://journal.example/lyon',
        sentences: 9,
        share: 0.9,
        similarity: 0.98,
      },
    ],
    corpusRevision: 3,
    text,
    metadata: {
      title: 'Titre',
      byline: null,
      siteName: 'Site',
      publishedTime: null,
      language: 'fr',
      canonicalUrl: null,
      excerpt: null,
    },
  };
}

describe('the history in the command line’s formats', () => {
  const index = new CorpusIndex();
  index.add({ id: 'lyon', text: ORIGINAL_TEXT, url: 'https://journal.example/lyon' });
  const copy = record('https://autre.example/copie', COPY_TEXT, index);

  it('JSONL: one line per page, the CLI’s JSON for a web page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deja-lu-formats-'));
    writeFileSync(join(dir, 'lyon.txt'), ORIGINAL_TEXT);
    writeFileSync(
      join(dir, 'copie.html'),
      `<html lang="fr"><body><article><h1>Titre</h1>${COPY_TEXT.split('\n\n')
        .slice(1)
        .map((p) => `<p>${p}</p>`)
        .join('')}</article></body></html>`,
    );
    const cli = await runCli([
      'annotate',
      '--no-seeds',
      '--corpus',
      join(dir, 'lyon.txt'),
      '--format',
      'jsonl',
      join(dir, 'copie.html'),
    ]);
    const cliKeys = Object.keys(JSON.parse(cli.stdout.trim()));
    const line = JSON.parse(historyToJsonl([copy]).trim());
    expect(Object.keys(line).sort()).toEqual(cliKeys.sort());
    expect(line).toMatchObject({ url: copy.url, text: COPY_TEXT, stats: copy.annotation.stats });
  });

  it('W3C: valid, the page URL as target, the source’s URL in the body', () => {
    const collection = historyToW3C([copy], new Date('2026-11-21T00:00:00Z'));
    expect(collectionProblems(collection)).toEqual([]);
    const first = collection.first.items[0]!;
    expect(first.target.source).toBe('https://autre.example/copie');
    expect(first.body[0]).toMatchObject({ source: 'https://journal.example/lyon' });
  });

  it('CSV: the page URL in every row', () => {
    const rows = historyToCsv([copy]).trimEnd().split('\r\n');
    expect(rows.length).toBe(copy.annotation.sentences.length + 1);
    expect(
      rows
        .slice(1)
        .every((r) => r.startsWith('https://autre.example/copie,https://autre.example/copie,')),
    ).toBe(true);
  });

  it('the download is the same bytes in parts, a page or an annotation a part', () => {
    const other = record('https://autre.example/reprise', ORIGINAL_TEXT, index);
    const empty: StoredAnnotation = {
      ...copy,
      url: 'https://autre.example/vide',
      annotation: { ...copy.annotation, sentences: [] },
    };
    const records = [copy, other, empty];
    const now = new Date('2026-11-22T09:00:00Z');
    const w3c = historyFileParts(records, 'w3c', now);
    expect(w3c.join('')).toBe(JSON.stringify(historyToW3C(records, now), null, 2) + '\n');
    // The collection's head, each annotation, its tail, the final line break.
    expect(w3c).toHaveLength(historyToW3C(records, now).total + 3);
    const csv = historyFileParts(records, 'csv', now);
    expect(csv.join('')).toBe(historyToCsv(records));
    expect(csv).toHaveLength(3);
    expect(historyFileParts(records, 'jsonl', now).join('')).toBe(historyToJsonl(records));
    expect(historyFileParts([], 'csv', now).join('')).toBe(historyToCsv([]));
    expect(historyFileParts([], 'w3c', now).join('')).toBe(
      JSON.stringify(historyToW3C([], now), null, 2) + '\n',
    );
  });

  it('rebuilds the analysed text of a version-1 record from what it kept', () => {
    const legacy: StoredAnnotation = { ...copy };
    delete legacy.text;
    delete legacy.metadata;
    const rebuilt = analysedText(legacy);
    for (const s of copy.annotation.sentences) expect(rebuilt.slice(s.start, s.end)).toBe(s.text);
    expect(collectionProblems(historyToW3C([legacy]))).toEqual([]);
    const line = JSON.parse(historyToJsonl([legacy]).trim());
    expect(line).not.toHaveProperty('text');
    expect(line.metadata).toMatchObject({ title: 'Titre', language: null });
  });
});

describe('the "export everything" document', () => {
  const index = new CorpusIndex();
  const copy = record('https://autre.example/copie', COPY_TEXT, index);
  const documents = [
    {
      id: 'a',
      text: 'Un texte « français ».',
      title: null,
      url: null,
      series: null,
      date: null,
      addedAt: 5,
    },
  ];

  it('is written in pieces into one versioned JSON document, which parses back', () => {
    const writer = new BackupWriter(new Date('2026-11-21T12:00:00Z'));
    writer.documents(documents);
    writer.history([copy]);
    const text = writer.finish(DEFAULT_SETTINGS).join('');
    const parsed = parseBackup(JSON.parse(text));
    expect(parsed).toEqual({
      format: BACKUP_FORMAT,
      version: 1,
      exportedAt: '2026-11-21T12:00:00.000Z',
      settings: DEFAULT_SETTINGS,
      documents,
      history: [copy],
    });
    // One record a line.
    expect(text.split('\n').filter((l) => l.startsWith('{"id"'))).toHaveLength(1);
  });

  it.each([
    [[], /not a Déjà lu export \(expected a JSON object\)/],
    [{ format: 'other' }, /no "format": "deja-lu-export"/],
    [
      { format: BACKUP_FORMAT, version: 2 },
      /made by a newer version of Déjà lu \(export format 2; this version reads 1\)/,
    ],
    [
      {
        format: BACKUP_FORMAT,
        version: 1,
        exportedAt: 'x',
        settings: {},
        documents: [{ ...documents[0], addedAt: -1 }],
        history: [],
      },
      /^documents\[0\]\.addedAt: out of range/,
    ],
    [
      {
        format: BACKUP_FORMAT,
        version: 1,
        exportedAt: 'x',
        settings: { sharedThreshold: 'high' },
        documents: [],
        history: [],
      },
      /^settings\.sharedThreshold/,
    ],
    [
      {
        format: BACKUP_FORMAT,
        version: 1,
        exportedAt: 'x',
        settings: {},
        documents: [documents[0], documents[0]],
        history: [],
      },
      /^documents\[1\]: the id "a" appears twice/,
    ],
    [
      {
        format: BACKUP_FORMAT,
        version: 1,
        exportedAt: 'x',
        settings: {},
        documents: [],
        history: [{ ...copy, text: copy.text!.replace('Lyon', 'Lyom') }],
      },
      /^history\[0\]\.annotation\.sentences\[\d+\]: not the text at/,
    ],
  ])('refuses %j, saying why', (value, message) => {
    expect(() => parseBackup(value)).toThrow(message);
  });
});

describe('the index in columns (what the extension stores)', () => {
  it('round-trips to an index with the same documents and candidates, without texts', () => {
    const index = new CorpusIndex();
    const docs = [...seeds, ...syntheticCorpus({ documents: 40 })];
    for (const doc of docs) index.add({ ...doc, url: doc.url ?? null, series: null });
    index.add({ id: 'no-sentences', text: '' });
    const columns = structuredClone(index.toColumns());
    expect(columns.sentences).toBeInstanceOf(Uint32Array);
    const back = CorpusIndex.fromColumns(columns);
    expect([...back.documents()].map(({ text: _, ...d }) => d)).toEqual(
      [...index.documents()].map(({ text: _, ...d }) => d),
    );
    expect(back.hasText(docs[0]!.id)).toBe(false);
    for (const doc of docs.slice(0, 8)) {
      const words = [...index.sentenceWords(index.get(doc.id)!.firstSentence + 1)];
      expect(back.candidates(words, 24)).toEqual(index.candidates(words, 24));
    }
    expect(back.serialize({ texts: false })).toEqual(index.serialize({ texts: false }));
    // It takes documents and texts again like any index.
    back.supplyText(docs[1]!.id, docs[1]!.text);
    back.add(docs[2]!);
    back.remove(docs[3]!.id);
    index.add(docs[2]!);
    index.remove(docs[3]!.id);
    expect(back.serialize({ texts: false })).toEqual(index.serialize({ texts: false }));
  });

  it('refuses other data and columns that do not line up', () => {
    expect(() => CorpusIndex.fromColumns({ format: 'deja-lu-index' } as never)).toThrow(
      /not a Déjà lu index in columns/,
    );
    const index = new CorpusIndex();
    for (const doc of seeds) index.add(doc);
    const columns = index.toColumns();
    expect(() =>
      CorpusIndex.fromColumns({ ...columns, stringLengths: columns.stringLengths.slice(6) }),
    ).toThrow(/corrupt index columns/);
    expect(() =>
      CorpusIndex.fromColumns({ ...columns, strings: columns.strings.slice(1) }),
    ).toThrow(/corrupt index columns/);
    expect(() =>
      CorpusIndex.fromColumns({ ...columns, sentences: columns.sentences.slice(2) }),
    ).toThrow(/corrupt index columns/);
    expect(() =>
      CorpusIndex.fromColumns({
        ...columns,
        postings: { ...columns.postings, ids: columns.postings.ids.slice(1) },
      }),
    ).toThrow(/corrupt index postings/);
  });
});

describe('schemas of what the options page sends', () => {
  const call = (type: string, payload: unknown) =>
    parseCall(OPTIONS_TO_BACKGROUND, { channel: CHANNEL, type, payload });
  const port = (type: string, payload: unknown) =>
    parsePortMessage(OPTIONS_TO_BACKGROUND_PORT, { channel: CHANNEL, type, payload });

  it('accept well-formed calls and refuse the rest, naming the field', () => {
    expect(call('remove-documents', { ids: ['a'] }).ok).toBe(true);
    expect(call('delete-everything', { confirmed: true }).ok).toBe(true);
    const refused = [
      call('delete-everything', { confirmed: 'yes' }),
      call('remove-documents', { ids: [3] }),
      call('get-analysis', { url: '  ' }),
      call('drop-tables', {}),
    ];
    expect(refused.map((r) => (!r.ok ? r.error.message : ''))).toEqual([
      'delete-everything: payload.confirmed: must be true',
      'remove-documents: payload.ids[0]: expected a string, got number',
      'get-analysis: payload.url: empty',
      'unknown call "drop-tables"',
    ]);
  });

  it('check every imported document and annotation of a chunk', () => {
    const doc = { id: 'a', text: 'Un texte.', title: null, url: null, series: null, date: null };
    expect(port('import-chunk', { documents: [doc], history: [] }).ok).toBe(true);
    const tooMany = Array.from({ length: 251 }, () => doc);
    const bad = [
      port('import-chunk', { documents: [{ ...doc, text: '   ' }], history: [] }),
      port('import-chunk', { documents: tooMany, history: [] }),
      port('import-chunk', { documents: [], history: [{ url: 'x' }] }),
      port('import-begin', {
        kind: 'everything',
        label: '',
        documents: 1,
        history: 0,
        settings: null,
      }),
    ];
    expect(bad.map((r) => (!r.ok ? r.error.message : ''))).toEqual([
      'import-chunk: payload.documents[0].text: empty',
      'import-chunk: payload.documents: more than 250 items',
      'import-chunk: payload.history[0].analysedAt: expected a finite number, got undefined',
      'import-begin: payload.kind: expected one of corpus, backup',
    ]);
  });

  it('refuse a saved analysis whose sentences are not its text', () => {
    const index = new CorpusIndex();
    const ok = record('https://a.example/', COPY_TEXT, index);
    expect(storedAnnotation(ok, 'r')).toBeNull();
    const moved = structuredClone(ok);
    moved.annotation.sentences[1]!.start += 1;
    expect(storedAnnotation(moved, 'r')).toMatch(/^r\.annotation\.sentences\[1\]: not the text at/);
  });
});

describe('the index as one binary buffer (a Blob in IndexedDB)', () => {
  const columnsOf = () => {
    const index = new CorpusIndex();
    for (const doc of syntheticCorpus({ documents: 30 })) index.add(doc);
    // Any JavaScript string comes back: accents, astral characters, a lone surrogate, null.
    index.add({
      id: 'odd\uD800-é-😀',
      title: 'Été « ok »',
      url: null,
      text: 'Une phrase assez longue pour être indexée ici.',
    });
    return { index, columns: index.toColumns() };
  };

  it('round-trips the columns exactly, as views onto the buffer', () => {
    const { index, columns } = columnsOf();
    const buffer = encodeIndexColumns(columns);
    const back = decodeIndexColumns(structuredClone(buffer));
    expect(back).toEqual(columns);
    expect(back.postings.ids.buffer.byteLength).toBe(buffer.byteLength);
    const restored = CorpusIndex.fromColumns(back);
    expect(restored.get('odd\uD800-é-😀')?.title).toBe('Été « ok »');
    expect(restored.serialize({ texts: false })).toEqual(index.serialize({ texts: false }));
  });

  it('decodes well-formed strings with TextDecoder, to the same columns', () => {
    const index = new CorpusIndex();
    for (const doc of bundledSeeds().documents) index.add(doc);
    // A leading byte-order mark is text, not a mark to drop.
    index.add({ id: '\uFEFFbom', text: 'Une phrase assez longue pour être indexée ici.' });
    const columns = index.toColumns();
    const back = decodeIndexColumns(encodeIndexColumns(columns));
    expect(back).toEqual(columns);
    expect(CorpusIndex.fromColumns(back).has('\uFEFFbom')).toBe(true);
    // Bytes that are not UTF-8 in the strings: corrupt, not repaired.
    const buffer = encodeIndexColumns(columns);
    const headerBytes = new Uint32Array(buffer, 8, 1)[0]!;
    const header = JSON.parse(
      new TextDecoder().decode(new Uint8Array(buffer, 12, headerBytes)),
    ) as { stringBytes: number; stringEncoding: string };
    expect(header.stringEncoding).toBe('utf-8');
    const padding = (4 - (header.stringBytes % 4)) % 4;
    new Uint8Array(buffer)[buffer.byteLength - padding - 1] = 0xff;
    expect(() => decodeIndexColumns(buffer)).toThrow(/corrupt binary index: strings/);
  });

  it('refuses what is not one, naming the problem', () => {
    const buffer = encodeIndexColumns(columnsOf().columns);
    expect(() => decodeIndexColumns(new ArrayBuffer(4))).toThrow(/not a Déjà lu binary index/);
    expect(() => decodeIndexColumns(new TextEncoder().encode('{"a":1}xxxxxxxxx').buffer)).toThrow(
      /not a Déjà lu binary index/,
    );
    const version = buffer.slice(0);
    new Uint32Array(version, 0, 2)[1] = 9;
    expect(() => decodeIndexColumns(version)).toThrow(/unsupported binary index version 9/);
    expect(() => decodeIndexColumns(buffer.slice(0, buffer.byteLength - 4))).toThrow(
      /corrupt binary index: lengths/,
    );
    const header = buffer.slice(0);
    new Uint8Array(header, 12, 1)[0] = 0x78; // the header's '{' becomes 'x': not JSON
    expect(() => decodeIndexColumns(header)).toThrow(/corrupt binary index: header/);
  });
});
