/**
 * The words of French news-site furniture, and the rules that read a block's text.
 *
 * Everything here works on strings, folded by `foldText` (lower case, no accents, one kind of
 * apostrophe and quote, single spaces), so it is tested without a DOM. Rules only fire on short
 * blocks, with a word limit per rule: a paragraph of the article that mentions a newsletter or
 * comments is longer than the box that asks you to subscribe to one. None names a site.
 *
 * html-furniture.ts uses the label lists on the first line of a container ("Sur le même
 * sujet" above a list of links); html.ts applies `classifyBlockText` to every block of the
 * article that no container rule removed.
 */
import type { BlockKind, BoilerplateReason } from '../types';

/** Lower case, accents removed, ’ ‘ → ', « » “ ” → ", dashes → -, whitespace runs → one space. */
export function foldText(text: string): string {
  let folded = text.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(folded)) {
    folded = folded
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
      .replace(/[«»\u201c\u201d\u201e\u201f]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '');
  }
  return folded.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/** Words of a folded text (runs of non-spaces). */
export function countWords(folded: string): number {
  if (folded === '') return 0;
  let words = 1;
  for (let i = 0; i < folded.length; i++) if (folded.charCodeAt(i) === 32) words++;
  return words;
}

/** A pattern and the longest block (in words) it may remove. */
interface TextRule {
  reason: BoilerplateReason;
  pattern: RegExp;
  maxWords: number;
}

/** How a label may end: alone, or naming the subject or period ("Dernières news sur : X"). */
const LABEL_END =
  '(?:\\s*:?\\s*$|\\s*:| sur\\b| de la (?:rubrique|semaine)\\b| du (?:jour|mois)\\b| dans\\b)';

/** Labels that head a box of links to other articles. */
const RELATED_LABEL = new RegExp(
  '^(?:' +
    [
      '(?:a |\\[ ?)?(?:lire|voir|relire|revoir|decouvrir|ecouter|regarder) (?:aussi|egalement|encore)\\b',
      'a (?:lire|voir|decouvrir|ecouter|regarder)(?: aussi| egalement)?(?:\\s*:|$| sur\\b| dans\\b)',
      '(?:lire|voir) ?:',
      '(?:sur|dans) (?:le|la) meme (?:sujet|theme|rubrique|dossier|thematique|categorie)',
      `dans (?:la rubrique|notre dossier|le dossier)${LABEL_END}`,
      `(?:les )?(?:articles? |contenus? |infos? |videos? )?(?:les )?plus (?:lus|partages|commentes|consultes|populaires|vus|recents)${LABEL_END}`,
      `(?:derniers?|dernieres|autres|nos autres|nos|plus d') ?(?:articles?|actus?|actualites|infos|news|videos|publications|dossiers|sujets|contenus)${LABEL_END}`,
      'articles? (?:similaires|lies|associes|recommandes|connexes|suivants?)',
      'plus de (?:sujets|articles|videos|news|contenus|infos|"|\')',
      'vous (?:aimerez|pourriez (?:aussi |egalement )?aimer|devriez aimer)\\b',
      '(?:ceci|cela|ca|ces (?:articles?|sujets?|contenus?)) (?:pourrai(?:t|ent)|peu(?:t|vent)|devrai(?:t|ent)|risque(?:nt)?) (?:aussi |egalement )?vous (?:interesser|plaire)',
      '(?:pour )?(?:aller|en savoir) plus loin',
      `en lien(?: avec (?:cet article|ce sujet))?${LABEL_END}`,
      'sujets? (?:associes|lies|connexes)',
      'mots?[- ]cles?\\b',
      'tags?\\b',
      'a propos(?: de)?\\s*:?$',
      '(?:recommande|selectionne|choisi)s? pour vous',
      'notre selection\\b',
      'nos recommandations\\b',
      'ailleurs sur le web',
      'a la une de\\b',
      `dans l'actu(?:alite)?${LABEL_END}`,
      'les (?:sujets|themes) (?:du moment|chauds)',
    ].join('|') +
    ')',
);

/** Labels of headline tickers and breaking-news bars. */
const TICKER_LABEL =
  /^(?:flash[- ]?infos?|en ce moment|a la une|derniere minute|dernieres? minutes?|en continu|l'info en continu|infos? en continu|fil (?:info|d'infos?|d'actu(?:alite)?s?|rouge|de l'actu(?:alite)?)|les dernieres infos|dernieres (?:infos|depeches|nouvelles)|breaking news|urgent|a chaud|les titres|les infos du jour)\s*:?$/;

