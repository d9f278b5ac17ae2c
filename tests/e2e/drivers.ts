/**
 * The two browsers the end-to-end tests drive, behind one small interface so the
 * scenarios (suite.ts) are written once:
 * - Chromium (Debian's /usr/bin/chromium) through playwright-core, the extension loaded
 *   with --load-extension into a persistent profile;
 * - Firefox ESR through puppeteer-core over WebDriver BiDi, the extension installed as a
 *   temporary add-on (Playwright cannot drive a stock Firefox).
 * Both load the e2e build (.output/*-mv3-e2e), whose hooks let a page open the popup for its
 * own tab (see lib/ext/e2e.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page as PlaywrightPage } from 'playwright-core';
import puppeteer, {
  type Browser as PuppeteerBrowser,
  type ElementHandle,
  type Page as PuppeteerPage,
} from 'puppeteer-core';

export type BrowserName = 'chromium' | 'firefox';

/** A tab, whichever browser drives it. */
export interface E2ePage {
  goto(url: string): Promise<void>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Resolves when `fn(arg)` returns a truthy value in the page. */
  waitFor<A>(fn: (arg: A) => unknown, arg: A, timeoutMs?: number): Promise<void>;
  click(selector: string): Promise<void>;
  /** Presses a key in the focused element. */
  press(key: string): Promise<void>;
  focus(selector: string): Promise<void>;
  setColorScheme(scheme: 'light' | 'dark'): Promise<void>;
  setViewport(width: number, height: number): Promise<void>;
  screenshot(path: string): Promise<void>;
  url(): string;
  close(): Promise<void>;
  /** Gives a file input these local files, as if the reader picked them. */
  setInputFiles(selector: string, paths: string[]): Promise<void>;
  /**
   * Runs `trigger` and returns the file the page then downloads, as the browser saved it;
   * null where the driver cannot see downloads (Firefox over BiDi).
   */
  waitForDownload:
    ((trigger: () => Promise<void>) => Promise<{ name: string; path: string }>) | null;
}

/** The extension's background, where the browser lets a test reach it (Chromium). */
export interface BackgroundControl {
  /** Runs `fn` in the background service worker. */
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  /** Stops the service worker, as the browser does after 30 s idle; the next event restarts it. */
  stop(): Promise<void>;
}

export interface E2eBrowser {
  name: BrowserName;
  background: BackgroundControl | null;
  newPage(): Promise<E2ePage>;
  /** Runs `trigger` and returns the popup tab that it makes the extension open. */
  waitForPopup(trigger: () => Promise<void>): Promise<E2ePage>;
  /** Runs `trigger` and returns the tab of the extension page at `path` that it opens. */
  waitForExtensionPage(path: string, trigger: () => Promise<void>): Promise<E2ePage>;
  /**
   * Every URL the extension's own pages and service worker requested, as the browser reports
   * them: Chromium's pages and service worker; Firefox's extension pages opened as tabs.
   */
  requestedUrls(): string[];
  /**
   * Every URL any page, frame or worker of the browser requested (the browser's own service
   * requests are not in it): what tells the zero-network test's proxy record apart.
   */
  allRequestedUrls(): string[];
  close(): Promise<void>;
}

const WAIT_MS = 20_000;

function playwrightPage(page: PlaywrightPage): E2ePage {
  return {
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' });
    },
    // The casts drop Playwright's serialisation typing (Unboxed<A>): arguments here are plain data.
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) =>
      page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown),
    waitFor: async (fn, arg, timeoutMs = WAIT_MS) => {
      await page.waitForFunction(fn as (arg: unknown) => unknown, arg as unknown, {
        timeout: timeoutMs,
      });
    },
    click: (selector) => page.click(selector),
    press: (key) => page.keyboard.press(key),
    focus: (selector) => page.focus(selector),
    setColorScheme: (colorScheme) => page.emulateMedia({ colorScheme }),
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    screenshot: async (path) => {
      await page.screenshot({ path });
    },
    url: () => page.url(),
    close: () => page.close(),
    setInputFiles: (selector, paths) => page.setInputFiles(selector, paths),
    waitForDownload: async (trigger) => {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: WAIT_MS }),
        trigger(),
      ]);
      return { name: download.suggestedFilename(), path: await download.path() };
    },
  };
}

