/**
 * Property-based test of the command-line tool on random bytes: whatever the files hold, it
 * never throws, writes valid JSON, reports each bad file on one line, and annotates the others.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli';
import type { Annotation } from '@/lib/types';
import { frenchTextArb } from './property/french';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'deja-lu-property-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const run = runCli;

const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** French news text long enough for the language check (at least 20 words). */
const french = frenchTextArb({ minSentences: 3, maxSentences: 8 }).map(
  (text) =>
    'Le conseil municipal a voté mardi le budget de la ville pour l’année prochaine. ' +
    'Les élus de l’opposition ont dénoncé une hausse des impôts locaux.\n\n' +
    text +
    '\n',
);

/** Random corruption of bytes: flips, insertions, deletions, truncation. */
const corrupted = fc
  .tuple(
    french.map(utf8),
    fc.array(
      fc.record({
        what: fc.constantFrom('set', 'insert', 'delete', 'truncate'),
        at: fc.nat(),
        byte: fc.integer({ min: 0, max: 255 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([bytes, edits]) => {
    let out = Array.from(bytes);
    for (const { what, at, byte } of edits) {
      const i = at % (out.length + 1);
      if (what === 'set' && i < out.length) out[i] = byte;
      else if (what === 'insert') out.splice(i, 0, byte);
      else if (what === 'delete') out.splice(i, 1);
      else if (what === 'truncate') out = out.slice(0, i);
    }
    return Uint8Array.from(out);
  });

/** What a file may hold, with whether it must be annotated (true), refused (false) or either. */
interface Case {
  bytes: Uint8Array;
  /** When known: the one-line message expected on stderr, or 'ok'. */
  expect: 'ok' | 'binary' | 'not-utf8' | 'empty' | 'any';
}

const caseArb: fc.Arbitrary<Case> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .uint8Array({ maxLength: 300 })
      .map((bytes) => ({ bytes, expect: 'any' as const })),
  },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ minLength: 1000, maxLength: 20_000 })
      .map((bytes) => ({ bytes, expect: 'any' as const })),
  },
  {
    // A NUL byte in the first 8 KiB: binary.
    weight: 1,
    arbitrary: fc
      .tuple(fc.oneof(french.map(utf8), fc.uint8Array({ maxLength: 200 })), fc.nat())
      .map(([bytes, at]) => {
        const i = at % (Math.min(bytes.length, 8191) + 1);
        return {
          bytes: concat(bytes.subarray(0, i), Uint8Array.of(0), bytes.subarray(i)),
          expect: 'binary' as const,
        };
      }),
  },
  {
    // Invalid UTF-8 in French text (a stray continuation byte, a truncated sequence, 0xff).
    weight: 1,
    arbitrary: fc
      .tuple(
        french.map(utf8),
        fc.nat(),
        fc.constantFrom([0x80], [0xc3], [0xe2, 0x80], [0xff], [0xc0, 0xaf]),
      )
      .map(([bytes, at, bad]) => {
        // Insert between two characters (before an ASCII byte), so that the sequence stays invalid.
        let i = at % bytes.length;
        while (i < bytes.length && bytes[i]! >= 0x80) i++;
        return {
          bytes: concat(bytes.subarray(0, i), Uint8Array.from(bad), bytes.subarray(i)),
          expect: 'not-utf8' as const,
        };
      }),
  },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: 'grapheme', maxLength: 300 })
      .map((s) => ({ bytes: utf8(s), expect: 'any' as const })),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'binary', maxLength: 200 })
      .map((s) => ({ bytes: utf8(s), expect: 'any' as const })),
  },
  { weight: 3, arbitrary: corrupted.map((bytes) => ({ bytes, expect: 'any' as const })) },
  {
    // Clean French text, maybe with a BOM or CRLF line ends: annotated.
    weight: 3,
    arbitrary: fc.tuple(french, fc.boolean(), fc.boolean()).map(([text, bom, crlf]) => ({
      bytes: utf8((bom ? '\ufeff' : '') + (crlf ? text.replace(/\n/g, '\r\n') : text)),
      expect: 'ok' as const,
    })),
  },
  { weight: 1, arbitrary: fc.constant({ bytes: new Uint8Array(0), expect: 'empty' as const }) },
);

