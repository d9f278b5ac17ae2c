import { describe, expect, it } from 'vitest';
import { compareWords, localContainment, wordDiff } from '@/lib/match/align';
import { tokenize, wordHashes } from '@/lib/text/normalize';

const compare = (a: string, b: string) => compareWords(wordHashes(a), wordHashes(b));

describe('compareTokens', () => {
  it('gives 1 and verbatim for the same words in other typography', () => {
    const c = compare(
      'Le milliardaire a évoqué «une attaque DDOS massive», dite de déni de service.',
      'Le milliardaire a évoqué "une attaque DDOS massive", dite de déni de service.',
    );
    expect(c.dice).toBe(1);
    expect(c.verbatim).toBe(true);
  });

  it('scores an edited copy well above an unrelated sentence', () => {
    const source =
      'Le géant de la tech en a profité pour cataloguer Kamala Harris comme une candidate d’extrême gauche.';
    const edited = compare(
      'Le géant de la technologie a profité de l’occasion pour classer Kamala Harris comme candidate « extrême gauche ».',
      source,
    );
    const unrelated = compare(
      'Le ministre de la Santé a présenté un plan pour les hôpitaux de la région.',
      source,
    );
    expect(edited.verbatim).toBe(false);
    expect(edited.dice).toBeGreaterThan(0.5);
    expect(unrelated.dice).toBeLessThan(0.25);
  });

  it('weighs function words little', () => {
    // Same function words, no content word in common.
    const c = compare(
      'Il a dit que la pluie est de retour dans le sud.',
      'Il a dit que la neige est de retour dans le nord.',
    );
    expect(c.dice).toBeLessThan(0.75);
    expect(c.dice).toBeGreaterThan(0.3);
  });

  it('measures containment of a cut-down sentence', () => {
    const c = compare(
      'Ce n’est pas comme si la maison était en feu.',
      '«Ce n’est pas comme si la maison était en feu immédiatement», a abondé Elon Musk, qui a félicité le tribun.',
    );
    expect(c.containment).toBe(1);
    expect(c.dice).toBeLessThan(0.6);
  });
});

describe('localContainment', () => {
  it('finds the query within one stretch of a longer sentence, in any order', () => {
    const query = wordHashes(
      'La discussion a été écoutée en direct par plus d’un million d’utilisateurs.',
    );
    const source = wordHashes(
      'La discussion a été écoutée par plus d’un million d’utilisateurs en direct, sur une plateforme de laquelle Trump avait été banni après l’invasion du Capitole.',
    );
    expect(localContainment(query, source)).toBe(1);
  });

  it('does not count words scattered over a long sentence', () => {
    const query = wordHashes('Donald Trump et Elon Musk ont parlé sur X');
    const source = wordHashes(
      'Le candidat Donald Trump a participé à une interview très attendue avec le milliardaire et entrepreneur Elon Musk qui a parlé longuement de sa plateforme X.',
    );
    expect(localContainment(query, source)).toBeLessThan(0.8);
  });
});

describe('wordDiff', () => {
  it('shows what the outlet removed and added, in the original spelling', () => {
    const source =
      'Le patron du réseau social, également aux manettes de Tesla et Space X, avait promis un moment «très divertissant».';
    const query =
      'Le patron du réseau social, également à la tête de Tesla et Space X, avait promis un moment « très divertissant ».';
    const diff = wordDiff(source, tokenize(source), query, tokenize(query));
    expect(diff).toEqual([
      { op: '=', text: 'Le patron du réseau social, également' },
      { op: '-', text: 'aux manettes' },
      { op: '+', text: 'à la tête' },
      { op: '=', text: 'de Tesla et Space X, avait promis un moment « très divertissant' },
    ]);
  });

  it('is a single equal op for identical wording', () => {
    const s = 'Elle a débuté avec plus de 40 minutes de retard.';
    expect(wordDiff(s, tokenize(s), s, tokenize(s))).toEqual([
      { op: '=', text: 'Elle a débuté avec plus de 40 minutes de retard' },
    ]);
  });

  it('rebuilds both sentences from its ops', () => {
    const source = 'Trump a par exemple ironisé sur le changement climatique.';
    const query = 'Donald Trump, par exemple, a plaisanté sur le changement climatique.';
    const diff = wordDiff(source, tokenize(source), query, tokenize(query));
    const words = (ops: string[]) => tokenize(ops.join(' ')).map((t) => t.norm);
    expect(words(diff.filter((d) => d.op !== '+').map((d) => d.text))).toEqual(
      tokenize(source).map((t) => t.norm),
    );
    expect(words(diff.filter((d) => d.op !== '-').map((d) => d.text))).toEqual(
      tokenize(query).map((t) => t.norm),
    );
  });
});

describe('QueryBag', () => {
  it('gives the same comparison as the reference implementation', async () => {
    const { QueryBag, compareWordsReference } = await import('@/lib/match/align');
    const sentences = [
      'Le géant de la tech en a profité pour cataloguer Kamala Harris comme une candidate d’extrême gauche.',
      'Le géant de la technologie a profité de l’occasion pour classer Kamala Harris comme candidate « extrême gauche ».',
      'de la de la de la le le le',
      'Il a dit que la pluie est de retour dans le sud, et la pluie encore.',
      '',
    ].map((s) => wordHashes(s));
    for (const q of sentences) {
      const bag = new QueryBag(q);
      for (const s of sentences) expect(bag.compare(s)).toEqual(compareWordsReference(q, s));
    }
  });
});

describe('similarityOf', () => {
  it('is 1 only for the same words in the same order', async () => {
    const { similarityOf } = await import('@/lib/annotate');
    const a = wordHashes('Le président a reçu le ministre à Paris.');
    const b = wordHashes('À Paris, le président a reçu le ministre.');
    expect(similarityOf(compareWords(a, b), a, b)).toBe(0.999);
    expect(similarityOf(compareWords(a, a), a, a)).toBe(1);
  });
});
