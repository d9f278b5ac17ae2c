/**
 * A fake browser for tests of the background service: each tab's page script answers with the
 * report set for the tab, through the real page-side dispatcher (the service's messages are
 * validated as in a tab), and every effect on tabs is recorded (script injection, calls to the
 * page, badges, CSS).
 */
import {
  BACKGROUND_TO_CONTENT,
  createCaller,
  createDispatcher,
  type BackgroundToContent,
  type Handlers,
  type PageReport,
} from '@/lib/ext/protocol';
import type { BrowserPort } from '@/lib/ext/service';

export const EXT_ID = 'deja-lu-test';
export const ORIGIN = 'chrome-extension://deja-lu-test/';

/** The effects the service had on tabs through the fake browser. */
export interface TabEffects {
  injected: number[];
  calls: { tabId: number; type: string }[];
  badges: { tabId: number; text: string }[];
  css: number[];
}

/**
 * `reports`: the page of each open tab (injecting the page script into any other tab fails,
 * as for a closed one). `hostAccess`: what hasHostAccess and hasAllHostAccess answer.
 */
export function fakeBrowser({ hostAccess = true }: { hostAccess?: boolean } = {}) {
  const reports = new Map<number, PageReport>();
  const effects: TabEffects = { injected: [], calls: [], badges: [], css: [] };
  const port: BrowserPort = {
    runtimeId: EXT_ID,
    extensionOrigin: ORIGIN,
    async injectPageScript(tabId) {
      effects.injected.push(tabId);
      if (!reports.has(tabId)) throw new Error(`No tab with id: ${tabId}.`);
    },
    async insertHighlightCss(tabId) {
      effects.css.push(tabId);
    },
    callTab(tabId) {
      const handlers: Handlers<BackgroundToContent, void> = {
        'extract-article': () => reports.get(tabId)!,
        'show-sentences': ({ sentences, visible }) => ({
          visible,
          located: sentences.length,
          status: 'ok',
        }),
        'set-highlights': ({ visible }) => ({ visible }),
        'scroll-to-sentence': () => ({ scrolled: true }),
      };
      const dispatch = createDispatcher(BACKGROUND_TO_CONTENT, handlers);
      return createCaller<BackgroundToContent>((envelope) => {
        effects.calls.push({ tabId, type: String(envelope.type) });
        return dispatch(envelope, undefined);
      });
    },
    async setBadge(tabId, text) {
      effects.badges.push({ tabId, text });
    },
    hasHostAccess: async () => hostAccess,
    hasAllHostAccess: async () => hostAccess,
  };
  return { port, reports, effects };
}
