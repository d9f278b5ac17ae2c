/**
 * Page furniture in the DOM: which elements of a news page are not the article.
 *
 * The pass marks elements with `data-deja-lu-furniture="<reason>"` and removes nothing: the
 * extractor runs it twice, on the whole cloned page before Readability (when class names, ids,
 * landmarks and the position of the headline are still there; Readability strips classes and
 * drops landmarks) and on Readability's article afterwards (when Readability has rebuilt
 * paragraphs out of <br>s and bare divs). A data attribute survives Readability, which
 * re-parses its own serialisation when it retries and copies attributes when it renames tags;
 * marked elements that Readability keeps are then reported with offsets, in place.
 *
 * An element is furniture when one of these holds, tried in this order (the outermost
 * element wins, its subtree is not looked at again):
 * - its tag or ARIA role: <marquee>; <nav>, role=navigation/menu/search; the page's <header>,
 *   <footer>, role=banner/contentinfo (not an article's own) and link-dense <aside>,
 *   role=complementary, when their size fits; a newsletter <form>;
 * - its class, id, itemprop or itemtype names a kind of furniture (share, newsletter, paywall,
 *   comments, author box, related, ticker, breadcrumbs, ads, photo credit, cookie banner) AND
 *   its size and link density fit that kind (a share bar has at most 300 letters outside links,
 *   a related box is link-dense or short, ...): a class alone never removes article text. Two
 *   names are read in context: "comments" on live coverage ("live-match-comments") is the
 *   commentary, i.e. the article; a "credit" outside a picture is the text's own credit
 *   ("(ats/svp)"), which credit.ts needs;
 * - it is an author box: a picture, a link to an author page (or author microdata) and a
 *   biography's words ("journaliste", "spécialisé", "years", ...);
 * - its own label (its first child, when short and followed by more: "<h3>Les plus lus</h3>")
 *   or its aria-label is a label of furniture ("Sur le même sujet", "Flash info", "3
 *   commentaires", "Newsletter"), see html-vocabulary.ts, with the same size checks;
 * - it is a list of links: at least 3, 65% of its letters in links, little other text. Share
 *   vocabulary makes it 'share'; headline-long links (4+ words each) make it 'ticker' above the
 *   page's <h1> and 'related' below it; shorter links (menus, tags) make it 'navigation'.
 * A heading or short label just before a marked box takes the box's reason.
 *
 * Guards: an element holding the page's <h1>, its <main> or articleBody, or more than half of
 * the root's text outside links, is never marked (class names such as "page-with-comments" sit
 * on wrappers of the whole article). Cost: one post-order pass for statistics (letters, link
 * letters, words, links per element) and one marking pass: linear in the page.
 */
import { BOILERPLATE_REASONS, type BoilerplateReason } from '../types';
import {
  Budget,
  ELEMENT_NODE,
  NON_TEXT_TAGS,
  TEXT_NODE,
  runToEnd,
  tagOf,
  textOf,
  walkSteps,
} from './dom-walk';
import { classifyLabel, countWords, foldText, isShareText } from './html-vocabulary';

/** Set on elements found to be furniture; the value is a BoilerplateReason. */
export const FURNITURE_ATTRIBUTE = 'data-deja-lu-furniture';
/** Set on elements that are captions by their class ("wp-caption-text", "legende"). */
export const KIND_ATTRIBUTE = 'data-deja-lu-kind';

/** Elements that end a line of text: their start and end are block boundaries. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'legend',
  'li',
  'main',
  'marquee',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Containers whose first line may be a label of the whole box. */
const CONTAINER_TAGS: ReadonlySet<string> = new Set([
  'article',
  'aside',
  'details',
  'div',
  'dl',
  'fieldset',
  'footer',
  'form',
  'header',
  'nav',
  'ol',
  'section',
  'table',
  'ul',
]);

