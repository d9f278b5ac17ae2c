// @vitest-environment jsdom
/**
 * Hostile text on the page's side: the page script reads payloads as text, reports them as
 * text, highlights sentences made of them without changing the page's DOM, and runs none of
 * them (this jsdom runs inline handlers and scripts, see security-xss-popup.test.tsx's
 * control). The page's own markup, payloads included, is parsed inert and adopted, so only
 * what the extension does could set the canary.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractArticle } from '@/lib/extract/html';
import { createHighlighter, HIGHLIGHT_SHARED, type HighlightWindow } from '@/lib/ext/highlighter';
import { createPageAgent, LIVE_PAGE_LIMITS } from '@/lib/ext/page-agent';
import { CHANNEL, type PageReport, type HighlightState } from '@/lib/ext/protocol';
import { CANARY_ATTRIBUTE, XSS_PAYLOADS } from './fixtures/xss-payloads';
import { parseWithJsdom } from './extract-html-jsdom';

const SENTENCE =
  'Le patron du réseau social, également aux manettes de Tesla et SpaceX, avait promis un moment très divertissant.';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
const canary = () => document.documentElement.getAttribute(CANARY_ATTRIBUTE);

/**
 * A news page whose title, site name, byline and sentences are the payloads, as text (the
 * HTML escapes them, as a page quoting an attack would), plus the payloads as live markup in
 * the article, and loaded into the test's document without running anything.
 */
function loadHostilePage(payloads = XSS_PAYLOADS): void {
  const title = payloads[0]!.text;
  const paragraphs = payloads
    .map((p) => `<p>${SENTENCE} ${escapeHtml(p.text)} ${SENTENCE}</p>\n<div class="live"></div>`)
    .join('\n');
  const html = `<!doctype html><html lang="fr"><head>
    <title>${escapeHtml(title)}</title>
    <meta property="og:site_name" content="${escapeHtml(payloads[1]!.text)}">
    <meta name="author" content="${escapeHtml(payloads[2]!.text)}">
    </head><body><main><article>
    <h1>${escapeHtml(title)}</h1>
    <p class="byline">Par ${escapeHtml(payloads[2]!.text)}</p>
    ${paragraphs}
    </article></main></body></html>`;
  // Parsed by a jsdom that runs nothing, then adopted: adopted scripts never run, and nothing
  // here loads resources, so no handler fires on its own.
  const inert = parseWithJsdom(html, 'http://127.0.0.1/hostile.html');
  // Each payload as live markup, parsed on its own so that an unclosed element in one does
  // not swallow the rest of the page.
  inert.querySelectorAll('div.live').forEach((slot, i) => {
    const alone = parseWithJsdom(`<!doctype html><body>${payloads[i]!.text}`);
    slot.append(...[...alone.body.childNodes].map((n) => inert.adoptNode(n)));
    // `<details open ontoggle>` and `autofocus` fire by themselves once in a live document:
    // that would be the page's own doing, not the extension's, so they are defused.
    slot.querySelectorAll('[open], [autofocus]').forEach((element) => {
      element.removeAttribute('open');
      element.removeAttribute('autofocus');
    });
  });
  document.documentElement.setAttribute('lang', 'fr');
  document.title = inert.title;
  document.head.replaceChildren(...[...inert.head.childNodes].map((n) => document.adoptNode(n)));
  document.body.replaceChildren(...[...inert.body.childNodes].map((n) => document.adoptNode(n)));
}

/** A highlight registry as the Custom Highlight API keeps it (jsdom has none). */
function fakeHighlightWindow() {
  const registry = new Map<string, Set<Range>>();
  class FakeHighlight extends Set<Range> {
    constructor(...ranges: Range[]) {
      super(ranges);
    }
  }
  const win: HighlightWindow = {
    CSS: { highlights: registry as Map<string, unknown> },
    Highlight: FakeHighlight,
    setTimeout: (handler, ms) => setTimeout(handler, ms),
    clearTimeout: (id) => clearTimeout(id),
  };
  return { win, registry };
}

const message = (type: string, payload: unknown) => ({ channel: CHANNEL, type, payload });

beforeEach(() => {
  document.documentElement.removeAttribute(CANARY_ATTRIBUTE);
});

afterEach(() => {
  document.body.replaceChildren();
  document.head.replaceChildren();
});

describe('the page script on a page full of payloads', () => {
  it('extracts titles, bylines, site names and sentences as the text the page shows', async () => {
    loadHostilePage();
    const agent = createPageAgent({
      extract: (doc) => extractArticle(doc, { ...LIVE_PAGE_LIMITS, force: true }),
      highlighter: createHighlighter(fakeHighlightWindow().win),
    });
    const answer = await agent.dispatch(message('extract-article', {}));
    expect(canary()).toBeNull();
    expect(answer.ok).toBe(true);
    const report = (answer as { value: PageReport }).value;
    expect(report.status).toBe('ok');
    expect(report.metadata.title).toBe(flat(XSS_PAYLOADS[0]!.text));
    expect(report.metadata.siteName).toBe(flat(XSS_PAYLOADS[1]!.text));
    expect(report.metadata.byline).toContain(flat(XSS_PAYLOADS[2]!.text));
    // Every escaped payload is in the article's text, as text.
    const text = flat(report.text);
    for (const payload of XSS_PAYLOADS) expect(text).toContain(flat(payload.text));
  });

  it('highlights sentences made of payloads with CSS highlights only: the page DOM is unchanged', async () => {
    loadHostilePage();
    const before = document.documentElement.outerHTML;
    const { win, registry } = fakeHighlightWindow();
    const agent = createPageAgent({
      extract: () => {
        throw new Error('not used');
      },
      highlighter: createHighlighter(win),
    });
    const sentences = XSS_PAYLOADS.map((p) => ({
      text: `${SENTENCE} ${p.text} ${SENTENCE}`,
      mark: 'verbatim' as const,
    }));
    const answer = await agent.dispatch(message('show-sentences', { sentences, visible: true }));
    expect(answer.ok).toBe(true);
    const state = (answer as { value: HighlightState }).value;
    expect(state.located).toBe(XSS_PAYLOADS.length);
    const painted = [...(registry.get(HIGHLIGHT_SHARED) as Set<Range>)];
    expect(painted.map((r) => flat(r.toString()))).toEqual(sentences.map((s) => flat(s.text)));
    // Scroll to each: only the highlight registry changes.
    Element.prototype.scrollIntoView = () => {};
    for (let index = 0; index < sentences.length; index += 7) {
      await agent.dispatch(message('scroll-to-sentence', { index }));
    }
    expect(document.documentElement.outerHTML).toBe(before);
    expect(canary()).toBeNull();
    agent.dispose();
    expect(registry.size).toBe(0);
    expect(document.documentElement.outerHTML).toBe(before);
  });
});
