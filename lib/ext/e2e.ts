/**
 * Test-only hooks, compiled into end-to-end builds only (`wxt build --mode e2e`, which
 * writes to .output/*-e2e): every use is behind `import.meta.env.MODE === 'e2e'`, which
 * Vite replaces by a constant so shipped builds drop the code (tests/ext-build.test.ts
 * checks that the marker below is absent from them).
 *
 * Why they exist: a test cannot click the toolbar button, so it cannot open the popup with
 * activeTab granted. Instead the test page fires a DOM event; the e2e content script (only
 * in e2e builds, on 127.0.0.1) relays it; the background opens popup.html?deja-lu-e2e-tab=<id> in a
 * new tab; the popup, in e2e builds only, analyses the tab named in its query. Firefox
 * refuses to navigate a page to moz-extension:// URLs, so this path is needed there; the
 * Chromium tests use the same path so both browsers run the same steps.
 */
import { browser } from 'wxt/browser';

/** The marker of test-only code. */
export const E2E_CHANNEL = 'deja-lu-e2e';

/** The DOM event a test page dispatches on `window` to open the popup for its tab. */
export const E2E_OPEN_POPUP_EVENT = `${E2E_CHANNEL}:open-popup`;

/** The DOM event a test page dispatches to open the options page (Firefox refuses a goto). */
export const E2E_OPEN_OPTIONS_EVENT = `${E2E_CHANNEL}:open-options`;

/** The popup's query parameter naming the tab to analyse: `popup.html?deja-lu-e2e-tab=12`. */
export const E2E_TAB_PARAM = `${E2E_CHANNEL}-tab`;

/**
 * Marks a step of a cold start on a timeline (epoch ms) that the end-to-end cold-start test
 * reads from the popup and the background. Does nothing outside end-to-end builds.
 */
export function e2eMark(step: string): void {
  if (import.meta.env.MODE !== 'e2e') return;
  const global = globalThis as { dejaLuTrace?: [string, number][] };
  (global.dejaLuTrace ??= []).push([step, performance.timeOrigin + performance.now()]);
}

/** The tab id given in the popup's query, or null. */
export function e2eTabFromQuery(search: string): number | null {
  const value = new URLSearchParams(search).get(E2E_TAB_PARAM);
  if (value === null || !/^\d+$/.test(value)) return null;
  return Number(value);
}

/**
 * Background side: opens the popup as a tab for the tab whose e2e content script asks, or the
 * options page.
 */
export function installE2eBackground(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const request = message as { channel?: unknown; type?: unknown } | null;
    if (request?.channel !== E2E_CHANNEL) return undefined;
    if (sender.id !== browser.runtime.id || sender.tab?.id === undefined) return undefined;
    if (request.type === 'open-popup') {
      void browser.tabs.create({
        url: `${browser.runtime.getURL('/popup.html')}?${E2E_TAB_PARAM}=${sender.tab.id}`,
      });
    } else if (request.type === 'open-options') {
      void browser.tabs.create({ url: browser.runtime.getURL('/options.html') });
    }
    return undefined;
  });
}

/** Content side: relays the test page's events to the background. */
export function relayE2eEvents(win: Window, signal: AbortSignal): void {
  win.addEventListener(
    E2E_OPEN_POPUP_EVENT,
    () => void browser.runtime.sendMessage({ channel: E2E_CHANNEL, type: 'open-popup' }),
    { signal },
  );
  win.addEventListener(
    E2E_OPEN_OPTIONS_EVENT,
    () => void browser.runtime.sendMessage({ channel: E2E_CHANNEL, type: 'open-options' }),
    { signal },
  );
}
