/**
 * Corpus documents made from web pages: the page a reader adds from the popup (its live
 * document, extracted by the page script) and the .html files imported on the options page
 * (parsed inertly with DOMParser, extracted by the same lib/extract code).
 *
 * A document keeps the article's blocks only, one paragraph each (a blank line between
 * blocks, as in a .txt corpus file): the furniture the extractor removed ("Lire aussi",
 * captions, comments) would otherwise be matched as if the outlet had written it. Its id is
 * the page's URL for a page, the file name without extension for a file (as the command
 * line names .txt corpus files).
 */
import type { TextBlock } from '../types';
import type { PageMetadata, PageReport } from './protocol';
import type { ImportedDocument } from './records';

/** The article's text: its blocks, in order, a blank line between them. */
export function articleText(text: string, blocks: readonly TextBlock[]): string {
  return blocks
    .map((block) => text.slice(block.start, block.end).trim())
    .filter((line) => line !== '')
    .join('\n\n');
}

/** The host name of a URL, or null. */
function hostName(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

function documentFrom(
  id: string,
  url: string | null,
  extracted: { text: string; blocks: readonly TextBlock[]; metadata: PageMetadata },
): ImportedDocument {
  const { metadata } = extracted;
  return {
    id,
    text: articleText(extracted.text, extracted.blocks),
    title: metadata.title,
    url,
    series: metadata.siteName ?? hostName(url),
    date: metadata.publishedTime,
  };
}

/** The corpus document for a page the reader adds: id and URL are the page's address. */
export function pageDocument(report: PageReport): ImportedDocument {
  return documentFrom(report.url, report.url, report);
}

/** What lib/extract/html.ts returns, as far as a corpus document needs it. */
export interface HtmlExtraction {
  text: string;
  blocks: TextBlock[];
  metadata: PageMetadata;
}

/** The corpus document for an imported .html file; its URL is its canonical link, if any. */
export function htmlFileDocument(id: string, extraction: HtmlExtraction): ImportedDocument {
  return documentFrom(id, extraction.metadata.canonicalUrl, extraction);
}
