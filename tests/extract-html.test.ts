/**
 * The DOM side of extraction (lib/extract/html.ts and its modules), run like Readability's own
 * tests: every fixture page of tests/fixtures/html/ through two DOM implementations (linkedom,
 * the CLI's, and jsdom), against the expected.json beside it; then block boundaries, metadata,
 * the furniture rules on their own, and hostile pages generated here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../lib/extract/dom-parse';
import { measurePage } from '../lib/extract/dom-walk';
import { extractArticle, type ExtractionResult } from '../lib/extract/html';
import { collectBlocks } from '../lib/extract/html-blocks';
import { FURNITURE_ATTRIBUTE, markFurniture } from '../lib/extract/html-furniture';
import { normaliseLanguage } from '../lib/extract/html-metadata';
import { classifyBlockText, foldText } from '../lib/extract/html-vocabulary';
import type { BlockKind, BoilerplateReason } from '../lib/types';
import { parseWithJsdom } from './extract-html-jsdom';

const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'html');

interface Expected {
  description: string;
  url: string | null;
  status: ExtractionResult['status'];
  metadata: ExtractionResult['metadata'];
  articleBlocks: { kind: BlockKind; text: string }[];
  boilerplate: { reason: BoilerplateReason; text: string }[];
  mustContain: string[];
  mustNotContain: string[];
}

type Parse = (html: string, url?: string) => Document;
const jsdomParse: Parse = parseWithJsdom;
const parsers: [string, Parse][] = [
  ['linkedom', parseHtml],
  ['jsdom', jsdomParse],
];

const cases = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function readCase(name: string): { html: string; expected: Expected } {
  return {
    html: readFileSync(path.join(fixturesDir, name, 'source.html'), 'utf8'),
    expected: JSON.parse(
      readFileSync(path.join(fixturesDir, name, 'expected.json'), 'utf8'),
    ) as Expected,
  };
}

/** The article's text alone: its blocks, joined as the text joins them. */
function articleText(result: ExtractionResult): string {
  return result.blocks.map((b) => result.text.slice(b.start, b.end)).join('\n\n');
}

/** Offsets: every block and furniture block is a trimmed, non-empty slice; together, in order,
 * joined by '\n\n', they are the whole text. */
function expectConsistentOffsets(result: ExtractionResult): void {
  const spans = [
    ...result.blocks.map((b) => ({ start: b.start, end: b.end })),
    ...result.boilerplate.map((b) => {
      expect(result.text.slice(b.start, b.end)).toBe(b.text);
      return { start: b.start, end: b.end };
    }),
  ].sort((a, b) => a.start - b.start);
  let expectedStart = 0;
  for (const span of spans) {
    expect(span.start).toBe(expectedStart);
    const slice = result.text.slice(span.start, span.end);
    expect(slice.length).toBeGreaterThan(0);
    expect(slice.trim()).toBe(slice);
    expect(slice).not.toContain('\n');
    expectedStart = span.end + 2;
    if (span.end < result.text.length)
      expect(result.text.slice(span.end, span.end + 2)).toBe('\n\n');
  }
  expect(Math.max(0, expectedStart - 2)).toBe(result.text.length);
}