/** Labels and counts of comment sections. */
const COMMENTS_LABEL =
  /^(?:\d+ (?:commentaires?|reactions?|reponses?|avis)\b|(?:les |vos |nos )?commentaires?(?: \(\d+\))?\s*:?$|reactions?(?: \(\d+\))?\s*:?$|(?:reagir|reagissez|ajouter un commentaire|laisser un commentaire|ecrire un commentaire|poster un commentaire|publier un commentaire|donnez votre avis|(?:voir|afficher|lire) (?:les |tous les )?(?:\d+ )?(?:commentaires|reactions)|soyez le premier|charte (?:des|de) (?:commentaires|moderation)|signaler (?:un|ce) (?:abus|commentaire)|connectez-vous pour (?:commenter|reagir)|vous devez etre connecte))/;

/** A comment policy: speaks of comments and their moderation, as the site (nous, vous, merci). */
const COMMENT_POLICY_TOPIC = /commentaire/;
const COMMENT_POLICY_RULES =
  /moder|charte|ferm|desactiv|regles|netiquette|publication|injurieu|diffamatoire/;
const COMMENT_POLICY_VOICE = /\b(?:nous|vous|merci)\b/;

/** Caption furniture: photo credits on their own ("© AFP", "Crédits photos : X", "Photo iStock"). */
const CREDIT_LINE =
  /^(?:©|\(c\)|copyright\b|credits?(?: photos?| images?| illustrations?)?\s*:|credits? (?:photos?|images?)\b|photos?\s*:|(?:photo|image) d'illustration\b|illustration\s*:|image\s*:|source (?:photo|image)\s*:|photos? (?!de |d'|du |des |la |le |les )[^ .]+(?: [^ .]+)?$)/;

/** Agencies and picture libraries that sign photos, for caption blocks made only of a credit. */
const PHOTO_AGENCY =
  /^(?:afp|reuters|ap|keystone|keystone-ats|getty(?: images)?|bestimage|abaca|maxppp|sipa|istock|shutterstock|epa|dr|archives?|hans lucas|hanslucas|divergence|leemage|belga|anp|dpa|ansa|ats)(?:\s*[/|,.-]\s*[^ ]+){0,3}$/;

const DATELINE_LEAD =
  /^(?:publie|mis a jour|mise a jour|modifie|cree|actualise|poste|edite|redige|paru|date de (?:publication|mise a jour)|derniere mise a jour)\b/;

const MONTHS =
  'janv(?:ier|\\.)?|fevr(?:ier|\\.)?|mars|avr(?:il|\\.)?|mai|juin|juil(?:let|\\.)?|aout|sept(?:embre|\\.)?|oct(?:obre|\\.)?|nov(?:embre|\\.)?|dec(?:embre|\\.)?';
const DATE_PATTERN = new RegExp(
  `\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}(?:er)? (?:${MONTHS}) \\d{4}`,
);
/** What may surround dates in a block that is only a timestamp. */
const DATE_ONLY = new RegExp(
  `^(?:\\s|[,|/·•-]|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}(?:t[\\d:.+z-]+)?|\\d{1,2}(?:er)? (?:${MONTHS})(?: \\d{4})?|\\d{1,2} ?[:h] ?\\d{2}|\\d{1,2}h|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)|\\b(?:a|le|et|le|du|de|depuis|il y a|min|mis a jour|publie|modifie|maj)\\b)+$`,
);

const NAVIGATION_LINE =
  /^(?:bouton )?retour (?:en haut|au (?:debut|sommet|haut)|a l'accueil)|^haut de (?:la )?page|^remonter\b|^(?:aller|passer|acceder) (?:directement )?(?:au|a la) (?:contenu|navigation|recherche)|^back to top|^vous etes ici\b|^menu$|^fil d'ariane|^(?:page )?(?:precedente|suivante)$|^(?:article )?(?:precedent|suivant)$|^accueil$/;

const SHARE_LINE =
  /^(?:partager|partagez|partage|tweeter|envoyer (?:par|un) (?:e-?mail|mail|courriel)|copier le lien|lien copie|imprimer|enregistrer l'article|sauvegarder)\b/;
const SOCIAL_TOKEN =
  /\b(?:facebook|twitter|linkedin|whatsapp|pinterest|e-?mail|messenger|telegram|bluesky|reddit|flipboard|mastodon|copier|imprimer)\b/g;

const NEWSLETTER_LINE =
  /newsletter|lettre d'info|la lettre (?:de|du|des|quotidienne|hebdomadaire)\b|votre (?:adresse )?(?:e-?mail|courriel)|adresse (?:e-?mail|electronique|courriel)|recevez (?:gratuitement |chaque |tous |toute |nos |notre |l'essentiel|le meilleur)/;

const PAYWALL_LINE =
  /reservee? aux abonnes|(?:article|contenu) (?:premium|abonnes?)\b|deja abonne|il vous reste (?:\d+ ?%|\d+ articles?)|abonnez-vous|je m'abonne|pour (?:lire|continuer a lire|poursuivre) (?:la suite|cet article|l'integralite|votre lecture)|la suite est reservee|veuillez vous connecter|(?:connectez|identifiez)-vous (?:pour|a votre)|^se connecter$|\d+ articles? gratuits?|offre (?:speciale|d'essai|decouverte|d'abonnement)|essai gratuit|sans engagement|\d+ ?(?:€|euros?) (?:par|\/) mois|decouvr(?:ir|ez) (?:nos|les) offres|accedez (?:a tous|a l'integralite|aux articles|a l'article)/;