function puppeteerPage(page: PuppeteerPage): E2ePage {
  return {
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate: (fn, arg) => page.evaluate(fn as (a: unknown) => never, arg),
    waitFor: async (fn, arg, timeoutMs = WAIT_MS) => {
      await page.waitForFunction(fn as (a: unknown) => unknown, { timeout: timeoutMs }, arg);
    },
    click: (selector) => page.click(selector),
    press: (key) => page.keyboard.press(key as Parameters<PuppeteerPage['keyboard']['press']>[0]),
    focus: (selector) => page.focus(selector),
    setColorScheme: (scheme) =>
      page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]),
    setViewport: (width, height) => page.setViewport({ width, height }),
    screenshot: async (path) => {
      await page.screenshot({ path: path as `${string}.png` });
    },
    url: () => page.url(),
    close: () => page.close(),
    setInputFiles: async (selector, paths) => {
      const input = await page.$(selector);
      if (!input) throw new Error(`no ${selector} in the page`);
      await (input as ElementHandle<HTMLInputElement>).uploadFile(...paths);
    },
    waitForDownload: null,
  };
}

export interface ChromiumOptions {
  extensionDir: string;
  /** The browser's interface language, which the extension's i18n follows. */
  language?: string;
  /** Sends every request, loopback included, through this proxy ('http://127.0.0.1:PORT'). */
  proxy?: string;
}