describe.each(cases)('fixture %s', (name) => {
  const { html, expected } = readCase(name);
  const url = expected.url ?? undefined;

  it.each(parsers)('extracts the expected article with %s', (_impl, parse) => {
    const doc = parse(html, url);
    const before = doc.documentElement.outerHTML;
    const result = extractArticle(doc, { url });
    expect(doc.documentElement.outerHTML).toBe(before); // the live page is never touched
    expect(result.status).toBe(expected.status);
    expect(result.metadata).toEqual(expected.metadata);

    const blocks = result.blocks.map((b) => ({
      kind: b.kind,
      text: result.text.slice(b.start, b.end),
    }));
    expect(blocks.length).toBe(expected.articleBlocks.length);
    blocks.forEach((block, i) => {
      const want = expected.articleBlocks[i]!;
      expect({ kind: block.kind, start: block.text.slice(0, want.text.length) }).toEqual({
        kind: want.kind,
        start: want.text,
      });
    });
    expect(
      result.boilerplate.map((b) => ({ reason: b.reason, text: b.text.slice(0, 80) })),
    ).toEqual(expected.boilerplate);

    const article = articleText(result);
    for (const snippet of expected.mustContain) expect(article).toContain(snippet);
    for (const snippet of expected.mustNotContain) expect(article).not.toContain(snippet);
    expectConsistentOffsets(result);
  });

  it('sanitizes the article HTML with DOMPurify where it can run (jsdom), and only there', () => {
    const withJsdom = extractArticle(jsdomParse(html, url), { url });
    expect(withJsdom.html).not.toBeNull();
    const articleHtml = withJsdom.html!;
    expect(articleHtml).not.toMatch(/<script|<style|<form|\son\w+=|javascript:|data-deja-lu/i);
    const article = articleText(withJsdom);
    for (const block of withJsdom.boilerplate) {
      const start = block.text.slice(0, 30);
      if (article.includes(start)) continue; // a repeat of a block that stays
      expect(articleHtml).not.toContain(start.replace(/&/g, '&amp;'));
    }
    // linkedom lacks document.implementation: DOMPurify would return its input unsanitized.
    expect(extractArticle(parseHtml(html, url), { url }).html).toBeNull();
  });
});

describe('furniture marked before Readability, on the whole page', () => {
  /** Reason of the element `selector` finds (or of its closest marked ancestor). */
  function reasonOf(doc: Document, selector: string): string | null {
    const element = doc.querySelector(selector);
    if (!element) throw new Error(`no ${selector}`);
    return element.closest(`[${FURNITURE_ATTRIBUTE}]`)?.getAttribute(FURNITURE_ATTRIBUTE) ?? null;
  }
  const pages: [string, [string, BoilerplateReason | null][]][] = [
    [
      'aggregator-ticker',
      [
        ['marquee', 'ticker'],
        ['.headlines-title', 'ticker'],
        ['#cookie-notice', 'cookie'],
        ['.main-menu', 'navigation'],
        ['.story-tools', 'share'],
        ['.most-read', 'related'],
        ['.back-to-top', 'navigation'],
        ['.signature', null],
      ],
    ],
    [
      'swiss-portal-comments',
      [
        ['#consent-layer', 'cookie'],
        ['.breadcrumbs', 'navigation'],
        ['.story-share', 'share'],
        ['.image-credit', 'caption'],
        ['.nl-box', 'newsletter'],
        ['.video-teaser', 'promo'],
        ['.recommendations', 'related'],
        ['#comments', 'comments'],
        ['.more-from-section', 'related'],
        ['.story-credit', null],
        ['.pull-quote', null],
      ],
    ],
    [
      'rewritten-copy-author-box',
      [
        ['#breadcrumb', 'navigation'],
        ['.abo-box', 'paywall'],
        ['.saboxplugin-wrap', 'author'],
        ['#share-buttons-bottom', 'share'],
        ['#related-posts', 'related'],
        ['#comments', 'comments'],
        ['.posts-list-items', 'related'],
        ['#go-to-top', 'navigation'],
        ['.wp-block-quote', null],
      ],
    ],
    [
      'live-timestamped-list',
      [
        ['.trending-bar', 'ticker'],
        ['.post-share', 'share'],
        ['.rail ol', 'related'],
        ['.live-feed', null],
        ['#post-5 .live-post-title', null],
      ],
    ],
  ];
  it.each(pages)('%s', (name, expectations) => {
    const { html, expected } = readCase(name);
    const doc = parseHtml(html, expected.url ?? undefined);
    markFurniture(doc.body, 'page');
    for (const [selector, reason] of expectations) {
      expect([selector, reasonOf(doc, selector)]).toEqual([selector, reason]);
    }
  });
});

