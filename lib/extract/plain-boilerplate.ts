/**
 * Site furniture in a plain-text news article: which lines are not the article.
 *
 * Corpus documents and CLI inputs are pages saved as text, so they keep the site around the
 * story: headline tickers, breadcrumbs, timestamps, captions, "À lire aussi", comment boxes,
 * author boxes, teasers of other articles. Those lines must not be matched or counted. The
 * rules below describe the structure and vocabulary of French news furniture in general; none
 * names a site.
 *
 * Rules, per line (a TextBlock from splitLines), on a normalised copy (lower case, no accents,
 * one kind of apostrophe and quote):
 * - ticker: ≥ 4 segments separated by runs of 2+ spaces, tabs, bullets or pipes, ≥ 75% of them
 *   headline-like (2–30 words, capital or digit first, no final . , ; :). Prose typed with two
 *   spaces after a period fails the last test.
 * - dateline: "Publié …", "Mis à jour …", "Modifié le …" with a date; or a line that is only
 *   dates and times ("13.08.2024, 08:40", "lundi 12 août 2024 à 18h05").
 * - caption: a short line ending in a photo credit glued to the caption ("…du monde.Keystone",
 *   "… / AFP", "© Reuters"), or starting with "Photo :", "©", "Crédit photo"; and lines that are
 *   repeated (same words after normalising case, accents, apostrophes and punctuation, ≥ 5 words):
 *   when a heading form (no final period) and sentence forms repeat each other, the heading is
 *   the title and stays; when all forms end like sentences, all are captions; when all are
 *   headings, the first stays.
 * - related: "(À) lire/voir aussi", "Sur le même sujet", "Plus de «…»", "… pourrait (également)
 *   vous intéresser", "Vous aimerez aussi", "Les plus lus", "Pour aller plus loin" (short). A
 *   bare "À lire aussi :" also takes the heading-like line after it (the linked title).
 * - comments: "N commentaire(s)", "Réagir", "Commentaires"; a comment policy (mentions comments,
 *   moderation/charter/closing vocabulary, and speaks as the site: nous, vous, merci).
 * - promo: "Vidéo : …", "Podcast : …", "Publicité", "Contenu sponsorisé", app downloads.
 * - navigation: "retour en haut", "haut de page", "aller au contenu", "Cliquez ici …",
 *   "Lire la suite"; in the leading zone (before the first prose paragraph), breadcrumbs
 *   ("Accueil › Monde") and section labels (1–3 capitalised words that are section vocabulary,
 *   the first line, or next to another such label).
 * - share, notice (image reports, JavaScript, browser, ad blocker), cookie, newsletter, paywall:
 *   their own vocabulary, on short lines only.
 * - author: a person-name line (2–4 capitalised words) followed by a bio (journaliste,
 *   rédacteur, passionné, spécialisé, "I have been", "I am", "years"): both lines. Also a
 *   "Par Prénom Nom" byline.
 *
 * Trailing zone: the article ends at its credit line ("(ats/svp)", "avec AFP", see credit.ts)
 * when that line is in the second half of the text; every line after it is furniture. Without
 * such a credit, a bare related or comments header in the second half ("Voir aussi sur X :",
 * "3 commentaires") ends the article. In the zone a line keeps its own reason if it has one; a
 * lone number starts another article's teaser ('related'); any other line takes the reason of
 * the last section header above it (related, comments, promo, newsletter, paywall), else of the
 * next one below it, else 'related'.
 *
 * Article lines are protected by the shapes the rules ask for: pull quotes (opening with a
 * quote mark) and their attribution ("Elon Musk", under 5 words) are not counted as repeated
 * lines, and no bio follows them; subheadings come after the first prose paragraph, where
 * section labels are not looked for; the article's credit line is never furniture; vocabulary
 * rules only fire on short lines (a paragraph that mentions a newsletter is not furniture), and
 * a comment policy must also speak as the site (nous, vous, merci).
 *
 * Cost: linear in the text. Each line's word count reads only the gaps between the text's words
 * (found once for the whole text); lines of more than 16 words (prose) are folded and tested
 * against a vocabulary rule only when they contain one of its trigger words (TRIGGER_WORDS);
 * repeats are grouped by a numeric key of the line's words.
 */
import type { BoilerplateBlock, BoilerplateReason, TextBlock } from '../types';
import { matchCredit, matchCreditLine } from './credit';
import {
  firstWordEndingAfter,
  foldCase,
  foldLine,
  isSpaceCode,
  textWords,
  wordHashesIn,
  type TextWords,
} from '../text/normalize';
import { HashTable, hashString, wordsKey } from '../match/hash';

/** Lower case, accents removed, ’ ‘ → ', « » “ ” → ", whitespace runs → one space. */
export function normaliseLine(line: string): string {
  return foldLine(line);
}

