/**
 * Unrelated French news sentences for the benchmark corpus: grammatical sentences from clause
 * templates (subject, passé composé, complements, reported speech, figures, dates), over a
 * lexicon whose word frequencies follow a Zipf–Mandelbrot law.
 *
 * Why not word salad from the seeds' vocabulary: the seeds hold about 2,000 distinct words, so
 * at 100,000 documents every bigram of them would be in tens of thousands of sentences. Real
 * news text has a few very common words and bigrams ("le gouvernement", "a annoncé") and a long
 * tail of rare ones, and that tail is what makes posting lists short and candidates few. Here
 * each category's list starts with a few hundred real words of French news, ranked by hand, and
 * continues with tens of thousands of generated words built from French syllables and suffixes
 * ("la dévrolance", "le canton de Morvignac"). Function words, determiners, elision and
 * contractions are real French, so sentences tokenise, segment and fingerprint like news text.
 *
 * Unrelated sentences are not copies of each other nor of the pool: each draws 8 to 20
 * content words from a lexicon of about 150,000 words, so two of them share a few common
 * words at most; the benchmark reports any unrelated sentence that comes out shared as a
 * false positive.
 */

import { FRENCH_STOPWORDS, foldCase } from '../lib/text/normalize';

export type Random = () => number;

type Gender = 'm' | 'f';

interface Noun {
  word: string;
  g: Gender;
}

/** A sampler over a ranked list: rank r has weight 1 / (r + q)^s. */
class Zipf<T> {
  private readonly cdf: Float64Array;
  constructor(
    readonly items: readonly T[],
    q = 12,
    s = 1.05,
  ) {
    this.cdf = new Float64Array(items.length);
    let sum = 0;
    for (let r = 0; r < items.length; r++) {
      sum += 1 / Math.pow(r + 1 + q, s);
      this.cdf[r] = sum;
    }
    for (let r = 0; r < items.length; r++) this.cdf[r]! /= sum;
  }
  sample(random: Random): T {
    const x = random();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }
}

// Real words, most frequent first (by hand, after French news usage).
const M_NOUNS =
  'gouvernement président ministre projet pays accord rapport conseil budget marché secteur ' +
  'syndicat maire tribunal député plan texte groupe prix public site dossier débat vote ' +
  'sommet service hôpital système réseau chantier programme chiffre niveau salarié patron ' +
  'procès juge parquet festival match club joueur entraîneur championnat concert film livre ' +
  'musée spectacle village quartier département territoire littoral port aéroport centre ' +
  'logement loyer transport train bus tramway véhicule trafic accident incendie orage ' +
  'agriculteur élevage vignoble vin lait blé carburant pétrole gaz réseau électrique ' +
  'climat réchauffement chômage emploi salaire impôt déficit investissement commerce ' +
  'magasin entrepreneur fournisseur contrat appel recours permis collège lycée enseignant ' +
  'élève médecin patient vaccin traitement virus chercheur laboratoire satellite ' +
  'ordinateur logiciel téléphone réseau social scrutin candidat électeur mandat parti ' +
  'mouvement militant rassemblement cortège policier gendarme suspect témoin avocat ' +
  'jugement arrêt verdict incident conflit cessez-le-feu soldat bombardement réfugié ' +
  'camp pont barrage canal bâtiment immeuble stade terrain gymnase jardin parc ' +
  'printemps été automne hiver week-end mois semestre trimestre taux indice bilan ' +
  'communiqué porte-parole préfet sénateur conseiller directeur responsable président-directeur';
const F_NOUNS =
  'réforme commission entreprise ville région loi décision hausse baisse crise situation ' +
  'enquête police justice population famille association municipalité mairie préfecture ' +
  'assemblée élection campagne majorité opposition coalition proposition mesure politique ' +
  'économie croissance inflation dette banque industrie usine production vente récolte ' +
  'santé maladie épidémie école université recherche étude culture exposition saison ' +
  'équipe victoire défaite finale compétition course étape route autoroute circulation ' +
  'grève manifestation mobilisation négociation réunion rencontre conférence déclaration ' +
  'tempête inondation sécheresse canicule pollution énergie électricité centrale ' +
  'eau forêt montagne plage côte rivière frontière guerre armée attaque victime ' +
  'sécurité prison plainte audience condamnation peine amende taxe subvention aide ' +
  'consommation facture pension retraite allocation formation filière agriculture ' +
  'pêche chasse vigne construction rénovation commune communauté collectivité ' +
  'candidate liste circonscription procédure affaire information presse rédaction ' +
  'chaîne radio télévision plateforme application donnée technologie innovation ' +
  'start-up société filiale direction présidente ministre-présidente directrice ' +
  'semaine année journée soirée matinée nuit période fin rentrée';
