/**
 * The security end-to-end scenarios (issue 7), run in each browser after the main suite:
 *
 * - hostile pages (pages/hostile.html?kind=…): 100,000 elements, 10 MB of text and 5,000
 *   levels get "too large" within a bounded time; pages at the live limits are analysed;
 *   meanwhile the page's own main thread is watched (Chromium's long tasks, and in both
 *   browsers the gaps of the page's 10 ms setInterval);
 * - XSS (generated/xss.html, from tests/fixtures/xss-payloads.ts): the popup and the page
 *   run none of the payloads, the popup holds no element or attribute they would inject, the
 *   page's DOM is unchanged by the highlights;
 * - zero network: a recording proxy that every request of the browser goes through (see
 *   proxy.ts) sees, during an analysis, nothing but the test's own page loads; positive
 *   controls first show that it does see requests made by the extension's contexts.
 *
 * The figures measured are printed and written to node_modules/.cache/e2e-security.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CANARY_ATTRIBUTE } from '../fixtures/xss-payloads';
import type { E2eBrowser, E2ePage } from './drivers';
import { assert, assertEqual, type Harness } from './harness';
import { ArticlePage, type PopupPage } from './page-objects';
import type { ProxiedRequest, RecordingProxy } from './proxy';
import { OptionsPage } from './options-page';
import { XSS_PAGE_FIELDS, XSS_PAGE_SENTENCE_PAYLOADS, writeXssCorpus } from './xss-page';

export interface SecuritySuiteContext {
  harness: Harness;
  browser: E2eBrowser;
  origin: string;
  proxy: RecordingProxy | null;
}

/** What a page saw of its own main thread during a window. */
interface ThreadProbe {
  longTaskSupported: boolean;
  /** Long tasks (over 50 ms) that started in the window, in ms. */
  longTasks: number[];
  /** The longest wait of the page's 10 ms setInterval in the window, in ms. */
  longestGap: number;
}

const FIGURES_FILE = 'node_modules/.cache/e2e-security.json';

function saveFigure(browser: string, name: string, value: unknown): void {
  let figures: Record<string, unknown>;
  try {
    figures = JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    figures = {};
  }
  figures[`${browser}: ${name}`] = value;
  mkdirSync('node_modules/.cache', { recursive: true });
  writeFileSync(FIGURES_FILE, JSON.stringify(figures, null, 2));
  console.log(`       ${browser}: ${name}: ${JSON.stringify(value)}`);
}

/** Waits until the page has painted twice and rested, so its own layout is done. */
async function settle(page: E2ePage): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        requestAnimationFrame(() =>
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 300)),
        );
      }),
    null,
  );
}

async function threadProbe(page: E2ePage, since: number): Promise<ThreadProbe> {
  return page.evaluate((mark) => {
    const probe = (
      window as unknown as {
        __probe: {
          longTaskSupported: boolean;
          longTasks: { start: number; duration: number }[];
          gaps: { end: number; gap: number }[];
        };
      }
    ).__probe;
    return {
      longTaskSupported: probe.longTaskSupported,
      longTasks: probe.longTasks.filter((t) => t.start >= mark).map((t) => Math.round(t.duration)),
      longestGap: Math.round(
        Math.max(0, ...probe.gaps.filter((g) => g.end - g.gap >= mark).map((g) => g.gap)),
      ),
    };
  }, since);
}

/** The popup's `.not-article` or article screen, and the text of its body. */
async function screenAndText(popup: PopupPage): Promise<{ screen: string; text: string }> {
  const screen = await popup.screen();
  const text = await popup.text('[data-screen]');
  return { screen, text };
}

/** Elements and attributes in the popup's app that no component of ours makes. */
async function foreignMarkup(page: E2ePage): Promise<string[]> {
  return page.evaluate((canaryAttribute) => {
    const ours = new Set([
      'div',
      'p',
      'span',
      'h1',
      'h2',
      'h3',
      'section',
      'article',
      'header',
      'main',
      'nav',
      'label',
      'input',
      'button',
      'ol',
      'ul',
      'li',
      'details',
      'summary',
      'blockquote',
      'del',
      'ins',
      'strong',
      'em',
      'small',
      'time',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'form',
      'select',
      'option',
      'textarea',
      'fieldset',
      'legend',
      'progress',
      'dialog',
      'a',
      'output',
      'meter',
      'nav',
      'code',
    ]);
    // Attributes whose value the browser follows as a URL.
    const urlAttributes = /^(href|src|action|formaction|data|poster|xlink:href|background)$/i;
    const found: string[] = [];
    if (document.documentElement.hasAttribute(canaryAttribute)) {
      found.push(`canary set by payload ${document.documentElement.getAttribute(canaryAttribute)}`);
    }
    for (const element of document.querySelectorAll('#app *')) {
      if (!ours.has(element.localName)) found.push(`<${element.localName}>`);
      for (const name of element.getAttributeNames()) {
        const value = element.getAttribute(name) ?? '';
        const scheme = [...value]
          .filter((c) => c.charCodeAt(0) > 0x20)
          .join('')
          .toLowerCase();
        if (
          /^on/i.test(name) ||
          name.toLowerCase() === 'srcdoc' ||
          (urlAttributes.test(name) && /^(javascript|data|vbscript):/.test(scheme))
        ) {
          found.push(`<${element.localName} ${name}="${value.slice(0, 40)}">`);
        }
      }
    }
    return found;
  }, CANARY_ATTRIBUTE);
}