const HEADING_TAGS: ReadonlySet<string> = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** What the statistics pass counts for each element (its whole subtree). */
export interface ElementStats {
  /** Letters: characters of text that are not whitespace. */
  chars: number;
  /** Letters inside <a href>. */
  linkChars: number;
  words: number;
  linkWords: number;
  links: number;
  /** Block-level descendants. */
  blocks: number;
  hasH1: boolean;
  /** Holds <main>, role=main or itemprop=articleBody (or is one). */
  hasMain: boolean;
  /** Position in document order (enter order). */
  order: number;
}

function isSpaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x202f ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0xfeff ||
    c === 0x3000
  );
}

function isLink(element: Element, tag: string): boolean {
  return tag === 'a' && element.hasAttribute('href');
}

function isMainElement(element: Element, tag: string): boolean {
  if (tag === 'main') return true;
  if (element.getAttribute('role') === 'main') return true;
  const itemprop = element.getAttribute('itemprop');
  return itemprop !== null && /\barticleBody\b/i.test(itemprop);
}

function emptyStats(order: number): ElementStats {
  return {
    chars: 0,
    linkChars: 0,
    words: 0,
    linkWords: 0,
    links: 0,
    blocks: 0,
    hasH1: false,
    hasMain: false,
    order,
  };
}

/** Statistics of every element under `root`, and of `root` itself, in one iterative pass. */
export function computeStats(root: Element, budget?: Budget): Map<Element, ElementStats> {
  return runToEnd(computeStatsSteps(root, budget));
}

/** `computeStats`, pausing when the budget says so (see walkSteps). */
export function* computeStatsSteps(
  root: Element,
  budget?: Budget,
): Generator<void, Map<Element, ElementStats>, void> {
  const stats = new Map<Element, ElementStats>();
  const rootStats = emptyStats(0);
  const stack: ElementStats[] = [rootStats];
  let linkDepth = 0;
  let order = 0;
  yield* walkSteps(
    root,
    {
      enter(element) {
        const tag = tagOf(element);
        if (NON_TEXT_TAGS.has(tag)) return false;
        const own = emptyStats(++order);
        if (isLink(element, tag)) {
          own.links = 1;
          linkDepth++;
        }
        if (tag === 'h1') own.hasH1 = true;
        if (isMainElement(element, tag)) own.hasMain = true;
        stats.set(element, own);
        stack.push(own);
        return true;
      },
      exit(element) {
        const tag = tagOf(element);
        const own = stats.get(element);
        if (!own) return; // a skipped (non-text) element
        stack.pop();
        if (isLink(element, tag)) linkDepth--;
        const parent = stack[stack.length - 1];
        if (!parent) return;
        parent.chars += own.chars;
        parent.linkChars += own.linkChars;
        parent.words += own.words;
        parent.linkWords += own.linkWords;
        parent.links += own.links;
        parent.blocks += own.blocks + (BLOCK_TAGS.has(tag) ? 1 : 0);
        parent.hasH1 ||= own.hasH1;
        parent.hasMain ||= own.hasMain;
      },
      text(node) {
        const data = node.data;
        let chars = 0;
        let words = 0;
        let inWord = false;
        for (let i = 0; i < data.length; i++) {
          if (isSpaceCode(data.charCodeAt(i))) {
            inWord = false;
          } else {
            chars++;
            if (!inWord) words++;
            inWord = true;
          }
        }
        const top = stack[stack.length - 1]!;
        top.chars += chars;
        top.words += words;
        if (linkDepth > 0) {
          top.linkChars += chars;
          top.linkWords += words;
        }
      },
    },
    budget,
  );
  rootStats.hasMain ||= isMainElement(root, tagOf(root));
  stats.set(root, rootStats);
  return stats;
}

/** A class of furniture recognised by class, id, itemprop or itemtype names. */
interface NameHint {
  reason: BoilerplateReason;
  pattern: RegExp;
}

/*
 * Tested on "<id> <class> <itemprop> <itemtype>", lower case. Word edges are spaces, '-' and
 * '_' (BEM class names: "article__share-bar"); short words ("ad", "pub", "nav") must stand alone.
 */