const ADJECTIVES =
  'national public nouveau important économique politique social international européen ' +
  'local régional municipal fédéral premier dernier prochain grand petit ancien récent ' +
  'principal général financier juridique technique scientifique médical culturel sportif ' +
  'agricole industriel commercial numérique environnemental climatique énergétique ' +
  'officiel militaire judiciaire pénal civil fiscal budgétaire départemental national ' +
  'historique exceptionnel inédit massif majeur lourd fort faible long court rapide ' +
  'nombreux difficile possible nécessaire actuel futur annuel mensuel quotidien ' +
  'provisoire définitif complet partiel total global unique spécial particulier ' +
  'urbain rural alpin maritime côtier portuaire ferroviaire routier aérien';
const PARTICIPLES =
  'annoncé indiqué précisé estimé affirmé souligné rappelé confirmé expliqué décidé présenté ' +
  'adopté rejeté signé lancé ouvert publié dévoilé proposé demandé réclamé dénoncé ' +
  'critiqué salué approuvé validé voté examiné reporté suspendu annulé prolongé renforcé ' +
  'réduit augmenté atteint dépassé enregistré constaté observé mesuré évalué financé ' +
  'construit rénové inauguré fermé interdit autorisé condamné arrêté interpellé entendu ' +
  'reçu rencontré visité quitté rejoint remporté perdu battu dominé gagné signalé ' +
  'déposé saisi engagé mobilisé organisé accueilli évacué secouru touché frappé';
const SAY_PARTICIPLES = 'déclaré indiqué affirmé expliqué précisé estimé souligné assuré ajouté';
const INFINITIVES =
  'présenter adopter lancer ouvrir réduire augmenter financer construire rénover ' +
  'examiner revoir modifier supprimer créer renforcer développer soutenir accompagner ' +
  'limiter encadrer protéger défendre améliorer accélérer relancer publier organiser ' +
  'recruter former accueillir reconstruire sécuriser réformer simplifier négocier';
const FIRST_NAMES =
  'Marie Jean Pierre Sophie Nicolas Isabelle François Nathalie Philippe Catherine Laurent ' +
  'Christine Michel Valérie Thomas Julie Éric Sandrine Olivier Céline David Anne Stéphane ' +
  'Claire Julien Camille Antoine Élodie Mathieu Émilie Alexandre Sarah Vincent Laura ' +
  'Sébastien Pauline Guillaume Manon Hugo Chloé Lucas Léa Karim Fatima Mehdi Yasmina';
const PLACES =
  'Paris Lyon Marseille Toulouse Nice Nantes Strasbourg Montpellier Bordeaux Lille Rennes ' +
  'Reims Toulon Grenoble Dijon Angers Nîmes Brest Limoges Tours Amiens Metz Perpignan ' +
  'Besançon Orléans Rouen Caen Nancy Genève Lausanne Bruxelles Liège Montréal Québec ' +
  'Dakar Abidjan Tunis Alger Rabat Casablanca';
const ORGS = [
  "l'Insee", 'la SNCF', 'la CGT', 'la CFDT', "l'Unédic", 'la Cour des comptes', "le Conseil d'État",
  "l'Assemblée nationale", 'le Sénat', 'la Commission européenne', "l'ONU", "l'OMS", "l'Ademe",
  'la préfecture', "l'Agence régionale de santé", 'la chambre de commerce', 'le conseil régional',
]; // prettier-ignore

const ROLES = [
  'maire', 'porte-parole', 'responsable', 'directeur', 'président', 'secrétaire général', 'adjoint',
  'conseiller', 'délégué', 'coordinateur', 'fondateur', 'avocat', 'représentant', 'délégué syndical',
  'vice-président', 'chef', 'administrateur', 'trésorier', 'rapporteur', 'médiateur',
]; // prettier-ignore