const squeeze = (text: string) => text.replace(/\s+/g, '');

/** Chromium's update service (Omaha), which its updater reaches over plain HTTP. */
const BROWSER_UPDATE = 'http://update.googleapis.com/service/update2/json?';

/**
 * The browsers' own services, which they reach by themselves whatever the pages do (Chromium's
 * account and autofill services, Firefox's remote settings): a tunnel to one of these hosts
 * that no page, frame or worker requested (see `allRequestedUrls`) is the browser's.
 */
const BROWSER_SERVICES =
  /^(accounts\.google\.com|[a-z0-9.-]+\.(googleapis|gvt1|gstatic)\.com|[a-z0-9.-]+\.(mozilla|mozilla\.net|firefox)\.(com|org|net)):443$/;

/**
 * Requests in the proxy's record that the test itself explains: its own navigations to the
 * test server's pages, the browser's favicon request for them, and the browser's own service
 * connections that no page or worker made. Anything else, from any context, is unexpected.
 */
function unexpectedRequests(
  requests: ProxiedRequest[],
  origin: string,
  browser: E2eBrowser,
): ProxiedRequest[] {
  const requestedHosts = new Set(
    browser.allRequestedUrls().flatMap((url) => {
      try {
        return [new URL(url).host];
      } catch {
        return [];
      }
    }),
  );
  return requests.filter((r) => {
    const navigation =
      r.mode === 'navigate' &&
      r.dest === 'document' &&
      r.url.startsWith(`${origin}/`) &&
      /^\/(pages|generated|fixtures)\//.test(r.url.slice(origin.length));
    const favicon = r.url === `${origin}/favicon.ico` && r.origin === null;
    const browserService =
      r.method === 'CONNECT' &&
      BROWSER_SERVICES.test(r.url) &&
      !requestedHosts.has(r.url.replace(/:443$/, ''));
    // Chromium's updater checks in over plain HTTP now and then, whatever the flags
    // (--disable-component-update is passed): from the browser process, so with no origin and
    // no fetch mode or destination, which no page, frame or worker request lacks.
    const browserUpdate =
      r.method === 'POST' &&
      r.url.startsWith(BROWSER_UPDATE) &&
      r.origin === null &&
      r.mode === null &&
      r.dest === null &&
      !requestedHosts.has(new URL(r.url).host);
    return !(navigation || favicon || browserService || browserUpdate);
  });
}

const describeRequest = (r: ProxiedRequest) =>
  `${r.method} ${r.url} (origin ${r.origin}, ${r.mode}/${r.dest})`;

/** Where the security suite writes the files it imports and the exports it reads. */
const WORK_DIR = resolve('node_modules/.cache/e2e/security');