const NAME_HINTS: NameHint[] = [
  {
    reason: 'cookie',
    pattern:
      /cookie|consent|gdpr|rgpd|didomi|onetrust|tarteaucitron|axeptio|sp_message|(?:^|[\s_-])cmp(?:[\s_-]|$)|qc-cmp/,
  },
  {
    reason: 'ticker',
    pattern:
      /ticker|marquee|breaking|flash-?infos?|newsflash|defil|scroll(?:ing)?-?(?:news|text|headlines?|titles?)|news-?bar|newscrawl|(?:^|[\s_-])crawl(?:er)?(?:[\s_-]|$)|last-?minute|derniere-?minute|en-?continu|fil-?info|live-?news|alert-?bar|top-?news-?bar|headline-?bar/,
  },
  {
    reason: 'share',
    pattern:
      /(?:^|[\s_-])(?:share|shares|sharing|sharer|partage|partager|social|socials|addthis|sharethis|shariff|sociallinks|socialbar)(?:[\s_-]|$)|sharebar|sharetools|sharebuttons|share-?(?:bar|buttons?|tools|links?|box)|social-?(?:bar|links?|buttons?|share|icons?|networks?|media|tools)/,
  },
  {
    reason: 'newsletter',
    pattern:
      /newsletter|(?:^|[\s_-])nl-?(?:box|form|signup|inscription)|subscribe-?(?:box|form|block|widget)|signup-?(?:box|form)|optin/,
  },
  {
    reason: 'paywall',
    pattern:
      /paywall|pay-?wall|premium-?(?:box|banner|wall|block|teaser|promo)|subscription|abonnement|(?:^|[\s_-])abo-?(?:box|teaser|block|wall|promo)|(?:^|[\s_-])piano(?:[\s_-]|$)|tp-(?:container|modal)|regwall|reg-?wall|metering|meter-?(?:box|banner)|subscriber-?only|reserve-?abonnes/,
  },
  {
    reason: 'comments',
    pattern:
      /comment|disqus|commentaire|(?:^|[\s_-])reactions?(?:[\s_-]|$)|coral-?talk|talk-?stream|forum-?(?:box|posts)|discussion-?(?:thread|box)|(?:^|[\s_-])respond(?:[\s_-]|$)|viafoura/,
  },
  {
    reason: 'author',
    pattern:
      /author-?(?:box|bio|card|info|profile|block|details|description|about)|about-?(?:the-?)?author|bio-?(?:box|card|graphy)|auteur-?(?:bio|box|info|card)|biographie|(?:^|[\s_-])(?:bio|author-bio)(?:[\s_-]|$)/,
  },
  {
    reason: 'related',
    pattern:
      /related|similar|more-?(?:from|stories|articles|news|on|in|like)|most-?(?:read|popular|viewed|shared|commented)|popular|plus-?lus|les-?plus|recommend|(?:^|[\s_-])reco(?:[\s_-]|$)|read-?(?:also|more|next)|lire-?aussi|a-?lire|also-?read|see-?also|voir-?aussi|outbrain|taboola|teasers?-?(?:list|box|block|grid)|next-?(?:article|story|post)|autres-?articles|sur-?le-?meme|meme-?sujet|en-?relation|tags?-?(?:list|cloud|box)|keywords|(?:^|[\s_-])tags(?:[\s_-]|$)/,
  },
  {
    reason: 'navigation',
    pattern:
      /breadcrumb|ariane|pagination|(?:^|[\s_-])pager(?:[\s_-]|$)|(?:^|[\s_-])(?:menu|navbar|nav|navigation|topbar|site-?header|site-?footer|skip-?links?|sitemap|mainmenu|megamenu)(?:[\s_-]|$)|back-?to-?top|scroll-?(?:to-?)?top|go-?(?:to-?)?top|retour-?(?:en-?)?haut|toplink|totop/,
  },
  {
    reason: 'promo',
    pattern:
      /(?:^|[\s_-])(?:ad|ads|advert|adverts|advertisement|advertising|pub|pubs|publicite|sponsor|sponsored|sponsorise|promo|promotion|dfp|gpt|outstream|banniere|app-?promo|download-?app|teaser-?video|video-?teaser|partner|partners|partenaires?)(?:[\s_-]|$)|adslot|ad-?slot|ad-?container|ad-?wrapper|ad-?unit|google_ads|adsbygoogle|(?:^|[\s_-])ad\d/,
  },
  {
    reason: 'caption',
    pattern:
      /(?:^|[\s_-])(?:credit|credits|copyright|photographer|photo-?credit|credit-?photo|image-?credit|droits|source-?photo|photo-?source|copyright-?photo)(?:[\s_-]|$)/,
  },
  {
    reason: 'dateline',
    pattern:
      /(?:^|[\s_-])(?:date|dateline|datetime|timestamp|published|publish-?date|pubdate|article-?date|updated|date-?(?:publication|modification|maj)|publication-?date)(?:[\s_-]|$)/,
  },
];