/** File names and the id the CLI gives them (the name without its extension). */
const nameArb = fc.constantFrom(
  { suffix: '.txt', strip: '.txt' },
  { suffix: ' é.txt', strip: '.txt' },
  { suffix: '.v2.txt', strip: '.txt' },
  { suffix: '.md', strip: '.md' },
  { suffix: '', strip: '' },
);

const MESSAGES: Record<Exclude<Case['expect'], 'ok' | 'any'>, string> = {
  binary: 'binary file (contains NUL bytes), not text',
  'not-utf8': 'not UTF-8 text (save it as UTF-8)',
  empty: 'empty file',
};

let batch = 0;
/** Over the whole run: both paths must have been taken. */
const totals = { annotated: 0, failed: 0, sentences: 0 };

describe('deja-lu annotate on random bytes', () => {
  it('never throws in the other formats either', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArb, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('jsonl', 'csv', 'text'),
        async (cases, format) => {
          batch++;
          const paths = cases.map((c, k) => {
            const path = join(dir, `b${batch}-f${k}.txt`);
            writeFileSync(path, c.bytes);
            return path;
          });
          const { code, stdout, stderr } = await run(['annotate', '--format', format, ...paths]);
          expect([0, 1]).toContain(code);
          const failures = stderr === '' ? 0 : stderr.replace(/\n$/, '').split('\n').length;
          expect(code).toBe(failures > 0 ? 1 : 0);
          if (format === 'jsonl') {
            const objects = stdout.split('\n').filter((l) => l !== '');
            expect(objects.length).toBe(cases.length - failures);
            for (const line of objects) expect(typeof JSON.parse(line).id).toBe('string');
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('never throws, always writes a JSON array, one stderr line per bad file, the rest annotated', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(caseArb, nameArb), { minLength: 1, maxLength: 6 }),
        async (cases) => {
          batch++;
          const files = cases.map(([c, name], k) => {
            const base = `b${batch}-f${k}${name.suffix}`;
            const path = join(dir, base);
            writeFileSync(path, c.bytes);
            const id = name.strip ? base.slice(0, -name.strip.length) : base;
            return { path, id, bytes: c.bytes, expect: c.expect };
          });
          const { code, stdout, stderr } = await run([
            'annotate',
            '--format',
            'json',
            ...files.map((f) => f.path),
          ]);
          expect([0, 1]).toContain(code);
          const annotations = JSON.parse(stdout) as Annotation[];
          expect(Array.isArray(annotations)).toBe(true);

          // stderr: exactly one line per failed file, in input order.
          const lines = stderr === '' ? [] : stderr.replace(/\n$/, '').split('\n');
          expect(stderr === '' || stderr.endsWith('\n')).toBe(true);
          const failed = new Map<string, string>();
          let next = 0;
          for (const line of lines) {
            // Each line names one of the files (after the previous one) and says why.
            while (next < files.length && !line.startsWith(`deja-lu: ${files[next]!.path}: `))
              next++;
            expect(next, `unexpected stderr line: ${line}`).toBeLessThan(files.length);
            const file = files[next]!;
            const message = line.slice(`deja-lu: ${file.path}: `.length);
            expect(message.length).toBeGreaterThan(0);
            failed.set(file.path, message);
            next++;
          }
          expect(code).toBe(failed.size > 0 ? 1 : 0);

          // stdout: the other files, in order, each with its id and exact offsets.
          const annotated = files.filter((f) => !failed.has(f.path));
          expect(annotations.map((a) => a.id)).toEqual(annotated.map((f) => f.id));
          totals.annotated += annotated.length;
          totals.failed += failed.size;
          annotated.forEach((file, k) => {
            let text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
            if (text.startsWith('\ufeff')) text = text.slice(1);
            const annotation = annotations[k]!;
            for (const s of annotation.sentences) expect(s.text).toBe(text.slice(s.start, s.end));
            expect(annotation.stats.sentences).toBe(annotation.sentences.length);
            totals.sentences += annotation.sentences.length;
          });

          // What is known of each case.
          for (const file of files) {
            const message = failed.get(file.path);
            if (file.expect === 'ok') expect(message).toBeUndefined();
            else if (file.expect !== 'any') expect(message).toBe(MESSAGES[file.expect]);
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(totals.annotated).toBeGreaterThan(0);
    expect(totals.failed).toBeGreaterThan(0);
    expect(totals.sentences).toBeGreaterThan(0);
  });
});
