/**
 * The background service's BrowserPort over the real WebExtension APIs (and the popup's
 * host-access requests). Each function is one browser call; all decisions are in service.ts.
 */
import { browser, type Browser } from 'wxt/browser';
import { HIGHLIGHT_CSS } from './highlighter';
import { createCaller, type BackgroundToContent, type Transport } from './protocol';
import type { BrowserPort, TransferPort } from './service';

/** The page script's bundle path (entrypoints/content, registered at run time). */
export const PAGE_SCRIPT = '/content-scripts/content.js';

/** Host access requested by automatic analysis: every web page. */
export const ALL_PAGES = ['http://*/*', 'https://*/*'];

/** The badge colour: dark amber, readable with white text in both toolbar themes. */
const BADGE_COLOR = '#8a4b00';

/** The match pattern for a page's origin ('https://example.org/*'). */
export function originPattern(url: string): string {
  return `${new URL(url).origin}/*`;
}

export function createBrowserPort(): BrowserPort {
  return {
    runtimeId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    async injectPageScript(tabId) {
      await browser.scripting.executeScript({ target: { tabId }, files: [PAGE_SCRIPT] });
    },
    async insertHighlightCss(tabId) {
      // Removing first keeps one copy per page however often the tab is analysed.
      const injection = { target: { tabId }, css: HIGHLIGHT_CSS };
      await browser.scripting.removeCSS(injection).catch(() => undefined);
      await browser.scripting.insertCSS(injection);
    },
    callTab(tabId) {
      const transport: Transport = (envelope) =>
        browser.tabs.sendMessage(tabId, envelope, { frameId: 0 });
      return createCaller<BackgroundToContent>(transport);
    },
    async setBadge(tabId, text) {
      await browser.action.setBadgeText({ tabId, text });
      if (text) await browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR });
    },
    hasHostAccess: (url) => browser.permissions.contains({ origins: [originPattern(url)] }),
    hasAllHostAccess: () => browser.permissions.contains({ origins: ALL_PAGES }),
  };
}

/**
 * Asks the reader for access to every web page (must run inside the click handler that
 * switches automatic analysis on: browsers only show the prompt for a user gesture).
 */
export function requestAllHostAccess(): Promise<boolean> {
  return browser.permissions.request({ origins: ALL_PAGES });
}

/** Gives the access back when automatic analysis is switched off. */
export function releaseAllHostAccess(): Promise<boolean> {
  return browser.permissions.remove({ origins: ALL_PAGES });
}

/** The service's view of a runtime port (the options page's transfer port). */
export function transferPort(port: Browser.runtime.Port): TransferPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => port.onMessage.addListener((message: unknown) => listener(message)),
    onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
    disconnect: () => port.disconnect(),
  };
}
