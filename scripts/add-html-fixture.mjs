// Creates (or, with --update, refreshes) an extraction test case under tests/fixtures/html/:
// copies the page to <case>/source.html and writes <case>/expected.json from what the
// extractor returns now, for review: status, metadata, the article's blocks and the removed
// furniture (kind or reason, first 80 characters). Add `mustContain` / `mustNotContain`
// snippets by hand; --update keeps them and the description.
//
//   node scripts/add-html-fixture.mjs <page.html> <case-name> [--url URL] [--update]
//
// Only pages this project writes belong there: third-party pages stay outside the repository.
// The extractor (TypeScript) is bundled with esbuild into node_modules/.cache first.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NODE_BUNDLE } from './esbuild-node.mjs';

const PREFIX_LENGTH = 80;

const args = process.argv.slice(2);
const positional = [];
let url;
let update = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--url') url = args[++i];
  else if (args[i] === '--update') update = true;
  else positional.push(args[i]);
}
const [page, caseName] = positional;
if (!page || !caseName || !/^[a-z0-9][a-z0-9-]*$/.test(caseName)) {
  console.error(
    'usage: node scripts/add-html-fixture.mjs <page.html> <case-name (a-z, 0-9, -)> [--url URL] [--update]',
  );
  process.exit(2);
}
const caseDir = resolve('tests/fixtures/html', caseName);
const expectedPath = resolve(caseDir, 'expected.json');
const sourcePath = resolve(caseDir, 'source.html');
if (existsSync(caseDir) && !update) {
  console.error(`${caseDir} exists; pass --update to rewrite its expected.json`);
  process.exit(1);
}

const outdir = resolve('node_modules/.cache/add-html-fixture');
mkdirSync(outdir, { recursive: true });
const entry = resolve(outdir, 'entry.ts');
writeFileSync(
  entry,
  `export { extractArticle } from ${JSON.stringify(resolve('lib/extract/html.ts'))};\n` +
    `export { parseHtml } from ${JSON.stringify(resolve('lib/extract/dom-parse.ts'))};\n`,
);
const outfile = resolve(outdir, 'extract.mjs');
await build({
  entryPoints: [entry],
  outfile,
  ...NODE_BUNDLE,
});
const { extractArticle, parseHtml } = await import(
  `${pathToFileURL(outfile).href}?t=${Date.now()}`
);

mkdirSync(caseDir, { recursive: true });
if (resolve(page) !== sourcePath) copyFileSync(page, sourcePath);
const previous = existsSync(expectedPath) ? JSON.parse(readFileSync(expectedPath, 'utf8')) : {};
const pageUrl = url ?? previous.url;
const html = readFileSync(sourcePath, 'utf8');
const result = extractArticle(parseHtml(html, pageUrl), { url: pageUrl });
const prefix = (text) => text.slice(0, PREFIX_LENGTH);

const expected = {
  description: previous.description ?? 'TODO: what this page is and what it tests',
  url: pageUrl ?? null,
  status: result.status,
  metadata: result.metadata,
  articleBlocks: result.blocks.map((b) => ({
    kind: b.kind,
    text: prefix(result.text.slice(b.start, b.end)),
  })),
  boilerplate: result.boilerplate.map((b) => ({ reason: b.reason, text: prefix(b.text) })),
  mustContain: previous.mustContain ?? [],
  mustNotContain: previous.mustNotContain ?? [],
};
writeFileSync(expectedPath, JSON.stringify(expected, null, 2) + '\n');
console.log(
  `${caseName}: ${result.status}, ${result.blocks.length} article blocks, ` +
    `${result.boilerplate.length} furniture blocks -> ${expectedPath} (review it)`,
);
