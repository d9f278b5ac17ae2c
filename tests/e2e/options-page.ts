/**
 * The options page in a tab, in the reader's terms: the corpus listed, files imported (with
 * what the page showed meanwhile), the history exported, everything exported, deleted and
 * imported back. Opened through the e2e hook (a test page asks the extension to open it),
 * which works in Firefox too, where a test may not navigate to moz-extension:// itself.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { E2E_OPEN_OPTIONS_EVENT } from '../../lib/ext/e2e';
import type { E2eBrowser, E2ePage } from './drivers';

export interface ListedDocument {
  id: string;
  origin: string;
  title: string;
  outlet: string;
}

export interface ListedAnalysis {
  url: string;
  title: string;
  site: string;
  shared: string;
}

/** How a long task ended on the page: its last line, and what the page showed while it ran. */
export interface TaskOutcome {
  state: 'done' | 'error';
  message: string;
  /** The progress lines seen, in order, repeats collapsed. */
  progress: string[];
  /** The distinct `done` values of the progress bar while indexing. */
  indexingSteps: number;
  /** The longest gap of a 10 ms setInterval on the page while the task ran, in ms. */
  longestGap: number;
  /** The progress line shown when that gap ended. */
  longestGapDuring: string;
  /** Long tasks (Chromium's longtask entries) while the task ran, in ms; null if unsupported. */
  longTasks: number[] | null;
  /** How long the task took, from the page's point of view, in ms. */
  ms: number;
}

export interface SavedFile {
  name: string;
  text: string;
}

/** Installs, in the page, a recorder of what a task shows and of the main thread's gaps. */
function installRecorder(page: E2ePage): Promise<void> {
  return page.evaluate(() => {
    interface Recorder {
      progress: string[];
      indexing: Set<string>;
      gap: number;
      gapDuring: string;
      longTasks: number[] | null;
      started: number;
      stop(): void;
    }
    const win = window as unknown as { dejaLuRecorder?: Recorder };
    win.dejaLuRecorder?.stop();
    const recorder: Recorder = {
      progress: [],
      indexing: new Set(),
      gap: 0,
      gapDuring: '',
      longTasks: null,
      started: performance.now(),
      stop: () => {},
    };
    const observer = new MutationObserver(() => {
      const running = document.querySelector('.task-running');
      if (!running) return;
      const label = running.querySelector('.task-label')?.textContent ?? '';
      if (recorder.progress.at(-1) !== label) recorder.progress.push(label);
      if (/index/i.test(label)) {
        recorder.indexing.add(running.querySelector('progress')?.getAttribute('data-done') ?? '');
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      if (now - last > recorder.gap) {
        recorder.gap = now - last;
        recorder.gapDuring = recorder.progress.at(-1) ?? '';
      }
      last = now;
    }, 10);
    let longTasks: PerformanceObserver | null = null;
    if (PerformanceObserver.supportedEntryTypes?.includes('longtask')) {
      recorder.longTasks = [];
      longTasks = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) recorder.longTasks!.push(Math.round(entry.duration));
      });
      longTasks.observe({ type: 'longtask' });
    }
    recorder.stop = () => {
      observer.disconnect();
      clearInterval(timer);
      longTasks?.disconnect();
    };
    win.dejaLuRecorder = recorder;
  }, null);
}

/**
 * Captures the files the page offers for download (Firefox: the driver cannot see downloads):
 * the Blob behind each object URL, and the link clicked, without saving anything to disk.
 */
function installDownloadCapture(page: E2ePage): Promise<void> {
  return page.evaluate(() => {
    const win = window as unknown as {
      dejaLuSaved?: Promise<{ name: string; text: string }>[];
    };
    if (win.dejaLuSaved) return;
    const saved: Promise<{ name: string; text: string }>[] = [];
    win.dejaLuSaved = saved;
    const blobs = new Map<string, Blob>();
    const createObjectURL = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (object: Blob | MediaSource) => {
      const url = createObjectURL(object);
      if (object instanceof Blob) blobs.set(url, object);
      return url;
    };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      const blob = blobs.get(this.href);
      if (blob && this.download) {
        const name = this.download;
        saved.push(blob.text().then((text) => ({ name, text })));
        return;
      }
      click.call(this);
    };
  }, null);
}