export async function runSecuritySuite({
  harness,
  browser,
  origin,
  proxy,
}: SecuritySuiteContext): Promise<void> {
  const test = (name: string, body: () => Promise<void>) =>
    harness.run(browser.name, name, body, 120_000);

  // ---------------------------------------------------------------------------------------
  // Time bounds on hostile pages

  /*
   * Bounds: a long task (Chromium's PerformanceObserver, precise) and the longest wait of the
   * page's own 10 ms setInterval (both browsers; noisier: it also counts garbage collection and
   * whatever else the machine runs). Measured on the 2-core test machine, the bounds are about
   * twice the worst figure seen under load (see the README's "Reliability and security").
   */
  const hostile: {
    kind: string;
    what: string;
    tooLarge: boolean;
    maxTaskMs: number;
    maxGapMs: number;
  }[] = [
    { kind: 'elements', what: '100,000 elements', tooLarge: true, maxTaskMs: 250, maxGapMs: 600 },
    { kind: 'text', what: '10 MB of text', tooLarge: true, maxTaskMs: 250, maxGapMs: 600 },
    {
      kind: 'depth',
      what: '5,000 levels of nesting',
      tooLarge: true,
      maxTaskMs: 250,
      maxGapMs: 600,
    },
    {
      kind: 'wide',
      what: '5,900 elements (at the live limits)',
      tooLarge: false,
      maxTaskMs: 1500,
      maxGapMs: 2500,
    },
    {
      kind: 'chains',
      what: 'chains 44 deep (at the live limits)',
      tooLarge: false,
      maxTaskMs: 1500,
      maxGapMs: 2500,
    },
  ];
  for (const { kind, what, tooLarge, maxTaskMs, maxGapMs } of hostile) {
    await test(`hostile page, ${what}: ${tooLarge ? '"too large" at once' : 'analysed'}, the tab stays responsive`, async () => {
      const article = await ArticlePage.open(browser, `${origin}/pages/hostile.html?kind=${kind}`);
      const mark = await settle(article.page);
      const started = Date.now();
      const popup = await article.openPopup();
      const { screen, text } = await screenAndText(popup);
      const elapsedMs = Date.now() - started;
      if (tooLarge) {
        assertEqual(screen, 'not-article', 'popup screen');
        assert(/too long/.test(text), `the too-large message: ${text}`);
      } else {
        assertEqual(screen, 'article', 'popup screen');
      }
      // Let the page script finish locating the sentences (after the popup shows the result).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const probe = await threadProbe(article.page, mark);
      const longestTask = Math.max(0, ...probe.longTasks);
      saveFigure(browser.name, `hostile ${kind}`, {
        screen,
        popupMs: elapsedMs,
        longTasks: probe.longTaskSupported ? probe.longTasks : 'not supported',
        longestIntervalGapMs: probe.longestGap,
      });
      if (probe.longTaskSupported) {
        assert(longestTask <= maxTaskMs, `longest task ${longestTask} ms > ${maxTaskMs} ms`);
      }
      assert(probe.longestGap <= maxGapMs, `the page's setInterval waited ${probe.longestGap} ms`);
      await popup.close();
      await article.page.close();
    });
  }

  await test('a real article: the page thread is never held long', async () => {
    const article = await ArticlePage.open(browser, `${origin}/pages/republished.html`);
    await article.page.evaluate(() => {
      const probe = { longTaskSupported: false, longTasks: [] as object[], gaps: [] as object[] };
      (window as unknown as { __probe: typeof probe }).__probe = probe;
      if ((PerformanceObserver.supportedEntryTypes ?? []).includes('longtask')) {
        probe.longTaskSupported = true;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            probe.longTasks.push({ start: e.startTime, duration: e.duration });
          }
        }).observe({ type: 'longtask' });
      }
      let last = performance.now();
      setInterval(() => {
        const now = performance.now();
        if (now - last > 20) probe.gaps.push({ end: now, gap: now - last });
        last = now;
      }, 10);
    }, null);
    const mark = await settle(article.page);
    const popup = await article.openPopup();
    assertEqual(await popup.screen(), 'article', 'popup screen');
    await article.page.waitFor(() => CSS.highlights?.get('deja-lu-shared')?.size, null);
    const probe = await threadProbe(article.page, mark);
    saveFigure(browser.name, 'real article (republished.html)', {
      longTasks: probe.longTaskSupported ? probe.longTasks : 'not supported',
      longestIntervalGapMs: probe.longestGap,
    });
    if (probe.longTaskSupported) {
      assert(Math.max(0, ...probe.longTasks) <= 200, `long tasks ${probe.longTasks}`);
    }
    await popup.close();
    await article.page.close();
  });

  // ---------------------------------------------------------------------------------------
  // XSS

  await test('XSS payloads in the title, byline, site name and sentences run nowhere', async () => {
    const article = await ArticlePage.open(browser, `${origin}/generated/xss.html`);
    await settle(article.page);
    const before = await article.page.evaluate(() => document.documentElement.outerHTML, null);
    // The page by itself runs none of its payloads: only the extension could set the canary.
    assertEqual(
      await article.page.evaluate(
        (attribute) => document.documentElement.getAttribute(attribute),
        CANARY_ATTRIBUTE,
      ),
      null,
      'canary after the page loaded',
    );
    const popup = await article.openPopup();
    assertEqual(await popup.screen(), 'article', 'popup screen');
    // Open the shared sentences' details (matched text, diff) and every <details>.
    const sentences = await popup.sentences();
    const shared = sentences.flatMap((s, i) => (s.mark !== 'unique' ? [i] : [])).slice(0, 6);
    for (const index of shared) await popup.activateSentence(index);
    const unique = sentences.findIndex((s) => s.text.includes('plainte numéro'));
    assert(unique !== -1, 'the payload sentences are listed');
    await popup.activateSentence(unique);
    await popup.page.evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = true;
    }, null);
    await article.page.waitFor(() => CSS.highlights?.get('deja-lu-shared')?.size, null);

    assertEqual(await foreignMarkup(popup.page), [], 'markup injected into the popup');
    const title = await popup.text('.page-title');
    assert(
      title !== '' && squeeze(XSS_PAGE_FIELDS.title.text).includes(squeeze(title)),
      `the title is shown as text: ${title}`,
    );
    assertEqual(
      squeeze(await popup.text('.page-site')),
      squeeze(XSS_PAGE_FIELDS.siteName.text),
      'site name, as text',
    );
    // Each payload is listed as a sentence, or (the engine's text rules take a paragraph with
    // a URL or markup in it for furniture) among the removed blocks, excerpts cut at 180.
    const listed = squeeze((await popup.sentences()).map((s) => s.text).join(''));
    const removed = (await popup.removed()).map((r) => squeeze(r.text));
    const shown = (payload: string) =>
      listed.includes(payload) ||
      removed.some((excerpt) => {
        if (excerpt.includes(payload)) return true;
        if (!excerpt.endsWith('…')) return false;
        // An excerpt cut inside the payload: what is visible of it is a prefix of it.
        const visible = excerpt.slice(0, -1);
        for (let i = 0; i <= visible.length - 20; i++) {
          if (payload.startsWith(visible.slice(i))) return true;
        }
        return false;
      });
    const missing = XSS_PAGE_SENTENCE_PAYLOADS.filter((p) => !shown(squeeze(p.text)));
    assertEqual(
      missing.map((p) => p.id),
      [],
      'payloads not shown as text in the sentence list',
    );

    const page = await article.page.evaluate(
      (attribute) => ({
        canary: document.documentElement.getAttribute(attribute),
        html: document.documentElement.outerHTML,
      }),
      CANARY_ATTRIBUTE,
    );
    assertEqual(page.canary, null, 'canary in the page');
    assert(page.html === before, 'the page’s DOM is unchanged by the analysis and highlights');
    await popup.close();
    await article.page.close();
  });

  await test('XSS payloads in an imported corpus: the options page, the popup’s sources and the history show them as text; no request during import, analysis, export and import', async () => {
    const mark = proxy?.now() ?? 0;
    const extensionBefore = browser.requestedUrls().length;
    const corpus = writeXssCorpus(WORK_DIR);
    const options = await OptionsPage.open(browser, origin);
    const imported = await options.importFiles([corpus]);
    assertEqual(imported.state, 'done', `the import: ${imported.message}`);
    const listed = await options.documents();
    const payloadIds = new Set(XSS_PAGE_SENTENCE_PAYLOADS.map((p) => p.text));
    assertEqual(
      listed.filter((d) => payloadIds.has(d.id)).length,
      payloadIds.size,
      'imported documents listed under their hostile ids',
    );
    assertEqual(await foreignMarkup(options.page), [], 'markup injected into the options page');

    const article = await ArticlePage.open(browser, `${origin}/generated/xss.html`);
    const popup = await article.openPopup();
    assertEqual(await popup.screen(), 'article', 'popup screen');
    const sources = await popup.sources();
    assert(
      sources.filter((s) => payloadIds.has(s.outlet)).length >= 5,
      `hostile outlets listed as text: ${sources.slice(0, 3).map((s) => s.outlet)}`,
    );
    const shared = (await popup.sentences()).findIndex((s) => s.mark !== 'unique');
    await popup.activateSentence(shared);
    await popup.page.evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = true;
    }, null);
    assertEqual(await foreignMarkup(popup.page), [], 'markup injected into the popup');
    assertEqual(
      await article.page.evaluate(
        (attribute) => document.documentElement.getAttribute(attribute),
        CANARY_ATTRIBUTE,
      ),
      null,
      'canary in the page',
    );
    await popup.close();
    await article.page.close();

    // The history lists the page; its saved analysis, reopened, has the hostile sources.
    await options.reload();
    await options.page.click('.history-row .open-analysis');
    await options.page.waitFor(() => document.querySelector('.saved-analysis .source'), null);
    assertEqual(await foreignMarkup(options.page), [], 'markup in a reopened analysis');

    // Export everything, delete everything, import the export.
    const exported = await options.exportEverything();
    mkdirSync(WORK_DIR, { recursive: true });
    const backup = join(WORK_DIR, 'deja-lu-export.json');
    writeFileSync(backup, exported.text);
    await options.deleteEverything();
    const restored = await options.importBackup(backup);
    assertEqual(restored.state, 'done', `the import of the export: ${restored.message}`);
    await options.reload();
    assertEqual(await foreignMarkup(options.page), [], 'markup after the import of the export');

    if (proxy) {
      const unexpected = unexpectedRequests(proxy.since(mark), origin, browser);
      saveFigure(browser.name, 'requests during import, analysis, export, import', {
        proxied: proxy.since(mark).length,
        browserServices: proxy
          .since(mark)
          .filter((r) => r.method === 'CONNECT' || r.url.startsWith(BROWSER_UPDATE))
          .map((r) => r.url),
        unexpected: unexpected.length,
      });
      assertEqual(unexpected.map(describeRequest), [], 'requests other than page loads');
    }
    const fromExtension = browser
      .requestedUrls()
      .slice(extensionBefore)
      .filter((url) => !/^(chrome-extension|moz-extension|data|blob):/.test(url));
    assertEqual(fromExtension, [], 'requests the browser attributes to the extension');
    // Leave the bundled documents only, as the suites before did.
    await options.deleteEverything();
    await options.page.close();
  });

  // ---------------------------------------------------------------------------------------
  // Zero network

  if (!proxy) return;

  await test('the network recorder sees requests made from the extension’s contexts (control)', async () => {
    const article = await ArticlePage.open(browser, `${origin}/pages/republished.html`);
    const popup = await article.openPopup();
    await popup.screen();
    const mark = proxy.now();
    await popup.page.evaluate(async (base) => {
      await fetch(`${base}/probe/from-popup`).catch(() => undefined);
      await fetch('http://deja-lu-probe.invalid/from-popup').catch(() => undefined);
    }, origin);
    if (browser.background) {
      // BackgroundControl.evaluate takes no argument: the URL is written into the function.
      const probe = `${origin}/probe/from-service-worker`;
      await browser.background.evaluate(
        new Function(
          `return fetch(${JSON.stringify(probe)}).then(() => undefined, () => undefined);`,
        ) as () => Promise<void>,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const seen = proxy.since(mark).map((r) => r.url);
    assert(
      seen.includes(`${origin}/probe/from-popup`),
      `the popup's request to the test server: ${seen}`,
    );
    // Firefox upgrades it to HTTPS (HTTPS-First): the proxy then sees a CONNECT to the host.
    assert(
      seen.some((url) => /^(http:\/\/)?deja-lu-probe\.invalid[:/]/.test(url)),
      `the popup's request to another host: ${seen}`,
    );
    if (browser.background) {
      assert(
        seen.includes(`${origin}/probe/from-service-worker`),
        `the service worker's request: ${seen}`,
      );
      assert(
        browser.requestedUrls().includes(`${origin}/probe/from-service-worker`),
        'the browser reports the service worker’s request as the extension’s',
      );
    }
    assert(
      browser.requestedUrls().includes(`${origin}/probe/from-popup`),
      `the browser reports the popup's request as the extension's: ${browser.requestedUrls()}`,
    );
    await popup.close();
    await article.page.close();
  });

  await test('no request leaves the browser during analyses (recording proxy)', async () => {
    const mark = proxy.now();
    const extensionBefore = browser.requestedUrls().length;
    const opened: string[] = [];
    for (const path of [
      '/pages/republished.html',
      '/generated/xss.html',
      '/pages/not-article.html',
    ]) {
      const article = await ArticlePage.open(browser, `${origin}${path}`);
      opened.push(`${origin}${path}`);
      const popup = await article.openPopup();
      await popup.screen();
      const index = (await popup.sentences()).findIndex((s) => s.mark !== 'unique');
      if (index !== -1) await popup.activateSentence(index);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await popup.close();
      await article.page.close();
    }
    const unexpected = unexpectedRequests(proxy.since(mark), origin, browser);
    saveFigure(browser.name, 'requests during three analyses', {
      proxied: proxy.since(mark).length,
      browserServices: proxy
        .since(mark)
        .filter((r) => r.method === 'CONNECT' || r.url.startsWith(BROWSER_UPDATE))
        .map((r) => r.url),
      pageLoads: opened.length,
      unexpected: unexpected.length,
    });
    assertEqual(
      unexpected.map(describeRequest),
      [],
      'requests other than the test’s own page loads',
    );
    const fromExtension = browser
      .requestedUrls()
      .slice(extensionBefore)
      .filter((url) => !/^(chrome-extension|moz-extension|data|blob):/.test(url));
    assertEqual(fromExtension, [], 'requests the browser attributes to the extension');
  });
}
