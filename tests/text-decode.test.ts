/**
 * decodedLines: a file's lines decoded a megabyte at a time, the same lines and the same
 * messages as decoding it whole (decodeFileText) and splitting it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeFileText, decodedLines } from '@/lib/text/decode';

const utf8 = (text: string) => new TextEncoder().encode(text);

function lines(bytes: Uint8Array): { lines: string[]; numbers: number[]; chunks: number } {
  const all: string[] = [];
  const numbers: number[] = [];
  let chunks = 0;
  for (const { lines: some, first } of decodedLines(bytes)) {
    some.forEach((line, k) => {
      all.push(line);
      numbers.push(first + k);
    });
    chunks++;
  }
  return { lines: all, numbers, chunks };
}

describe('decodedLines', () => {
  it('gives the lines of the whole text across chunk edges that cut characters and lines', () => {
    // 3.4 MB: lines of varying length full of two-, three- and four-byte characters, so that
    // chunk edges (every 1 MiB) fall inside characters and inside lines.
    const parts: string[] = [];
    for (let i = 0, length = 0; length < 1_800_000; i++) {
      const line = `{"id":"${i}","text":"Élysée « déjà » ${'é’😀'.repeat(i % 37)} fin"}`;
      parts.push(line);
      length += line.length;
    }
    const text = '\ufeff' + parts.join('\n') + '\n';
    const bytes = utf8(text);
    expect(bytes.length).toBeGreaterThan(3 * (1 << 20));
    const got = lines(bytes);
    expect(got.chunks).toBeGreaterThanOrEqual(4);
    const expected = decodeFileText(bytes).split('\n');
    // decodeFileText keeps the empty string after the last \n; decodedLines has no such line.
    expect(expected.pop()).toBe('');
    expect(got.lines).toEqual(expected);
    expect(got.numbers).toEqual(expected.map((_, k) => k + 1));
  });

  it('ends with a last line that has no line break', () => {
    expect(lines(utf8('a\nb\nc')).lines).toEqual(['a', 'b', 'c']);
  });

  it('says what is wrong, in decodeFileText words', () => {
    const message = (bytes: Uint8Array) => {
      try {
        lines(bytes);
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const bytes of [
      new Uint8Array(0),
      utf8(' \n\t\n'),
      Uint8Array.from([0x61, 0, 0x62]),
      Uint8Array.from([0x61, 0xff, 0x62, 0x0a]),
      utf8('\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f'),
    ]) {
      let whole: string | null = null;
      try {
        decodeFileText(bytes);
      } catch (error) {
        whole = (error as Error).message;
      }
      expect(whole).not.toBeNull();
      expect(message(bytes)).toBe(whole);
    }
  });
});

describe('decodeFileText on a text longer than the engine makes', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says the file is too large, not that it is not UTF-8', () => {
    // What Node's TextDecoder throws past 536,870,888 characters (a 600 MB file), without
    // allocating one.
    class LongTextDecoder {
      decode(): string {
        const error = new Error('Cannot create a string longer than 0x1fffffe8 characters');
        throw Object.assign(error, { code: 'ERR_STRING_TOO_LONG' });
      }
    }
    vi.stubGlobal('TextDecoder', LongTextDecoder);
    expect(() => decodeFileText(utf8('Un texte.'))).toThrow(/^too large to read as one text/);
    expect(() => [...decodedLines(utf8('Un texte.'))]).toThrow(/^too large to read as one text/);
  });
});
