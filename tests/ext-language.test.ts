import { describe, expect, it } from 'vitest';
import { isFrenchPage, isFrenchTag } from '@/lib/ext/language';

const FRENCH =
  "Donald Trump et son richissime soutien Elon Musk ont échangé lundi lors d'une conversation sur X, " +
  'dont la diffusion a été perturbée par des problèmes techniques liés à une cyberattaque, selon le ' +
  'propriétaire du réseau social.';
const ENGLISH =
  'Donald Trump and his wealthy supporter Elon Musk spoke on Monday in a conversation on X, whose ' +
  'broadcast was disrupted by technical problems that the owner of the social network blamed on an attack.';

describe('isFrenchTag', () => {
  it.each([
    ['fr', true],
    ['fr-CH', true],
    ['FR_fr', true],
    [' fr ', true],
    ['fri', false],
    ['en-FR', false],
    ['', false],
  ])('%j → %s', (tag, expected) => {
    expect(isFrenchTag(tag)).toBe(expected);
  });
});

describe('isFrenchPage', () => {
  it('trusts the declared language', () => {
    expect(isFrenchPage('fr-FR', ENGLISH)).toBe(true);
    expect(isFrenchPage('en', FRENCH)).toBe(false);
  });

  it('reads the text when no language is declared', () => {
    expect(isFrenchPage(null, FRENCH)).toBe(true);
    expect(isFrenchPage('  ', FRENCH)).toBe(true);
    expect(isFrenchPage(null, ENGLISH)).toBe(false);
    expect(isFrenchPage(null, 'Trop court.')).toBe(false);
  });
});
