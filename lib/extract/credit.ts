/**
 * The credit of a plain-text news article: the line (or end-of-paragraph parenthesis) that
 * credits the text to an agency or to an author "with" an agency.
 *
 * Forms recognised, on one line (trimmed block):
 * - a parenthesis of agency names and/or author initials: "(AFP)", "(ats/svp)", "(afp/xx)",
 *   "(Belga)", "(Keystone-ATS)";
 * - a bare agency line: "Reuters", "AFP", "AFP/Reuters", "Source : AFP";
 * - "avec ...": "avec AFP", "Avec agences", "Par Jean Dupont avec AFP",
 *   "Sami Nemli avec Agence / Les Inspirations ECO" (agency null: "Agence" names none);
 * - a short byline ending in an agency: "Jean Dupont (AFP)", "Jean Dupont / AFP";
 * - at the end of the last paragraph, after sentence punctuation: "... a-t-il dit. (AFP)"
 *   (the credit is then only the parenthesis).
 *
 * A photo credit glued to a caption ("...du monde.Keystone", "Photo : AFP") is not the article
 * credit: those lines are captions (see plain-boilerplate.ts) and are skipped when the
 * boilerplate is passed in; lines starting with a photo marker are skipped in any case.
 */
import type { BoilerplateBlock, Credit, TextBlock } from '../types';

/** Lower-case agency token (accents removed) to canonical name. */
const AGENCIES: ReadonlyMap<string, string> = new Map([
  ['afp', 'AFP'],
  ['agence france-presse', 'AFP'],
  ['agence france presse', 'AFP'],
  ['ats', 'ATS'],
  ['sda', 'ATS'],
  ['keystone-ats', 'Keystone-ATS'],
  ['keystone-sda', 'Keystone-ATS'],
  ['reuters', 'Reuters'],
  ['ap', 'AP'],
  ['associated press', 'AP'],
  ['belga', 'Belga'],
  ['dpa', 'DPA'],
  ['map', 'MAP'],
  ['aps', 'APS'],
  ['ansa', 'ANSA'],
  ['efe', 'EFE'],
  ['apa', 'APA'],
  ['anp', 'ANP'],
  ['awp', 'AWP'],
  ['tap', 'TAP'],
  ['mena', 'MENA'],
  ['lusa', 'Lusa'],
  ['xinhua', 'Xinhua'],
  ['tass', 'TASS'],
  ['ria novosti', 'RIA Novosti'],
  ['kyodo', 'Kyodo'],
  ['yonhap', 'Yonhap'],
  ['upi', 'UPI'],
  ['bloomberg', 'Bloomberg'],
  ['relaxnews', 'Relaxnews'],
  ['apm', 'APM'],
  ['cp', 'La Presse Canadienne'],
  ['la presse canadienne', 'La Presse Canadienne'],
]);