const COOKIE_TOPIC = /\bcookies?\b|\btraceurs\b/;
const COOKIE_ACTION =
  /(?:nous|nos partenaires) (?:utilisons|deposons|stockons|utilisent)|accepter|tout refuser|parametrer|gerer (?:mes|les|vos) (?:choix|preferences|cookies)|en poursuivant (?:votre )?navigation|consentement/;
const COOKIE_VOICE = /\b(?:nous|vous|votre|vos)\b/;

const NOTICE_LINE =
  /merci d'avoir signale|sera automatiquement bloquee|signaler (?:une erreur|un abus|un contenu|cette image|une faute)|vous avez (?:repere|remarque|trouve) une (?:erreur|faute|coquille)|avez-vous apprecie cet article|cet article vous a-t-il|cet article vous a plu|votre avis nous interesse|cliquez ici pour (?:lire|voir|acceder|consulter)|javascript (?:est )?desactive|activez (?:le )?javascript|bloqueur de publicite|adblock|votre navigateur (?:n'est pas|est obsolete)|mettez a jour votre navigateur/;

const PROMO_LINE =
  /^(?:publicite\b|pub\s*:?$|contenu sponsorise|contenus? (?:sponsorises?|partenaires?)|sponsorise\b|en partenariat avec|annonces?\s*:?$|advertisement|telechargez (?:l'application|notre application|l'appli|gratuitement)|en video\b|videos? ?:|videos? -|podcast ?:|ecoutez (?:le|notre|l'episode)\b|suivez-nous|retrouvez-nous|rejoignez-nous|abonnez-vous a notre chaine|revivez\b|suivez (?:en direct|notre direct|le direct|toute l'actualite))/;

