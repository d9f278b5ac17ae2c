// @vitest-environment jsdom
/**
 * The page script on hostile pages, in jsdom: extraction and range finding answer within
 * bounded time, give the page its turn while they work, and say "too large" rather than
 * holding the tab. The pages: 100,000 elements, 10 MB of text, 5,000 levels of nesting, and
 * a sentence's first 20 letters repeated 100,000 times without its end (the worst case of
 * the anchor fallback). Browser figures are measured by tests/e2e/security.ts.
 */
import { describe, expect, it } from 'vitest';
import { extractArticle, extractArticleAsync } from '@/lib/extract/html';
import { Slicer } from '@/lib/extract/time-slice';
import { LIVE_PAGE_LIMITS } from '@/lib/ext/page-agent';
import { sentenceRangesSliced } from '@/lib/ext/page-ranges';
import { locateSentences } from '@/lib/ext/text-locator';
import { parseHtml } from '@/lib/extract/dom-parse';

const SENTENCE =
  'Le patron du réseau social, également aux manettes de Tesla et SpaceX, avait promis un moment très divertissant.';

/** A page of a fresh jsdom document, built with DOM calls (no parser depth limits). */
function page(build: (article: HTMLElement, doc: Document) => void): Document {
  const doc = document.implementation.createHTMLDocument('Page hostile');
  doc.documentElement.lang = 'fr';
  const article = doc.createElement('article');
  for (let i = 0; i < 6; i++) {
    const p = doc.createElement('p');
    p.textContent = SENTENCE;
    article.append(p);
  }
  build(article, doc);
  doc.body.append(article);
  return doc;
}

const BUILDERS: Record<string, () => Document> = {
  '100,000 elements': () =>
    page((article, doc) => {
      for (let i = 0; i < 100_000; i++) article.append(doc.createElement('span'));
    }),
  '10 MB of text': () =>
    page((article, doc) => {
      const p = doc.createElement('p');
      p.textContent = `${SENTENCE} `.repeat(90_000); // 10.1 million characters
      article.append(p);
    }),
  '5,000 levels of nesting': () =>
    page((article, doc) => {
      let parent: HTMLElement = article;
      for (let i = 0; i < 5000; i++) {
        const div = doc.createElement('div');
        parent.append(div);
        parent = div;
      }
      parent.textContent = SENTENCE;
    }),
  '100,000 comments': () =>
    page((article, doc) => {
      for (let i = 0; i < 100_000; i++) article.append(doc.createComment('x'));
    }),
};

/** Each hostile page, built once (building them in jsdom takes longer than reading them). */
const built = new Map<string, Document>();
const HOSTILE = Object.fromEntries(
  Object.entries(BUILDERS).map(([name, build]) => [
    name,
    () => built.get(name) ?? built.set(name, build()).get(name)!,
  ]),
);

