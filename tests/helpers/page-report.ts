/** A page report as the page script sends it, for a plain-text article (tests of the service). */
import type { PageReport } from '@/lib/ext/protocol';
import { splitLines } from '@/lib/text/blocks';

export function plainPageReport(
  url: string,
  text: string,
  metadata: { title: string | null; siteName: string | null; publishedTime?: string | null },
): PageReport {
  return {
    url,
    status: 'ok',
    message: null,
    text,
    blocks: splitLines(text),
    boilerplate: [],
    metadata: {
      title: metadata.title,
      byline: null,
      siteName: metadata.siteName,
      publishedTime: metadata.publishedTime ?? null,
      language: 'fr',
      canonicalUrl: null,
      excerpt: null,
    },
  };
}