const AUTHOR_LINE = /^(?:a propos de l'auteur|l'auteur ?:|biographie\b|qui est l'auteur)/;

/** Rules on a block's folded text alone, in order; the first that matches wins. */
const TEXT_RULES: TextRule[] = [
  { reason: 'navigation', pattern: NAVIGATION_LINE, maxWords: 8 },
  { reason: 'dateline', pattern: DATELINE_LEAD, maxWords: 16 },
  { reason: 'comments', pattern: COMMENTS_LABEL, maxWords: 12 },
  { reason: 'author', pattern: AUTHOR_LINE, maxWords: 8 },
  { reason: 'ticker', pattern: TICKER_LABEL, maxWords: 5 },
  { reason: 'share', pattern: SHARE_LINE, maxWords: 10 },
  { reason: 'notice', pattern: NOTICE_LINE, maxWords: 40 },
  { reason: 'newsletter', pattern: NEWSLETTER_LINE, maxWords: 40 },
  { reason: 'paywall', pattern: PAYWALL_LINE, maxWords: 45 },
  { reason: 'promo', pattern: PROMO_LINE, maxWords: 15 },
  { reason: 'related', pattern: RELATED_LABEL, maxWords: 10 },
];

/** What the block pass knows about a block besides its text. */
export interface BlockFacts {
  kind: BlockKind;
  /** Share of the block's letters inside links, in [0, 1]. */
  linkDensity: number;
  /** Words of link text per link (0 without links). */
  wordsPerLink: number;
}

/** A bare "Lire aussi :" lead-in whose linked title may sit in the next block. */
const RELATED_LEAD_IN =
  /^(?:a |\[ ?)?(?:lire|voir|relire|revoir|decouvrir|ecouter|regarder)(?: aussi| egalement| encore)?\s*(?::|"|>|›|-|\.\.\.|…|\]|$)/;

/** Whether the block opens with "Lire aussi :", "À lire aussi »", "Voir aussi", "Lire :". */
export function isRelatedLeadIn(folded: string): boolean {
  return RELATED_LEAD_IN.test(folded) || /^(?:a )?(?:lire|voir) (?:aussi|egalement)\b/.test(folded);
}

/** Whether the block is only a date and time, possibly with "Publié le" and "Mis à jour". */
export function isTimestampOnly(folded: string): boolean {
  return folded.length <= 120 && DATE_PATTERN.test(folded) && DATE_ONLY.test(folded);
}

/**
 * The reason a block of the article is furniture, from its text, or null. `folded` is the
 * block's text through foldText.
 */
export function classifyBlockText(folded: string, facts: BlockFacts): BoilerplateReason | null {
  if (folded === '') return null;
  const words = countWords(folded);
  const sentenceLike = /[.!?]$/.test(folded) && words > 12;

  // "Lire aussi : <linked title>", inline in the body.
  if (isRelatedLeadIn(folded) && (facts.linkDensity >= 0.3 || words <= 6)) return 'related';
  if (
    COOKIE_TOPIC.test(folded) &&
    COOKIE_ACTION.test(folded) &&
    COOKIE_VOICE.test(folded) &&
    words <= 80
  ) {
    return 'cookie';
  }
  if (
    COMMENT_POLICY_TOPIC.test(folded) &&
    COMMENT_POLICY_RULES.test(folded) &&
    COMMENT_POLICY_VOICE.test(folded) &&
    words <= 80
  ) {
    return 'comments';
  }
  if (isTimestampOnly(folded)) return 'dateline';
  if (
    words <= 10 &&
    (CREDIT_LINE.test(folded) || (facts.kind === 'caption' && PHOTO_AGENCY.test(folded)))
  ) {
    return 'caption';
  }
  for (const rule of TEXT_RULES) {
    if (words > rule.maxWords) continue;
    if (rule.reason === 'dateline' && !/\d/.test(folded)) continue;
    if (sentenceLike && rule.reason !== 'notice' && rule.reason !== 'paywall') continue;
    if (rule.pattern.test(folded)) return rule.reason;
  }
  if (words <= 10 && isShareText(folded)) return 'share';
  if (isBreadcrumbTrail(folded)) return 'navigation';
  // A paragraph or list item that is all links with headline-long text: a headline pointing
  // elsewhere. Lists of names ("Alexandre Hervaud, Jérémy Piette") have 2-3 words a link.
  if (
    facts.linkDensity >= 0.75 &&
    facts.wordsPerLink >= 4 &&
    words >= 3 &&
    words <= 25 &&
    (facts.kind === 'paragraph' || facts.kind === 'list-item')
  ) {
    return 'related';
  }
  return null;
}

/** Share buttons' text: "Partager …", or two social networks / actions named. */
export function isShareText(folded: string): boolean {
  if (SHARE_LINE.test(folded)) return true;
  return (folded.match(SOCIAL_TOKEN)?.length ?? 0) >= 2;
}

/** "Accueil > Monde > Europe": short segments joined by the same separator, no sentence. */
function isBreadcrumbTrail(folded: string): boolean {
  if (folded.length > 120 || /[.!?]$/.test(folded)) return false;
  for (const separator of [' > ', ' › ', ' / ', ' | ', ' • ']) {
    const segments = folded.split(separator);
    if (segments.length >= 3 && segments.every((s) => s.length > 0 && countWords(s) <= 5)) {
      return true;
    }
  }
  return false;
}

/**
 * The reason a box headed by `label` (its first line or aria-label, folded) is furniture, or
 * null. Labels are short: at most 10 words.
 */
export function classifyLabel(label: string): BoilerplateReason | null {
  if (label === '' || countWords(label) > 10) return null;
  if (TICKER_LABEL.test(label)) return 'ticker';
  if (COMMENTS_LABEL.test(label)) return 'comments';
  if (AUTHOR_LINE.test(label)) return 'author';
  if (
    /^(?:newsletters?\b|(?:la |notre )?lettre d'info|inscri(?:vez|ption)|recevez\b)/.test(label)
  ) {
    return 'newsletter';
  }
  if (/^(?:partager|partagez|partage)\b/.test(label)) return 'share';
  if (/^(?:publicite|contenus? sponsorises?|sponsorise|en partenariat|annonces?)\b/.test(label)) {
    return 'promo';
  }
  if (/^(?:fil d'ariane|breadcrumbs?|vous etes ici|navigation|menu)\b/.test(label)) {
    return 'navigation';
  }
  if (RELATED_LABEL.test(label)) return 'related';
  return null;
}