/**
 * The words of a line, for comparing repeated lines: folded words only (case, accents,
 * apostrophes and punctuation do not count), as a hash key.
 */
function repeatKey(words: TextWords, text: string, block: TextBlock): number {
  return wordsKey(wordHashesIn(words, text, block.start, block.end));
}

/** Whitespace-separated words, counted without allocating (this runs on every line). */
function countWords(line: string): number {
  let count = 0;
  let inWord = false;
  for (let index = 0; index < line.length; index++) {
    const space = isSpaceCode(line.charCodeAt(index));
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

// ---------------------------------------------------------------- ticker

const TICKER_SEPARATOR = /\s{2,}|\t+|\s*[|•·▪►◆]\s*/u;
const TICKER_MIN_SEGMENTS = 4;
const TICKER_HEADLINE_SHARE = 0.75;
const HEADLINE_START = /^[\p{Lu}\p{N}"«“'‘[(¿¡]/u;
const HEADLINE_BAD_END = /[.,;:]$/;

function isTicker(line: string): boolean {
  const segments = line.split(TICKER_SEPARATOR).filter((segment) => segment.trim() !== '');
  if (segments.length < TICKER_MIN_SEGMENTS) return false;
  let headlines = 0;
  for (const segment of segments) {
    const words = countWords(segment);
    if (
      words >= 2 &&
      words <= 30 &&
      HEADLINE_START.test(segment) &&
      !HEADLINE_BAD_END.test(segment.trim())
    ) {
      headlines++;
    }
  }
  return headlines >= segments.length * TICKER_HEADLINE_SHARE;
}

// ---------------------------------------------------------------- dateline

const MONTHS =
  'janv(?:ier)?|fevr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|aout|sept(?:embre)?|oct(?:obre)?|nov(?:embre)?|dec(?:embre)?|january|february|march|april|may|june|july|august|september|october|november|december';
const DATELINE_START =
  /^(?:publie|mis a jour|mise a jour|modifie|actualise|cree|paru|posted|updated|published)\b/;
const DATE_OR_TIME = new RegExp(
  String.raw`\d{4}-\d{2}-\d{2}(?:t[\d:.]+z?)?|\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{2,4}|\d{1,2}\s*[:h]\s*\d{2}|\d{1,2}(?:er)?\s+(?:${MONTHS})\.?(?:\s+\d{4})?|\b\d{4}\b`,
  'g',
);
/** A dateline has at most this many words. */
const DATELINE_MAX_WORDS = 16;
const DATE_FILLER =
  /\b(?:le|la|a|et|du|au|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|publie|mis|mise|jour|modifie|actualise|heures?|min|utc|gmt|cet|cest|hier|aujourd'hui|il y a|minutes?|h)\b/g;

function isDateline(normalised: string, words: number): boolean {
  if (words > DATELINE_MAX_WORDS) return false;
  if (DATELINE_START.test(normalised)) {
    return /\d|\bhier\b|aujourd'hui/.test(normalised);
  }
  if (words > 12) return false;
  const withoutDates = normalised.replace(DATE_OR_TIME, ' ');
  if (withoutDates === normalised) return false;
  const rest = withoutDates.replace(DATE_FILLER, ' ').replace(/[^\p{L}]/gu, '');
  return rest.length <= 3;
}

// ---------------------------------------------------------------- captions

const PHOTO_AGENCIES =
  "Keystone|KEYSTONE|Getty Images|Getty|EPA-EFE|EPA|imago images|imago|IMAGO|Shutterstock|DR|Sipa|SIPA|Abaca|ABACA|MaxPPP|MAXPPP|Hans Lucas|Anadolu|Unsplash|Pexels|Wikimedia Commons|Capture d[’']écran|capture d[’']écran";
const WIRE_AGENCIES =
  'AFP|Reuters|REUTERS|AP Photo|AP|Belga|BELGA|dpa|DPA|SDA|ANP|Xinhua|Bloomberg';
/** A photographer after the agency: "KEYSTONE/Peter Klaunzer", "AFP / John Doe". */
const PHOTOGRAPHER = String.raw`(?:\s*(?:/|via|-)\s*[\p{L}][\p{L} .'’-]{0,40})?`;
/**
 * A photo credit ending a caption: glued to the caption's last punctuation ("monde.Keystone"),
 * after "©", "/" or "|", or after a space when the agency is a photo agency.
 */
const CAPTION_CREDIT_END = new RegExp(
  String.raw`(?:[.!?»"”)](?:${PHOTO_AGENCIES}|${WIRE_AGENCIES})|(?:[.!?»"”)]\s+|\s[|/]\s*|©\s*)(?:${PHOTO_AGENCIES})|(?:\s[|/]\s*|©\s*)(?:${WIRE_AGENCIES}))${PHOTOGRAPHER}$`,
  'u',
);
const CAPTION_START = /^(?:©|photos?\s*:|images?\s*:|illustration\s*:|credits?(?: photos?)?\s*:)/;
const CAPTION_MAX_WORDS = 45;
const REPEAT_MIN_WORDS = 5;
const REPEAT_MAX_WORDS = 60;
const SENTENCE_END = /[.!?…]["»”)]?$/;
const QUOTE_START = /^["«“„]/u;

// ---------------------------------------------------------------- related, comments, promo...

const RELATED_READ_ALSO =
  /^(?:\(?(?:a |\*)?(?:lire|voir|ecouter|regarder|decouvrir|relire|revoir)\s+(?:aussi|egalement|encore)\b|a lire\s*:)/;
const RELATED_PHRASE =
  /^(?:sur le meme (?:sujet|theme)|dans la meme rubrique|articles? (?:lies|similaires|associes|recommandes)|nos articles|plus d'articles|autres articles|(?:les )?(?:articles )?les plus (?:lus|partages|commentes|populaires)|plus de (?:sujets|articles|videos|contenus|actualites)\b|les plus (?:lus|partages|commentes|populaires)|vous aimerez (?:aussi|peut-etre|egalement)|vous pourriez (?:aussi |egalement )?aimer|recommande pour vous|a ne pas manquer|ne manquez pas|pour aller plus loin|notre selection|plus de "|a la une|les dernieres (?:actualites|infos|nouvelles))/;
const RELATED_INTEREST =
  /\b(?:pourrait|pourraient|devrait|devraient|pourra) (?:aussi |egalement |bien )?vous (?:interesser|plaire)\b/;
const RELATED_MAX_WORDS = 30;
const RELATED_PHRASE_MAX_WORDS = 12;
/** A related line that only announces a list: nothing after the phrase but a colon or a site. */
const BARE_HEADER_MAX_WORDS = 6;

const COMMENTS_HEADER =
  /^(?:\d+\s+(?:commentaires?|reactions?|comments?)|(?:commentaires?|reactions?|comments?|(?:reagir|reagissez)(?: a (?:cet|l') article)?|(?:laisser|ajouter|ecrire|poster|publier) un commentaire|(?:voir|afficher|lire) les (?:\d+ )?commentaires|participer a la discussion|donnez votre avis)(?:\s*\(\d+\))?)\s*:?$/;
const COMMENT_POLICY_TOPIC = /\bcommentaires?\b/;
const COMMENT_POLICY_TERMS =
  /\b(?:moder\w*|charte|netiquette|ferm\w*|desactiv\w*|publication|abonnes|injurieu\w*|diffamatoire\w*|respectueu\w*|conditions d'utilisation)\b/;
const SITE_VOICE = /\b(?:nous|notre|nos|vous|votre|vos|merci)\b/;
const COMMENT_POLICY_MAX_WORDS = 90;

const PROMO =
  /^(?:(?:videos?|podcasts?|diaporama|galerie|infographie|en images|en video)\s*[:|–-]\s*\S.*|videos?|podcasts?|publicite|annonce|contenu sponsorise|sponsorise|partenaire|contenu partenaire)$|^(?:remportez|gagnez|jeu[- ]concours)\b|\b(?:telecharge[rz] (?:notre |l')?(?:application|appli)|contenu (?:sponsorise|partenaire)|en partenariat avec)\b/;
const PROMO_MAX_WORDS = 12;

const NAVIGATION =
  /\b(?:retour en haut|haut de (?:la )?page|retour (?:a|vers) l'accueil|aller au (?:contenu|menu)|passer au contenu|menu principal|fil d'ariane|page (?:suivante|precedente)|article (?:suivant|precedent))\b|^(?:cliquez|cliquer|appuyez) ici\b|^(?:lire la suite|lire l'article|voir l'article|lire plus|en lire plus|voir plus|afficher plus|read more|continuer (?:a|la) lecture)\b/;
const NAVIGATION_MAX_WORDS = 16;

const SHARE =
  /^(?:partager|partagez|partage|share|tweeter|tweet|imprimer|envoyer par (?:e-?mail|courriel)|copier le lien|suivez-nous)\b/;
const SOCIAL_WORD =
  /^(?:facebook|twitter|x|linkedin|whatsapp|e-?mail|courriel|pinterest|telegram|messenger|reddit|bluesky|threads|mastodon|copier|le|lien|imprimer|partager)$/;
const SHARE_MAX_WORDS = 10;

const NOTICE =
  /\bmerci (?:d'avoir|pour (?:votre|ce)) (?:signale|signalement)|\b(?:ce|cet|cette) (?:image|photo|contenu|commentaire|video|message|publication)\b.*\bsignal\w*|\bjavascript\b|\b(?:votre|ce) navigateur\b|\b(?:bloqueur|bloqueurs) de pub\w*|\badblock(?:ers?|eurs?)?\b/;
const COOKIE_TOPIC = /\bcookies?\b/;
const COOKIE_TERMS =
  /\b(?:accept\w*|utilis\w*|consent\w*|parametr\w*|traceurs?|navigation|politique|refus\w*|gerer|personnalis\w*)\b/;
const NEWSLETTER_TOPIC =
  /\b(?:newsletters?|infolettres?|lettres? d'information)\b|\b(?:inscrivez-vous|abonnez-vous) (?:gratuitement )?a (?:notre|nos|la)\b|\brecevez (?:gratuitement |chaque (?:jour|semaine|matin) )?(?:nos|notre|l'essentiel|les meilleurs)\b/;
const NEWSLETTER_VOICE = /\b(?:inscri\w*|abonn\w*|recev\w*|votre|vos|s'inscrire|gratuit\w*)\b/;
const PAYWALL =
  /\b(?:reserve|reservee|reserves|reservees) aux abonnes\b|\bdeja abonne\b|\bil vous reste \d+ ?% de l'article|\b(?:abonnez-vous|je m'abonne|s'abonner) (?:pour|et) (?:lire|continuer|acceder|debloquer)|\bpour (?:lire|acceder a) la suite\b|\b(?:premier|1er) mois (?:offert|a 1)|^(?:je m'abonne|s'abonner|se connecter|connexion|abonnez-vous)$|\b(?:article|contenu) premium\b|\bveuillez vous connecter\b|\bconnectez-vous pour\b|\b\d+ articles? gratuits?\b/;
const UI_MAX_WORDS = 40;

// ---------------------------------------------------------------- author

const NAME_TOKEN = /^\p{Lu}[\p{Ll}'’.-]*(?:-\p{Lu}[\p{Ll}'’.-]*)?$/u;
const NAME_PARTICLE = /^(?:de|du|des|van|von|le|la|d'|ben|el|al)$/;
const BYLINE = /^(?:[Pp]ar|[Bb]y)\s+(\p{Lu}[\p{L}'’.\- ]{1,60})$/u;
const BIO_ENGLISH =
  /\b(?:i am|i'm|i have been|i've been|years of experience|for \d+ years|i write|i cover|is a (?:journalist|writer|reporter|editor))\b/;
const BIO_FRENCH_START =
  /^(?:journaliste|redact(?:eur|rice)|passionne|specialise|diplome|correspondant|reporter|chroniqueu|auteur|autrice|editorialiste|ancien(?:ne)? journaliste|il est|elle est)/;
const BIO_ROLE =
  /\b(?:journaliste|redacteur|redactrice|correspondant|correspondante|reporter|chroniqueur|chroniqueuse|editorialiste|pigiste)\b/;
const BIO_DETAIL =
  /\b(?:passionne\w*|specialis\w*|depuis|diplome\w*|couvre|ecrit|travaille|rejoint)\b/;
const BIO_MAX_WORDS = 80;

function isPersonName(line: string): boolean {
  const tokens = line.split(/\s+/);
  if (tokens.length < 2 || tokens.length > 4) return false;
  let names = 0;
  for (const token of tokens) {
    if (NAME_TOKEN.test(token)) names++;
    else if (!NAME_PARTICLE.test(token)) return false;
  }
  return names >= 2;
}

function isBio(normalised: string, words: number): boolean {
  if (words < 5 || words > BIO_MAX_WORDS) return false;
  return (
    BIO_ENGLISH.test(normalised) ||
    BIO_FRENCH_START.test(normalised) ||
    (BIO_ROLE.test(normalised) && BIO_DETAIL.test(normalised))
  );
}

// ---------------------------------------------------------------- navigation in the lead

const SECTION_WORDS = new Set(
  (
    'accueil actualite actualites actu actus info infos news une international internationale monde ' +
    'france europe afrique amerique ameriques asie moyen-orient etats-unis usa suisse belgique maroc ' +
    'algerie tunisie quebec canada politique economie eco bourse bourses entreprise entreprises ' +
    'finance finances marches societe faits divers justice sport sports football culture cinema ' +
    'musique livres science sciences tech technologie technologies high-tech numerique medias sante ' +
    'environnement planete climat opinion opinions idees debats editorial regions region local ' +
    'locale vie people lifestyle style mode voyage voyages auto automobile immobilier emploi ' +
    'education video videos podcast podcasts direct live insolite divers home world business ' +
    'rubrique dossier dossiers analyse decryptage enquete enquetes chronique chroniques blog blogs ' +
    'nation national nationale regional economique argent conso consommation'
  ).split(/\s+/),
);
const SECTION_TOKEN = /^[\p{Lu}\p{N}][\p{L}\p{N}'’-]*$/u;
const SECTION_MAX_WORDS = 3;
const BREADCRUMB_SEPARATOR = /\s*[›>»/|·•]\s*/u;
const LABEL_BAD_END = /[.!?…:;,]$/;

/** A short capitalised label ("International", "Bourse Entreprise"): a section-label candidate. */
function isLabelShape(line: string): boolean {
  if (LABEL_BAD_END.test(line) || /\d/.test(line)) return false;
  const tokens = line.split(/\s+/).filter((token) => token !== '&');
  return (
    tokens.length >= 1 &&
    tokens.length <= SECTION_MAX_WORDS &&
    tokens.every((token) => SECTION_TOKEN.test(token))
  );
}

function hasSectionWord(normalised: string): boolean {
  return normalised.split(/\s+/).some((token) => SECTION_WORDS.has(token));
}

function isBreadcrumb(line: string): boolean {
  const segments = line.split(BREADCRUMB_SEPARATOR);
  if (segments.length < 2 || segments.length > 8) return false;
  return segments.every((segment) => {
    const words = countWords(segment);
    return words >= 1 && words <= 4 && /^[\p{Lu}\p{N}]/u.test(segment) && !/[.!?]$/.test(segment);
  });
}

// ---------------------------------------------------------------- the pass

/** A prose paragraph ends the leading zone: long enough and ending like a sentence. */
const PROSE_MIN_WORDS = 12;
const PROSE_ANY_END_WORDS = 25;
const PROSE_END = /[.!?…»"”)]$/;
/** The trailing zone can only start in the second half of the text. */
const TAIL_FRACTION = 0.5;
const LONE_NUMBER = /^\d{1,3}$/;
/**
 * Reasons that head a section of the trailing zone and pass on to the unlabelled lines around
 * them. A dateline, caption or author line is one line of its own: it passes nothing on.
 */
const SECTION_REASONS: ReadonlySet<BoilerplateReason> = new Set<BoilerplateReason>([
  'related',
  'comments',
  'promo',
  'newsletter',
  'paywall',
]);

/**
 * A line with its word count, and its normalised form computed on first use: most rules only
 * look at short lines, and normalising every long paragraph was the main cost of this module.
 */
export class LineInfo {
  private sliced: string | null = null;
  private folded: string | null = null;
  /** Whitespace-separated words. */
  readonly words: number;
  /** Whether the line has at least three ticker separators (runs of spaces, tabs, bullets). */
  readonly separated: boolean;
  /** The line's words are textWords' [firstWord, lastWord), unless one straddles a bound. */
  private readonly firstWord: number;
  private readonly lastWord: number;
  private readonly straddled: boolean;

  /**
   * The line text[start, end) of a text whose words are `textWords`. Counted in place: this
   * runs on every line of every document.
   */
  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
    private readonly textWords: TextWords,
  ) {
    // The state machine reads every character of the gaps between the text's words, and only
    // the first of each word (a word has no space or bullet in it): a sixth of the line.
    const { count, starts, ends } = textWords;
    const spaceKind = SPACE_KIND; // a local: see FOLD_CODE in normalize.ts
    let next = firstWordEndingAfter(textWords, start);
    this.firstWord = next;
    let straddled = next < count && starts[next]! < start;
    let words = 0;
    let separators = 0;
    let inWord = false;
    let spaces = 0;
    let i = start;
    while (i < end) {
      if (next < count && starts[next] === i + 1 && i + 1 < end && text.charCodeAt(i) === 32) {
        // The commonest gap, one space before a word: one more word, whatever came before
        // (no run of spaces is open after a word or at the start).
        words++;
        spaces = 0;
        inWord = true;
      } else {
        const gapEnd = next < count ? Math.min(Math.max(starts[next]!, start), end) : end;
        for (; i < gapEnd; i++) {
          const kind = spaceKind[text.charCodeAt(i)]!;
          if (kind === SPACE || kind === TAB) {
            inWord = false;
            spaces++;
            if (kind === TAB && spaces === 1) separators++;
            continue;
          }
          if (spaces >= 2) separators++;
          spaces = 0;
          if (kind === BULLET) separators++;
          if (!inWord) words++;
          inWord = true;
        }
        if (i >= end) break;
        // A word: as its first character would be counted.
        if (spaces >= 2) separators++;
        spaces = 0;
        if (!inWord) words++;
        inWord = true;
      }
      if (ends[next]! > end) straddled = true;
      i = Math.min(ends[next]!, end);
      next++;
    }
    this.lastWord = next;
    this.straddled = straddled;
    this.words = words;
    this.separated = separators >= TICKER_MIN_SEGMENTS - 1;
  }

  get line(): string {
    if (this.sliced === null) this.sliced = this.text.slice(this.start, this.end);
    return this.sliced;
  }

  get normalised(): string {
    if (this.folded === null) this.folded = normaliseLine(this.line);
    return this.folded;
  }

  /** The TRIGGER_ bits of the line's words (caption and related: of its first words only). */
  triggers(): number {
    // The words counted above, read in place (a view per line cost more than the lookups).
    let hashes: Uint32Array = this.textWords.hashes;
    let from = this.firstWord;
    let to = this.lastWord;
    if (this.straddled) {
      hashes = wordHashesIn(this.textWords, this.text, this.start, this.end);
      from = 0;
      to = hashes.length;
    }
    const triggers = TRIGGERS;
    let bits = 0;
    for (let k = from; k < to; k++) {
      const found = triggers.get(hashes[k]!);
      if (found === 0) continue;
      if (k === from) bits |= found;
      else if (k === from + 1) bits |= found & ~TRIGGER_CAPTION;
      else bits |= found & ~(TRIGGER_CAPTION | TRIGGER_RELATED);
    }
    let first = this.start;
    while (first < this.end && isSpaceCode(this.text.charCodeAt(first))) first++;
    if (this.text.charCodeAt(first) === 0xa9 /* © */) bits |= TRIGGER_CAPTION;
    return bits;
  }
}

/** SPACE_KIND: each UTF-16 code unit as LineInfo counts it. */
const NON_SPACE = 0;
const SPACE = 1;
const TAB = 2;
/** | · • ▪ ► ◆: a ticker separator, and the start of a word like any non-space. */
const BULLET = 3;
const SPACE_KIND = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  SPACE_KIND[c] =
    c === 9
      ? TAB
      : isSpaceCode(c)
        ? SPACE
        : c === 0x7c || c === 0xb7 || c === 0x2022 || c === 0x25aa || c === 0x25ba || c === 0x25c6
          ? BULLET
          : NON_SPACE;
}

/*
 * Vocabulary rules on prose-length lines. Most lines of an article are longer than
 * NAVIGATION_MAX_WORDS words, and there the vocabulary rules that still apply each need one of
 * a few words: a line is only folded and tested against a rule's expression when its words
 * (folded, as the rule sees them) include one of that rule's trigger words.
 */
/** CAPTION_START: the first word (or a leading ©). */
const TRIGGER_CAPTION = 1;
/** RELATED_READ_ALSO: the first or second word ("À lire aussi"). */
const TRIGGER_RELATED = 2;
const TRIGGER_COMMENTS = 4;
const TRIGGER_COOKIE = 8;
const TRIGGER_NOTICE = 16;
const TRIGGER_NEWSLETTER = 32;
const TRIGGER_PAYWALL = 64;
/** CAPTION_CREDIT_END: an agency's first word (or the agency glued to "via": "AFPvia"). */
const TRIGGER_CAPTION_CREDIT = 128;
/** Every alternative of each rule's expression needs at least one of its words. */
const TRIGGER_WORDS: [number, string][] = [
  [TRIGGER_CAPTION, 'photo photos image images illustration credit credits'],
  [TRIGGER_RELATED, 'lire voir ecouter regarder decouvrir relire revoir'],
  [TRIGGER_COMMENTS, 'commentaire commentaires'],
  [TRIGGER_COOKIE, 'cookie cookies'],
  [
    TRIGGER_NOTICE,
    'merci image photo contenu commentaire video message publication javascript navigateur ' +
      'bloqueur bloqueurs adblock adblocker adblockers adblockeur adblockeurs',
  ],
  [
    TRIGGER_NEWSLETTER,
    'newsletter newsletters infolettre infolettres lettre lettres inscrivez abonnez recevez',
  ],
  [
    TRIGGER_PAYWALL,
    'abonne abonnes abonner abonnez reste suite mois connecter connectez connexion premium ' +
      'gratuit gratuits',
  ],
];
const TRIGGERS = (() => {
  // Hashed with hashString on folded words, not scanWords: a string built by concatenation
  // (a cons string) passed to scanWords while the engine is still learning it makes the
  // compiled scan take a slow path for every text after (measured: twice the time per
  // character).
  const bits = new Map<number, number>();
  const add = (word: string, bit: number) => {
    const hash = hashString(foldCase(word));
    bits.set(hash, (bits.get(hash) ?? 0) | bit);
  };
  for (const [bit, list] of TRIGGER_WORDS) {
    for (const word of list.split(' ')) add(word, bit);
  }
  // An agency in CAPTION_CREDIT_END follows a character that is no word's; its first word ends
  // at a space, a hyphen or an apostrophe inside the name, or after the name, where only "via"
  // (PHOTOGRAPHER) can be glued to it.
  for (const agency of `${PHOTO_AGENCIES}|${WIRE_AGENCIES}`.split('|')) {
    const words = agency.split(/[^\p{L}\p{N}]+/u);
    add(words[0]!, TRIGGER_CAPTION_CREDIT);
    if (words.length === 1) add(words[0]! + 'via', TRIGGER_CAPTION_CREDIT);
  }
  return new HashTable(bits);
})();

/** Every TRIGGER_ bit: a line of up to NAVIGATION_MAX_WORDS words is tried against every rule. */
const ALL_TRIGGERS = 0xff;

/**
 * The reason a line is furniture on its own, wherever it stands; null if none. Each rule has its
 * length limit; above NAVIGATION_MAX_WORDS words (prose) a vocabulary rule is only tried when the
 * line has one of its trigger words, and the line is folded only then.
 */
function ownReason(info: LineInfo): BoilerplateReason | null {
  const { words } = info;
  if (words >= 8 && info.separated && isTicker(info.line)) return 'ticker';
  const triggers = words > NAVIGATION_MAX_WORDS ? info.triggers() : ALL_TRIGGERS;
  if (words <= DATELINE_MAX_WORDS && isDateline(info.normalised, words)) return 'dateline';
  if (
    words <= CAPTION_MAX_WORDS &&
    ((triggers & TRIGGER_CAPTION_CREDIT && CAPTION_CREDIT_END.test(info.line)) ||
      (triggers & TRIGGER_CAPTION && CAPTION_START.test(info.normalised)))
  )
    return 'caption';
  if (
    (words <= RELATED_MAX_WORDS &&
      triggers & TRIGGER_RELATED &&
      RELATED_READ_ALSO.test(info.normalised)) ||
    (words <= RELATED_PHRASE_MAX_WORDS &&
      (RELATED_PHRASE.test(info.normalised) || RELATED_INTEREST.test(info.normalised)))
  )
    return 'related';
  if (words <= 8 && COMMENTS_HEADER.test(info.normalised)) return 'comments';
  if (
    words <= COMMENT_POLICY_MAX_WORDS &&
    triggers & TRIGGER_COMMENTS &&
    isCommentPolicy(info.normalised)
  )
    return 'comments';
  if (words <= PROMO_MAX_WORDS && PROMO.test(info.normalised)) return 'promo';
  if (words <= NAVIGATION_MAX_WORDS && NAVIGATION.test(info.normalised)) return 'navigation';
  if (
    words <= SHARE_MAX_WORDS &&
    (SHARE.test(info.normalised) ||
      (words >= 2 && info.normalised.split(/\s+/).every((word) => SOCIAL_WORD.test(word))))
  )
    return 'share';
  if (words > UI_MAX_WORDS) return null;
  if (
    triggers & TRIGGER_COOKIE &&
    COOKIE_TOPIC.test(info.normalised) &&
    COOKIE_TERMS.test(info.normalised)
  )
    return 'cookie';
  if (triggers & TRIGGER_NOTICE && NOTICE.test(info.normalised)) return 'notice';
  if (
    triggers & TRIGGER_NEWSLETTER &&
    NEWSLETTER_TOPIC.test(info.normalised) &&
    NEWSLETTER_VOICE.test(info.normalised)
  )
    return 'newsletter';
  if (triggers & TRIGGER_PAYWALL && PAYWALL.test(info.normalised)) return 'paywall';
  const byline = BYLINE.exec(info.line);
  if (byline && isPersonName((byline[1] ?? '').replace(/\s+(?:et|and)\s+/g, ' '))) return 'author';
  return null;
}

function isCommentPolicy(normalised: string): boolean {
  return (
    COMMENT_POLICY_TOPIC.test(normalised) &&
    COMMENT_POLICY_TERMS.test(normalised) &&
    SITE_VOICE.test(normalised)
  );
}

/** A related or comments line that announces a list rather than linking one article. */
function isBareHeader(info: LineInfo, reason: BoilerplateReason): boolean {
  if (reason === 'comments') return true;
  if (reason !== 'related') return false;
  return info.normalised.endsWith(':') || info.words <= BARE_HEADER_MAX_WORDS;
}

/**
 * The furniture blocks of a plain text, in text order, each with its reason.
 * `blocks` are the text's lines as given by splitLines; `words`, the text's words if the caller
 * has them (textWords(text)), else they are found here.
 */
export function findBoilerplate(
  text: string,
  blocks: TextBlock[],
  words?: TextWords,
): BoilerplateBlock[] {
  const textWordsOf = words ?? textWords(text);
  const infos: LineInfo[] = blocks.map(
    (block) => new LineInfo(text, block.start, block.end, textWordsOf),
  );
  // One kind of array from the start, filled in a loop: built by map(), the closures below that
  // read it were deoptimised for a "wrong map" three times in a 10,000-document build.
  const reasons: (BoilerplateReason | null)[] = new Array(infos.length).fill(null);
  for (let i = 0; i < infos.length; i++) reasons[i] = ownReason(infos[i]!);
  const tailStart = text.length * TAIL_FRACTION;

  // The article's credit in the second half of the text: it is never furniture, and ends the
  // article (a run of adjacent credit lines counts as one).
  let creditIndex = -1;
  let creditEnd = -1;
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!;
    if (block.start < tailStart) continue;
    if (creditIndex === -1) {
      if (matchCredit(infos[index]!.line)) creditIndex = creditEnd = index;
    } else if (matchCreditLine(infos[index]!.line)) {
      creditEnd = index;
    } else {
      break;
    }
  }
  const isCredit = (index: number): boolean => index >= creditIndex && index <= creditEnd;
  for (let index = creditIndex; index >= 0 && index <= creditEnd; index++) reasons[index] = null;

  // Repeated lines: captions (the title form stays).
  const groups = new Map<number, number[]>();
  infos.forEach((info, index) => {
    if (reasons[index] !== null || isCredit(index)) return;
    if (info.words < REPEAT_MIN_WORDS || info.words > REPEAT_MAX_WORDS) return;
    if (QUOTE_START.test(info.line)) return;
    const key = repeatKey(textWordsOf, text, blocks[index]!);
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  });
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const sentences = group.filter((index) => SENTENCE_END.test(infos[index]!.line));
    if (sentences.length === 0) group.slice(1).forEach((index) => (reasons[index] = 'caption'));
    else sentences.forEach((index) => (reasons[index] = 'caption'));
  }

  // Author boxes: a name, then a bio.
  for (let index = 0; index + 1 < infos.length; index++) {
    const name = infos[index]!;
    const bio = infos[index + 1]!;
    if (
      reasons[index] === null &&
      !isCredit(index) &&
      name.words >= 2 &&
      name.words <= 4 &&
      isPersonName(name.line) &&
      isBio(bio.normalised, bio.words)
    ) {
      reasons[index] = 'author';
      reasons[index + 1] = 'author';
      index++;
    }
  }

  // A bare "À lire aussi :" announces the title on the next line.
  for (let index = 0; index + 1 < infos.length; index++) {
    const next = infos[index + 1]!;
    if (
      reasons[index] === 'related' &&
      infos[index]!.normalised.endsWith(':') &&
      reasons[index + 1] === null &&
      !isCredit(index + 1) &&
      next.words <= RELATED_PHRASE_MAX_WORDS + 4 &&
      !SENTENCE_END.test(next.line)
    ) {
      reasons[index + 1] = 'related';
    }
  }

  // Leading zone: breadcrumbs and section labels before the first prose paragraph.
  let firstProse = infos.findIndex(
    (info, index) =>
      reasons[index] === null &&
      (info.words >= PROSE_ANY_END_WORDS ||
        (info.words >= PROSE_MIN_WORDS && PROSE_END.test(info.line))),
  );
  if (firstProse === -1) firstProse = infos.length;
  const labelShaped = infos.map(
    (info, index) => index < firstProse && reasons[index] === null && isLabelShape(info.line),
  );
  for (let index = 0; index < firstProse; index++) {
    if (reasons[index] !== null || isCredit(index)) continue;
    const info = infos[index]!;
    if (isBreadcrumb(info.line)) {
      reasons[index] = 'navigation';
    } else if (
      labelShaped[index] &&
      (index === 0 ||
        hasSectionWord(info.normalised) ||
        labelShaped[index - 1] === true ||
        labelShaped[index + 1] === true)
    ) {
      reasons[index] = 'navigation';
    }
  }

  // Trailing zone: after the credit, or else from a bare related/comments header.
  let zoneStart = creditIndex === -1 ? -1 : creditEnd + 1;
  if (creditIndex === -1) {
    zoneStart = blocks.findIndex((block, index) => {
      const reason = reasons[index];
      return block.start >= tailStart && reason != null && isBareHeader(infos[index]!, reason);
    });
  }
  if (zoneStart !== -1) {
    const nextLabelled: (BoilerplateReason | null)[] = new Array<BoilerplateReason | null>(
      blocks.length,
    ).fill(null);
    for (let index = blocks.length - 2; index >= zoneStart; index--) {
      const next = reasons[index + 1];
      nextLabelled[index] =
        next && SECTION_REASONS.has(next) ? next : (nextLabelled[index + 1] ?? null);
    }
    let current: BoilerplateReason | null = null;
    for (let index = zoneStart; index < blocks.length; index++) {
      const own = reasons[index];
      if (own) {
        if (SECTION_REASONS.has(own)) current = own;
      } else if (LONE_NUMBER.test(infos[index]!.line)) {
        current = reasons[index] = 'related';
      } else {
        reasons[index] = current ?? nextLabelled[index] ?? 'related';
      }
    }
  }

  const found: BoilerplateBlock[] = [];
  blocks.forEach((block, index) => {
    const reason = reasons[index];
    if (reason)
      found.push({ start: block.start, end: block.end, text: infos[index]!.line, reason });
  });
  return found;
}