/** Whether a credit-named element credits a picture: by its name or a figure around it. */
function isPictureCredit(element: Element, signature: string): boolean {
  if (/photo|image|img|picture|media|foto|illustration|visuel/.test(signature)) return true;
  let ancestor = element.parentElement;
  for (let level = 0; ancestor && level < 4; level++, ancestor = ancestor.parentElement) {
    const tag = tagOf(ancestor);
    if (tag === 'figure' || tag === 'figcaption' || tag === 'picture') return true;
    if (CAPTION_NAMES.test(nameSignature(ancestor))) return true;
  }
  return false;
}

/** Names of live coverage, where "comments" means the commentary itself. */
const LIVE_NAMES = /live|direct|minute|play-?by-?play|liveblog|match-?(?:comment|report)/;

const CAPTION_NAMES =
  /(?:^|[\s_-])(?:caption|legende|legend|wp-caption-text|image-?caption|photo-?caption|media-?caption|figure-?caption|img-?caption|caption-?text)(?:[\s_-]|$)/;

const NAVIGATION_ROLES: ReadonlySet<string> = new Set([
  'navigation',
  'menu',
  'menubar',
  'search',
  'tablist',
]);

/** The identity of an element for name hints: id, class, itemprop, itemtype, lower case. */
function nameSignature(element: Element): string {
  const parts = [
    element.getAttribute('id'),
    element.getAttribute('class'),
    element.getAttribute('itemprop'),
    element.getAttribute('itemtype'),
    element.getAttribute('data-component'),
    element.getAttribute('data-module'),
  ];
  let signature = '';
  for (const part of parts) if (part) signature += ` ${part}`;
  // Split camelCase so "shareBar" reads as "share-bar".
  return signature.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Where in the page the pass runs, and what it knows about the whole root. */
interface MarkContext {
  phase: 'page' | 'article';
  root: Element;
  rootNonLinkChars: number;
  /** Document order of the page's first <h1>, or Infinity. */
  firstH1Order: number;
  stats: Map<Element, ElementStats>;
  budget?: Budget;
}

function nonLinkChars(stats: ElementStats): number {
  return stats.chars - stats.linkChars;
}

function linkDensity(stats: ElementStats): number {
  return stats.chars === 0 ? 0 : stats.linkChars / stats.chars;
}

/** Whether an element of this size and link density can be furniture of this kind. */
function fitsReason(reason: BoilerplateReason, stats: ElementStats): boolean {
  const outside = nonLinkChars(stats);
  const density = linkDensity(stats);
  switch (reason) {
    case 'ticker':
      return stats.links >= 3 && density >= 0.5 && outside <= 1500;
    case 'related':
      return (density >= 0.3 || outside <= 300) && outside <= 2000;
    case 'navigation':
      return (density >= 0.4 || outside <= 200) && outside <= 1000;
    case 'share':
      return outside <= 300;
    case 'newsletter':
    case 'paywall':
      return outside <= 1000;
    case 'comments':
      return true;
    case 'author':
      return stats.chars >= 30 && outside <= 1500;
    case 'promo':
      return outside <= 600;
    case 'cookie':
      return outside <= 3000;
    case 'caption':
      return stats.chars <= 120 && stats.blocks === 0;
    case 'dateline':
      return stats.chars <= 80 && stats.blocks <= 2;
    case 'notice':
      return outside <= 400;
  }
}

/** Never marked: what holds the headline, the main landmark or most of the text. */
function isProtected(stats: ElementStats, context: MarkContext): boolean {
  if (stats.hasMain) return true;
  if (context.phase === 'page' && stats.hasH1) return true;
  const outside = nonLinkChars(stats);
  return outside > 300 && outside > 0.5 * context.rootNonLinkChars;
}

/**
 * The label a box gives itself: the text of its first child when that child is short (at most
 * 10 words: "Les plus lus", "<h2>1 Commentaire</h2>") and more content follows it. A wrapper
 * whose first child is a whole box ("Articles similaires" with its links, then the comments)
 * has no label of its own: each box inside is judged by its own.
 */
function ownLabel(element: Element, stats: Map<Element, ElementStats>): string {
  let label: string | null = null;
  for (let child = element.firstChild; child; child = child.nextSibling) {
    let text: string;
    if (child.nodeType === ELEMENT_NODE) {
      const childStats = stats.get(child as Element);
      if (!childStats || childStats.chars === 0) continue; // images, scripts, empty wrappers
      if (label !== null) return label; // content follows the label
      if (childStats.words > 10) return '';
      text = (child as Element).textContent ?? '';
    } else if (child.nodeType === TEXT_NODE) {
      text = (child as Text).data;
      if (text.trim() === '') continue;
      if (label !== null) return label;
    } else {
      continue;
    }
    label = foldText(text);
    if (countWords(label) > 10) return '';
  }
  return '';
}

/** Whether a box whose label says `reason` has the shape of that kind of box. */
function fitsLabelledBox(reason: BoilerplateReason, stats: ElementStats): boolean {
  if (stats.blocks === 0) return false; // a lone label is a block rule's business
  switch (reason) {
    case 'related':
      return stats.links >= 1 && nonLinkChars(stats) <= 2000;
    case 'ticker':
      // Tickers link their headlines; a live page headed "En continu" has posts, not links.
      return stats.links >= 2 && nonLinkChars(stats) <= 1500;
    default:
      return fitsReason(reason, stats);
  }
}

/** A list of headline links, or of short links (menus, tags): its reason, or null. */
function headlineListReason(
  element: Element,
  stats: ElementStats,
  context: MarkContext,
): BoilerplateReason | null {
  if (stats.links < 3 || linkDensity(stats) < 0.65) return null;
  const outside = nonLinkChars(stats);
  if (outside > Math.min(1000, Math.max(300, 12 * stats.links))) return null;
  if (stats.words <= 40 && isShareText(foldText(element.textContent ?? ''))) return 'share';
  const wordsPerLink = stats.linkWords / stats.links;
  if (wordsPerLink < 4) return 'navigation';
  if (context.phase === 'page' && stats.order < context.firstH1Order) return 'ticker';
  return 'related';
}

function classifyElement(
  element: Element,
  tag: string,
  stats: ElementStats,
  context: MarkContext,
): BoilerplateReason | null {
  if (stats.chars === 0 || isProtected(stats, context)) return null;
  if (tag === 'marquee') return 'ticker';

  const role = (element.getAttribute('role') ?? '').toLowerCase();
  if ((tag === 'nav' || NAVIGATION_ROLES.has(role)) && fitsReason('navigation', stats)) {
    return 'navigation';
  }
  // Landmarks of the page around the article: the site's header and footer, side columns.
  // Inside an <article> (or Readability's output), <header> and <footer> hold the article's
  // own title, standfirst, byline and tags.
  if (
    context.phase === 'page' &&
    (role === 'contentinfo' || role === 'banner' || tag === 'footer' || tag === 'header') &&
    !element.closest('article') &&
    fitsReason('navigation', stats)
  ) {
    return 'navigation';
  }
  if (
    (tag === 'aside' || role === 'complementary') &&
    stats.links >= 2 &&
    fitsReason('related', stats)
  ) {
    return 'related';
  }
  if (tag === 'form') {
    const types = Array.from(element.getElementsByTagName('input'), (input) =>
      (input.getAttribute('type') ?? '').toLowerCase(),
    );
    if (types.includes('email') && fitsReason('newsletter', stats)) return 'newsletter';
    if (types.includes('search') && fitsReason('navigation', stats)) return 'navigation';
  }

  const signature = nameSignature(element);
  if (signature !== '') {
    for (const hint of NAME_HINTS) {
      if (hint.pattern.test(signature) && fitsReason(hint.reason, stats)) {
        if (hint.reason === 'dateline' && !/\d/.test(element.textContent ?? '')) continue;
        // "live-match-comments": a live page's commentary is the article.
        if (hint.reason === 'comments' && LIVE_NAMES.test(signature)) continue;
        // A credit outside a picture is the text's own ("(ats/svp)"): credit.ts needs it.
        if (hint.reason === 'caption' && !isPictureCredit(element, signature)) continue;
        return hint.reason;
      }
    }
  }

  if (CONTAINER_TAGS.has(tag) && isAuthorBox(element, signature, stats, context.budget)) {
    return 'author';
  }

  const ariaLabel = element.getAttribute('aria-label');
  if (ariaLabel) {
    const reason = classifyLabel(foldText(ariaLabel));
    if (reason && fitsLabelledBox(reason, stats)) return reason;
  }
  if (CONTAINER_TAGS.has(tag) && stats.blocks > 0) {
    const reason = classifyLabel(ownLabel(element, context.stats));
    if (reason && fitsLabelledBox(reason, stats)) return reason;
  }
  return headlineListReason(element, stats, context);
}

/** Links to an author's page. */
const AUTHOR_HREF =
  /\/(?:author|authors|auteur|auteurs|journaliste|journalistes|redacteur|redacteurs|redaction\/[^/]+|profil|profile|people|signatures?)\//i;
/** Words of a biography, French and English (rewritten copies keep the copier's English bio). */
const BIO_WORDS =
  /journalis|redact|reporter|correspondant|chroniqueu|editorialiste|passionne|specialis|diplome|a rejoint|travaille|auteur de|ancien|depuis \d|\bans\b|years?\b|writer|editor|head of|is a\b|i am\b|i have been/;

/**
 * An author box: a picture, a link to the author's page (or author microdata) and a few lines
 * of biography, at most 1,500 letters outside links. Live posts also show an avatar and a
 * linked name above their text, so the biography's vocabulary is required too.
 */
function isAuthorBox(
  element: Element,
  signature: string,
  stats: ElementStats,
  budget?: Budget,
): boolean {
  const outside = nonLinkChars(stats);
  if (outside < 60 || outside > 1500 || stats.blocks === 0) return false;
  const microdata = /(?:^|\s)author(?:\s|$)|schema\.org\/person/.test(signature);
  let authorLink = microdata;
  if (!authorLink) {
    const links = element.getElementsByTagName('a');
    for (let i = 0; i < links.length && i < 20 && !authorLink; i++) {
      const link = links[i]!;
      const rel = (link.getAttribute('rel') ?? '').toLowerCase();
      authorLink = /\bauthor\b/.test(rel) || AUTHOR_HREF.test(link.getAttribute('href') ?? '');
    }
  }
  if (!authorLink || element.getElementsByTagName('img').length === 0) return false;
  return BIO_WORDS.test(foldText(textOf(element, budget).slice(0, 3000)));
}

/** A heading or short label line, as found just above a box it names. */
function isLabelLike(element: Element, stats: ElementStats): boolean {
  const tag = tagOf(element);
  if (HEADING_TAGS.has(tag)) return stats.words <= 12;
  if (stats.blocks > 0 || stats.words > 8 || stats.chars > 80) return false;
  const text = (element.textContent ?? '').trim();
  return text !== '' && !/[.!?]$/.test(text);
}

const LABELLED_REASONS: ReadonlySet<BoilerplateReason> = new Set([
  'related',
  'ticker',
  'comments',
  'newsletter',
  'promo',
  'author',
]);

/**
 * Marks the furniture under `root` (not `root` itself) with FURNITURE_ATTRIBUTE, and caption
 * elements with KIND_ATTRIBUTE. Elements already marked are kept as they are. Returns the
 * number of elements marked.
 */
export function markFurniture(root: Element, phase: 'page' | 'article', budget?: Budget): number {
  return runToEnd(markFurnitureSteps(root, phase, budget));
}

/** `markFurniture`, pausing when the budget says so (see walkSteps). */
export function* markFurnitureSteps(
  root: Element,
  phase: 'page' | 'article',
  budget?: Budget,
): Generator<void, number, void> {
  const stats = yield* computeStatsSteps(root, budget);
  const rootStats = stats.get(root)!;
  let firstH1Order = Infinity;
  if (phase === 'page') {
    const h1 = root.querySelector('h1');
    const h1Stats = h1 ? stats.get(h1) : undefined;
    if (h1Stats) firstH1Order = h1Stats.order;
  }
  const context: MarkContext = {
    phase,
    root,
    rootNonLinkChars: nonLinkChars(rootStats),
    firstH1Order,
    stats,
    budget,
  };
  const marked: Element[] = [];
  yield* walkSteps(
    root,
    {
      enter(element) {
        if (element.hasAttribute(FURNITURE_ATTRIBUTE)) return false;
        const own = stats.get(element);
        if (!own) return false; // script, style and other non-text elements
        const tag = tagOf(element);
        const reason = classifyElement(element, tag, own, context);
        if (reason) {
          element.setAttribute(FURNITURE_ATTRIBUTE, reason);
          marked.push(element);
          return false;
        }
        if (
          phase === 'page' &&
          own.chars <= 500 &&
          own.blocks <= 1 &&
          CAPTION_NAMES.test(nameSignature(element))
        ) {
          element.setAttribute(KIND_ATTRIBUTE, 'caption');
        }
        return true;
      },
    },
    budget,
  );
  // A heading or label line right above a marked box names it: it goes with the box.
  for (const element of marked.slice()) {
    const reason = element.getAttribute(FURNITURE_ATTRIBUTE) as BoilerplateReason;
    if (!LABELLED_REASONS.has(reason)) continue;
    const previous = element.previousElementSibling;
    if (!previous || previous.hasAttribute(FURNITURE_ATTRIBUTE)) continue;
    const previousStats = stats.get(previous);
    if (previousStats && previousStats.chars > 0 && isLabelLike(previous, previousStats)) {
      previous.setAttribute(FURNITURE_ATTRIBUTE, reason);
      marked.push(previous);
    }
  }
  return marked.length;
}

/** Removes every mark of this module under `root` (a page may carry its own, to mislead). */
export function clearMarks(root: Element | Document): void {
  for (const element of Array.from(
    root.querySelectorAll(`[${FURNITURE_ATTRIBUTE}],[${KIND_ATTRIBUTE}]`),
  )) {
    element.removeAttribute(FURNITURE_ATTRIBUTE);
    element.removeAttribute(KIND_ATTRIBUTE);
  }
}

/** The reason an element was marked with, or null. */
export function furnitureReason(element: Element): BoilerplateReason | null {
  const value = element.getAttribute(FURNITURE_ATTRIBUTE);
  return value && REASONS.has(value) ? (value as BoilerplateReason) : null;
}

const REASONS: ReadonlySet<string> = new Set(BOILERPLATE_REASONS);