describe('block boundaries', () => {
  const blocksOf = (html: string): { kind: BlockKind; text: string }[] =>
    collectBlocks(
      parseHtml(`<html><body><div id="r">${html}</div></body></html>`).getElementById('r')!,
    ).map(({ kind, text }) => ({ kind, text }));

  it('joins inline elements without adding spaces', () => {
    expect(
      blocksOf('<p>Chirac le surnommait<em>le Grand Con</em>, <a href="/x">dit</a>-il.</p>'),
    ).toEqual([{ kind: 'paragraph', text: 'Chirac le surnommaitle Grand Con, dit-il.' }]);
  });

  it('ends a block at every block element and <br>, never joining two sentences', () => {
    expect(
      blocksOf(
        '<div>Début<p>Un.</p>Deux.<br>Trois.<br/><br/><span>Quatre.</span><h2>Titre</h2>Fin</div>',
      ),
    ).toEqual([
      { kind: 'paragraph', text: 'Début' },
      { kind: 'paragraph', text: 'Un.' },
      { kind: 'paragraph', text: 'Deux.' },
      { kind: 'paragraph', text: 'Trois.' },
      { kind: 'paragraph', text: 'Quatre.' },
      { kind: 'heading', text: 'Titre' },
      { kind: 'paragraph', text: 'Fin' },
    ]);
  });

  it('labels headings, list items, captions and quotes', () => {
    expect(
      blocksOf(
        '<h3>Sous-titre</h3><ul><li>Un point.</li><li><p>Un paragraphe dans un point.</p></li></ul>' +
          '<figure><img src="x.jpg" alt="ignoré"><figcaption>Une légende.</figcaption></figure>' +
          '<blockquote><p>« Une citation. »</p><cite>Quelqu’un</cite></blockquote>' +
          '<table><tr><td>Cellule</td></tr></table>',
      ),
    ).toEqual([
      { kind: 'heading', text: 'Sous-titre' },
      { kind: 'list-item', text: 'Un point.' },
      { kind: 'paragraph', text: 'Un paragraphe dans un point.' },
      { kind: 'caption', text: 'Une légende.' },
      { kind: 'quote', text: '« Une citation. »' },
      { kind: 'quote', text: 'Quelqu’un' },
      { kind: 'paragraph', text: 'Cellule' },
    ]);
  });

  it('collapses whitespace but keeps no-break spaces of French typography, and drops soft hyphens', () => {
    expect(blocksOf('<p>  Il a dit\u00a0: «\u202fbon\u202f»  \n\t et  par\u00adti.  </p>')).toEqual(
      [{ kind: 'paragraph', text: 'Il a dit\u00a0: «\u202fbon\u202f» et parti.' }],
    );
  });

  it('skips scripts, styles and templates', () => {
    expect(
      blocksOf(
        '<p>Texte<script>var x = "caché";</script><style>p{}</style><noscript>n</noscript>.</p>',
      ),
    ).toEqual([{ kind: 'paragraph', text: 'Texte.' }]);
  });
});