const ONSETS = [
  'b', 'br', 'bl', 'c', 'ch', 'cl', 'cr', 'd', 'dr', 'f', 'fl', 'fr', 'g', 'gr', 'gl', 'j', 'l',
  'm', 'n', 'p', 'pl', 'pr', 'r', 's', 't', 'tr', 'v', 'vr', 'qu', 'gu', 'ph', 'st',
]; // prettier-ignore
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'é', 'ou', 'ai', 'au', 'eu', 'an', 'en', 'on', 'in', 'oi', 'è', 'a', 'i', 'o']; // prettier-ignore
const CODAS = ['r', 'l', 'n', 's', 'c', 'st', 'rt'];

const SUFFIXES = {
  m: ['ment', 'age', 'isme', 'eur', 'on', 'at', 'oir', 'ier', 'et', 'ard', 'eau', 'ail'],
  f: ['tion', 'ité', 'ure', 'ence', 'ance', 'ade', 'ière', 'ette', 'ie', 'ise', 'elle', 'erie'],
  adj: ['ique', 'el', 'al', 'eux', 'if', 'ant', 'able', 'ien', 'aire', 'ois', 'in', 'é'],
  pp: ['é', 'isé', 'ifié', 'i', 'ancé', 'onné'],
  inf: ['er', 'iser', 'ifier', 'ir', 'onner'],
  surname: ['in', 'ier', 'ard', 'aud', 'et', 'ot', 'on', 'eau', 'ac', 'oux', 'ant', 'ès', 'el'],
  place: ['ville', 'court', 'ac', 'ières', 'ay', 'ans', 'y', 'ange', 'heim', 'mont', 'ieu'],
};

const VOWEL_START = /^[aeiouyéèêàâîôûœh]/i;

function capitalise(w: string): string {
  return w[0]!.toUpperCase() + w.slice(1);
}

/** `count` distinct generated words with the given suffixes, none a real word. */
function pseudoWords(random: Random, count: number, suffixes: string[], taken: Set<string>) {
  const out: string[] = [];
  let guard = 0;
  while (out.length < count && guard++ < count * 20) {
    const r = random();
    const syllables = r < 0.55 ? 1 : r < 0.92 ? 2 : 3;
    let root = '';
    for (let i = 0; i < syllables; i++) {
      root += ONSETS[Math.floor(random() * ONSETS.length)]!;
      root += VOWELS[Math.floor(random() * VOWELS.length)]!;
      if (random() < 0.25) root += CODAS[Math.floor(random() * CODAS.length)]!;
    }
    const word = root + suffixes[Math.floor(random() * suffixes.length)]!;
    if (word.length < 4 || taken.has(word) || FRENCH_STOPWORDS.has(word)) continue;
    if (/[aeiouyéèê]{3}|([aeiouéè])\1/.test(word)) continue;
    taken.add(word);
    out.push(word);
  }
  return out;
}

function words(list: string): string[] {
  return [...new Set(list.split(/\s+/).filter(Boolean))];
}

export function feminine(adj: string): string {
  if (adj.endsWith('e')) return adj;
  if (adj === 'public') return 'publique';
  if (adj === 'long') return 'longue';
  if (adj.endsWith('ier')) return adj.slice(0, -3) + 'ière';
  if (adj.endsWith('el') || adj.endsWith('ien')) return adj + (adj.endsWith('el') ? 'le' : 'ne');
  if (adj.endsWith('eux')) return adj.slice(0, -1) + 'se';
  if (adj.endsWith('if')) return adj.slice(0, -1) + 've';
  if (adj === 'nouveau') return 'nouvelle';
  return adj + 'e';
}

function plural(word: string): string {
  if (/[sxz]$/.test(word)) return word;
  if (word.endsWith('al') && word !== 'festival') return word.slice(0, -2) + 'aux';
  if (word.endsWith('eau') || word.endsWith('eu')) return word + 'x';
  return word + 's';
}

