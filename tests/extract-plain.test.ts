import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCredit } from '../lib/extract/credit';
import { LineInfo, findBoilerplate } from '../lib/extract/plain-boilerplate';
import { textWords } from '../lib/text/normalize';
import { detectLanguage } from '../lib/text/language';
import { splitLines } from '../lib/text/blocks';
import type { BoilerplateBlock, BoilerplateReason } from '../lib/types';
import { seedLabels } from './fixtures/seed-labels';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seedsDir = path.join(repoRoot, 'seeds');
const seedIds = readdirSync(seedsDir)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => name.slice(0, -'.txt'.length))
  .sort();
const readSeed = (id: string): string => readFileSync(path.join(seedsDir, `${id}.txt`), 'utf8');
const manifest = JSON.parse(readFileSync(path.join(seedsDir, 'manifest.json'), 'utf8')) as {
  documents: { id: string; title: string; language: string }[];
};

function boilerplateOf(text: string): BoilerplateBlock[] {
  return findBoilerplate(text, splitLines(text));
}

/** Line text → reason, for the furniture of a text. */
function reasonsOf(text: string): Map<string, BoilerplateReason> {
  return new Map(boilerplateOf(text).map((block) => [block.text, block.reason]));
}

function creditOf(text: string): { text: string; agency: string | null } | null {
  const blocks = splitLines(text);
  const credit = findCredit(text, blocks, findBoilerplate(text, blocks));
  if (credit) expect(text.slice(credit.start, credit.end)).toBe(credit.text);
  return credit && { text: credit.text, agency: credit.agency };
}

/** Checks the offsets of every furniture block: in order, one whole line each. */
function expectValidOffsets(text: string, found: BoilerplateBlock[]): void {
  const lines = new Set(splitLines(text).map((block) => `${block.start}:${block.end}`));
  let previousEnd = -1;
  for (const block of found) {
    expect(text.slice(block.start, block.end)).toBe(block.text);
    expect(lines.has(`${block.start}:${block.end}`)).toBe(true);
    expect(block.start).toBeGreaterThan(previousEnd);
    previousEnd = block.end;
  }
}

// A made-up article (not from the seeds) to put furniture variants around.
const TITLE = 'Le gouvernement relance la construction de réacteurs nucléaires';
const PROSE = [
  "Le gouvernement a présenté mardi un projet de loi sur l'énergie, qui prévoit de relancer la construction de six réacteurs nucléaires d'ici à 2035 et de simplifier les procédures administratives.",
  "Selon le ministre, ce texte doit permettre de garantir l'approvisionnement du pays pendant les prochaines décennies, tout en respectant les engagements climatiques pris lors de l'accord de Paris.",
  'Les associations de défense de l’environnement ont aussitôt dénoncé un projet « déséquilibré », qui fait selon elles la part trop belle à l’atome au détriment des énergies renouvelables.',
  "Le texte sera examiné à l'Assemblée nationale à partir du mois prochain, où la majorité relative du gouvernement l'obligera à chercher des soutiens dans l'opposition.",
];

function page({
  lead = [],
  body = PROSE,
  end = [],
}: {
  lead?: string[];
  body?: string[];
  end?: string[];
}): string {
  return [...lead, TITLE, ...body, ...end].join('\n\n') + '\n';
}

function expectKept(text: string, lines: string[]): void {
  const reasons = reasonsOf(text);
  for (const line of lines) expect(reasons.get(line), line).toBeUndefined();
}

