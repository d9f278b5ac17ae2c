/**
 * An article page's metadata from its <head> (and a few microdata attributes): what
 * Readability does not read (language from og:locale and content-language, canonical URL)
 * and fallbacks for what it reads (title, byline, site name, published time, excerpt).
 *
 * Read from the clone before Readability runs: Readability removes <script> (JSON-LD) and
 * restructures the body. Values are trimmed, whitespace-collapsed and capped at 1,000
 * characters (a hostile page can put megabytes in a meta tag); empty values are null.
 */

/** The article's metadata, as the extractor returns it. */
export interface ArticleMetadata {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  publishedTime: string | null;
  /** BCP 47 tag ("fr", "fr-CH"), from <html lang>, og:locale, then content-language. */
  language: string | null;
  /** Absolute http(s) URL from <link rel=canonical>, then og:url. */
  canonicalUrl: string | null;
  excerpt: string | null;
}

const MAX_VALUE_LENGTH = 1000;

/** Trimmed, whitespace collapsed, capped; null when empty. */
export function cleanValue(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const clean = value
    .slice(0, MAX_VALUE_LENGTH * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return clean === '' ? null : clean.slice(0, MAX_VALUE_LENGTH);
}

const META_NAME_ATTRIBUTES = ['property', 'name', 'itemprop', 'http-equiv'] as const;

/**
 * Content of the first <meta> whose property, name, itemprop or http-equiv is one of `keys`
 * (compared without case), trying the keys in order of preference.
 */
function metaContent(doc: Document, keys: readonly string[]): string | null {
  const metas = Array.from(doc.getElementsByTagName('meta')).slice(0, 500);
  for (const key of keys) {
    const wanted = key.toLowerCase();
    for (const meta of metas) {
      const named = META_NAME_ATTRIBUTES.some(
        (attribute) => meta.getAttribute(attribute)?.trim().toLowerCase() === wanted,
      );
      if (!named) continue;
      const content = cleanValue(meta.getAttribute('content'));
      if (content) return content;
    }
  }
  return null;
}

/**
 * A language tag in BCP 47 case ("fr_fr" → "fr-FR"), or null when it does not look like one.
 * Only the first of a comma-separated list is kept.
 */
export function normaliseLanguage(value: string | null | undefined): string | null {
  const first = cleanValue(value)?.split(',')[0]?.trim().replace(/_/g, '-');
  if (!first || !/^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i.test(first)) return null;
  const [primary, ...rest] = first.split('-');
  const subtags = rest.map((tag) =>
    tag.length === 2
      ? tag.toUpperCase()
      : tag.length === 4
        ? tag[0]!.toUpperCase() + tag.slice(1).toLowerCase()
        : tag.toLowerCase(),
  );
  return [primary!.toLowerCase(), ...subtags].join('-');
}

/** An absolute http(s) URL for `href` against `base`, or null. */
export function absoluteUrl(href: string | null | undefined, base: string | null): string | null {
  const clean = cleanValue(href);
  if (!clean) return null;
  try {
    const url = base ? new URL(clean, base) : new URL(clean);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function linkHref(doc: Document, rel: string): string | null {
  const links = doc.getElementsByTagName('link');
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    const rels = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rels.includes(rel)) {
      const href = cleanValue(link.getAttribute('href'));
      if (href) return href;
    }
  }
  return null;
}

/**
 * <html lang>, else og:locale, else content-language. One exception: lang="en" is the default
 * of HTML templates and often left as it is on French sites (madame.lefigaro.fr: lang="en",
 * og:locale="fr_FR"), so when og:locale or content-language names another language, that wins.
 */
function pageLanguage(doc: Document): string | null {
  const declared =
    normaliseLanguage(doc.documentElement?.getAttribute('lang')) ??
    normaliseLanguage(doc.documentElement?.getAttribute('xml:lang'));
  const meta =
    normaliseLanguage(metaContent(doc, ['og:locale'])) ??
    normaliseLanguage(metaContent(doc, ['content-language', 'language', 'dc.language']));
  if (declared && meta && /^en\b/.test(declared) && !/^en\b/.test(meta)) return meta;
  return declared ?? meta;
}

/** The first datetime of a <time> or microdata element flagged as the publication date. */
function markedPublishedTime(doc: Document): string | null {
  const candidates = doc.querySelectorAll('[itemprop~="datePublished"], time[pubdate]');
  for (let i = 0; i < candidates.length && i < 20; i++) {
    const element = candidates[i]!;
    const value = cleanValue(
      element.getAttribute('datetime') ?? element.getAttribute('content') ?? element.textContent,
    );
    if (value && /\d/.test(value)) return value;
  }
  return null;
}

/** Metadata read from the page itself; `baseUrl` resolves a relative canonical link. */
export function readPageMetadata(doc: Document, baseUrl: string | null): ArticleMetadata {
  const author = metaContent(doc, ['author', 'article:author', 'dc.creator', 'sailthru.author']);
  return {
    title:
      metaContent(doc, ['og:title', 'twitter:title', 'dc.title']) ??
      cleanValue(doc.getElementsByTagName('title')[0]?.textContent),
    // article:author is often a profile URL, not a name.
    byline: author && !/^https?:\/\//i.test(author) ? author : null,
    siteName: metaContent(doc, ['og:site_name', 'application-name', 'twitter:site']),
    publishedTime:
      metaContent(doc, [
        'article:published_time',
        'og:published_time',
        'datePublished',
        'date',
        'pubdate',
        'publishdate',
        'publish-date',
        'dc.date',
        'dc.date.issued',
        'dcterms.created',
        'sailthru.date',
      ]) ?? markedPublishedTime(doc),
    language: pageLanguage(doc),
    canonicalUrl:
      absoluteUrl(linkHref(doc, 'canonical'), baseUrl) ??
      absoluteUrl(metaContent(doc, ['og:url']), baseUrl),
    excerpt: metaContent(doc, ['description', 'og:description', 'twitter:description']),
  };
}
