/**
 * The end-to-end XSS page, written from tests/fixtures/xss-payloads.ts when the run starts
 * (served at /generated/xss.html): the seed wire story as an outlet republished it, with the
 * payloads in its title, site name, author, byline, headline and sentences, as text (escaped
 * in the HTML, as a page quoting an attack would carry them), and a few as live markup that
 * is inert as the page parses it but changes meaning if serialised and parsed again
 * (mutation XSS). The page runs no script of its own: whatever sets the canary is the
 * extension's doing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XSS_PAYLOADS } from '../fixtures/xss-payloads';

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/**
 * Payloads whose markup is inert where the page parses it (scripting on), and closed so that
 * nothing after them is swallowed: text-only elements. Not `<noscript>` (with scripting on its
 * content ends at the first `</noscript>`, even inside an attribute, and what follows is live
 * markup) nor the comment trick: those would run in the page by themselves. Not `<template>`
 * either: its content is inert, but Firefox's speculative parser fetches its image, a request
 * of the page's own that the zero-network test would have to tell apart.
 */
const INERT_LIVE = /^<(title|textarea|xmp|listing)>/;

/** Which payload goes where, for the assertions. */
export const XSS_PAGE_FIELDS = {
  title: XSS_PAYLOADS[0]!,
  siteName: XSS_PAYLOADS[12]!,
  byline: XSS_PAYLOADS[55]!,
};

/** The payloads shown as text in the article's sentences. */
export const XSS_PAGE_SENTENCE_PAYLOADS = XSS_PAYLOADS;

/** Writes xss.html into `dir`; returns its path. */
export function writeXssPage(dir: string): string {
  const seed = readFileSync('seeds/000_d7a5d4be53ae19f7.txt', 'utf8').trim().split('\n');
  const wire = seed.slice(1).filter((line) => line.trim() !== '');
  const quoted = XSS_PAYLOADS.map(
    (p) =>
      `<p>Le texte cité dans la plainte numéro ${p.id} était ${escapeHtml(p.text)} selon la police.</p>`,
  );
  const live = XSS_PAYLOADS.filter((p) => INERT_LIVE.test(p.text)).map(
    (p) => `<div class="live">${p.text}</div>`,
  );
  const { title, siteName, byline } = XSS_PAGE_FIELDS;
  const html = `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(title.text)}</title>
    <meta property="og:site_name" content="${escapeHtml(siteName.text)}" />
    <meta property="og:title" content="${escapeHtml(title.text)}" />
    <meta name="author" content="${escapeHtml(byline.text)}" />
  </head>
  <body>
    <main>
      <article>
        <h1>${escapeHtml(title.text)}</h1>
        <p class="byline">Par ${escapeHtml(byline.text)}</p>
        ${wire.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n        ')}
        ${quoted.join('\n        ')}
        ${live.join('\n        ')}
        <p>(AFP)</p>
      </article>
    </main>
  </body>
</html>
`;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'xss.html');
  writeFileSync(path, html);
  return path;
}

/**
 * A corpus file (JSONL) whose every field is a payload: id, title, outlet, address, date,
 * and a text that shares the wire story's sentences, so that the analysis of xss.html lists
 * these documents as its sources. Written beside the page; returns its path.
 */
export function writeXssCorpus(dir: string): string {
  const wire = readFileSync('seeds/000_d7a5d4be53ae19f7.txt', 'utf8').trim();
  const lines = XSS_PAYLOADS.map((p) =>
    JSON.stringify({
      id: p.text,
      title: p.text,
      series: p.text,
      url: p.text,
      date: p.text,
      text: `${wire}\n\nLe texte cité dans la plainte numéro ${p.id} était ${p.text} selon la police.`,
    }),
  );
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'xss-corpus.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