describe('seeds: furniture and credit against the hand labels', () => {
  it('labels every seed file, with labels that are exact substrings of it', () => {
    expect(Object.keys(seedLabels).sort()).toEqual(seedIds);
    for (const id of seedIds) {
      const text = readSeed(id);
      const labels = seedLabels[id]!;
      for (const label of labels.boilerplate)
        expect(text.includes(label.text), label.text).toBe(true);
      if (labels.credit) expect(text.includes(labels.credit.text)).toBe(true);
    }
  });

  describe.each(seedIds)('%s', (id) => {
    const text = readSeed(id);
    const blocks = splitLines(text);
    const labels = seedLabels[id]!;
    const found = findBoilerplate(text, blocks);

    it('finds exactly the labelled furniture, with the labelled reasons', () => {
      expect(found.map(({ text: line, reason }) => ({ text: line, reason }))).toEqual(
        labels.boilerplate,
      );
    });

    it('gives offsets such that text.slice(start, end) === text, on whole lines, in order', () => {
      expectValidOffsets(text, found);
    });

    it('finds the labelled credit, and never removes it', () => {
      const credit = findCredit(text, blocks, found);
      expect(credit && { text: credit.text, agency: credit.agency }).toEqual(labels.credit);
      if (credit) {
        expect(text.slice(credit.start, credit.end)).toBe(credit.text);
        expect(found.some((block) => block.start <= credit.start && credit.end <= block.end)).toBe(
          false,
        );
      }
    });

    it('keeps the title', () => {
      const title = manifest.documents.find((document) => document.id === id)?.title;
      expect(title).toBeDefined();
      expect(found.map((block) => block.text)).not.toContain(title);
      expect(blocks.some((block) => text.slice(block.start, block.end) === title)).toBe(true);
    });

    it('reads as the language of the manifest, with and without the furniture', () => {
      const language = manifest.documents.find((document) => document.id === id)?.language;
      expect(detectLanguage(text).language).toBe(language);
      const removed = new Set(found.map((block) => block.start));
      const article = blocks
        .filter((block) => !removed.has(block.start))
        .map((block) => text.slice(block.start, block.end))
        .join('\n');
      const guess = detectLanguage(article);
      expect(guess.language).toBe(language);
      expect(guess.confidence).toBeGreaterThan(0.5);
    });
  });

  it('keeps the article lines that look most like furniture', () => {
    const kept: Record<string, string[]> = {
      '000_d7a5d4be53ae19f7': ['Des attaques contre Kamala Harris'],
      '001_2040835600123645': [
        'Donald Trump et Elon Musk ont échangé sur X',
        'Elon Musk',
        "«Nous avons des gens qui affluent comme si c'était une (...) apocalypse zombie»",
        '40 minutes de retard',
        'Des camarades au troquet du coin',
        'Et de confier à Donald Trump:',
        '«Et je pense que vous êtes le bon chemin»',
      ],
      '002_2c93369364177936': [
        'Le risque d’une « troisième guerre mondiale »',
        'Cyberattaque et retard important',
        '« Ce n’est pas comme si la maison était en feu. »',
      ],
      '004_4551368061ccb651': ['USA. Musk et Trump bons copains', 'Deux heures de show'],
    };
    for (const [id, lines] of Object.entries(kept)) {
      const text = readSeed(id);
      const lineTexts = splitLines(text).map((block) => text.slice(block.start, block.end));
      for (const line of lines) expect(lineTexts, line).toContain(line);
      expectKept(text, lines);
    }
    const text = readSeed('002_2c93369364177936');
    const lead = splitLines(text)
      .map((block) => text.slice(block.start, block.end))
      .find((line) => line.startsWith('INTERNATIONAL – Donald Trump a fait son retour'));
    expect(lead).toBeDefined();
    expectKept(text, [lead!]);
  });
});

