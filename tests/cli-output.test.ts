/**
 * The CLI's output written input by input (cli/output.ts): the same bytes as formatting every
 * input at once, in pieces that each hold at most one input, waiting for stdout to drain.
 */
import { describe, expect, it } from 'vitest';
import { loadSeeds } from '@/cli/corpus';
import { createOutput, type Annotated, type Format, type OutputStream } from '@/cli/output';
import { CorpusIndex, annotateText } from '@/lib/engine';
import { annotationsToCsv } from '@/lib/export/csv';
import { w3cCollection, w3cCollectionJson, annotationToW3C } from '@/lib/export/w3c';

const seeds = loadSeeds();
const index = new CorpusIndex();
for (const doc of seeds) index.add(doc);

const items: Annotated[] = seeds.slice(1, 4).map((doc, k) => ({
  annotation: annotateText({ id: doc.id, text: doc.text }, index),
  text: doc.text,
  url: `file:///corpus/${doc.id}.txt`,
  // The second input stands for a web page: its JSON carries the text, URL and metadata.
  ...(k === 1
    ? {
        page: {
          title: 'Une page',
          byline: null,
          siteName: 'Le Site',
          publishedTime: null,
          language: 'fr',
          canonicalUrl: null,
          excerpt: null,
        },
      }
    : {}),
}));

/** A stdout that records each write. */
function recorder(): OutputStream & { pieces: string[] } {
  const pieces: string[] = [];
  return { pieces, write: (s: string) => pieces.push(s) };
}

async function written(format: Format, inputs: Annotated[]) {
  const out = recorder();
  const output = createOutput(format, out, {}, index);
  const afterEach: number[] = [];
  for (const item of inputs) {
    await output.add(item);
    afterEach.push(out.pieces.length);
  }
  await output.finish();
  return { text: out.pieces.join(''), pieces: out.pieces, afterEach };
}

const jsonOf = (item: Annotated) =>
  item.page
    ? { ...item.annotation, url: item.url, text: item.text, metadata: item.page }
    : item.annotation;

describe('createOutput', () => {
  it('writes JSON as one array, each input as soon as it is annotated', async () => {
    for (const inputs of [items, items.slice(0, 1), []]) {
      const { text, afterEach } = await written('json', inputs);
      expect(text).toBe(JSON.stringify(inputs.map(jsonOf), null, 2) + '\n');
      // Something was written after each input, before the next one.
      afterEach.forEach((n, k) => expect(n).toBe(k + 1));
    }
  });

  it('writes JSONL, CSV and text input by input, as at once', async () => {
    const jsonl = await written('jsonl', items);
    expect(jsonl.text).toBe(items.map((i) => JSON.stringify(jsonOf(i)) + '\n').join(''));
    const csv = await written('csv', items);
    expect(csv.text).toBe(annotationsToCsv(items));
    expect((await written('csv', [])).text).toBe(annotationsToCsv([]));
    // No piece holds more than one CSV row.
    expect(csv.pieces.every((p) => p.endsWith('\r\n') && p.indexOf('\r\n') === p.length - 2)).toBe(
      true,
    );
    const text = await written('text', items);
    expect(text.afterEach).toEqual([1, 2, 3]);
    expect(text.text.split('\n\n').length).toBeGreaterThanOrEqual(3);
  });

  it('waits for stdout to drain when it says to', async () => {
    const events: string[] = [];
    let drain: (() => void) | null = null;
    const out: OutputStream = {
      write: (s: string) => {
        events.push(`write ${s.length}`);
        return false;
      },
      once: (_event, listener) => {
        drain = listener;
      },
    };
    const output = createOutput('jsonl', out, {}, index);
    let added = false;
    const adding = output.add(items[0]!).then(() => (added = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(added).toBe(false);
    drain!();
    await adding;
    expect(added).toBe(true);
    expect(events).toHaveLength(1);
  });
});

describe('w3cCollectionJson', () => {
  const now = new Date('2026-11-22T09:00:00Z');
  const all = items.flatMap((item) => annotationToW3C(item, { now }));

  it('is JSON.stringify(collection, null, 2) in pieces, one annotation a piece', () => {
    expect(all.length).toBeGreaterThan(3);
    for (const annotations of [all, all.slice(0, 1), []]) {
      const collection = w3cCollection(annotations, { now });
      const pieces = [...w3cCollectionJson(collection)];
      expect(pieces.join('')).toBe(JSON.stringify(collection, null, 2));
      if (annotations.length > 0) expect(pieces).toHaveLength(annotations.length + 2);
    }
  });
});