/** Chromium with the extension loaded; `language` sets the browser UI language. */
export async function launchChromium({
  extensionDir,
  language = 'en',
  proxy,
}: ChromiumOptions): Promise<E2eBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'deja-lu-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    locale: language,
    viewport: { width: 1100, height: 800 },
    // Playwright adds <-loopback> to the bypass list: requests to 127.0.0.1 are proxied too.
    ...(proxy ? { proxy: { server: proxy } } : {}),
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--lang=${language}`,
      // The browser's own autofill queries (content-autofill.googleapis.com, for any page with
      // an input) would show in the zero-network test's proxy record, unattributable.
      '--disable-features=AutofillServerCommunication',
      // Its component updater's plain-HTTP POSTs (http://update.googleapis.com/service/update2,
      // origin null), which came once during an import test: the browser's, not the extension's.
      '--disable-component-update',
    ],
    // On Linux, Chromium takes its interface language from the environment.
    env: {
      ...process.env,
      LANGUAGE: language,
      LANG: `${language}.UTF-8`,
      LC_ALL: `${language}.UTF-8`,
    },
  });
  // Requests made by the extension itself: its service worker and its pages. (The test pages'
  // own requests, for their images and scripts, are the pages' business.)
  const urls: string[] = [];
  const all: string[] = [];
  context.on('request', (request) => {
    all.push(request.url());
    let fromExtension = request.serviceWorker() !== null;
    try {
      fromExtension ||= request.frame().url().startsWith('chrome-extension://');
    } catch {
      // A request with no frame (a worker's): counted if it came from the service worker.
    }
    if (fromExtension) urls.push(request.url());
  });
  // The extension's service worker is up once this resolves.
  if (context.serviceWorkers().length === 0)
    await context.waitForEvent('serviceworker', { timeout: WAIT_MS });
  const background: BackgroundControl = {
    evaluate: async (fn) => {
      const worker =
        context.serviceWorkers().at(-1) ?? (await context.waitForEvent('serviceworker'));
      return worker.evaluate(fn);
    },
    stop: async () => {
      const page = await context.newPage();
      try {
        const cdp = await context.newCDPSession(page);
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
      } finally {
        await page.close();
      }
    },
  };
  return {
    name: 'chromium',
    background,
    newPage: async () => playwrightPage(await context.newPage()),
    waitForPopup: (trigger) => chromiumExtensionPage(context, '/popup.html', trigger),
    waitForExtensionPage: (path, trigger) => chromiumExtensionPage(context, path, trigger),
    requestedUrls: () => [...urls],
    allRequestedUrls: () => [...all],
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The new tab of an extension page (`/popup.html`, `/options.html`) that `trigger` opens. */
async function chromiumExtensionPage(
  context: BrowserContext,
  path: string,
  trigger: () => Promise<void>,
): Promise<E2ePage> {
  const opened = context.waitForEvent('page', { timeout: WAIT_MS });
  await trigger();
  const page = await opened;
  await page.waitForURL((url) => url.protocol === 'chrome-extension:' && url.pathname === path, {
    timeout: WAIT_MS,
  });
  return playwrightPage(page);
}

export interface FirefoxOptions {
  extensionDir: string;
  /** Sends every request, loopback included, through this proxy ('http://127.0.0.1:PORT'). */
  proxy?: string;
}

/** Firefox preferences that send every request, loopback included, through `proxy`. */
function firefoxProxyPrefs(proxy: string | undefined): Record<string, unknown> {
  if (!proxy) return {};
  const { hostname, port } = new URL(proxy);
  return {
    'network.proxy.type': 1,
    'network.proxy.http': hostname,
    'network.proxy.http_port': Number(port),
    'network.proxy.ssl': hostname,
    'network.proxy.ssl_port': Number(port),
    'network.proxy.share_proxy_settings': true,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
  };
}

/** Firefox ESR over WebDriver BiDi with the extension installed as a temporary add-on. */
export async function launchFirefox({ extensionDir, proxy }: FirefoxOptions): Promise<E2eBrowser> {
  const browser: PuppeteerBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    protocol: 'webDriverBiDi',
    defaultViewport: { width: 1100, height: 800 },
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      // No network beyond the test server: no update checks, telemetry or remote settings.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'extensions.update.enabled': false,
      // Remote Settings (firefox.settings.services.mozilla.com) polls on its own; Marionette's
      // recommended value points it nowhere. Release builds read this preference only with
      // MOZ_REMOTE_SETTINGS_DEVTOOLS set (below).
      'services.settings.server': 'data:,#remote-settings-dummy/v1',
      // A tab opened over the analysed page (the popup, as a tab) must not throttle its timers:
      // the long-task tests time the page's own setInterval while the extension works.
      'dom.min_background_timeout_value': 4,
      'dom.min_background_timeout_value_without_budget_throttling': 4,
      'dom.timeout.enable_budget_timer_throttling': false,
      ...firefoxProxyPrefs(proxy),
    },
  });
  try {
    await browser.installExtension(extensionDir);
  } catch (error) {
    await browser.close();
    throw error;
  }
  // Requests made by the extension's pages (the popup and the options page, opened as tabs),
  // as WebDriver BiDi reports them; its background page is not exposed over BiDi, so the
  // zero-network test reads the recording proxy too.
  const urls: string[] = [];
  const all: string[] = [];
  /** The tabs known to hold an extension page (their target's URL stays about:blank). */
  const extensionTabs = new Set<PuppeteerPage>();
  const watch = async (page: PuppeteerPage | null) => {
    page?.on('request', (request) => {
      all.push(request.url());
      let from: string;
      try {
        from = request.frame()?.url() ?? page.url();
      } catch {
        from = page.url();
      }
      if (extensionTabs.has(page) || from.startsWith('moz-extension://')) urls.push(request.url());
    });
  };
  browser.on('targetcreated', (target) => {
    if (target.type() === 'page') void target.page().then(watch, () => undefined);
  });
  /** The new tab of an extension page (`/popup.html`, `/options.html`) that `trigger` opens. */
  const firefoxExtensionPage = async (path: string, trigger: () => Promise<void>) => {
    // Over BiDi the new tab's target keeps reporting about:blank after it has loaded the
    // moz-extension:// page, so the tab is recognised as new, then by its document's URL.
    const before = new Set(browser.targets());
    const target = browser.waitForTarget((t) => t.type() === 'page' && !before.has(t), {
      timeout: WAIT_MS,
    });
    await trigger();
    const page = await (await target).page();
    if (!page) throw new Error(`the ${path} tab has no page`);
    await page.waitForFunction(
      (wanted) => location.protocol === 'moz-extension:' && location.pathname === wanted,
      { timeout: WAIT_MS },
      path,
    );
    extensionTabs.add(page);
    return puppeteerPage(page);
  };
  return {
    name: 'firefox',
    background: null,
    newPage: async () => puppeteerPage(await browser.newPage()),
    waitForPopup: (trigger) => firefoxExtensionPage('/popup.html', trigger),
    waitForExtensionPage: (path, trigger) => firefoxExtensionPage(path, trigger),
    requestedUrls: () => [...urls],
    allRequestedUrls: () => [...all],
    close: () => browser.close(),
  };
}