describe('findBoilerplate rules on variants', () => {
  it('keeps a clean article whole', () => {
    expect(boilerplateOf(page({}))).toEqual([]);
  });

  it('ticker: headlines joined by pipes, bullets, tabs or runs of spaces', () => {
    const tickers = [
      'Économie : la Bourse de Paris recule | Sport : le PSG s’impose à Lens | Culture : Cannes dévoile sa sélection | Météo : alerte orange en Bretagne | Budget : le Sénat adopte le texte',
      'Incendie dans le Var • Grève à la SNCF jeudi • Le CAC 40 au plus haut • Un nouveau vaccin contre la grippe • Municipales : les listes déposées',
      'Séisme au Japon\tLe franc suisse s’envole\tNouvelle victoire de Nadal\tLes prix de l’immobilier baissent',
      "L'euro recule face au dollar   Mbappé forfait contre l'Espagne   Le Parlement européen vote la loi IA   «Nous irons jusqu'au bout», dit le ministre   Tempête sur la Manche",
    ];
    for (const ticker of tickers) {
      expect(reasonsOf(page({ lead: [ticker] })).get(ticker), ticker).toBe('ticker');
    }
  });

  it('ticker: not prose typed with two spaces after each sentence', () => {
    const prose =
      "Le ministre est arrivé en retard.  Il a ensuite présenté son plan aux syndicats.  Ceux-ci l'ont rejeté en bloc.  Une nouvelle réunion est prévue lundi.";
    expectKept(page({ body: [...PROSE.slice(0, 2), prose, ...PROSE.slice(2)] }), [prose]);
  });

  it('navigation: breadcrumbs and section labels before the first paragraph', () => {
    const text = page({ lead: ['Accueil › Monde › Afrique', 'Politique', 'Régions'] });
    const reasons = reasonsOf(text);
    expect(reasons.get('Accueil › Monde › Afrique')).toBe('navigation');
    expect(reasons.get('Politique')).toBe('navigation');
    expect(reasons.get('Régions')).toBe('navigation');
    expect(reasonsOf(page({ lead: ['Économie / Énergie'] })).get('Économie / Énergie')).toBe(
      'navigation',
    );
    expect(
      reasonsOf(page({ lead: ['Sciences & Environnement'] })).get('Sciences & Environnement'),
    ).toBe('navigation');
  });

  it('navigation: not a short title that is neither first, next to a label, nor a section', () => {
    const text = ['Publié le 3 novembre 2023 à 7h00', 'Tempête Ciaran', ...PROSE].join('\n');
    expect(reasonsOf(text).get('Publié le 3 novembre 2023 à 7h00')).toBe('dateline');
    expectKept(text, ['Tempête Ciaran']);
  });

  it('navigation: not a subheading or a name after the first paragraph', () => {
    const body = [PROSE[0]!, 'Bras de fer', PROSE[1]!, 'Politique', 'Emmanuel Macron', PROSE[2]!];
    expectKept(page({ body }), ['Bras de fer', 'Politique', 'Emmanuel Macron']);
  });

  it('navigation: back to top, read more, links to the source', () => {
    const end = ['Haut de page', 'Lire la suite de l’article', 'Cliquez ici pour voir l’original'];
    const reasons = reasonsOf(page({ body: [...PROSE.slice(0, 2), ...end, ...PROSE.slice(2)] }));
    for (const line of end) expect(reasons.get(line), line).toBe('navigation');
  });

  it('dateline: publication and update stamps, bare dates and times', () => {
    const lines = [
      'Mis à jour le 14/08/2024 à 10h32',
      'Publié le mardi 13 août 2024 à 18h05',
      'lundi 12 août 2024, 22:15',
      '2024-08-13T08:40',
      'Publié hier par la rédaction',
    ];
    const reasons = reasonsOf(page({ lead: lines }));
    for (const line of lines) expect(reasons.get(line), line).toBe('dateline');
  });

  it('dateline: not a subheading or sentence with numbers', () => {
    const body = [
      PROSE[0]!,
      '40 minutes de retard',
      PROSE[1]!,
      'Mondial 2030 : la finale à Madrid',
      PROSE[2]!,
    ];
    expectKept(page({ body }), ['40 minutes de retard', 'Mondial 2030 : la finale à Madrid']);
  });

  it('caption: lines ending in a photo credit, or starting with one', () => {
    const lines = [
      'Le ministre lors de sa conférence de presse, mardi à Paris.imago images/Hans Muster',
      'Une centrale nucléaire dans la Drôme. Getty Images via AFP',
      'La centrale de Flamanville, en 2023. © Reuters',
      'Le chantier de l’EPR, vu du ciel / KEYSTONE/Peter Klaunzer',
      'Photo : Ludovic Marin / AFP',
      'Crédits photos : Bestimage',
    ];
    const reasons = reasonsOf(page({ body: [PROSE[0]!, ...lines, ...PROSE.slice(1)] }));
    for (const line of lines) expect(reasons.get(line), line).toBe('caption');
  });

  it('caption: a repeated line, whatever its apostrophes and case; the title form stays', () => {
    const caption = "L'ancienne ministre visite le chantier de l'EPR à Flamanville, le 3 mai.";
    const again = 'L’ancienne ministre visite le chantier de l’EPR à Flamanville, le 3 MAI.';
    const text = page({ body: [caption, PROSE[0]!, again, ...PROSE.slice(1)] });
    const found = boilerplateOf(text).filter((block) => block.reason === 'caption');
    expect(found.map((block) => block.text)).toEqual([caption, again]);

    const withTitle = [TITLE, `${TITLE}.`, ...PROSE].join('\n');
    expect(boilerplateOf(withTitle).map(({ text, reason }) => ({ text, reason }))).toEqual([
      { text: `${TITLE}.`, reason: 'caption' },
    ]);
  });

  it('caption: not a pull quote or a short attribution that repeats', () => {
    const quote = '«Nous irons jusqu’au bout de cette réforme, quoi qu’il arrive»';
    const body = [
      PROSE[0]!,
      quote,
      'Le ministre',
      PROSE[1]!,
      quote,
      'Le ministre',
      ...PROSE.slice(2),
    ];
    expectKept(page({ body }), [quote, 'Le ministre']);
  });

  it('related: read-also lines, inline or as headers', () => {
    const inline = 'À lire également : Nucléaire, pourquoi les EPR coûtent si cher';
    const lines = [
      inline,
      'Voir aussi notre dossier sur la transition énergétique',
      'Plus de «Économie»',
      'Sur le même thème',
      'Cela pourrait aussi vous plaire :',
      'Vous aimerez peut-être aussi',
      'Les plus lus',
      'Articles les plus partagés',
    ];
    const body = [PROSE[0]!, ...lines, ...PROSE.slice(1)];
    const reasons = reasonsOf(page({ body }));
    for (const line of lines) expect(reasons.get(line), line).toBe('related');
  });

  it('related: an inline read-also near the end does not end the article', () => {
    const inline = 'LIRE AUSSI - Énergie : le prix du kWh va-t-il baisser ?';
    const text = page({ body: [...PROSE.slice(0, 3), inline, PROSE[3]!] });
    expect(reasonsOf(text).get(inline)).toBe('related');
    expectKept(text, [PROSE[3]!]);
  });

  it('related: a bare "À lire aussi :" takes the title on the next line', () => {
    const title = 'Les EPR de nouvelle génération en cinq questions';
    const text = page({ body: [PROSE[0]!, 'À lire aussi :', title, ...PROSE.slice(1)] });
    expect(reasonsOf(text).get(title)).toBe('related');
    expectKept(text, PROSE);
  });

  it('comments: counts, headers and a comment policy', () => {
    const lines = [
      '12 commentaires',
      'Réagissez à cet article',
      'Les commentaires sont soumis à modération selon notre charte ; merci de rester courtois.',
    ];
    const reasons = reasonsOf(page({ body: [PROSE[0]!, ...lines, ...PROSE.slice(1)] }));
    for (const line of lines) expect(reasons.get(line), line).toBe('comments');
  });

  it('comments: not an article sentence about comments', () => {
    const sentence =
      'Le réseau social a fermé les commentaires sous les vidéos des mineurs après plusieurs polémiques.';
    expectKept(page({ body: [PROSE[0]!, sentence, ...PROSE.slice(1)] }), [sentence]);
  });

  it('promo, share, notice, cookie, newsletter, paywall', () => {
    const cases: [string, BoilerplateReason][] = [
      ['Vidéo : le débat en 90 secondes', 'promo'],
      ['Podcast - L’heure du monde', 'promo'],
      ['Publicité', 'promo'],
      ['Gagnez un week-end à Deauville', 'promo'],
      ['Partager sur Facebook', 'share'],
      ['Facebook Twitter LinkedIn E-mail', 'share'],
      ['Merci pour votre signalement !', 'notice'],
      ['Ce contenu a été signalé et sera examiné par notre équipe.', 'notice'],
      ['Veuillez activer JavaScript pour afficher ce contenu.', 'notice'],
      ['Nous utilisons des cookies pour améliorer votre expérience. Tout accepter', 'cookie'],
      ['Inscrivez-vous à notre newsletter pour recevoir l’essentiel de l’actualité', 'newsletter'],
      ['Cet article est réservé aux abonnés.', 'paywall'],
      ['Il vous reste 75% de l’article à lire.', 'paywall'],
      ['Pour lire cet article, veuillez vous connecter.', 'paywall'],
    ];
    const body = [PROSE[0]!, ...cases.map(([line]) => line), ...PROSE.slice(1)];
    const reasons = reasonsOf(page({ body }));
    for (const [line, reason] of cases) expect(reasons.get(line), line).toBe(reason);
  });

  it('vocabulary on prose-length lines (17 to 45 words), whatever the case and accents', () => {
    // Above 16 words a line is only tested against a rule when it has one of the rule's words.
    const cases: [string, BoilerplateReason][] = [
      [
        'Nous utilisons des COOKIES et des traceurs pour mesurer l’audience, personnaliser les contenus et vous proposer des publicités adaptées à vos centres d’intérêt.',
        'cookie',
      ],
      [
        'Merci d’avoir signalé cette publication : notre équipe de modération va l’examiner dans les meilleurs délais et le retirer s’il enfreint nos règles.',
        'notice',
      ],
      [
        'Nous avons remarqué que vous utilisez un AdBlocker : pour continuer à nous lire gratuitement, merci de le désactiver sur notre site ou de nous soutenir.',
        'notice',
      ],
      [
        'Recevez chaque matin notre newsletter gratuite avec l’essentiel de l’actualité politique, économique et internationale, directement dans votre boîte aux lettres électronique.',
        'newsletter',
      ],
      [
        'Cet article est RÉSERVÉ AUX ABONNÉS : profitez de notre offre de découverte pour lire la suite et accéder à tous nos contenus en illimité sur le site et l’application.',
        'paywall',
      ],
      [
        'Crédits photo : Jean Martin pour notre rédaction, avec l’aimable autorisation du musée des Beaux-Arts de la ville et de ses équipes de conservation.',
        'caption',
      ],
      [
        'Le président de la Confédération lors de sa visite officielle à Genève, devant les représentants des cantons, le lundi 12 août 2024.KEYSTONE/Peter Klaunzer',
        'caption',
      ],
      [
        'Les manifestants rassemblés devant le Parlement pour protester contre le projet de loi sur les retraites, samedi après-midi © AFPvia Jean Dupont',
        'caption',
      ],
      [
        'À LIRE AUSSI Le gouvernement prépare une nouvelle réforme des retraites qui pourrait être présentée au Parlement avant la fin de l’année prochaine.',
        'related',
      ],
      [
        'Les commentaires sont modérés : nous vous remercions de rester courtois et de respecter notre charte, faute de quoi vos messages ne seront pas publiés sur notre site.',
        'comments',
      ],
    ];
    for (const [line] of cases) expect(line.split(/\s+/).length, line).toBeGreaterThan(16);
    const body = [PROSE[0]!, ...cases.map(([line]) => line), ...PROSE.slice(1)];
    const reasons = reasonsOf(page({ body }));
    for (const [line, reason] of cases) expect(reasons.get(line), line).toBe(reason);
    // The same words in article sentences that match no rule stay.
    const prose = [
      'Le nombre des abonnés a progressé de douze pour cent au cours du mois dernier, selon les chiffres publiés mardi par le groupe, qui compte poursuivre sur sa lancée.',
      'Les enquêteurs ont examiné la photo publiée sur le réseau social et les commentaires qui ont suivi, sans parvenir à identifier son auteur dans la suite de leurs travaux.',
    ];
    expectKept(page({ body: [PROSE[0]!, ...prose, ...PROSE.slice(1)] }), prose);
  });

  it("reads a prose line's trigger words within its bounds when a block cuts a word", () => {
    // Blocks from a structured source may start inside a word of the text: the line's first
    // word is then the part inside the block, as the rules see the line.
    const line =
      'Crédits photo : Jean Martin pour notre rédaction, avec l’aimable autorisation du musée des Beaux-Arts de la ville et de ses équipes.';
    const text = `xx${line}`;
    const found = findBoilerplate(text, [{ start: 2, end: text.length, kind: 'paragraph' }]);
    expect(found.map((b) => b.reason)).toEqual(['caption']);
    // Read from the whole text's words, the first word would be "xxCrédits": no trigger.
    expect(findBoilerplate(text, [{ start: 0, end: text.length, kind: 'paragraph' }])).toEqual([]);
  });

  it('author: a name followed by a bio, in French or English; a "Par" byline', () => {
    const lines = [
      'Marie Dupont',
      'Journaliste spécialisée en politique internationale, passionnée de géopolitique.',
      'John Smith',
      'I am a freelance writer and I have been covering energy markets for 10 years.',
    ];
    const reasons = reasonsOf(page({ lead: ['Par Jean-Marc Leblanc'], end: lines }));
    expect(reasons.get('Par Jean-Marc Leblanc')).toBe('author');
    for (const line of lines) expect(reasons.get(line), line).toBe('author');
  });

  it('author: not a quote attribution followed by prose', () => {
    const body = [
      PROSE[0]!,
      '«Ce texte est historique»',
      'Agnès Pannier-Runacher',
      ...PROSE.slice(1),
    ];
    expectKept(page({ body }), ['Agnès Pannier-Runacher', PROSE[1]!]);
  });

  it('trailing zone: everything after the end-of-article credit', () => {
    const teaser = [
      'Le Sénat adopte la réforme des retraites',
      'Un texte de compromis a été trouvé après des semaines de débats houleux au Parlement.',
    ];
    const text = page({ end: ['(AFP)', 'Publié le 3 mai 2024 à 7h00', ...teaser] });
    expect(boilerplateOf(text).map(({ text: line, reason }) => ({ text: line, reason }))).toEqual([
      { text: 'Publié le 3 mai 2024 à 7h00', reason: 'dateline' },
      ...teaser.map((line) => ({ text: line, reason: 'related' })),
    ]);
    expect(creditOf(text)).toEqual({ text: '(AFP)', agency: 'AFP' });
  });

  it('trailing zone: a video teaser takes the reason of its label; a numbered teaser is related', () => {
    const end = [
      'avec Reuters',
      'Le jour où la centrale a failli s’arrêter.',
      'Vidéo: Le Monde',
      'Nos articles recommandés',
      '2',
      'La filière nucléaire recrute à tour de bras',
      'Soudeurs, ingénieurs, techniciens : les entreprises du secteur peinent à trouver des candidats.',
    ];
    const reasons = reasonsOf(page({ end }));
    expect(reasons.get('avec Reuters')).toBeUndefined();
    expect(reasons.get('Le jour où la centrale a failli s’arrêter.')).toBe('promo');
    expect(reasons.get('Vidéo: Le Monde')).toBe('promo');
    for (const line of end.slice(3)) expect(reasons.get(line), line).toBe('related');
  });

  it('trailing zone: from a bare header near the end when there is no credit', () => {
    const end = [
      'Sur le même sujet :',
      'Le Sénat adopte la réforme des retraites',
      'Un texte de compromis a été trouvé après des semaines de débats houleux au Parlement.',
      '3 commentaires',
      'Très bon article, merci pour ces explications claires et utiles.',
    ];
    const reasons = reasonsOf(page({ end }));
    expect(end.map((line) => reasons.get(line))).toEqual([
      'related',
      'related',
      'related',
      'comments',
      'comments',
    ]);
    expectKept(page({ end }), [...PROSE, TITLE]);
  });

  it('trailing zone: not from a header in the first half of the text', () => {
    const body = ['Sur le même sujet :', ...PROSE];
    const text = page({ body });
    expect(reasonsOf(text).get('Sur le même sujet :')).toBe('related');
    expectKept(text, PROSE);
  });

  it('keeps offsets valid on any mix of seed lines (property)', () => {
    const lines = seedIds.flatMap((id) => readSeed(id).split('\n'));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(lines, { minLength: 1, maxLength: 40 }),
        fc.constantFrom('\n', '\n\n', '\r\n', ' \n\u00a0'),
        (picked, separator) => {
          const text = picked.join(separator);
          const found = boilerplateOf(text);
          expectValidOffsets(text, found);
          const credit = findCredit(text, splitLines(text), found);
          if (credit) expect(text.slice(credit.start, credit.end)).toBe(credit.text);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('LineInfo', () => {
  /** The word and separator counts, one character at a time (the definition). */
  function reference(line: string): { words: number; separated: boolean } {
    const space = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
    let words = 0;
    let separators = 0;
    let inWord = false;
    let spaces = 0;
    for (const ch of line) {
      if (space.test(ch)) {
        inWord = false;
        spaces++;
        if (ch === '\t' && spaces === 1) separators++;
        continue;
      }
      if (spaces >= 2) separators++;
      spaces = 0;
      if ('|·•▪►◆'.includes(ch)) separators++;
      if (!inWord) words++;
      inWord = true;
    }
    return { words, separated: separators >= 3 };
  }

  it('counts words and ticker separators as the character-by-character definition (property)', () => {
    const pieces = [
      'Élan',
      'x',
      '42',
      'l’',
      'œuvre',
      '—',
      '«',
      '»',
      '.',
      ' ',
      '  ',
      '\t',
      '\u00a0',
      '\u202f',
      '|',
      '•',
      '·',
      ' | ',
      '\u2009',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { minLength: 0, maxLength: 60 }),
        fc.array(fc.constantFrom(...pieces), { maxLength: 5 }),
        fc.array(fc.constantFrom(...pieces), { maxLength: 5 }),
        (middle, before, after) => {
          // A line inside a text, its words found on the whole text (as findBoilerplate does).
          const head = before.join('');
          const line = middle.join('');
          const text = `${head}${line}${after.join('')}`;
          const info = new LineInfo(text, head.length, head.length + line.length, textWords(text));
          expect({ words: info.words, separated: info.separated }).toEqual(reference(line));
          expect(info.line).toBe(line);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('cost', () => {
  it('stays linear: 1 MB of pages and pathological lines in well under the test timeout', () => {
    const pages = Array.from({ length: 40 }, () => seedIds.map(readSeed).join('\n')).join('\n');
    const pathological = [
      '. '.repeat(200_000),
      'a  '.repeat(100_000),
      `${'Ab '.repeat(50_000)}(`,
      `Publié ${'1 '.repeat(50_000)}`,
      Array.from({ length: 20_000 }, (_, index) => `Ligne ${index} (AFP)`).join('\n'),
    ].join('\n');
    for (const text of [pages, pathological]) {
      const started = performance.now();
      const blocks = splitLines(text);
      findCredit(text, blocks, findBoilerplate(text, blocks));
      detectLanguage(text);
      // About 0.3 s on a 2-core machine; a backtracking regex would take minutes.
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });
});

describe('findCredit', () => {
  const ending = (line: string): string => page({ end: [line] });

  it.each([
    ['(AFP)', 'AFP'],
    ['(afp/xx)', 'AFP'],
    ['(ats/svp)', 'ATS'],
    ['(Keystone-ATS)', 'Keystone-ATS'],
    ['(Belga)', 'Belga'],
    ['(MAP)', 'MAP'],
    ['(jdm/ats)', 'ATS'],
    ['Reuters', 'Reuters'],
    ['AFP/Reuters', 'AFP'],
    ['Source : AP', 'AP'],
    ['avec AFP', 'AFP'],
    ['Avec agences', null],
    ['Par Jean Dupont avec AFP', 'AFP'],
    ['Par Ana Martín, avec EFE', 'EFE'],
    ['Claire Martin avec Agence / Le Journal du Sud', null],
    ['Jean Dupont (AFP)', 'AFP'],
    ['(jdm/svp)', null],
  ])('a credit line %s names %s', (line, agency) => {
    expect(creditOf(ending(line))).toEqual({ text: line, agency });
  });

  it('takes only the parenthesis that closes the last paragraph', () => {
    const last = `${PROSE[3]!.slice(0, -1)}, a-t-il dit. (AFP)`;
    const text = page({ body: [...PROSE.slice(0, 3), last] });
    expect(creditOf(text)).toEqual({ text: '(AFP)', agency: 'AFP' });
    const dpa = page({ body: [...PROSE.slice(0, 3), `${PROSE[3]!} (dpa/afp)`] });
    expect(creditOf(dpa)).toEqual({ text: '(dpa/afp)', agency: 'DPA' });
  });

  it('is not a photo credit, a parenthesis that names no agency, or a source in prose', () => {
    expect(creditOf(ending('La centrale de Flamanville, en 2023.Keystone'))).toBeNull();
    expect(creditOf(ending('Photo : AFP'))).toBeNull();
    expect(creditOf(ending('(ndlr)'))).toBeNull();
    const sic = page({ body: [...PROSE.slice(0, 3), `${PROSE[3]!} (sic)`] });
    expect(creditOf(sic)).toBeNull();
    const prose = page({ body: [...PROSE, 'Le ministre a confirmé ces chiffres à l’AFP.'] });
    expect(creditOf(prose)).toBeNull();
  });

  it('prefers the last credit of the article', () => {
    const text = page({ lead: ['Par Jean Dupont avec AFP'], end: ['(Reuters)'] });
    expect(creditOf(text)).toEqual({ text: '(Reuters)', agency: 'Reuters' });
  });

  it('skips a credit inside the teaser of another article when given the furniture', () => {
    const text = page({
      end: ['(AFP)', 'Sur le même sujet :', 'Le Sénat adopte la réforme. (Reuters)'],
    });
    expect(creditOf(text)).toEqual({ text: '(AFP)', agency: 'AFP' });
  });

  it('finds the credit without the furniture too, looking at the end of the text', () => {
    const text = readSeed('001_2040835600123645');
    expect(findCredit(text, splitLines(text))?.text).toBe('(ats/svp)');
    expect(findCredit(TITLE, splitLines(TITLE))).toBeNull();
  });
});

describe('detectLanguage', () => {
  const paragraphs: Record<string, string> = {
    fr: "L'ancien président a été interviewé par Elon Musk lors d'une conversation en direct sur X, qui a débuté avec plus de quarante minutes de retard à cause de ce que le milliardaire a décrit comme une attaque massive.",
    en: 'The former president was interviewed by Elon Musk in a live conversation on X, which was delayed by more than forty minutes because of what the billionaire described as a massive attack on his servers.',
    de: 'Der frühere Präsident wurde von Elon Musk in einem Live-Gespräch auf X interviewt, das wegen eines massiven Angriffs auf die Server mehr als vierzig Minuten später begann, wie der Milliardär sagte.',
    es: 'El expresidente fue entrevistado por Elon Musk en una conversación en directo en X, que se retrasó más de cuarenta minutos por lo que el multimillonario describió como un ataque masivo contra sus servidores.',
    pt: 'O ex-presidente foi entrevistado por Elon Musk numa conversa ao vivo no X, que atrasou mais de quarenta minutos por causa do que o bilionário descreveu como um ataque maciço contra os seus servidores.',
    it: "L'ex presidente è stato intervistato da Elon Musk in una conversazione in diretta su X, che è iniziata con più di quaranta minuti di ritardo per quello che il miliardario ha descritto come un attacco massiccio ai suoi server.",
  };

  it.each(Object.entries(paragraphs))(
    'says %s for a paragraph in that language',
    (language, text) => {
      const guess = detectLanguage(text);
      expect(guess.language).toBe(language);
      expect(guess.confidence).toBeGreaterThan(0.3);
      expect(guess.confidence).toBeLessThanOrEqual(1);
    },
  );

  it('says en for the English author bio of seed 002', () => {
    const bio = seedLabels['002_2c93369364177936']!.boilerplate.find((label) =>
      label.text.startsWith('Head of technical'),
    );
    expect(detectLanguage(bio!.text).language).toBe('en');
  });

  it('gives no language for too few words, or words of no listed language', () => {
    expect(detectLanguage('')).toEqual({ language: null, confidence: 0 });
    expect(detectLanguage('Donald Trump et Elon Musk ont échangé sur X.')).toEqual({
      language: null,
      confidence: 0,
    });
    const names = Array.from({ length: 30 }, (_, index) => `Zxqw${index} Vbnm`).join(' ');
    expect(detectLanguage(names).language).toBeNull();
  });

  it('is less confident on a text mixing two languages than on either', () => {
    const mixed = `${paragraphs['fr']!} ${paragraphs['es']!}`;
    const confidence = detectLanguage(mixed).confidence;
    expect(confidence).toBeGreaterThanOrEqual(0);
    expect(confidence).toBeLessThan(detectLanguage(paragraphs['fr']!).confidence);
    expect(confidence).toBeLessThan(detectLanguage(paragraphs['es']!).confidence);
  });
});