/** The lexicon: one Zipf sampler per word category. */
export class Lexicon {
  readonly nouns: Zipf<Noun>;
  readonly adjectives: Zipf<string>;
  readonly participles: Zipf<string>;
  readonly say: Zipf<string>;
  readonly infinitives: Zipf<string>;
  readonly firstNames: Zipf<string>;
  readonly surnames: Zipf<string>;
  readonly places: Zipf<string>;
  readonly orgs: Zipf<string>;
  /** Number of distinct content words. */
  readonly size: number;

  constructor(seed = 7) {
    const random = mulberry(seed);
    const taken = new Set<string>();
    const real = (list: string) => {
      const w = words(list);
      for (const x of w) taken.add(x);
      return w;
    };
    const mReal = real(M_NOUNS);
    const fReal = real(F_NOUNS);
    const adjReal = real(ADJECTIVES);
    const ppReal = real(PARTICIPLES);
    const infReal = real(INFINITIVES);
    // Real and generated nouns interleaved by rank: masculine and feminine alternate.
    const nouns: Noun[] = [];
    const mGen = pseudoWords(random, 24_000, SUFFIXES.m, taken);
    const fGen = pseudoWords(random, 24_000, SUFFIXES.f, taken);
    const m = [...mReal, ...mGen];
    const f = [...fReal, ...fGen];
    for (let i = 0; i < Math.max(m.length, f.length); i++) {
      if (m[i]) nouns.push({ word: m[i]!, g: 'm' });
      if (f[i]) nouns.push({ word: f[i]!, g: 'f' });
    }
    this.nouns = new Zipf(nouns, 40);
    this.adjectives = new Zipf(
      [...adjReal, ...pseudoWords(random, 16_000, SUFFIXES.adj, taken)],
      20,
    );
    this.participles = new Zipf(
      [...ppReal, ...pseudoWords(random, 10_000, SUFFIXES.pp, taken)],
      20,
    );
    this.say = new Zipf(words(SAY_PARTICIPLES), 2);
    this.infinitives = new Zipf(
      [...infReal, ...pseudoWords(random, 8_000, SUFFIXES.inf, taken)],
      10,
    );
    this.firstNames = new Zipf(words(FIRST_NAMES), 10, 0.6);
    this.surnames = new Zipf(
      pseudoWords(random, 40_000, SUFFIXES.surname, taken).map(capitalise),
      50,
    );
    this.places = new Zipf(
      [...words(PLACES), ...pseudoWords(random, 20_000, SUFFIXES.place, taken).map(capitalise)],
      30,
    );
    this.orgs = new Zipf(ORGS, 3);
    this.size =
      nouns.length +
      this.adjectives.items.length +
      this.participles.items.length +
      this.infinitives.items.length +
      this.surnames.items.length +
      this.places.items.length;
  }
}

