/**
 * The command-line tool on hostile saved pages (fast-check): random bytes, random tag soup,
 * the XSS payloads as markup and as text, deep nesting and huge pages, saved as .html files.
 * Whatever they hold, the tool never throws, runs nothing (the pages are parsed by linkedom,
 * which has no script engine; the canary's global stays unset), writes one JSON array, and
 * reports each page it cannot use on one line of stderr while annotating the others.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XSS_PAYLOADS } from './fixtures/xss-payloads';
import { runCli } from './helpers/run-cli';
import { frenchTextArb } from './property/french';

/** Runs per property; the README counts them. */
export const CLI_HTML_RUNS = 150;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'deja-lu-security-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const TAGS = [
  'p',
  'div',
  'article',
  'main',
  'span',
  'a',
  'h1',
  'h2',
  'ul',
  'li',
  'script',
  'style',
  'svg',
  'math',
  'noscript',
  'template',
  'table',
  'td',
  'iframe',
  'textarea',
  'title',
  'form',
];

/** Random markup: tags opened and closed in any order, attributes, text, payloads. */
const tagSoup = fc
  .array(
    fc.oneof(
      fc.constantFrom(...TAGS).map((t) => `<${t}>`),
      fc.constantFrom(...TAGS).map((t) => `</${t}>`),
      fc.constantFrom(...TAGS).map((t) => `<${t} class="article-body" onload="x()">`),
      fc.constantFrom(...XSS_PAYLOADS.map((p) => p.text)),
      frenchTextArb({ minSentences: 1, maxSentences: 3 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

/** An article page with payloads in its title, byline and text, and as live markup. */
const hostileArticle = fc
  .tuple(
    frenchTextArb({ minSentences: 6, maxSentences: 12 }),
    fc.subarray([...XSS_PAYLOADS], { minLength: 1, maxLength: 8 }),
  )
  .map(([text, payloads]) => {
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const paragraphs = text.split('\n\n').map((p) => `<p>${escape(p)}</p>`);
    const live = payloads.map((p) => `<div>${p.text}</div>`);
    return `<!doctype html><html lang="fr"><head><title>${escape(payloads[0]!.text)}</title></head><body><article><h1>${escape(payloads[0]!.text)}</h1><p class="byline">${escape(payloads.at(-1)!.text)}</p>${paragraphs.join('')}${live.join('')}</article></body></html>`;
  });

const hostileFile = fc.oneof(
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2000 }) },
  { weight: 3, arbitrary: tagSoup.map((s) => new TextEncoder().encode(s)) },
  { weight: 3, arbitrary: hostileArticle.map((s) => new TextEncoder().encode(s)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 600, max: 6000 })
      .map((depth) =>
        new TextEncoder().encode(
          `<html><body><article>${'<div>'.repeat(depth)}texte${'</div>'.repeat(depth)}</article></body></html>`,
        ),
      ),
  },
);

describe('the command-line tool on hostile saved pages', () => {
  it(`never throws, runs nothing, reports each unusable page on one line (${CLI_HTML_RUNS} runs)`, async () => {
    // The canary in Node: payloads write `document.documentElement.dataset.xss`; a global
    // `document` whose dataset records writes would catch one run by anything in-process.
    const ran: string[] = [];
    const dataset = new Proxy({} as Record<string, string>, {
      set: (_target, key, value) => (ran.push(`${String(key)}=${String(value)}`), true),
    });
    const global = globalThis as Record<string, unknown>;
    global.document = { documentElement: { dataset } };
    await fc.assert(
      fc.asyncProperty(fc.array(hostileFile, { minLength: 1, maxLength: 4 }), async (files) => {
        const paths = files.map((bytes, i) => {
          const path = join(dir, `page-${i}.html`);
          writeFileSync(path, bytes);
          return path;
        });
        const { code, stdout, stderr } = await runCli(['annotate', '--format', 'json', ...paths]);
        expect(ran).toEqual([]);
        const failures = stderr === '' ? [] : stderr.replace(/\n$/, '').split('\n');
        expect(failures.every((line) => /^deja-lu: .*page-\d\.html: /.test(line))).toBe(true);
        const annotated = JSON.parse(stdout) as unknown[];
        expect(annotated.length + failures.length).toBe(files.length);
        expect(code).toBe(failures.length > 0 ? 1 : 0);
      }),
      { numRuns: CLI_HTML_RUNS },
    );
    delete global.document;
  }, 300_000);
});