/** Generic words that say "an agency" without naming one. */
const GENERIC_AGENCY = /^(?:agences?|agency|agencies|d[’']agences?|les agences)$/i;

/** A regex source matching `word` in any case, for patterns that cannot use the i flag. */
function anyCase(word: string): string {
  return word.replace(/\p{L}/gu, (letter) => {
    const lower = letter.toLowerCase();
    const upper = letter.toUpperCase();
    return lower === upper ? letter : `[${lower}${upper}]`;
  });
}

/**
 * Alternation of agency names for the patterns below, longest first, in any case (the patterns
 * that also need \p{Lu} for names cannot take the i flag, which would make \p{Lu} match any letter).
 */
const AGENCY_ALTERNATION = [...AGENCIES.keys()]
  .sort((a, b) => b.length - a.length)
  .map((name) => anyCase(name).replace(/\./g, '\\.').replace(/ /g, '\\s+'))
  .join('|');

/** "(AFP)", "(ats/svp)", "(afp / xx, dpa)": tokens of letters joined by / , - or spaces. */
const PAREN_CREDIT = /^\(\s*([\p{L}][\p{L}.-]{0,24}(?:\s*[/,;]\s*[\p{L}][\p{L}.-]{0,24})*)\s*\)$/u;
/** Author initials in a credit parenthesis ("svp", "jdm", "ag."). */
const INITIALS = /^\p{Ll}{2,4}\.?$/u;

/** "Reuters", "AFP/Reuters", "Source : AFP", "Sources: AFP, Reuters". */
const BARE_AGENCY = new RegExp(
  `^(?:sources?\\s*:\\s*)?(?:${AGENCY_ALTERNATION})(?:\\s*(?:[/,]|et|and)\\s*(?:${AGENCY_ALTERNATION}))*\\.?$`,
  'iu',
);

/** A capitalised name token: "Sami", "Jean-Pierre", "d'Ormesson" is not required. */
const NAME_TOKEN = String.raw`\p{Lu}[\p{L}'’.-]*`;
const NAME = String.raw`${NAME_TOKEN}(?:\s+(?:de\s+|du\s+|van\s+|von\s+|le\s+)?${NAME_TOKEN}){0,3}`;

/**
 * "[Par] [Name[, Name] ]avec AGENCY|Agence[s] [/ Outlet]": the "with agencies" credit.
 * The outlet after a slash or dash may be any short text.
 */
const WITH_AGENCY = new RegExp(
  String.raw`^(?:\(\s*)?(?:(?:[Pp]ar|[Bb]y)\s+)?(?:${NAME}(?:\s*(?:,|et)\s*${NAME})*\s*,?\s+)?(?:[Aa]vec|[Ww]ith)\s+(?:[lL][’']|les\s+|la\s+|d[’'])?(?<agency>${AGENCY_ALTERNATION}|${anyCase('agences?')}|${anyCase('agency')}|${anyCase('agencies')})(?:\s*(?:[/,]|et)\s*(?:${AGENCY_ALTERNATION}))*\s*\)?\s*(?:[/|–—-]\s*[^.!?]{1,60})?\.?$`,
  'u',
);

/** "Jean Dupont (AFP)", "Par Jean Dupont / AFP", "Jean Dupont, AFP". */
const BYLINE_AGENCY = new RegExp(
  String.raw`^(?:(?:[Pp]ar|[Bb]y)\s+)?${NAME}\s*(?:\(\s*(?<a1>${AGENCY_ALTERNATION})\s*\)|[/,–—-]\s*(?<a2>${AGENCY_ALTERNATION}))\.?$`,
  'u',
);

/** A parenthesis of agency names closing the last paragraph: "... a-t-il dit. (AFP)". */
const TRAILING_PAREN = /[.!?…»"”]\s*(\([^()]{2,40}\))$/u;

/** Lines that carry a photo credit, never the article credit. */
const PHOTO_MARKER = /^(?:©|photos?\b|image\b|illustration\b|cr[ée]dits?\b|vid[ée]o\b)/iu;

/** A credit line has at most this many words: credits are short. */
const CREDIT_MAX_WORDS = 14;

function canonicalAgency(token: string): string | null {
  const key = token
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  return AGENCIES.get(key) ?? null;
}

/**
 * Reads the inside of a credit parenthesis ("ats/svp"): the first agency named (null if only
 * initials), or null when a token is neither an agency nor author initials.
 */
function parenAgency(inner: string): { agency: string | null } | null {
  const tokens = inner.split(/\s*[/,;]\s*/);
  let agency: string | null = null;
  let named = false;
  for (const token of tokens) {
    const canonical = canonicalAgency(token);
    if (canonical !== null) {
      named = true;
      agency ??= canonical;
    } else if (!INITIALS.test(token)) {
      return null;
    }
  }
  // Initials alone ("(svp)") could be anything in parentheses; with a slash they are a credit.
  if (!named && tokens.length < 2) return null;
  return { agency };
}

/** A credit found inside one line: offsets relative to the line. */
export interface LineCredit {
  start: number;
  end: number;
  agency: string | null;
}

/**
 * Whether a whole line is a credit line (all forms but the end-of-paragraph parenthesis).
 * Used by the boilerplate finder to know where the article ends.
 */
export function matchCreditLine(line: string): LineCredit | null {
  if (line.length > 160 || PHOTO_MARKER.test(line)) return null;
  if (line.split(/\s+/).length > CREDIT_MAX_WORDS) return null;
  const whole = (agency: string | null): LineCredit => ({ start: 0, end: line.length, agency });

  const paren = PAREN_CREDIT.exec(line);
  if (paren) {
    const found = parenAgency(paren[1] ?? '');
    return found ? whole(found.agency) : null;
  }
  const bare = BARE_AGENCY.exec(line);
  if (bare) {
    const first = /^(?:sources?\s*:\s*)?(.+?)(?:\s*(?:[/,]|\bet\b|\band\b)|\.?$)/iu.exec(line);
    return whole(canonicalAgency(first?.[1] ?? line));
  }
  const withAgency = WITH_AGENCY.exec(line);
  if (withAgency) {
    const token = withAgency.groups?.['agency'] ?? '';
    return whole(GENERIC_AGENCY.test(token) ? null : canonicalAgency(token));
  }
  const byline = BYLINE_AGENCY.exec(line);
  if (byline) {
    return whole(canonicalAgency(byline.groups?.['a1'] ?? byline.groups?.['a2'] ?? ''));
  }
  return null;
}

/**
 * A credit in a line: a whole credit line, or an agency parenthesis closing a paragraph
 * ("... a-t-il dit. (AFP)"), for which the span is only the parenthesis.
 */
export function matchCredit(line: string): LineCredit | null {
  const whole = matchCreditLine(line);
  if (whole) return whole;
  // TRAILING_PAREN ends the line with ")": tested first, since most lines do not.
  if (line.charCodeAt(line.length - 1) !== 0x29 || PHOTO_MARKER.test(line)) return null;
  const trailing = TRAILING_PAREN.exec(line);
  if (!trailing) return null;
  const paren = trailing[1] ?? '';
  const found = parenAgency(paren.slice(1, -1).trim());
  // At the end of prose, only a parenthesis that names an agency is a credit: "(sic)",
  // "(photo)" or "(ndlr)" are not.
  if (!found || found.agency === null) return null;
  const start = line.length - paren.length;
  return { start, end: line.length, agency: found.agency };
}

/** With the boilerplate known, how many article blocks from the end may hold the credit. */
const CREDIT_SEARCH_BLOCKS = 4;
/** Without it, the part of the text (from the end, in characters) that may hold the credit. */
const CREDIT_SEARCH_TAIL = 0.4;

/**
 * The credit of the article, or null: the last credit found looking back from the end.
 *
 * Pass findBoilerplate's result as `boilerplate`: its blocks are skipped, and the credit must
 * then be in the last few article blocks. Without it every block counts and the last credit in
 * the final 40% of the text is taken, which may be one inside another article's teaser.
 */
export function findCredit(
  text: string,
  blocks: TextBlock[],
  boilerplate?: BoilerplateBlock[],
): Credit | null {
  const removed = new Set((boilerplate ?? []).map((block) => block.start));
  const tailStart = text.length * (1 - CREDIT_SEARCH_TAIL);
  let seen = 0;
  for (let index = blocks.length - 1; index >= 0; index--) {
    const block = blocks[index]!;
    if (removed.has(block.start)) continue;
    if (boilerplate ? seen >= CREDIT_SEARCH_BLOCKS : block.end < tailStart) break;
    seen++;
    const found = matchCredit(text.slice(block.start, block.end));
    if (found) {
      const start = block.start + found.start;
      const end = block.start + found.end;
      return { start, end, text: text.slice(start, end), agency: found.agency };
    }
  }
  return null;
}