/** mulberry32, as in generate.ts (kept here so this module stands alone). */
function mulberry(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = 'janvier février mars avril mai juin juillet août septembre octobre novembre décembre'.split(' '); // prettier-ignore
const DAYS = 'lundi mardi mercredi jeudi vendredi samedi dimanche'.split(' ');
const PREPS = ['pour', 'dans', 'avec', 'sur', 'contre', 'après', 'malgré', 'pendant', 'auprès de', 'en faveur de', 'autour de', 'face à', 'parmi', 'sans']; // prettier-ignore
const MODALS = ['doit', 'devrait', 'pourrait', 'va'];
const MODALS_PLURAL = ['doivent', 'devraient', 'pourraient', 'vont'];
const TIMES = ['cette semaine', "l'an dernier", 'ces derniers mois', 'dans la matinée'];

/** Number of words of a fixed text that are not function words (cached: texts are constants). */
const frameCounts = new Map<string, number>();
function frameWords(text: string): number {
  let n = frameCounts.get(text);
  if (n === undefined) {
    n = 0;
    for (const token of text.split(/[\s'-]+/)) {
      const folded = foldCase(token);
      if (folded && !FRENCH_STOPWORDS.has(folded)) n++;
    }
    frameCounts.set(text, n);
  }
  return n;
}

/**
 * A sentence generator over a lexicon. While a sentence is built, words drawn from the lexicon
 * (and numbers) count as content, and the fixed words of the frames (templates, roles,
 * organisations, days, prepositions) as frame: a sentence is kept when it has at least 9
 * content words and three times as many as frame words, so two sentences of one template
 * never look alike.
 */
export class SentenceMaker {
  private content = 0;
  private frame = 0;
  /** Builds tried, sentences kept (to see how many the constraints reject). */
  readonly tries = { built: 0, kept: 0 };

  constructor(
    private readonly lex: Lexicon,
    private readonly random: Random,
  ) {}

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private int(lo: number, hi: number): number {
    this.content++;
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  /** A fixed word or phrase, counted as frame. */
  private f(text: string): string {
    this.frame += frameWords(text);
    return text;
  }

  private noun(): Noun {
    this.content++;
    return this.lex.nouns.sample(this.random);
  }

  private word(sampler: { sample(random: Random): string }): string {
    this.content++;
    return sampler.sample(this.random);
  }

  /** A noun phrase: determiner, noun, maybe an adjective and a "de" complement. */
  private np(kind: 'def' | 'indef' | 'any' = 'any', depth = 0): string {
    const noun = this.noun();
    const pl = this.chance(0.25);
    const def = kind === 'def' || (kind === 'any' && this.chance(0.7));
    let head = pl ? plural(noun.word) : noun.word;
    if (this.chance(0.45)) {
      const adj = this.word(this.lex.adjectives);
      const agreed = noun.g === 'f' ? feminine(adj) : adj;
      head += ' ' + (pl ? plural(agreed) : agreed);
    }
    let det: string;
    if (pl) det = def ? 'les' : 'des';
    else if (def) det = VOWEL_START.test(head) ? "l'" : noun.g === 'f' ? 'la' : 'le';
    else det = noun.g === 'f' ? 'une' : 'un';
    let phrase = det === "l'" ? det + head : `${det} ${head}`;
    if (depth === 0 && this.chance(0.4)) {
      phrase += ' ' + (this.chance(0.35) ? `de ${this.place()}` : this.de(this.np('def', 1)));
    }
    return phrase;
  }

  /** "de" + a phrase, with contraction. */
  private de(phrase: string): string {
    if (phrase.startsWith('le ')) return 'du ' + phrase.slice(3);
    if (phrase.startsWith('les ')) return 'des ' + phrase.slice(4);
    if (phrase.startsWith('des ')) return 'de ' + phrase.slice(4);
    return 'de ' + phrase;
  }

  /** "à" + a phrase, with contraction. */
  private a(phrase: string): string {
    if (phrase.startsWith('le ')) return 'au ' + phrase.slice(3);
    if (phrase.startsWith('les ')) return 'aux ' + phrase.slice(4);
    return 'à ' + phrase;
  }

  private place(): string {
    return this.word(this.lex.places);
  }

  private person(): string {
    const surname = this.word(this.lex.surnames);
    const r = this.random();
    if (r < 0.5) return `${this.word(this.lex.firstNames)} ${surname}`;
    return `${this.f(r < 0.8 ? 'M.' : 'Mme')} ${surname}`;
  }

  private org(): string {
    return this.f(this.lex.orgs.sample(this.random));
  }

  /** A role: "le maire de Vernac", "la directrice de l'usine". */
  private role(): string {
    const title = this.f(this.pick(ROLES));
    const r = this.random();
    if (r < 0.3) return `${title} de ${this.place()}`;
    if (r < 0.45) return `${title} ${this.de(this.org())}`;
    return `${title} ${this.de(this.np('def', 1))}`;
  }

  private subject(): string {
    const r = this.random();
    if (r < 0.45) return this.np('def');
    if (r < 0.7) return this.person();
    if (r < 0.8) return this.org();
    return `le ${this.f(this.pick(ROLES))} de ${this.place()}`;
  }

  private when(): string {
    const r = this.random();
    if (r < 0.35) return this.f(this.pick(DAYS)) + (this.chance(0.3) ? this.f(' soir') : '');
    if (r < 0.6) return `le ${this.int(1, 28)} ${this.f(this.pick(MONTHS))}`;
    if (r < 0.75) return `en ${this.f(this.pick(MONTHS))}`;
    if (r < 0.9)
      return `depuis ${this.int(2, 40)} ${this.f(this.pick(['ans', 'mois', 'semaines', 'jours']))}`;
    return this.f(this.pick(TIMES));
  }

  private complement(): string {
    const r = this.random();
    if (r < 0.5) {
      const prep = this.f(this.pick(PREPS));
      const phrase = this.np();
      if (prep.endsWith(' de')) return `${prep.slice(0, -3)} ${this.de(phrase)}`;
      if (prep.endsWith(' à')) return `${prep.slice(0, -2)} ${this.a(phrase)}`;
      return `${prep} ${phrase}`;
    }
    if (r < 0.7) return `à ${this.place()}`;
    if (r < 0.85) return this.when();
    return `${this.f(this.pick(['pour', 'avec', 'sans', 'parmi']))} ${this.int(2, 950)} ${plural(this.noun().word)}`;
  }

  /** Subject + passé composé + object + complements. */
  private clause(): string {
    const subject = this.subject();
    const aux = /^(les |des )/.test(subject) ? 'ont' : 'a';
    let out = `${subject} ${aux} ${this.word(this.lex.participles)} ${this.np()}`;
    const extra = this.int(0, 2);
    this.content--; // the number of complements is not a word
    for (let i = 0; i < extra; i++) out += ' ' + this.complement();
    return out;
  }

  /** One sentence, from 12 to 35 words (see the class comment). */
  sentence(): string {
    for (;;) {
      this.content = 0;
      this.frame = 0;
      let s = this.build();
      this.tries.built++;
      // Short of content words: a complement or two more, rather than a new sentence.
      for (let more = 0; more < 3 && (this.content < 9 || this.content < 3 * this.frame); more++) {
        s += ' ' + this.complement();
      }
      if (this.content < 9 || this.content < 3 * this.frame) continue;
      let words = 1;
      for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 32) words++;
      if (words < 12 || words > 35) continue;
      this.tries.kept++;
      return capitalise(s.replace(/ de ([aeiouyéèêàâîôûh])/gi, " d'$1")) + '.';
    }
  }

  private build(): string {
    const r = this.random();
    let s: string;
    if (r < 0.3) s = `${this.clause()} ${this.complement()}`;
    else if (r < 0.42) s = `${capitalise(this.when())}, ${this.clause()}`;
    else if (r < 0.54) {
      const subject = this.np('def');
      const modal = this.f(this.pick(subject.startsWith('les ') ? MODALS_PLURAL : MODALS));
      s = `${this.f('Selon')} ${this.person()}, ${subject} ${modal} ${this.word(this.lex.infinitives)} ${this.np()} ${this.complement()}`;
    } else if (r < 0.66) {
      s = `« ${capitalise(this.clause())} », a ${this.f(this.lex.say.sample(this.random))} ${this.person()}, ${this.role()}`;
    } else if (r < 0.76) {
      s = `${this.person()}, ${this.role()}, a ${this.f(this.lex.say.sample(this.random))} que ${this.clause()}`;
      s = s.replace(/ que ([aeiouyéèêàâîôûh])/i, " qu'$1");
    } else if (r < 0.84) {
      const subject = this.np('def');
      const verb = subject.startsWith('les ')
        ? this.pick(['atteignent', 'dépassent', 'représentent'])
        : this.pick(['atteint', 'dépasse', 'représente']);
      s = `${capitalise(subject)} ${this.f(verb)} ${this.int(2, 9000)} ${plural(this.noun().word)} ${this.complement()}, ${this.f(this.pick(['selon', "d'après"]))} ${this.np('def')} ${this.complement()}`;
    } else if (r < 0.92) {
      const subject = this.np('def');
      const pl = subject.startsWith('les ');
      const verb = pl
        ? this.pick(['comptent', 'réunissent', 'emploient', 'accueillent'])
        : this.pick(['compte', 'réunit', 'emploie', 'accueille']);
      s = `${capitalise(subject)}, qui ${this.f(verb)} ${this.int(12, 4000)} ${plural(this.noun().word)}, ${this.pick(pl ? ['ont', 'avaient'] : ['a', 'avait'])} ${this.word(this.lex.participles)} ${this.np()} ${this.complement()}`;
    } else {
      s = `${this.f('Plus')} de ${this.int(20, 9000)} ${plural(this.noun().word)} ont ${this.word(this.lex.participles)} ${this.np()} ${this.complement()} ${this.complement()}`;
    }
    return s;
  }
}
