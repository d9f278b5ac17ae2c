// @vitest-environment jsdom
/**
 * The options page renders what imported files and analysed pages supply as text: a JSONL
 * corpus whose ids, titles, outlets, dates, URLs and texts are the payloads of
 * tests/fixtures/xss-payloads.ts, an HTML file carrying them (as text and as live markup), an
 * analysed page whose title, site name and URL are payloads, and a backup whose saved
 * analysis has a `javascript:` address, all go through the real import path and the real
 * background service (fake-indexeddb), and the page is rendered with Preact in jsdom (which
 * runs inline handlers). Every element is provoked; the canary stays unset, no element or
 * attribute of the payloads appears, and the payloads are shown as written.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import en from '@/public/_locales/en/messages.json';
import { I18nContext, makeI18n } from '@/components/i18n';
import { OptionsApp } from '@/components/OptionsApp';
import type { OptionsServices } from '@/components/options-services';
import { catalogTranslator } from '@/lib/ext/i18n';
import { createCaller, type ExtensionPageToBackground, type PageReport } from '@/lib/ext/protocol';
import { receiveExport, sendImport } from '@/lib/ext/transfer-client';
import { extractArticle } from '@/lib/extract/html';
import { splitLines } from '@/lib/text/blocks';
import { CANARY_ATTRIBUTE, XSS_PAYLOADS, payloadById } from './fixtures/xss-payloads';
import { OPTIONS, portPair, setupService } from './security-harness';
import { provokeAll, suspiciousAttributes } from './security-dom';

const SENTENCE =
  'Le conseil municipal a voté mardi le budget de la ville pour l’année prochaine, après un long débat.';

let container: HTMLElement;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  container = document.createElement('div');
  document.body.append(container);
  document.documentElement.removeAttribute(CANARY_ATTRIBUTE);
});

afterEach(() => {
  render(null, container);
  container.remove();
});

const $ = (selector: string) => container.querySelector<HTMLElement>(selector);
const $$ = (selector: string) => [...container.querySelectorAll<HTMLElement>(selector)];
const canary = () => document.documentElement.getAttribute(CANARY_ATTRIBUTE);

async function until(check: () => unknown, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    if (check()) return;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
  }
}

function file(name: string, content: string) {
  const bytes = new TextEncoder().encode(content);
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer };
}

async function choose(selector: string, files: ReturnType<typeof file>[]) {
  const input = $(selector) as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** A page report whose title, site name and address carry a payload. */
function hostileReport(text: string): PageReport {
  const body = `${SENTENCE}\n\n${text} ${SENTENCE}\n\nLes élus de l’opposition ont dénoncé une hausse des impôts locaux.`;
  return {
    url: `https://evil.example/article?x=${text}`,
    status: 'ok',
    message: null,
    text: body,
    blocks: splitLines(body),
    boilerplate: [],
    metadata: {
      title: text,
      byline: text,
      siteName: text,
      publishedTime: text,
      language: 'fr',
      canonicalUrl: null,
      excerpt: text,
    },
  };
}

/** The options page over the real service; the corpus and history filled with payloads. */
async function hostileOptionsPage() {
  const { service, browser, store } = await setupService();
  const services: OptionsServices = {
    call: createCaller<ExtensionPageToBackground>((envelope) =>
      service.handleMessage(envelope, OPTIONS)!,
    ),
    connect() {
      const { page, background } = portPair();
      service.handleConnection(background, OPTIONS);
      return page;
    },
    hostAccess: { request: async () => true, release: async () => true },
    html: {
      parseHtml: (html) => new DOMParser().parseFromString(html, 'text/html'),
      extract: (doc) => extractArticle(doc),
    },
    save: () => {},
    now: () => new Date('2026-11-21T12:00:00Z'),
  };
  // History: an analysed page per kind of payload.
  for (const payload of XSS_PAYLOADS.filter((p) => p.id % 10 === 1)) {
    browser.reports.set(payload.id, hostileReport(payload.text));
    const answer = await service.handleMessage(
      { channel: 'deja-lu', type: 'analyse-tab', payload: { tabId: payload.id } },
      { id: OPTIONS.id, url: OPTIONS.url!.replace('options', 'popup') },
    );
    expect(answer).toMatchObject({ ok: true, value: { kind: 'article' } });
  }
  // A backup whose saved analysis has a javascript: address and hostile fields.
  const exported = await receiveExport(
    { documents: false, history: true },
    { connect: services.connect },
  );
  const [first] = exported.history;
  const scriptUrl = XSS_PAYLOADS.find((p) => p.text.startsWith('javascript:'))!.text;
  await sendImport(
    {
      kind: 'backup',
      label: 'export.json',
      documents: [],
      history: [{ ...first!, url: scriptUrl, page: { ...first!.page, url: scriptUrl } }],
      settings: null,
    },
    { connect: services.connect, pause: async () => {} },
  );
  return { services, store };
}

