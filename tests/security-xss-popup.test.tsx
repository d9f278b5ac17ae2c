// @vitest-environment jsdom
/**
 * The popup renders what pages and corpus documents supply as text, never as markup: every
 * payload of tests/fixtures/xss-payloads.ts is put into every field the popup shows (page
 * title, site name, byline, sentences, sources' titles, outlets and ids, matched source text,
 * word diffs, credit line, removed furniture, error messages), the popup is rendered with
 * Preact in jsdom (which runs inline event handlers: vitest's jsdom has runScripts
 * 'dangerously'), every detail is expanded and every element is sent the events payloads
 * wait for. Then: the canary is untouched, the DOM holds no element or attribute the same
 * popup does not have with harmless text, and the text shown is the payload, character for
 * character.
 *
 * A control test first shows that this detection works: the same payloads inserted as HTML
 * do run the canary in this environment.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import en from '@/public/_locales/en/messages.json';
import { App } from '@/components/App';
import { I18nContext, makeI18n } from '@/components/i18n';
import { catalogTranslator } from '@/lib/ext/i18n';
import type { Caller, PopupToBackground, Result, TabAnalysis } from '@/lib/ext/protocol';
import { DEFAULT_SETTINGS } from '@/lib/ext/settings';
import { articleAnalysis } from './ext-fixtures';
import {
  CANARY_ATTRIBUTE,
  XSS_PAYLOADS,
  payloadById,
  type XssPayload,
} from './fixtures/xss-payloads';
import { provokeAll, structureOf, suspiciousAttributes } from './security-dom';

type ArticleAnalysis = Extract<TabAnalysis, { kind: 'article' }>;

const BASE = articleAnalysis();

/** The analysis with `text` in every field that comes from the page or the corpus. */
function hostileAnalysis(text: string): ArticleAnalysis {
  const analysis = structuredClone(BASE);
  analysis.page.title = text;
  analysis.page.siteName = text;
  analysis.page.byline = text;
  analysis.page.publishedTime = text;
  const idOf = new Map(analysis.sources.map((s, i) => [s.id, `${text}#${i}`]));
  for (const source of analysis.sources) {
    source.id = idOf.get(source.id)!;
    source.title = text;
    source.outlet = text;
    source.url = text;
  }
  for (const sentence of analysis.annotation.sentences) {
    sentence.text = `${text} ${sentence.text}`;
    for (const source of sentence.sources) {
      source.id = idOf.get(source.id) ?? `${text}#x`;
      source.title = text;
      source.text = `${text} ${source.text}`;
      for (const op of source.diff) op.text = `${op.text} ${text}`;
    }
  }
  for (const block of analysis.annotation.boilerplate) block.text = `${text} ${block.text}`;
  analysis.annotation.title = text;
  analysis.annotation.credit = { start: 0, end: 1, text, agency: text };
  return analysis;
}

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  document.documentElement.removeAttribute(CANARY_ATTRIBUTE);
});

afterEach(() => {
  render(null, container);
  container.remove();
});

const flush = () =>
  act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

/** Renders the popup with a fake background that answers `analyse-tab` with `answer`. */
async function mountPopup(answer: Result<TabAnalysis>): Promise<void> {
  const call = (async (type: keyof PopupToBackground) => {
    if (type === 'analyse-tab') return answer;
    if (type === 'get-settings') return { ok: true, value: DEFAULT_SETTINGS };
    if (type === 'scroll-to-sentence') return { ok: true, value: { scrolled: false } };
    return { ok: true, value: { visible: true } };
  }) as Caller<PopupToBackground>;
  const i18n = makeI18n(catalogTranslator(en), 'en');
  await act(() => {
    render(
      <I18nContext.Provider value={i18n}>
        <App
          call={call}
          tabId={3}
          hostAccess={{ request: async () => false, release: async () => true }}
        />
      </I18nContext.Provider>,
      container,
    );
  });
  await flush();
}

/** Opens every shared sentence's detail and every <details>. */
async function expandEverything(): Promise<void> {
  for (const button of container.querySelectorAll<HTMLButtonElement>(
    'button.sentence[aria-expanded="false"]',
  )) {
    await act(() => button.click());
  }
  await flush();
  for (const details of container.querySelectorAll('details')) details.open = true;
}

