import { describe, expect, it } from 'vitest';
import { segmentSentences } from '@/lib/text/segment';

const texts = (text: string) => segmentSentences(text).map((u) => text.slice(u.start, u.end));

describe('segmentSentences', () => {
  it('does not split after French abbreviations', () => {
    expect(
      texts(
        'M. Musk a parlé avec Mme Harris. MM. Dupont et Durand étaient là. Le Dr. House aussi.',
      ),
    ).toEqual([
      'M. Musk a parlé avec Mme Harris.',
      'MM. Dupont et Durand étaient là.',
      'Le Dr. House aussi.',
    ]);
  });

  it('does not split after initials', () => {
    expect(texts('John F. Kennedy est mort en 1963. Le J.-C. Decaux est un mobilier.')).toEqual([
      'John F. Kennedy est mort en 1963.',
      'Le J.-C. Decaux est un mobilier.',
    ]);
  });

  it('ends a sentence after etc. only before a capital', () => {
    expect(
      texts('Des pommes, des poires, etc. et des prunes. Il a fini, etc. Puis il est parti.'),
    ).toEqual([
      'Des pommes, des poires, etc. et des prunes.',
      'Il a fini, etc.',
      'Puis il est parti.',
    ]);
  });

  it('keeps a closing guillemet with the sentence it closes', () => {
    expect(texts('Il a dit : « C’est fini. » Puis il est parti.')).toEqual([
      'Il a dit : « C’est fini. »',
      'Puis il est parti.',
    ]);
    expect(texts('Elle a dit “Je pars.” Et elle est partie.')).toEqual([
      'Elle a dit “Je pars.”',
      'Et elle est partie.',
    ]);
  });

  it('splits sentences glued by a missing space', () => {
    expect(
      texts('avait promis un moment «  très divertissant »Elle a surtout permis ceci.'),
    ).toEqual(['avait promis un moment «  très divertissant »', 'Elle a surtout permis ceci.']);
    expect(texts('Ils sont les meilleurs amis du monde.Keystone est une agence.')).toEqual([
      'Ils sont les meilleurs amis du monde.',
      'Keystone est une agence.',
    ]);
  });

  it('does not split a quotation followed by a lower-case verb', () => {
    expect(texts('« Nous avons des gens qui arrivent »a convenu Elon Musk. Fin.')).toEqual([
      '« Nous avons des gens qui arrivent »a convenu Elon Musk.',
      'Fin.',
    ]);
  });

  it('does not split acronyms or ellipses in parentheses', () => {
    expect(texts('Les U.S.A. et la France. C’était une (...) apocalypse zombie.')).toEqual([
      'Les U.S.A. et la France.',
      'C’était une (...) apocalypse zombie.',
    ]);
    // Initials longer than any abbreviation; a word longer than any ends its sentence.
    expect(texts('La R.D.A.F.R.G. Fin du texte. Les anticonstitutionnels. Fin.')).toEqual([
      'La R.D.A.F.R.G. Fin du texte.',
      'Les anticonstitutionnels.',
      'Fin.',
    ]);
  });

  it('makes headings and one-line paragraphs units of their own', () => {
    const text =
      'Des attaques contre Kamala Harris\n\nLe géant de la tech en a profité. Il a ri.\nElon Musk\n';
    const units = segmentSentences(text);
    expect(units.map((u) => text.slice(u.start, u.end))).toEqual([
      'Des attaques contre Kamala Harris',
      'Le géant de la tech en a profité.',
      'Il a ri.',
      'Elon Musk',
    ]);
    expect(units.map((u) => u.heading)).toEqual([true, false, false, true]);
  });

  it('keeps exact offsets, trimmed of whitespace including no-break spaces', () => {
    const text = '\u00a0 Première phrase.\u202f Deuxième phrase ! \n';
    const units = segmentSentences(text);
    expect(units.map((u) => text.slice(u.start, u.end))).toEqual([
      'Première phrase.',
      'Deuxième phrase !',
    ]);
  });

  it('never spans two blocks', () => {
    const text = 'Une phrase sans point\nqui continue ici. Et une autre.';
    for (const u of segmentSentences(text)) expect(text.slice(u.start, u.end)).not.toContain('\n');
  });
});

describe('segmentSentences: single capitals', () => {
  it('splits after a one-letter name that follows a lower-case word', () => {
    expect(texts('Ils ont parlé sur X. Une cyberattaque a retardé la discussion.')).toEqual([
      'Ils ont parlé sur X.',
      'Une cyberattaque a retardé la discussion.',
    ]);
  });

  it('keeps initials after a first name or at the start', () => {
    expect(texts('Le président George W. Bush est venu. J. Biden aussi.')).toEqual([
      'Le président George W. Bush est venu.',
      'J. Biden aussi.',
    ]);
  });
});