export class OptionsPage {
  private constructor(readonly page: E2ePage) {}

  /** Opens the options page from a test page (any page of the test server) in `browser`. */
  static async open(browser: E2eBrowser, origin: string): Promise<OptionsPage> {
    const launcher = await browser.newPage();
    await launcher.goto(`${origin}/pages/not-article.html`);
    const page = await browser.waitForExtensionPage('/options.html', () =>
      launcher.evaluate((event) => {
        window.dispatchEvent(new CustomEvent(event));
      }, E2E_OPEN_OPTIONS_EVENT),
    );
    await launcher.close();
    const options = new OptionsPage(page);
    await options.loaded();
    return options;
  }

  /** Waits until the corpus and the history are listed. */
  async loaded(): Promise<void> {
    await this.page.waitFor(
      () =>
        document.querySelector('.corpus-row') &&
        document.querySelector('.history-table, .history-empty'),
      null,
    );
  }

  /** Reloads the page (the lists come from the background again). */
  async reload(): Promise<void> {
    await this.page.evaluate(() => location.reload(), null).catch(() => undefined);
    await this.page.waitFor(() => document.readyState === 'complete', null);
    await this.loaded();
  }

  documents(): Promise<ListedDocument[]> {
    return this.page.evaluate(
      () =>
        [...document.querySelectorAll<HTMLElement>('.corpus-row')].map((row) => ({
          id: row.dataset.id ?? '',
          origin: row.dataset.origin ?? '',
          title: row.querySelector('.doc-title')?.firstChild?.textContent ?? '',
          outlet: row.querySelector('.doc-outlet')?.textContent ?? '',
        })),
      null,
    );
  }

  /** How many documents the articles are compared with, as the page says. */
  async indexed(): Promise<number> {
    return Number(
      await this.page.evaluate(
        () => document.querySelector<HTMLElement>('.corpus-summary')?.dataset.indexed ?? '',
        null,
      ),
    );
  }

  history(): Promise<ListedAnalysis[]> {
    return this.page.evaluate(
      () =>
        [...document.querySelectorAll<HTMLElement>('.history-row')].map((row) => ({
          url: row.dataset.url ?? '',
          title: row.querySelector('.history-title')?.textContent ?? '',
          site: row.querySelector('.history-site')?.textContent ?? '',
          shared: row.querySelector('.history-shared')?.textContent ?? '',
        })),
      null,
    );
  }

  /** Waits for the task status of `section` to say it is over. */
  private async outcome(section: string, timeoutMs: number): Promise<TaskOutcome> {
    await this.page.waitFor(
      (s) => document.querySelector(`${s} [data-task="done"], ${s} [data-task="error"]`),
      section,
      timeoutMs,
    );
    return this.page.evaluate((s) => {
      const win = window as unknown as {
        dejaLuRecorder?: {
          progress: string[];
          indexing: Set<string>;
          gap: number;
          gapDuring: string;
          longTasks: number[] | null;
          started: number;
          stop(): void;
        };
      };
      const recorder = win.dejaLuRecorder!;
      recorder.stop();
      const status = document.querySelector(`${s} [data-task="done"], ${s} [data-task="error"]`)!;
      return {
        state: status.getAttribute('data-task') as 'done' | 'error',
        message: status.textContent ?? '',
        progress: recorder.progress,
        indexingSteps: recorder.indexing.size,
        longestGap: Math.round(recorder.gap),
        longestGapDuring: recorder.gapDuring,
        longTasks: recorder.longTasks,
        ms: Math.round(performance.now() - recorder.started),
      };
    }, section);
  }

  /** Imports corpus files (local paths) and waits for the outcome. */
  async importFiles(paths: string[], timeoutMs = 60_000): Promise<TaskOutcome> {
    await installRecorder(this.page);
    await this.page.setInputFiles('.corpus-files', paths);
    return this.outcome('#corpus', timeoutMs);
  }

  /** Starts importing files without waiting (to interact with the page meanwhile). */
  async startImport(paths: string[]): Promise<void> {
    await installRecorder(this.page);
    await this.page.setInputFiles('.corpus-files', paths);
  }

