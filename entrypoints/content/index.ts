/**
 * The page script, injected into a tab by the background (scripting.executeScript) when
 * the reader clicks the toolbar button or, in automatic mode, when a page finishes loading.
 * It extracts the article from the live document and paints highlights; it never matches.
 * Registered at run time only (`matches: []`): the manifest grants no host access for it.
 *
 * It shares the tab's main thread with the page: extraction runs in stages, bounded by
 * LIVE_PAGE_LIMITS, with the page given its turn between them (see lib/ext/page-agent.ts).
 */
import { browser } from 'wxt/browser';
import { extractArticleAsync } from '@/lib/extract/html';
import { createPageAgent, isFromBackground, LIVE_PAGE_LIMITS } from '@/lib/ext/page-agent';
import { isOurMessage } from '@/lib/ext/protocol';

export default defineContentScript({
  matches: [],
  registration: 'runtime',
  // WXT would also announce the script to the page with window.postMessage; pages need not know.
  noScriptStartedPostMessage: true,
  main(ctx) {
    const agent = createPageAgent({
      extract: (doc) => extractArticleAsync(doc, LIVE_PAGE_LIMITS),
    });
    const listener = (
      message: unknown,
      sender: { id?: string; tab?: unknown },
      sendResponse: (answer: unknown) => void,
    ) => {
      // Only the background talks to the page script (it is not reachable from the page).
      if (!isOurMessage(message) || !isFromBackground(sender, browser.runtime.id)) return false;
      void agent.dispatch(message).then(sendResponse);
      return true;
    };
    browser.runtime.onMessage.addListener(listener);
    // A newer injection (or an extension reload) replaces this one: leave nothing behind.
    ctx.onInvalidated(() => {
      browser.runtime.onMessage.removeListener(listener);
      agent.dispose();
    });
  },
});