describe('text rules', () => {
  const reason = (text: string, kind: BlockKind = 'paragraph', linkDensity = 0, wordsPerLink = 0) =>
    classifyBlockText(foldText(text), { kind, linkDensity, wordsPerLink });

  it('recognises French furniture lines', () => {
    expect(reason('À lire aussi » Ballonnements, lourdeurs...', 'paragraph', 0.8, 5)).toBe(
      'related',
    );
    expect(reason('Lire : Que sont les IMSI-catchers ?', 'paragraph', 0.9, 6)).toBe('related');
    expect(reason('Voir aussi sur Le HuffPost :')).toBe('related');
    expect(reason('Ceci pourrait également vous intéresser:')).toBe('related');
    expect(reason('Plus de «International»')).toBe('related');
    expect(reason('Dernières News sur : Jacques Chirac', 'heading')).toBe('related');
    expect(reason('Flash info')).toBe('ticker');
    expect(reason('1 Commentaire')).toBe('comments');
    expect(
      reason(
        'Comme nous voulons continuer à modérer personnellement les débats de commentaires, nous sommes obligés de fermer la fonction de commentaire 72 heures après la publication d’un article. Merci de votre compréhension!',
      ),
    ).toBe('comments');
    expect(reason('Crédits photos : Bestimage')).toBe('caption');
    expect(reason('Photo iStock')).toBe('caption');
    expect(reason('Keystone', 'caption')).toBe('caption');
    expect(reason('Créé: 12.12.2019, 07h36')).toBe('dateline');
    expect(reason('13.08.2024, 08:4013.08.2024, 08:55')).toBe('dateline');
    expect(reason('Publié dans Les ECO le 15 - 08 - 2024')).toBe('dateline');
    expect(reason('Bouton retour en haut de la page')).toBe('navigation');
    expect(reason('Accueil > Monde > Europe')).toBe('navigation');
    expect(reason('Partager sur Facebook')).toBe('share');
    expect(reason('Facebook Twitter LinkedIn E-mail')).toBe('share');
    expect(reason('Recevez chaque matin l’essentiel de l’actualité dans votre boîte mail.')).toBe(
      'newsletter',
    );
    expect(reason('Cet article est réservé aux abonnés. Déjà abonné ? Se connecter')).toBe(
      'paywall',
    );
    expect(reason('Profitez des 4 articles gratuits ce mois-ci')).toBe('paywall');
    expect(
      reason(
        'Nous utilisons des cookies pour améliorer votre expérience. Accepter ou paramétrer vos choix.',
      ),
    ).toBe('cookie');
    expect(reason('Merci d’avoir signalé!')).toBe('notice');
    expect(reason('Video: watson')).toBe('promo');
    expect(reason('En vidéo, 4 aliments à privilégier pour mieux dormir', 'heading')).toBe('promo');
  });

  it('takes the linked title after a bare "À lire aussi :", and a lone headline link', () => {
    const filler =
      '<p>Le patron du réseau social avait promis un moment très divertissant, selon plusieurs témoins présents ce soir-là.</p>';
    const result = extractArticle(
      parseHtml(
        `<html><body><article>${filler.repeat(3)}<p>À lire aussi :</p>` +
          '<p><a href="/autre">Le titre d’un autre article sur le même sujet</a></p>' +
          `${filler.repeat(2)}<p><a href="/encore">Un autre titre qui mène vers une autre page du site</a></p>` +
          `${filler}</article></body></html>`,
      ),
    );
    expect(result.boilerplate.map((b) => [b.reason, b.text])).toEqual([
      ['related', 'À lire aussi :'],
      ['related', 'Le titre d’un autre article sur le même sujet'],
      ['related', 'Un autre titre qui mène vers une autre page du site'],
    ]);
    expect(result.blocks.length).toBe(6);
  });

  it('keeps article sentences that use the same words', () => {
    const article = [
      'Il a annoncé le lancement d’une newsletter consacrée à la politique locale, qui sera envoyée chaque semaine aux abonnés de la ville.',
      'Les commentaires sur les réseaux sociaux ont été nombreux après la publication de la photo.',
      'La CNIL estime que les internautes doivent pouvoir refuser les cookies aussi facilement que les accepter.',
      'Voir aussi le rapport de la Cour des comptes, qui pointe des dépenses mal maîtrisées depuis dix ans.',
      'Publié en 1996, le rapport concluait déjà que la nappe phréatique était menacée par les pesticides.',
      'À propos de la réforme, le ministre a refusé de commenter.',
      '(ats/svp)',
      'AFP',
      "95'",
      'Sortie de Pierre-Yves Hamel',
      'Alexandre Hervaud , Jérémy Piette',
    ];
    for (const text of article) expect([text, reason(text)]).toEqual([text, null]);
    expect(reason('Alexandre Hervaud , Jérémy Piette', 'paragraph', 0.9, 2)).toBeNull();
  });
});

