/** The CLI on web pages: saved .html files, http(s) URLs, and .html files in a corpus folder. */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli';

const fixtures = resolve(__dirname, 'fixtures/html');
const page = (name: string) => resolve(fixtures, name, 'source.html');

const run = runCli;

interface PageJson {
  id: string;
  url: string;
  text: string;
  title: string | null;
  metadata: { siteName: string | null; canonicalUrl: string | null };
  sentences: {
    start: number;
    end: number;
    text: string;
    status: string;
    sources: { id: string }[];
  }[];
  boilerplate: { start: number; end: number; text: string; reason: string }[];
  stats: { shared: number; sentences: number };
}

let server: Server;
let base: string;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deja-lu-html-'));
  server = createServer((req, res) => {
    if (req.url === '/article') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(readFileSync(page('aggregator-ticker')));
    } else if (req.url === '/data.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => server.close());

describe('deja-lu annotate on web pages', () => {
  it('extracts a saved page and annotates the extracted text, which the JSON carries', async () => {
    const { code, stdout, stderr } = await run([
      'annotate',
      '--format',
      'json',
      page('aggregator-ticker'),
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [a] = JSON.parse(stdout) as PageJson[];
    expect(a!.id).toBe('source');
    expect(a!.url).toMatch(/^file:\/\/.*aggregator-ticker\/source\.html$/);
    expect(a!.title).toBe('USA. Musk et Trump bons copains');
    expect(a!.metadata.siteName).toBe('Revue de presse Maghreb');
    for (const s of a!.sentences) expect(a!.text.slice(s.start, s.end)).toBe(s.text);
    for (const b of a!.boilerplate) expect(a!.text.slice(b.start, b.end)).toBe(b.text);
    // The page republishes the wire story of seed 004: most sentences are shared.
    expect(a!.stats.shared / a!.stats.sentences).toBeGreaterThan(0.8);
    expect(a!.boilerplate.map((b) => b.reason)).toContain('ticker');
    // Furniture is never a sentence.
    for (const s of a!.sentences) expect(s.text).not.toMatch(/Akhannouch/);
  });

  it('fetches an http URL', async () => {
    const { code, stdout, stderr } = await run([
      'annotate',
      '--format',
      'jsonl',
      `${base}/article`,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const a = JSON.parse(stdout.trim()) as PageJson;
    expect(a.id).toBe('article');
    expect(a.url).toBe(`${base}/article`);
    expect(a.stats.shared).toBeGreaterThan(10);
  });

  it('says what is wrong with a URL that is not a page, and still annotates the rest', async () => {
    const { code, stdout, stderr } = await run([
      'annotate',
      '--format',
      'json',
      `${base}/missing`,
      `${base}/data.json`,
      'http://127.0.0.1:1/closed',
      page('swiss-portal-comments'),
    ]);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toBe(`deja-lu: ${base}/missing: cannot fetch it (HTTP 404)`);
    expect(lines[1]).toBe(
      `deja-lu: ${base}/data.json: not a web page (content type application/json)`,
    );
    expect(lines[2]).toMatch(/^deja-lu: http:\/\/127\.0\.0\.1:1\/closed: cannot fetch it \(.+\)$/);
    expect(lines).toHaveLength(3);
    expect((JSON.parse(stdout) as PageJson[]).map((a) => a.id)).toEqual(['source']);
  });

  it('refuses a page with no article', async () => {
    const file = join(dir, 'menu.html');
    writeFileSync(
      file,
      '<html lang="fr"><body><nav><a href="/">Accueil</a> <a href="/a">Actualités</a></nav></body></html>',
    );
    const { code, stderr } = await run(['annotate', file]);
    expect(code).toBe(1);
    expect(stderr).toBe(`deja-lu: ${file}: not an article (no article text found in the page)\n`);
  });

  it('reads .html files in a corpus folder as their article text', async () => {
    const corpus = join(dir, 'corpus');
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'eco.html'), readFileSync(page('aggregator-ticker')));
    const input = resolve(__dirname, '../seeds/001_2040835600123645.txt');
    const { code, stdout } = await run([
      'annotate',
      '--no-seeds',
      '--corpus',
      corpus,
      '--format',
      'json',
      input,
    ]);
    expect(code).toBe(0);
    const [a] = JSON.parse(stdout) as PageJson[];
    const sources = new Set(a!.sentences.flatMap((s) => s.sources.map((x) => x.id)));
    expect([...sources]).toEqual(['eco']);
    expect(a!.stats.shared).toBeGreaterThan(20);
  });
});
