/**
 * The page script, injected into a tab by the background (scripting.executeScript) when
 * the reader clicks the toolbar button or, in automatic mode, when a page finishes loading.
 * It extracts the article from the live document and paints highlights; it never matches.
 * Registered at run time only (`matches: []`): the manifest grants no host access for it.
 */
import { browser } from 'wxt/browser';
import { extractArticle } from '@/lib/extract/html';
import { createPageAgent } from '@/lib/ext/page-agent';
import { isOurMessage } from '@/lib/ext/protocol';

export default defineContentScript({
  matches: [],
  registration: 'runtime',
  // WXT would also announce the script to the page with window.postMessage; pages need not know.
  noScriptStartedPostMessage: true,
  main(ctx) {
    const agent = createPageAgent({ extract: (doc) => extractArticle(doc) });
    const listener = (
      message: unknown,
      sender: { id?: string; tab?: unknown },
      sendResponse: (answer: unknown) => void,
    ) => {
      // Only the background talks to the page script (it is not reachable from the page).
      if (!isOurMessage(message) || sender.id !== browser.runtime.id || sender.tab) return false;
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
