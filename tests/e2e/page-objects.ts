/**
 * Page objects: what a test does with a news page and with the popup, in the reader's terms
 * ("open the popup", "the sources listed"), so scenarios do not repeat selectors.
 */
import { E2E_OPEN_POPUP_EVENT } from '../../lib/ext/e2e';
import type { E2eBrowser, E2ePage } from './drivers';

export interface HighlightCounts {
  /** Whether the page exposes the Custom Highlight API at all. */
  supported: boolean;
  shared: number;
  edited: number;
  focus: number;
}

/** A news page in a tab. */
export class ArticlePage {
  private constructor(
    readonly browser: E2eBrowser,
    readonly page: E2ePage,
  ) {}

  static async open(browser: E2eBrowser, url: string): Promise<ArticlePage> {
    const page = await browser.newPage();
    await page.goto(url);
    return new ArticlePage(browser, page);
  }

  /**
   * Opens the popup for this tab, as the toolbar button would (through the e2e hook: the
   * page fires an event, the extension opens popup.html for this tab in a new tab).
   */
  async openPopup(): Promise<PopupPage> {
    const popup = await this.browser.waitForPopup(() =>
      this.page.evaluate((event) => {
        window.dispatchEvent(new CustomEvent(event));
      }, E2E_OPEN_POPUP_EVENT),
    );
    return new PopupPage(popup);
  }

  /** How many ranges each of the extension's highlights holds, seen from the page. */
  highlightCounts(): Promise<HighlightCounts> {
    return this.page.evaluate(() => {
      const registry = typeof CSS === 'undefined' ? undefined : CSS.highlights;
      const size = (name: string) => registry?.get(name)?.size ?? 0;
      return {
        supported: Boolean(registry),
        shared: size('deja-lu-shared'),
        edited: size('deja-lu-edited'),
        focus: size('deja-lu-focus'),
      };
    }, null);
  }

  /** The text of each range of a highlight, in the page's order. */
  highlightedTexts(name = 'deja-lu-shared'): Promise<string[]> {
    return this.page.evaluate((highlight) => {
      const ranges = [...(CSS.highlights?.get(highlight) ?? [])] as Range[];
      return ranges.map((r) => r.toString().replace(/\s+/g, ' '));
    }, name);
  }

  /** The page's markup, to check that highlighting did not rewrite it. */
  bodyHtml(): Promise<string> {
    return this.page.evaluate(() => document.body.innerHTML, null);
  }

  scrollY(): Promise<number> {
    return this.page.evaluate(() => window.scrollY, null);
  }
}

export interface ListedSentence {
  text: string;
  mark: string;
  kind: string;
}

export interface ListedSource {
  id: string;
  outlet: string;
  share: string;
}

/** The popup, opened as a tab. */
export class PopupPage {
  constructor(readonly page: E2ePage) {}

  /** Waits for the analysis to end and returns the screen shown ('article', 'not-article', ...). */
  async screen(): Promise<string> {
    await this.page.waitFor(() => {
      const screen = document.querySelector('[data-screen]');
      return screen && screen.getAttribute('data-screen') !== 'loading';
    }, null);
    return this.page.evaluate(
      () => document.querySelector('[data-screen]')!.getAttribute('data-screen')!,
      null,
    );
  }

  text(selector: string): Promise<string> {
    return this.page.evaluate((s) => document.querySelector(s)?.textContent ?? '', selector);
  }

  summary(): Promise<string> {
    return this.text('.summary-text');
  }

  credit(): Promise<string> {
    return this.text('.credit');
  }

  sources(): Promise<ListedSource[]> {
    return this.page.evaluate(
      () =>
        [...document.querySelectorAll<HTMLElement>('.source')].map((source) => ({
          id: source.dataset.sourceId ?? '',
          outlet: source.querySelector('.source-outlet')?.textContent ?? '',
          share: source.querySelector('.source-share')?.textContent ?? '',
        })),
      null,
    );
  }

  sentences(): Promise<ListedSentence[]> {
    return this.page.evaluate(
      () =>
        [...document.querySelectorAll<HTMLElement>('.sentence-item')].map((item) => ({
          text: item.querySelector('.sentence-text')?.textContent ?? '',
          mark: item.dataset.mark ?? '',
          kind: item.dataset.kind ?? '',
        })),
      null,
    );
  }

  /** How many of the article's sentences the extension located in the page, of how many. */
  located(): Promise<{ located: number; total: number }> {
    return this.page.evaluate(() => {
      const hint = document.querySelector<HTMLElement>('.located');
      return { located: Number(hint?.dataset.located), total: Number(hint?.dataset.total) };
    }, null);
  }

  /** The removed furniture listed (collapsed) under the sentences: reason label and text. */
  removed(): Promise<{ reason: string; text: string; collapsed: boolean }[]> {
    return this.page.evaluate(() => {
      const details = document.querySelector<HTMLDetailsElement>('details.boilerplate');
      return [...document.querySelectorAll('details.boilerplate li')].map((item) => ({
        reason: item.querySelector('.reason')?.textContent ?? '',
        text: item.querySelector('.boilerplate-text')?.textContent ?? '',
        collapsed: details ? !details.open : false,
      }));
    }, null);
  }

  /** Index of the first listed sentence containing `fragment`. */
  async sentenceIndex(fragment: string): Promise<number> {
    const index = (await this.sentences()).findIndex((s) => s.text.includes(fragment));
    if (index === -1) throw new Error(`no sentence contains ${JSON.stringify(fragment)}`);
    return index;
  }

  /** Activates a sentence (expands it if shared, scrolls the page to it). */
  async activateSentence(index: number): Promise<void> {
    await this.page.click(`.sentence-item:nth-child(${index + 1}) > button.sentence`);
  }

  /** The expanded detail of a sentence: the source text and the diff's removed and added words. */
  async sentenceDetail(
    index: number,
  ): Promise<{ matched: string; removed: string[]; added: string[] }> {
    const item = `.sentence-item:nth-child(${index + 1})`;
    await this.page.waitFor((s) => document.querySelector(`${s} .sentence-detail`), item);
    return this.page.evaluate((s) => {
      const detail = document.querySelector(`${s} .sentence-detail`)!;
      const words = (tag: string) =>
        [...detail.querySelectorAll(`.word-diff ${tag}`)].map(
          (e) => e.lastChild?.textContent ?? '',
        );
      return {
        matched: detail.querySelector('.matched-text')?.textContent ?? '',
        removed: words('del'),
        added: words('ins'),
      };
    }, item);
  }

  /** Clicks the "highlight in the page" switch and waits for it to show `on`. */
  async setHighlights(on: boolean): Promise<void> {
    const checked = await this.page.evaluate(
      () => document.querySelector<HTMLInputElement>('.analysis .toggle input')!.checked,
      null,
    );
    if (checked !== on) await this.page.click('.analysis .toggle input');
    await this.page.waitFor(
      (want) =>
        document.querySelector<HTMLInputElement>('.analysis .toggle input')!.checked === want,
      on,
    );
  }

  /** The interface language the popup was rendered in. */
  language(): Promise<string> {
    return this.page.evaluate(() => document.documentElement.lang, null);
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