describe('metadata', () => {
  const page = (head: string, htmlAttributes = ''): string =>
    `<!DOCTYPE html><html ${htmlAttributes}><head>${head}</head><body><article>${'<p>Le patron du réseau social, également aux manettes de Tesla et SpaceX, avait promis un moment très divertissant, selon ses proches et plusieurs témoins.</p>'.repeat(6)}</article></body></html>`;

  it.each(parsers)(
    'reads language from <html lang>, og:locale, then content-language (%s)',
    (_impl, parse) => {
      expect(extractArticle(parse(page('', 'lang="fr-ch"'))).metadata.language).toBe('fr-CH');
      expect(
        extractArticle(parse(page('<meta property="og:locale" content="fr_BE">'))).metadata
          .language,
      ).toBe('fr-BE');
      expect(
        extractArticle(parse(page('<meta http-equiv="Content-Language" content="fr">'))).metadata
          .language,
      ).toBe('fr');
      // A template's lang="en" loses to og:locale naming another language.
      expect(
        extractArticle(parse(page('<meta property="og:locale" content="fr_FR">', 'lang="en"')))
          .metadata.language,
      ).toBe('fr-FR');
      expect(extractArticle(parse(page(''))).metadata.language).toBeNull();
    },
  );

  it.each(parsers)('resolves the canonical URL, falling back to og:url (%s)', (_impl, parse) => {
    const url = 'https://journal.example/rubrique/article.html?utm=x';
    expect(
      extractArticle(parse(page('<link rel="canonical" href="/a/b">'), url), { url }).metadata
        .canonicalUrl,
    ).toBe('https://journal.example/a/b');
    expect(
      extractArticle(parse(page('<meta property="og:url" content="https://journal.example/og">')))
        .metadata.canonicalUrl,
    ).toBe('https://journal.example/og');
    expect(
      extractArticle(parse(page('<link rel="canonical" href="javascript:alert(1)">'))).metadata
        .canonicalUrl,
    ).toBeNull();
  });

  it('normalises language tags', () => {
    expect(normaliseLanguage('FR_fr')).toBe('fr-FR');
    expect(normaliseLanguage('fr, en')).toBe('fr');
    expect(normaliseLanguage('zh-hant-tw')).toBe('zh-Hant-TW');
    expect(normaliseLanguage('ISO639-2 fre')).toBeNull();
  });
});

describe('statuses', () => {
  it('returns not-readerable for a page with no article, unless forced', () => {
    const doc = parseHtml(
      '<html><body><nav><a href="/">Accueil</a></nav><p>Court.</p></body></html>',
    );
    const result = extractArticle(doc);
    expect(result.status).toBe('not-readerable');
    expect(result.message).toMatch(/article/);
    expect(extractArticle(doc, { force: true }).status).not.toBe('not-readerable');
  });

  it('returns empty for an empty document, without throwing', () => {
    const result = extractArticle(parseHtml(''), { force: true });
    expect(['empty', 'not-readerable']).toContain(result.status);
    expect(result.message).toBeTruthy();
  });

  it('ignores furniture marks the page carries itself', () => {
    const paragraphs =
      '<p>Le patron du réseau social avait promis un moment très divertissant, selon plusieurs témoins présents.</p>'.repeat(
        6,
      );
    const doc = parseHtml(
      `<html><body><article data-deja-lu-furniture="comments">${paragraphs}</article></body></html>`,
    );
    const result = extractArticle(doc);
    expect(result.status).toBe('ok');
    expect(result.blocks.length).toBe(6);
  });

  it('stops at the deadline with too-large', () => {
    const { html, expected } = readCase('swiss-portal-comments');
    let clock = 0;
    const result = extractArticle(parseHtml(html), {
      url: expected.url ?? undefined,
      deadlineMs: 50,
      now: () => (clock += 10),
    });
    expect(result.status).toBe('too-large');
    expect(result.message).toMatch(/longer than 50 ms/);
  });
});