  finishImport(timeoutMs: number): Promise<TaskOutcome> {
    return this.outcome('#corpus', timeoutMs);
  }

  /** Imports an "export everything" file and waits for the outcome. */
  async importBackup(path: string): Promise<TaskOutcome> {
    await installRecorder(this.page);
    await this.page.setInputFiles('.backup-file', [path]);
    return this.outcome('#data', 60_000);
  }

  /** Clicks `selector` and returns the file the page offers (downloaded, in Chromium). */
  async download(selector: string): Promise<SavedFile> {
    const click = () => this.page.click(selector);
    if (this.page.waitForDownload) {
      const file = await this.page.waitForDownload(click);
      return { name: file.name, text: readFileSync(file.path, 'utf8') };
    }
    await installDownloadCapture(this.page);
    const before = await this.page.evaluate(
      () => (window as unknown as { dejaLuSaved: unknown[] }).dejaLuSaved.length,
      null,
    );
    await click();
    await this.page.waitFor(
      (n) => (window as unknown as { dejaLuSaved: unknown[] }).dejaLuSaved.length > n,
      before,
    );
    return this.page.evaluate(
      (n) =>
        (window as unknown as { dejaLuSaved: Promise<{ name: string; text: string }>[] })
          .dejaLuSaved[n]!,
      before,
    );
  }

  exportHistory(format: 'w3c' | 'csv' | 'jsonl'): Promise<SavedFile> {
    return this.download(`.export-${format}`);
  }

  exportEverything(): Promise<SavedFile> {
    return this.download('.export-all');
  }

  /** Deletes everything, confirming, and waits until the lists show it. */
  async deleteEverything(): Promise<string> {
    await this.page.click('button.delete-everything');
    await this.page.waitFor(() => document.querySelector('.delete-everything-confirm'), null);
    await this.page.click('.delete-everything-confirm .confirm-yes');
    await this.page.waitFor(
      () => document.querySelector('#data [data-task="done"], #data [data-task="error"]'),
      null,
    );
    return this.page.evaluate(() => document.querySelector('#data .task')?.textContent ?? '', null);
  }

  /** Clicks the bundled documents' switch and waits for the corpus to say it. */
  async setSeeds(on: boolean): Promise<void> {
    const checked = await this.page.evaluate(
      () => document.querySelector<HTMLInputElement>('.seeds-toggle')!.checked,
      null,
    );
    if (checked !== on) await this.page.click('.seeds-toggle');
    await this.page.waitFor(
      (want) => document.querySelector<HTMLInputElement>('.seeds-toggle')!.checked === want,
      on,
    );
  }

  close(): Promise<void> {
    return this.page.close();
  }
}

/** The options page's headline, by interface language: the screenshots check it. */
const OPTIONS_TITLE: Record<string, string> = {
  en: 'Corpus, history and settings',
  fr: 'Corpus, historique et réglages',
};

/**
 * The README's screenshots of the options page, light and dark, in the browser's language:
 * docs/screenshots/options-{light,dark}-{language}.png. Runs after the popup's screenshots,
 * in the same browser: the page analysed there is in the history; it is added to the corpus
 * from the popup, and a small JSONL corpus imported, so that every section has something.
 */
export async function takeOptionsScreenshots(
  browser: E2eBrowser,
  origin: string,
  language: string,
  popup: E2ePage,
  directory: string,
): Promise<void> {
  await popup.click('.add-to-corpus');
  await popup.waitFor(() => document.querySelector('.add-status')?.textContent, null);
  const options = await OptionsPage.open(browser, origin);
  const outcome = await options.importFiles([resolve('tests/e2e/pages/reader-corpus.jsonl')]);
  if (outcome.state !== 'done') throw new Error(`import for the screenshots: ${outcome.message}`);
  const title = await options.page.evaluate(() => document.querySelector('h1')?.textContent, null);
  if (title !== OPTIONS_TITLE[language]) {
    throw new Error(`options page title in ${language}: ${title}`);
  }
  await options.page.setViewport(1000, 2200);
  for (const scheme of ['light', 'dark'] as const) {
    await options.page.setColorScheme(scheme);
    await options.page.screenshot(join(directory, `options-${scheme}-${language}.png`));
  }
  await options.close();
}
