/**
 * HTML text to a Document in Node, for the command-line tool and tests: linkedom, which parses
 * without running scripts or loading anything (no network, no event handlers), fast enough for
 * batches (a 150 kB news page in 15–90 ms). The browser needs none of this: the content script
 * hands extractArticle the live document.
 *
 * linkedom has no notion of a document address; `url` becomes the window's location, so
 * `document.baseURI` is the page's address and relative links resolve against it.
 */
import { parseHTML } from 'linkedom';

/** Parses `html` into an inert Document (linkedom). `url` is the page's address, if known. */
export function parseHtml(html: string, url?: string): Document {
  let location: URL | undefined;
  if (url) {
    try {
      location = new URL(url);
    } catch {
      location = undefined;
    }
  }
  const window = location ? parseHTML(html, { location }) : parseHTML(html);
  return window.document;
}