const canary = () => document.documentElement.getAttribute(CANARY_ATTRIBUTE);
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

async function renderedArticle(text: string) {
  await mountPopup({ ok: true, value: hostileAnalysis(text) });
  await expandEverything();
  const structure = structureOf(container);
  render(null, container);
  return structure;
}

describe('control: the canary detects payloads that run', () => {
  it('payloads inserted as HTML do run in this environment', () => {
    const ran: XssPayload[] = [];
    // A payload that is not valid script once parsed (`<script>/*</script>`) is reported as an
    // error event; it is expected here.
    const quiet = (event: Event) => event.preventDefault();
    window.addEventListener('error', quiet);
    for (const payload of XSS_PAYLOADS) {
      document.documentElement.removeAttribute(CANARY_ATTRIBUTE);
      const scratch = document.createElement('div');
      document.body.append(scratch);
      // What the code under test must never do: parse page text as HTML (scripts included).
      scratch.append(document.createRange().createContextualFragment(payload.text));
      provokeAll(scratch);
      if (canary() === String(payload.id)) ran.push(payload);
      scratch.remove();
    }
    window.removeEventListener('error', quiet);
    document.documentElement.removeAttribute(CANARY_ATTRIBUTE);
    // jsdom loads nothing and navigates nowhere, so URL payloads cannot fire here; scripts and
    // inline handlers, in HTML and SVG, do.
    const kinds = new Set(ran.map((p) => p.kind));
    expect(kinds).toEqual(new Set(['script', 'event-handler', 'svg', 'mutation']));
    // 28 of the 70 when this was written.
    expect(ran.length).toBeGreaterThanOrEqual(25);
  });
});

describe('the popup renders hostile page and corpus text as text', () => {
  const benign = { structure: null as ReturnType<typeof structureOf> | null };

  it(`(${XSS_PAYLOADS.length} payloads; reference: the same popup with harmless text)`, async () => {
    benign.structure = await renderedArticle('Texte ordinaire sans balise');
    expect(benign.structure.tags.size).toBeGreaterThan(10);
  });

  it.each(XSS_PAYLOADS.map((p) => [p.id, p.kind, p] as const))(
    'payload %i (%s)',
    async (_id, _kind, payload) => {
      await mountPopup({ ok: true, value: hostileAnalysis(payload.text) });
      await expandEverything();
      const structure = structureOf(container);
      provokeAll(container);
      await flush();

      expect(canary(), `payload ${payloadById(canary() ?? undefined)?.text} ran`).toBeNull();
      expect(suspiciousAttributes(container)).toEqual([]);
      // Nothing but the popup's own elements and attributes.
      const reference = benign.structure ?? (await renderedArticle('Texte ordinaire'));
      expect([...structure.tags].filter((t) => !reference.tags.has(t))).toEqual([]);
      expect([...structure.attributes].filter((a) => !reference.attributes.has(a))).toEqual([]);
      // The payload is shown as written.
      const text = (selector: string) => container.querySelector(selector)?.textContent ?? '';
      expect(text('.page-title')).toBe(payload.text);
      expect(text('.page-site')).toBe(payload.text);
      expect(text('.source-title')).toBe(payload.text);
      expect(text('.source-outlet')).toBe(payload.text);
      expect(text('.sentence-text').startsWith(payload.text)).toBe(true);
      expect(text('.matched-text').startsWith(payload.text)).toBe(true);
      expect(text('.credit')).toContain(payload.text);
      expect(flat(text('.boilerplate-text'))).toContain(flat(payload.text).slice(0, 100));
      expect(container.querySelector('.source')!.getAttribute('data-source-id')).toBe(
        `${payload.text}#0`,
      );
    },
  );

  it.each(XSS_PAYLOADS.map((p) => [p.id, p.kind, p] as const))(
    'payload %i (%s) in an error message',
    async (_id, _kind, payload) => {
      await mountPopup({ ok: false, error: { code: 'internal', message: payload.text } });
      provokeAll(container);
      await flush();
      expect(canary()).toBeNull();
      expect(suspiciousAttributes(container)).toEqual([]);
      expect(container.querySelector('[data-screen="error"]')!.textContent).toContain(payload.text);
      expect(container.querySelectorAll('[data-screen="error"] *').length).toBe(4);
    },
  );
});
