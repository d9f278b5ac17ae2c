// @vitest-environment jsdom
/**
 * The options page, rendered with Preact in jsdom against the real background service over
 * fake-indexeddb (messages and the transfer port go through the real protocol): the corpus
 * list and imports (progress, one line per bad file, nothing changed), the seeds switch,
 * thresholds, the history (reopen, delete, the three export formats, checked against the W3C
 * model and RFC 4180), export / delete everything / import, keyboard use, and French.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import en from '@/public/_locales/en/messages.json';
import fr from '@/public/_locales/fr/messages.json';
import { I18nContext, makeI18n } from '@/components/i18n';
import { OptionsApp } from '@/components/OptionsApp';
import type { OptionsServices } from '@/components/options-services';
import { parseBackup } from '@/lib/ext/backup';
import { DejaLuStore, openDeja } from '@/lib/ext/db';
import { engine } from '@/lib/ext/engine-adapter';
import { catalogTranslator } from '@/lib/ext/i18n';
import { createCaller, type ExtensionPageToBackground, type PageReport } from '@/lib/ext/protocol';
import { bundledSeeds } from '@/lib/ext/seeds';
import { createBackgroundService } from '@/lib/ext/service';
import { extractArticle } from '@/lib/extract/html';
import { CSV_COLUMNS } from '@/lib/export/csv';
import { collectionProblems } from './fixtures/w3c-model';
import { COPY_TEXT, ORIGINAL_TEXT } from './fixtures/reader-articles';
import { syntheticJsonl } from './fixtures/synthetic-corpus';
import { parseCsv } from './helpers/csv';
import { EXT_ID, fakeBrowser, ORIGIN } from './helpers/fake-browser';
import { portPair } from './helpers/port-pair';
import { plainPageReport } from './helpers/page-report';

const PAGE_SENDER = { id: EXT_ID, url: `${ORIGIN}options.html` };
const NOW = new Date('2026-11-21T12:00:00Z');

function report(url: string, text: string, title: string | null): PageReport {
  return plainPageReport(url, text, { title, siteName: 'Le Journal' });
}

interface Saved {
  name: string;
  text: string;
  type: string;
}

async function setup() {
  const store = new DejaLuStore(await openDeja());
  const browser = fakeBrowser();
  const service = createBackgroundService({
    store,
    engine,
    browser: browser.port,
    seeds: bundledSeeds,
    now: () => NOW.getTime(),
    sliceMs: 5,
  });
  const saved: Saved[] = [];
  const released: number[] = [];
  const services: OptionsServices = {
    call: createCaller<ExtensionPageToBackground>((envelope) =>
      service.handleMessage(envelope, PAGE_SENDER)!,
    ),
    connect() {
      const { page, background } = portPair();
      service.handleConnection(background, PAGE_SENDER);
      return page;
    },
    hostAccess: { request: async () => true, release: async () => (released.push(1), true) },
    html: {
      parseHtml: (html) => new DOMParser().parseFromString(html, 'text/html'),
      extract: (doc) => extractArticle(doc),
    },
    save: (name, parts, type) => saved.push({ name, text: parts.join(''), type }),
    now: () => NOW,
  };
  const analyse = async (tabId: number, page: PageReport) => {
    browser.reports.set(tabId, page);
    const analysis = await service.analyseTab(tabId);
    if (analysis.kind !== 'article') throw new Error(analysis.kind);
    return analysis;
  };
  return { store, service, services, saved, released, analyse };
}

let container: HTMLElement;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  render(null, container);
  container.remove();
});

const $ = (selector: string) => container.querySelector<HTMLElement>(selector);
const $$ = (selector: string) => [...container.querySelectorAll<HTMLElement>(selector)];
const text = (selector: string) => $(selector)?.textContent ?? '';

/** Waits until `check` holds, letting Preact render and timers run. */
async function until(check: () => unknown, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    if (check()) return;
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for ${what} (${Date.now() - started} ms, ${Date.now()})`);
  }
}

async function mount(services: OptionsServices, lang: 'en' | 'fr' = 'en') {
  const i18n = makeI18n(catalogTranslator(lang === 'en' ? en : fr), lang);
  await act(() => {
    render(
      <I18nContext.Provider value={i18n}>
        <OptionsApp services={services} />
      </I18nContext.Provider>,
      container,
    );
  });
  await until(() => $$('.corpus-row').length > 0 && $('.history-table, .history-empty'), 'load');
}

/** A file as the file input gives it. */
function file(name: string, content: string | Uint8Array, size?: number) {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return {
    name,
    size: size ?? bytes.length,
    arrayBuffer: async () => bytes.slice().buffer,
  };
}

/** Chooses files in a file input, as the reader does. */
async function choose(selector: string, files: ReturnType<typeof file>[]) {
  const input = $(selector) as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

const corpusIds = () => $$('.corpus-row').map((row) => row.dataset.id);

describe('the corpus', () => {
  it('lists the bundled documents with title, outlet, date, size and origin', async () => {
    const { services } = await setup();
    await mount(services);
    expect(text('#corpus h2')).toBe('Corpus');
    expect(text('.corpus-summary')).toBe(
      'Articles are compared with 5 documents. Yours: 0. Bundled with Déjà lu: 5.',
    );
    const rows = $$('.corpus-row');
    expect(rows).toHaveLength(5);
    const watson = rows.find((r) => r.querySelector('.doc-outlet')!.textContent === 'watson')!;
    expect(watson.querySelector('.doc-origin')!.textContent).toBe('bundled');
    expect(watson.querySelector('.doc-size')!.textContent).toMatch(/^\d+(\.\d)? kB$/);
    expect(watson.querySelector('.doc-date')!.textContent).toMatch(/^\d{4}-\d{2}-\d{2}$|^—$/);
    // Bundled documents are switched off, not removed.
    expect(watson.querySelector('.remove-document')).toBeNull();
  });

  it('imports a JSONL corpus, showing progress, then lists its documents', async () => {
    const { services } = await setup();
    await mount(services);
    const seen = new Set<string>();
    const observer = new MutationObserver(() => {
      const label = $('.task-running .task-label')?.textContent;
      if (label) seen.add(label.replace(/\d[\d,]*/g, 'N'));
    });
    observer.observe(container, { subtree: true, childList: true, characterData: true });
    const corpus = syntheticJsonl({ documents: 300, idPrefix: 'wire-' });
    await choose('.corpus-files', [file('wire.jsonl', corpus)]);
    await until(() => $('[data-task="done"]'), 'the import');
    observer.disconnect();
    expect(text('[data-task="done"]')).toBe(
      'Imported: 300 new documents, 0 replaced. Articles are now compared with 305 documents.',
    );
    expect(seen).toContain('Sending to Déjà lu: N of N');
    expect(seen).toContain('Indexing: N of N documents');
    expect(text('.corpus-summary')).toContain('Yours: 300.');
    // 100 rows at first, then more on demand.
    expect($$('.corpus-row')).toHaveLength(100);
    expect(text('.more .hint')).toBe('100 of 305 shown.');
    await act(() => ($('.show-more') as HTMLButtonElement).click());
    expect($$('.corpus-row')).toHaveLength(200);
    // The filter finds a document by its id.
    const filter = $('.corpus-filter') as HTMLInputElement;
    await act(() => {
      filter.value = 'wire-17';
      filter.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(corpusIds()).toHaveLength(11);
    expect(corpusIds().every((id) => id!.startsWith('wire-17'))).toBe(true);
  });

  it('imports .txt and .html files: the file name is the id, a page gives its article', async () => {
    const { services } = await setup();
    await mount(services);
    const html = readFileSync('tests/fixtures/html/swiss-portal-comments/source.html', 'utf8');
    await choose('.corpus-files', [
      file('lyon-velo.txt', ORIGINAL_TEXT),
      file('portail.html', html),
    ]);
    await until(() => $('[data-task="done"]'), 'the import');
    expect(corpusIds().slice(0, 2).sort()).toEqual(['lyon-velo', 'portail']);
    const page = $$('.corpus-row').find((r) => r.dataset.id === 'portail')!;
    expect(page.querySelector('.doc-title')!.textContent).not.toBe('portail');
  });

  it.each([
    [
      'a JSONL line that is not JSON',
      [file('bad.jsonl', '{"id":"a","text":"Un texte."}\n{oops\n')],
      'bad.jsonl:2: not valid JSON',
    ],
    [
      'a line without text',
      [file('bad.jsonl', '{"id":"a"}\n')],
      'bad.jsonl:1: missing "text" (a string)',
    ],
    [
      'a wrong type of file',
      [file('photo.png', new Uint8Array([137, 80, 78, 71, 0, 0]))],
      'photo.png: not a corpus file (use .txt, .html or .jsonl)',
    ],
    [
      'a binary .txt',
      [file('notes.txt', new Uint8Array([1, 2, 0, 4]))],
      'notes.txt: binary file (contains NUL bytes), not text',
    ],
    [
      'text that is not UTF-8',
      [file('latin1.txt', new Uint8Array([0x44, 0xe9, 0x6a, 0xe0]))],
      'latin1.txt: not UTF-8 text (save it as UTF-8)',
    ],
    [
      'a huge file',
      [file('huge.jsonl', '{}', 300 * 1024 * 1024)],
      'huge.jsonl: too large (300.0 MB; the limit is 256.0 MB)',
    ],
    [
      'a page with no article',
      [file('nav.html', '<html><body><nav><a href="/">Accueil</a></nav></body></html>')],
      'nav.html: no article found in the page',
    ],
    [
      'a bundled document’s id, among good files',
      [file('ok.txt', ORIGINAL_TEXT), file('000_d7a5d4be53ae19f7.txt', 'Un texte.')],
      '"000_d7a5d4be53ae19f7" is the id of a bundled document',
    ],
  ])(
    'refuses %s with one line naming the file, and changes nothing',
    async (_name, files, message) => {
      const { services, store } = await setup();
      await mount(services);
      const before = await store.listDocuments();
      await choose('.corpus-files', files);
      await until(() => $('[data-task="error"]'), 'the error');
      const alert = $('[role="alert"]')!;
      expect(alert.textContent).toContain(message);
      expect(alert.textContent!.startsWith('Nothing was changed:')).toBe(true);
      expect(alert.textContent).not.toContain('\n');
      expect(await store.listDocuments()).toEqual(before);
      expect(corpusIds()).toHaveLength(5);
    },
  );

  it('switches the bundled documents off and on', async () => {
    const { services } = await setup();
    await mount(services);
    const toggle = $('.seeds-toggle') as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    await act(() => toggle.click());
    await until(() => $('.corpus-summary')!.dataset.indexed === '0', 'seeds off');
    expect(text('.corpus-summary')).toMatch(/^Articles are compared with 0 documents/);
    await act(() => ($('.seeds-toggle') as HTMLInputElement).click());
    await until(() => $('.corpus-summary')!.dataset.indexed === '5', 'seeds on');
  });

  it('removes one of the reader’s documents', async () => {
    const { services } = await setup();
    await mount(services);
    await choose('.corpus-files', [file('lyon-velo.txt', ORIGINAL_TEXT)]);
    await until(() => corpusIds().includes('lyon-velo'), 'the import');
    const remove = $('[data-id="lyon-velo"] .remove-document') as HTMLButtonElement;
    expect(remove.getAttribute('aria-label')).toBe('Remove lyon-velo');
    await act(() => remove.click());
    await until(() => !corpusIds().includes('lyon-velo'), 'the removal');
  });

  it('shows titles from imported files as text, never as markup', async () => {
    const { services } = await setup();
    await mount(services);
    const hostile = JSON.stringify({
      id: 'x',
      title: '<img src=x onerror="globalThis.pwned=1">Titre',
      text: ORIGINAL_TEXT,
      series: '<b>Média</b>',
    });
    await choose('.corpus-files', [file('x.jsonl', hostile)]);
    await until(() => corpusIds().includes('x'), 'the import');
    expect(container.querySelector('img, b')).toBeNull();
    expect(text('[data-id="x"] .doc-title')).toContain('<img src=x onerror=');
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });
});

describe('analysis settings', () => {
  it('sends thresholds and keeps the edited one at most the shared one', async () => {
    const { services, store } = await setup();
    await mount(services);
    const shared = $('#shared-threshold') as HTMLInputElement;
    const edited = $('#edited-threshold') as HTMLInputElement;
    expect(shared.value).toBe('0.45');
    expect(text('output[for="shared-threshold"]')).toBe('45%');
    await act(() => {
      shared.value = '0.25';
      shared.dispatchEvent(new Event('input', { bubbles: true }));
      shared.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await until(async () => true, 'render');
    expect(await store.getSettings()).toMatchObject({
      sharedThreshold: 0.25,
      editedThreshold: 0.25,
    });
    expect(edited.max).toBe('0.25');
    await act(() => ($('.reset-thresholds') as HTMLButtonElement).click());
    await until(() => ($('#shared-threshold') as HTMLInputElement).value === '0.45', 'reset');
    expect(await store.getSettings()).toMatchObject({
      sharedThreshold: 0.45,
      editedThreshold: 0.3,
    });
  });
});

describe('the history', () => {
  async function withHistory() {
    const context = await setup();
    await context.analyse(
      1,
      report('http://127.0.0.1/copie.html', wireCopyText(), 'Trump et Musk'),
    );
    await context.analyse(2, report('https://autre.example/velo', COPY_TEXT, 'Vélo à Lyon'));
    await mount(context.services);
    return context;
  }

  it('lists analysed pages with title, site, date and shared share, and reopens one', async () => {
    await withHistory();
    const rows = $$('.history-row');
    expect(rows.map((r) => r.dataset.url).sort()).toEqual([
      'http://127.0.0.1/copie.html',
      'https://autre.example/velo',
    ]);
    const wire = rows.find((r) => r.dataset.url === 'http://127.0.0.1/copie.html')!;
    expect(wire.querySelector('.history-site')!.textContent).toBe('Le Journal');
    expect(wire.querySelector('.history-shared')!.textContent).toMatch(/^(9\d|100)%$/);
    expect(wire.querySelector('.history-date')!.textContent).toMatch(/2026/);
    const open = wire.querySelector('.open-analysis') as HTMLButtonElement;
    await act(() => open.click());
    await until(() => $('.saved-analysis'), 'the saved analysis');
    expect(text('.saved-analysis .page-title')).toBe('Trump et Musk');
    expect(document.activeElement).toBe($('.saved-analysis .page-title'));
    expect($$('.saved-analysis .sentence-item').length).toBeGreaterThan(8);
    // No page to scroll: no highlight switch; a page link only for web addresses.
    expect($('.saved-analysis .toggle')).toBeNull();
    expect(($('.open-page') as HTMLAnchorElement).href).toBe('http://127.0.0.1/copie.html');
    await act(() => ($('.back-to-history') as HTMLButtonElement).click());
    await until(() => $('.history-table'), 'the list');
    expect((document.activeElement as HTMLElement).textContent).toBe('Trump et Musk');
  });

  it('deletes one page, or all after confirmation (Escape cancels)', async () => {
    await withHistory();
    await act(() => ($('.delete-analysis') as HTMLButtonElement).click());
    await until(() => $$('.history-row').length === 1, 'one deleted');
    await act(() => ($('.clear-history') as HTMLButtonElement).click());
    expect(text('.clear-history-confirm .confirm-question')).toBe(
      'Delete the saved analyses of 1 pages?',
    );
    expect(document.activeElement).toBe($('.clear-history-confirm .confirm-no'));
    await act(() => {
      document.activeElement!.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
      );
    });
    expect($('.clear-history-confirm')).toBeNull();
    expect(document.activeElement).toBe($('button.clear-history'));
    expect($$('.history-row')).toHaveLength(1);
    await act(() => ($('.clear-history') as HTMLButtonElement).click());
    await act(() => ($('.confirm-yes') as HTMLButtonElement).click());
    await until(() => $('.history-empty'), 'history cleared');
  });

  it('exports Web Annotations valid against the W3C model', async () => {
    const { saved } = await withHistory();
    await act(() => ($('.export-w3c') as HTMLButtonElement).click());
    await until(() => saved.length === 1 || $('[data-task="error"]'), 'the file');
    expect($('[data-task="error"]')?.textContent ?? null).toBeNull();
    const [{ name, text: json, type }] = saved as [Saved];
    expect(name).toBe('deja-lu-annotations-2026-11-21.jsonld');
    expect(type).toBe('application/ld+json');
    const collection = JSON.parse(json);
    expect(collectionProblems(collection)).toEqual([]);
    const items = collection.first.items as {
      target: { source: string; selector: { type: string; exact?: string; start?: number }[] };
      body: { type: string; source?: string }[];
    }[];
    expect(collection.total).toBe(items.length);
    expect(items.length).toBeGreaterThanOrEqual(10);
    const targets = new Set(items.map((i) => i.target.source));
    // The bicycle page shares nothing with this corpus: no annotation targets it.
    expect(targets).toEqual(new Set(['http://127.0.0.1/copie.html']));
    const first = items.find((i) => i.target.source === 'http://127.0.0.1/copie.html')!;
    const [quote, position] = first.target.selector;
    expect(quote!.type).toBe('TextQuoteSelector');
    expect(
      wireCopyText().slice(position!.start, (position as unknown as { end: number }).end),
    ).toBe(quote!.exact);
    expect(first.body[0]).toMatchObject({
      type: 'SpecificResource',
      source: 'urn:deja-lu:document:000_d7a5d4be53ae19f7',
    });
    expect(text('[data-task="done"]')).toBe(
      '2 analysed pages exported to deja-lu-annotations-2026-11-21.jsonld.',
    );
  });

  it('exports CSV (RFC 4180, French intact) and JSONL (the command line’s JSON)', async () => {
    const { saved } = await withHistory();
    await act(() => ($('.export-csv') as HTMLButtonElement).click());
    await until(() => saved.length === 1, 'the CSV');
    await act(() => ($('.export-jsonl') as HTMLButtonElement).click());
    await until(() => saved.length === 2, 'the JSONL');
    const [csv, jsonl] = saved as [Saved, Saved];
    expect(csv.name).toBe('deja-lu-annotations-2026-11-21.csv');
    const records = parseCsv(csv.text);
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(csv.text.endsWith('\r\n')).toBe(true);
    const rows = records.slice(1);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const velo = rows.filter((r) => r[1] === 'https://autre.example/velo');
    expect(velo.some((r) => r[12]!.includes('« Nous attendons depuis des années'))).toBe(true);
    expect(velo.some((r) => r[12]!.includes('l’est et le centre-ville'))).toBe(true);
    expect(new Set(rows.map((r) => r[6]))).toEqual(new Set(['shared', 'unique']));

    expect(jsonl.name).toBe('deja-lu-annotations-2026-11-21.jsonl');
    const lines = jsonl.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining([
          'id',
          'title',
          'sentences',
          'boilerplate',
          'credit',
          'stats',
          'url',
          'text',
          'metadata',
        ]),
      );
      for (const s of line.sentences) expect(line.text.slice(s.start, s.end)).toBe(s.text);
    }
  });
});

describe('your data', () => {
  it('exports everything, deletes everything after confirmation, imports the export back', async () => {
    const { services, saved, analyse, store } = await setup();
    await analyse(1, report('https://autre.example/velo', COPY_TEXT, 'Vélo à Lyon'));
    await mount(services);
    await choose('.corpus-files', [file('lyon-velo.txt', ORIGINAL_TEXT)]);
    await until(() => corpusIds().includes('lyon-velo'), 'the import');
    const documentsBefore = await store.listDocuments();
    const historyBefore = await store.listHistory();

    await act(() => ($('.export-all') as HTMLButtonElement).click());
    await until(() => saved.length === 1, 'the export');
    const exported = saved[0]!;
    expect(exported.name).toBe('deja-lu-export-2026-11-21.json');
    const backup = parseBackup(JSON.parse(exported.text));
    expect(backup.documents.map((d) => d.id)).toEqual(['lyon-velo']);
    expect(backup.history).toHaveLength(1);

    await act(() => ($('button.delete-everything') as HTMLButtonElement).click());
    expect(text('.delete-everything-confirm .confirm-question')).toBe(
      'Delete your 1 documents, the 1 saved analyses and your settings? The documents bundled with Déjà lu stay.',
    );
    await act(() => ($('.delete-everything-confirm .confirm-yes') as HTMLButtonElement).click());
    await until(() => !corpusIds().includes('lyon-velo') && $('.history-empty'), 'deletion');
    expect(text('#data [data-task="done"]')).toBe(
      'Deleted 1 documents and 1 analyses; the settings are back to their defaults.',
    );

    await choose('.backup-file', [file(exported.name, exported.text)]);
    await until(
      () => $('#data [data-task="done"]')?.textContent?.startsWith('Restored'),
      'restore',
    );
    expect(text('#data [data-task="done"]')).toBe('Restored 1 documents and 1 analyses.');
    expect(await store.listDocuments()).toEqual(documentsBefore);
    expect(await store.listHistory()).toEqual(historyBefore);
    await until(
      () => corpusIds().includes('lyon-velo') && $$('.history-row').length === 1,
      'lists',
    );
  });

  it.each([
    ['not JSON', 'backup.json', '{"format":', /^backup\.json: not valid JSON/],
    ['another format', 'backup.json', '{"format":"other"}', /^backup\.json: not a Déjà lu export/],
    [
      'a newer version',
      'backup.json',
      '{"format":"deja-lu-export","version":7}',
      /made by a newer version of Déjà lu \(export format 7/,
    ],
    [
      'a bad record',
      'backup.json',
      JSON.stringify({
        format: 'deja-lu-export',
        version: 1,
        exportedAt: '',
        settings: {},
        documents: [{ id: 'a', text: 3, addedAt: 1 }],
        history: [],
      }),
      /^backup\.json: documents\[0\]/,
    ],
    [
      'a wrong extension',
      'backup.txt',
      '{}',
      /^backup\.txt: not a Déjà lu export \(expected a \.json file\)/,
    ],
  ])(
    'refuses an export file that is %s, changing nothing',
    async (_name, name, content, message) => {
      const { services, store } = await setup();
      await mount(services);
      const before = await store.listDocuments();
      await choose('.backup-file', [file(name, content)]);
      await until(() => $('#data [data-task="error"]'), 'the error');
      expect(text('#data [role="alert"]').replace(/^Nothing was changed: /, '')).toMatch(message);
      expect(await store.listDocuments()).toEqual(before);
    },
  );
});

describe('languages', () => {
  it('speaks French when the browser does', async () => {
    const { services } = await setup();
    await mount(services, 'fr');
    expect(text('h1')).toBe('Corpus, historique et réglages');
    expect(text('.corpus-summary')).toBe(
      'Les articles sont comparés à 5 documents. À vous\u202f: 0. Fournis avec Déjà lu\u202f: 5.',
    );
    expect(text('#data h2')).toBe('Vos données');
    expect(text('output[for="shared-threshold"]')).toMatch(/^45[\u00a0\u202f]%$/);
  });
});

function wireCopyText(): string {
  return bundledSeeds()
    .documents.find((d) => d.id === '000_d7a5d4be53ae19f7')!
    .text.replace('ont échangé lundi 13 août', 'ont discuté lundi 13 août')
    .trim();
}