describe('hostile pages', () => {
  const paragraph =
    '<p>Le patron du réseau social, également aux manettes de Tesla et SpaceX, avait promis un moment très divertissant.</p>';
  const timed = (run: () => ExtractionResult): { result: ExtractionResult; ms: number } => {
    const started = performance.now();
    const result = run();
    return { result, ms: performance.now() - started };
  };

  it.each(parsers)('100,000 elements: too-large at once (%s)', (_impl, parse) => {
    const html = `<html><body><article>${paragraph.repeat(5)}${'<div><span>a</span><p>mot</p></div>'.repeat(33_334)}</article></body></html>`;
    const doc = parse(html);
    const { result, ms } = timed(() => extractArticle(doc));
    expect(result.status).toBe('too-large');
    expect(result.message).toMatch(/more than 20000 elements/);
    expect(ms).toBeLessThan(1000);
  });

  it('5,000 levels of nesting: too-large at once, no stack overflow (linkedom)', () => {
    const html = `<html><body><article>${paragraph.repeat(5)}${'<div>'.repeat(5000)}x${'</div>'.repeat(5000)}</article></body></html>`;
    const { result, ms } = timed(() => extractArticle(parseHtml(html)));
    expect(result.status).toBe('too-large');
    expect(result.message).toMatch(/more than 64 levels deep/);
    expect(ms).toBeLessThan(1000);
    // The walks themselves are iterative: measuring the whole depth does not overflow.
    expect(
      measurePage(parseHtml(html), {
        maxElements: 1e9,
        maxDepth: 1e9,
        maxDepthSum: 1e12,
        maxTextLength: 1e12,
      }).depth,
    ).toBeGreaterThan(5000);
  });

  it('10 MB of text: too-large at once; 2 MB within the limits is extracted in bounded time (linkedom)', () => {
    const big = `<html><body><article>${`<p>${'mot '.repeat(2500)}</p>`.repeat(1000)}</article></body></html>`;
    const tooBig = timed(() => extractArticle(parseHtml(big)));
    expect(tooBig.result.status).toBe('too-large');
    expect(tooBig.result.message).toMatch(/characters of text/);
    expect(tooBig.ms).toBeLessThan(1000);

    const large = `<html><body><article>${`<p>${'mot '.repeat(2500)}</p>`.repeat(200)}</article></body></html>`;
    const { result, ms } = timed(() => extractArticle(parseHtml(large)));
    expect(result.status).toBe('ok');
    expect(result.blocks.length).toBe(200);
    expect(ms).toBeLessThan(10_000);
  });

  it('many nested chains under the depth limit: too-large by the depth sum', () => {
    const html = `<html><body><article>${paragraph.repeat(5)}${`${'<div>'.repeat(60)}x${'</div>'.repeat(60)}`.repeat(200)}</article></body></html>`;
    const { result, ms } = timed(() => extractArticle(parseHtml(html)));
    expect(result.status).toBe('too-large');
    expect(result.message).toMatch(/maxDepthSum/);
    expect(ms).toBeLessThan(1000);
  });

  it.each(parsers)('never runs the page’s scripts or event handlers (%s)', (_impl, parse) => {
    const global = globalThis as Record<string, unknown>;
    const html =
      '<html><head><script>globalThis.__dejaLuPwned = "head"</script></head><body>' +
      `<article>${paragraph.repeat(6)}` +
      '<img src="data:," onerror="globalThis.__dejaLuPwned = \'onerror\'">' +
      '<p onclick="globalThis.__dejaLuPwned = \'click\'">Un paragraphe <a href="javascript:globalThis.__dejaLuPwned=1">piégé</a>.</p>' +
      '<svg><script>globalThis.__dejaLuPwned = "svg"</script></svg>' +
      '<iframe srcdoc="<script>parent.__dejaLuPwned = 1</script>"></iframe>' +
      '<script>globalThis.__dejaLuPwned = "body"</script></article></body></html>';
    const result = extractArticle(parse(html), { force: true });
    expect(global.__dejaLuPwned).toBeUndefined();
    expect(result.status).toBe('ok');
    expect(articleText(result)).not.toContain('__dejaLuPwned');
    if (result.html !== null) {
      expect(result.html).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|<svg/i);
    }
  });

  it.each(parsers)('survives malformed markup (%s)', (_impl, parse) => {
    const html =
      '<html><body><div><p>Début <b>gras <i>italique</p></b> suite</i></div></span></td><table><p>cellule' +
      paragraph.repeat(6) +
      '<li>orphelin<ul></table>< p >&amp;&#xFFFFFF;&nosuch; <!-- non fermé';
    const result = extractArticle(parse(html), { force: true });
    expect(['ok', 'empty']).toContain(result.status);
    expectConsistentOffsets(result);
  });
});
