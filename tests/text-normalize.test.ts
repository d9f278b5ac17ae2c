import { describe, expect, it } from 'vitest';
import { foldCase, normalizeForMatch, tokenize } from '@/lib/text/normalize';

describe('normalizeForMatch', () => {
  it.each([
    ['case', 'Donald TRUMP', 'donald trump'],
    ['accents, also on capitals', 'États-Unis', 'Etats-Unis'],
    ['ligatures', 'Œuvre', 'oeuvre'],
    ['apostrophes', 'l’histoire', "l'histoire"],
    ['guillemets with no-break spaces', '«\u00a0très divertissant\u00a0»', '"très divertissant"'],
    [
      'guillemets with narrow no-break spaces',
      '«\u202ftrès divertissant\u202f»',
      '“très divertissant”',
    ],
    ['guillemets with double spaces', '«  très divertissant »', '"très divertissant"'],
    ['ellipsis (…)', 'une (…) apocalypse', 'une (...) apocalypse'],
    ['ellipsis … and ...', 'une … apocalypse', 'une ... apocalypse'],
    ['ellipsis [...]', 'une [...] apocalypse', 'une (…) apocalypse'],
    ['dashes', 'Musk – qui', 'Musk - qui'],
    ['em dash', 'Musk — qui', 'Musk - qui'],
    ['whitespace', '  Le   géant\tde\nla tech ', 'Le géant de la tech'],
  ])('treats as equal: %s', (_what, a, b) => {
    expect(normalizeForMatch(a)).toBe(normalizeForMatch(b));
  });

  it.each([
    ['different words', 'le géant de la tech', 'le géant de la technologie'],
    ['a missing word', 'était en feu', 'était en feu immédiatement'],
    ['different numbers', '40 minutes', '41 minutes'],
  ])('keeps apart: %s', (_what, a, b) => {
    expect(normalizeForMatch(a)).not.toBe(normalizeForMatch(b));
  });

  it('folds case and accents of single words', () => {
    expect(foldCase('ÉLECTION')).toBe('election');
    expect(foldCase('Ça')).toBe('ca');
    expect(foldCase('plaît')).toBe('plait');
  });
});

describe('tokenize', () => {
  it('keeps offsets into the original text', () => {
    const text = 'L’ex-président a dit «\u00a0zombies\u00a0».';
    const tokens = tokenize(text);
    for (const t of tokens) expect(foldCase(text.slice(t.start, t.end))).toBe(t.norm);
    expect(tokens.map((t) => t.norm)).toEqual(['l', 'ex', 'president', 'a', 'dit', 'zombies']);
  });

  it('splits elisions and compounds the same way whatever the typography', () => {
    const a = tokenize("l'État-providence").map((t) => t.norm);
    const b = tokenize('l’Etat–providence').map((t) => t.norm);
    expect(a).toEqual(b);
  });

  it('separates words glued by a missing space after a guillemet', () => {
    expect(tokenize('zombie »a convenu').map((t) => t.norm)).toEqual(['zombie', 'a', 'convenu']);
  });

  it('treats every character as \\p{L}, \\p{N} or \\p{M} does, below U+2100', () => {
    // The scan classifies code units through tables and a fast path for General Punctuation
    // (U+2000-206F): each character between two letters is a word character exactly when the
    // Unicode properties say so (ʼ and ʹ, used as apostrophes, excepted).
    const isWordChar = /^[\p{L}\p{N}\p{M}]$/u;
    for (let c = 0; c < 0x2100; c++) {
      const ch = String.fromCharCode(c);
      if (c >= 0xd800 || ch === '\u02bc' || ch === '\u02b9') continue;
      const words = tokenize(`a${ch}b`).length;
      expect([c, words]).toEqual([c, isWordChar.test(ch) ? 1 : 2]);
    }
  });

  it('tokenizes a sub-range with offsets into the whole text', () => {
    const text = 'Avant. Le géant de la tech.';
    const tokens = tokenize(text, 7, text.length);
    expect(tokens[0]).toMatchObject({ start: 7, end: 9, norm: 'le' });
    expect(text.slice(tokens[1]!.start, tokens[1]!.end)).toBe('géant');
  });
});

describe('word hashes', () => {
  it('hash each token as hashString of its normalised form', async () => {
    const { hashString } = await import('@/lib/match/hash');
    const { wordHashes } = await import('@/lib/text/normalize');
    const text = 'L’Œuvre ÉTAIT « déjà » là : Ελλάδα, Москва, 東京, 1,3 % et 400.000 €.';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.hash)).toEqual(tokens.map((t) => hashString(t.norm)));
    expect(wordHashes(text)).toEqual(tokens.map((t) => t.hash));
    expect(tokens.map((t) => t.norm)).toEqual([
      'l',
      'oeuvre',
      'etait',
      'deja',
      'la',
      'ελλαδα',
      'москва',
      '東京',
      '1',
      '3',
      'et',
      '400',
      '000',
    ]);
  });
});
