// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Highlighter, MarkedRange } from '@/lib/ext/highlighter';
import { createPageAgent, pageUrl, type ArticleExtraction } from '@/lib/ext/page-agent';
import { CHANNEL, type PageReport } from '@/lib/ext/protocol';

const TEXT = 'Trump et Musk\n\nLe patron du réseau social a promis un moment divertissant.';

function extraction(): ArticleExtraction & { html: string; dom: unknown } {
  return {
    status: 'ok',
    text: TEXT,
    blocks: [
      { start: 0, end: 13, kind: 'heading' },
      { start: 15, end: TEXT.length, kind: 'paragraph' },
    ],
    boilerplate: [],
    metadata: { title: 'Trump et Musk', siteName: 'Le Site', language: null },
    html: '<p>…</p>',
    dom: document.body,
  };
}

function recordingHighlighter() {
  const calls: {
    shown: MarkedRange[];
    visible: boolean | null;
    focused: Range[];
    cleared: number;
  } = {
    shown: [],
    visible: null,
    focused: [],
    cleared: 0,
  };
  const highlighter: Highlighter = {
    supported: true,
    show(ranges, visible) {
      calls.shown = [...ranges];
      calls.visible = visible;
    },
    setVisible(visible) {
      calls.visible = visible;
    },
    focus(range) {
      calls.focused.push(range);
    },
    clear() {
      calls.cleared++;
    },
  };
  return { highlighter, calls };
}

const message = (type: string, payload: unknown) => ({ channel: CHANNEL, type, payload });

beforeEach(() => {
  document.documentElement.setAttribute('lang', 'fr-CH');
  document.body.innerHTML = `<main><h1>Trump et Musk</h1>
    <p>Le patron du <em>réseau social</em> a promis un moment divertissant.</p>
    <p>Une phrase que l'article n'a pas.</p></main>`;
  window.history.replaceState(null, '', '/article.html#commentaires');
});

describe('pageUrl', () => {
  it('drops the fragment only', () => {
    expect(pageUrl('https://a.example/x?y=1#z')).toBe('https://a.example/x?y=1');
    expect(pageUrl('https://a.example/x')).toBe('https://a.example/x');
  });
});

describe('createPageAgent', () => {
  it('extracts a plain report: declared fields only, language from the document', async () => {
    const extract = vi.fn(extraction);
    const agent = createPageAgent({ extract, highlighter: recordingHighlighter().highlighter });
    const answer = await agent.dispatch(message('extract-article', {}));
    expect(extract).toHaveBeenCalledWith(document);
    expect(answer.ok).toBe(true);
    const report = (answer as { value: PageReport }).value;
    expect(Object.keys(report).sort()).toEqual(
      ['blocks', 'boilerplate', 'message', 'metadata', 'status', 'text', 'url'].sort(),
    );
    expect(report.url).toBe('http://localhost:3000/article.html');
    expect(report.metadata).toEqual({
      title: 'Trump et Musk',
      byline: null,
      siteName: 'Le Site',
      publishedTime: null,
      language: 'fr-CH',
      canonicalUrl: null,
      excerpt: null,
    });
    // Structured-cloneable: no DOM nodes or functions cross to the background.
    expect(() => structuredClone(report)).not.toThrow();
  });

  it('locates sentences in the live page and highlights the shared ones', async () => {
    const { highlighter, calls } = recordingHighlighter();
    const agent = createPageAgent({ extract: extraction, highlighter });
    const answer = await agent.dispatch(
      message('show-sentences', {
        sentences: [
          { text: 'Trump et Musk', mark: null },
          { text: 'Le patron du réseau social a promis un moment divertissant.', mark: 'edited' },
          { text: 'Absente de la page.', mark: 'verbatim' },
        ],
        visible: true,
      }),
    );
    expect(answer).toEqual({ ok: true, value: { visible: true, located: 2, status: 'ok' } });
    expect(calls.visible).toBe(true);
    expect(calls.shown.map((r) => [r.range.toString(), r.mark])).toEqual([
      ['Trump et Musk', null],
      ['Le patron du réseau social a promis un moment divertissant.', 'edited'],
    ]);

    expect(await agent.dispatch(message('set-highlights', { visible: false }))).toEqual({
      ok: true,
      value: { visible: false },
    });
    expect(calls.visible).toBe(false);
  });

  it('answers superseded to a call a newer one overtook, and paints the newer only', async () => {
    const { highlighter, calls } = recordingHighlighter();
    const agent = createPageAgent({ extract: extraction, highlighter });
    const show = (mark: 'verbatim' | 'edited') =>
      agent.dispatch(
        message('show-sentences', { sentences: [{ text: 'Trump et Musk', mark }], visible: true }),
      );
    const [older, newer] = await Promise.all([show('verbatim'), show('edited')]);
    expect(older).toEqual({ ok: true, value: { visible: true, located: 0, status: 'superseded' } });
    expect(newer).toEqual({ ok: true, value: { visible: true, located: 1, status: 'ok' } });
    expect(calls.shown.map((r) => r.mark)).toEqual(['edited']);
  });

  it('scrolls to a located sentence and flashes it', async () => {
    const scrollIntoView = vi.fn();
    Element.prototype.scrollIntoView = scrollIntoView;
    const { highlighter, calls } = recordingHighlighter();
    const agent = createPageAgent({ extract: extraction, highlighter });
    await agent.dispatch(
      message('show-sentences', {
        sentences: [
          { text: 'Le patron du réseau social a promis un moment divertissant.', mark: 'verbatim' },
          { text: 'Absente de la page.', mark: null },
        ],
        visible: true,
      }),
    );
    expect(await agent.dispatch(message('scroll-to-sentence', { index: 0 }))).toEqual({
      ok: true,
      value: { scrolled: true },
    });
    expect(scrollIntoView).toHaveBeenCalledTimes(1);
    expect(scrollIntoView.mock.contexts[0]).toBe(document.querySelector('p'));
    expect(calls.focused).toHaveLength(1);
    // Not in the page, or past the end: nothing to scroll to.
    expect(await agent.dispatch(message('scroll-to-sentence', { index: 1 }))).toEqual({
      ok: true,
      value: { scrolled: false },
    });
    expect(await agent.dispatch(message('scroll-to-sentence', { index: 40 }))).toEqual({
      ok: true,
      value: { scrolled: false },
    });
  });

  it('answers malformed messages with an error and leaves the page alone', async () => {
    const extract = vi.fn(extraction);
    const before = document.body.innerHTML;
    const agent = createPageAgent({ extract, highlighter: recordingHighlighter().highlighter });
    const answer = await agent.dispatch(
      message('show-sentences', { sentences: 'all', visible: true }),
    );
    expect(answer.ok).toBe(false);
    expect((await agent.dispatch(message('run-script', {}))).ok).toBe(false);
    expect(extract).not.toHaveBeenCalled();
    expect(document.body.innerHTML).toBe(before);
  });

  it('turns an extractor crash into an error value', async () => {
    const agent = createPageAgent({
      extract: () => {
        throw new Error('Readability exploded');
      },
      highlighter: recordingHighlighter().highlighter,
    });
    expect(await agent.dispatch(message('extract-article', {}))).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Readability exploded' },
    });
  });

  it('clears its highlights when disposed', () => {
    const { highlighter, calls } = recordingHighlighter();
    createPageAgent({ extract: extraction, highlighter }).dispose();
    expect(calls.cleared).toBe(1);
  });
});
