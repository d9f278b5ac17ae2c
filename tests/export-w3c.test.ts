/** W3C Web Annotation export: valid against the model, and faithful to the annotation. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CorpusIndex, annotateText } from '@/lib/engine';
import type { Annotation } from '@/lib/types';
import { annotationToW3C, annotationsToW3C, documentIri } from '@/lib/export/w3c';
import { runCli } from './helpers/run-cli';
import { annotationProblems, collectionProblems } from './fixtures/w3c-model';

const seeds = resolve(__dirname, '../seeds');
const text004 = readFileSync(resolve(seeds, '004_4551368061ccb651.txt'), 'utf8');
let annotation: Annotation;
const now = new Date('2026-11-21T12:00:00Z');

beforeAll(() => {
  const index = new CorpusIndex();
  for (const id of ['000_d7a5d4be53ae19f7', '001_2040835600123645']) {
    index.add({
      id,
      text: readFileSync(resolve(seeds, `${id}.txt`), 'utf8'),
      url: id.startsWith('000') ? 'https://example.org/wire' : null,
    });
  }
  annotation = annotateText({ id: 'eco', text: text004 }, index);
});

describe('W3C Web Annotation export', () => {
  it('is a valid AnnotationCollection of valid annotations', () => {
    const collection = annotationsToW3C(
      [{ annotation, text: text004, url: 'https://news.example/eco' }],
      { now },
    );
    expect(collectionProblems(collection)).toEqual([]);
    expect(collection.total).toBe(annotation.stats.shared);
  });

  it('has one annotation per shared sentence, with quote and position selectors on the page', () => {
    const items = annotationToW3C(
      { annotation, text: text004, url: 'https://news.example/eco' },
      { now },
    );
    const shared = annotation.sentences.filter((s) => s.status === 'shared');
    expect(items).toHaveLength(shared.length);
    items.forEach((item, i) => {
      const sentence = shared[i]!;
      expect(
        annotationProblems({ '@context': 'http://www.w3.org/ns/anno.jsonld', ...item }),
      ).toEqual([]);
      expect(item.target.source).toBe('https://news.example/eco');
      const [quote, position] = item.target.selector;
      expect(quote.exact).toBe(sentence.text);
      expect(text004.slice(position.start, position.end)).toBe(quote.exact);
      expect(quote.prefix).toBe(text004.slice(Math.max(0, sentence.start - 32), sentence.start));
      expect(quote.suffix).toBe(text004.slice(sentence.end, sentence.end + 32));
      expect(item.created).toBe('2026-11-21T12:00:00.000Z');
    });
  });

  it('names the source documents and the similarity in the body', () => {
    const [first] = annotationToW3C({ annotation, text: text004 }, { now });
    const sentence = annotation.sentences.find((s) => s.status === 'shared')!;
    const sources = first!.body.filter((b) => b.type === 'SpecificResource');
    expect(sources.map((b) => [b.source, b.similarity])).toEqual(
      sentence.sources.map((s) => [documentIri(s.id, null), s.similarity]),
    );
    const text = first!.body.find((b) => b.type === 'TextualBody')!;
    expect(text.value).toMatch(/^Also found (verbatim|with edits) in: /);
  });

  it('uses URLs of sources when known, URNs otherwise', () => {
    expect(documentIri('a b/c', null)).toBe('urn:deja-lu:document:a%20b%2Fc');
    expect(documentIri('x', 'https://example.org/x')).toBe('https://example.org/x');
    expect(documentIri('x', 'javascript:alert(1)')).toBe('urn:deja-lu:document:x');
  });

  it('reports problems in an invalid annotation (the checker can fail)', () => {
    expect(annotationProblems({ type: 'Note', target: {} })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/@context/),
        expect.stringMatching(/\.id: must be an IRI/),
        expect.stringMatching(/type: must be Annotation/),
        expect.stringMatching(/target\[0\]\.source/),
      ]),
    );
    const collection = annotationsToW3C([{ annotation, text: text004 }], { now });
    (collection.first.items[0] as unknown as Record<string, unknown>).colour = 'red';
    expect(collectionProblems(collection)).toEqual([
      'collection.first.items[0].colour: term not defined by any context',
    ]);
  });
});

describe('deja-lu annotate --format w3c', () => {
  it('writes a valid collection whose targets are file: URLs', async () => {
    const file = resolve(seeds, '002_2c93369364177936.txt');
    const { code, stdout } = await runCli(['annotate', '--format', 'w3c', file]);
    expect(code).toBe(0);
    const collection = JSON.parse(stdout);
    expect(collectionProblems(collection)).toEqual([]);
    expect(collection.total).toBeGreaterThan(20);
    expect(collection.first.items[0].target.source).toBe(`file://${file}`);
  });
});