describe('the options page with hostile imports and history', () => {
  it(`shows ${XSS_PAYLOADS.length} hostile documents, an HTML file and hostile history as text, running nothing`, async () => {
    const { services } = await hostileOptionsPage();
    const i18n = makeI18n(catalogTranslator(en), 'en');
    await act(() => {
      render(
        <I18nContext.Provider value={i18n}>
          <OptionsApp services={services} />
        </I18nContext.Provider>,
        container,
      );
    });
    await until(() => $$('.corpus-row').length > 0 && $('.history-table'), 'the page');

    // Import the payloads: a JSONL corpus (every field hostile) and an HTML page.
    const jsonl = XSS_PAYLOADS.map((p) =>
      JSON.stringify({
        id: p.text,
        title: p.text,
        series: p.text,
        url: p.text,
        date: p.text,
        text: `${SENTENCE} ${p.text} Les élus ont voté le texte numéro ${p.id}.`,
      }),
    ).join('\n');
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const html = `<!doctype html><html lang="fr"><head><title>${escape(XSS_PAYLOADS[0]!.text)}</title></head><body><article><h1>${escape(XSS_PAYLOADS[0]!.text)}</h1>${XSS_PAYLOADS.map((p) => `<p>${SENTENCE} ${escape(p.text)}</p><div>${p.text}</div>`).join('')}</article></body></html>`;
    await choose('.corpus-files', [file('hostile.jsonl', jsonl), file('hostile-page.html', html)]);
    await until(() => $('[data-task="done"], [data-task="error"]'), 'the import');
    expect($('[data-task="error"]')?.textContent ?? '').toBe('');
    await until(() => $$('.corpus-row').length >= XSS_PAYLOADS.length, 'the rows');

    expect(suspiciousAttributes(container)).toEqual([]);
    expect(
      container.querySelector('script, iframe, object, embed, img, svg, math, style'),
    ).toBeNull();

    // Every payload is listed as written: as id, title and outlet.
    const rows = new Map($$('.corpus-row').map((row) => [row.dataset.id, row]));
    for (const payload of XSS_PAYLOADS) {
      const row = rows.get(payload.text);
      expect(row, `row of payload ${payload.id}`).toBeDefined();
      expect(row!.querySelector('.doc-outlet')!.textContent).toBe(payload.text);
      expect(row!.querySelector('.doc-title')!.textContent).toContain(payload.text);
    }

    // The history, and each saved analysis reopened (the popup's view, with sources).
    const titles = $$('.history-title').map((cell) => cell.textContent);
    for (const payload of XSS_PAYLOADS.filter((p) => p.id % 10 === 1)) {
      expect(titles).toContain(payload.text);
    }
    const count = $$('.open-analysis').length;
    expect(count).toBe(XSS_PAYLOADS.filter((p) => p.id % 10 === 1).length + 1);
    for (let i = 0; i < count; i++) {
      await act(() => $$('.open-analysis')[i]!.click());
      await until(() => $('.saved-analysis'), 'the saved analysis');
      provokeAll($('.saved-analysis')!);
      expect(canary()).toBeNull();
      expect(suspiciousAttributes(container)).toEqual([]);
      // The javascript: address of the restored record gives no link.
      const link = $('.saved-analysis .open-page');
      if (link) expect(link.getAttribute('href')).toMatch(/^https:\/\/evil\.example\//);
      await act(() => ($('.back-to-history') as HTMLButtonElement).click());
      await until(() => $('.history-table'), 'the history');
    }
    // Last, every element of the page sent every event (clicks included: they open analyses
    // and ask to delete things, which is why this comes after the checks above).
    provokeAll(container);
    await until(() => true, 'handlers');
    expect(canary(), `payload ran: ${payloadById(canary() ?? undefined)?.text}`).toBeNull();
    expect(suspiciousAttributes(container)).toEqual([]);
  });
});