/** A yield that counts, and the longest stretch of work between two yields. */
function countingYield() {
  let last = performance.now();
  const record = { yields: 0, longestMs: 0 };
  const yieldToPage = async () => {
    record.longestMs = Math.max(record.longestMs, performance.now() - last);
    record.yields++;
    await new Promise((resolve) => setTimeout(resolve, 0));
    last = performance.now();
  };
  return { record, yieldToPage };
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

describe('extraction on hostile pages (live-page limits)', () => {
  it.each(Object.keys(HOSTILE))('%s: too-large after one bounded walk', async (name) => {
    const doc = HOSTILE[name]!();
    const { value, ms } = await timed(() => extractArticleAsync(doc, LIVE_PAGE_LIMITS));
    expect(value.status).toBe('too-large');
    expect(value.message).toMatch(/it was not extracted/);
    // jsdom is some 10 times slower than a browser; the walk stops at the first limit (the
    // bound leaves room for a loaded machine: 13-40 ms when it is quiet).
    expect(ms).toBeLessThan(1500);
  });

  it('a page within the limits is extracted in stages, the page getting its turn between them', async () => {
    const doc = page((article, d) => {
      for (let i = 0; i < 400; i++) {
        const p = d.createElement('p');
        p.textContent = `${SENTENCE} Paragraphe ${i}.`;
        article.append(p);
      }
    });
    const { record, yieldToPage } = countingYield();
    const result = await extractArticleAsync(doc, { ...LIVE_PAGE_LIMITS, yieldToPage });
    expect(result.status).toBe('ok');
    expect(result.blocks.length).toBe(406);
    expect(record.yields).toBeGreaterThanOrEqual(6);
  });

  it('a saved page with a doctype, parsed by linkedom (the CLI): the limits apply', () => {
    // linkedom's doctype has no nextSibling: measuring from document.firstChild used to stop
    // at `<!doctype html>`, so saved pages passed every limit unmeasured.
    const html = `<!doctype html><html><body><article>${`<p>${SENTENCE}</p>`.repeat(6)}${'<span></span>'.repeat(100_000)}</article></body></html>`;
    const started = performance.now();
    const result = extractArticle(parseHtml(html));
    expect(result.status).toBe('too-large');
    expect(result.message).toMatch(/more than 20000 elements/);
    // Unmeasured, Readability took over 10 s on it (30,000 elements: 2.8 s in linkedom).
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('stops at its deadline between stages with too-large', async () => {
    const doc = parseHtml(`<html><body><article>${`<p>${SENTENCE}</p>`.repeat(50)}</article>`);
    let clock = 0;
    const result = await extractArticleAsync(doc, {
      ...LIVE_PAGE_LIMITS,
      deadlineMs: 100,
      now: () => (clock += 30),
      yieldToPage: async () => {},
    });
    expect(result.status).toBe('too-large');
    expect(result.message).toMatch(/longer than 100 ms/);
  });
});

describe('locating sentences in hostile pages', () => {
  const sentences = [SENTENCE, 'Une phrase absente de la page, assez longue pour les ancres.'];

  it.each(Object.keys(HOSTILE))('%s: bounded, sliced', async (name) => {
    const doc = HOSTILE[name]!();
    const { record, yieldToPage } = countingYield();
    const slicer = new Slicer({ deadlineMs: 5000, yieldToPage });
    const { value, ms } = await timed(() => sentenceRangesSliced(sentences, doc.body, { slicer }));
    expect(ms).toBeLessThan(5000);
    if (name === '10 MB of text') {
      // Past MAX_PAGE_TEXT (4 million characters): nothing located, said so.
      expect(value.status).toBe('too-large');
      expect(value.ranges).toEqual([null, null]);
    } else {
      expect(value.status).toBe('ok');
      expect(value.ranges[0]!.toString()).toBe(SENTENCE);
      expect(value.ranges[1]).toBeNull();
    }
    // Slices of about 12 ms; the bound leaves room for a garbage collection in one.
    expect(slicer.longestSliceMs).toBeLessThan(250);
    if (ms > 100) expect(record.yields).toBeGreaterThan(0);
  });

  it('stops at its deadline and keeps what it found', async () => {
    const doc = page(() => {});
    let clock = 0;
    const slicer = new Slicer({
      deadlineMs: 1000,
      now: () => (clock += 1),
      yieldToPage: async () => {},
    });
    const result = await sentenceRangesSliced([SENTENCE, SENTENCE, SENTENCE], doc.body, { slicer });
    // Whatever was found before the clock ran out keeps its range; nothing throws.
    expect(result.ranges).toHaveLength(3);
  });

  it('the anchor fallback is linear: a head repeated 100,000 times with no tail', () => {
    const head = 'abcdefghijklmnopqrst';
    const pageText = `${head}x`.repeat(100_000);
    const needle = `${head} au milieu de nulle part, puis une fin qui ne vient jamais.`;
    const started = performance.now();
    expect(locateSentences(pageText, [needle, needle])).toEqual([null, null]);
    // Quadratic, as it was, this took minutes (100,000 scans of 2.1 million characters).
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
