import { describe, expect, it } from 'vitest';
import { foldText, locateSentences } from '@/lib/ext/text-locator';

const slice = (text: string, span: { start: number; end: number } | null) =>
  span ? text.slice(span.start, span.end) : null;

describe('foldText', () => {
  it('drops whitespace and invisibles, unifies typography, keeps origins', () => {
    const source = '  L’État\u00a0\u00a0a « dit »\u00ad—\nOK';
    const folded = foldText(source);
    expect(folded.text).toBe('l\'étata"dit"-ok');
    expect(folded.origins).toHaveLength(folded.text.length);
    // Every folded character points at the character it came from.
    expect(source[folded.origins[0]!]).toBe('L');
    expect(source[folded.origins[folded.text.indexOf('-')]!]).toBe('—');
  });
});

describe('locateSentences', () => {
  it('finds sentences whose whitespace and apostrophes differ from the page', () => {
    const page = 'Le patron\n   du réseau a promis un moment "très divertissant".Il l’a dit.';
    const [first, second] = locateSentences(page, [
      'Le patron du réseau a promis un moment « très divertissant ».',
      "Il l'a dit.",
    ]);
    expect(slice(page, first!)).toBe(
      'Le patron\n   du réseau a promis un moment "très divertissant".',
    );
    expect(slice(page, second!)).toBe('Il l’a dit.');
  });

  it('takes the occurrence after the previous sentence, not a teaser above', () => {
    const page =
      'À la une : Elle a débuté avec retard. ARTICLE Le direct a commencé. Elle a débuté avec retard.';
    const [first, second] = locateSentences(page, [
      'Le direct a commencé.',
      'Elle a débuté avec retard.',
    ]);
    expect(first!.start).toBe(page.indexOf('Le direct'));
    expect(second!.start).toBe(page.lastIndexOf('Elle a débuté'));
  });

  it('wraps around when a sentence is only found earlier', () => {
    const page = 'Première phrase ici. Deuxième phrase là.';
    const [a, b] = locateSentences(page, ['Deuxième phrase là.', 'Première phrase ici.']);
    expect(slice(page, a!)).toBe('Deuxième phrase là.');
    expect(slice(page, b!)).toBe('Première phrase ici.');
  });

  it('falls back to head and tail anchors when the middle differs', () => {
    const page =
      'Le milliardaire a évoqué une attaque DDOS massive [lien] dite de déni de service, selon lui.';
    const sentence =
      'Le milliardaire a évoqué une attaque DDOS massive dite de déni de service, selon lui.';
    expect(slice(page, locateSentences(page, [sentence])[0]!)).toBe(page);
  });

  it('returns null for absent or empty sentences', () => {
    expect(locateSentences('Rien à voir.', ['Une autre phrase entièrement.', '   '])).toEqual([
      null,
      null,
    ]);
  });
});
