/**
 * "Is this page in French?", for automatic analysis only (a reader who clicks the button
 * gets an analysis whatever the language).
 *
 * The page's declared language wins when it has one (a template's wrong `lang="en"` costs
 * one missed badge, which is the cheaper mistake). Undeclared pages are judged on their
 * text by lib/text/language.ts, reading at most the first 5,000 characters.
 */
import { detectLanguage } from '../text/language';

/** How much of an undeclared page's text is read to guess its language. */
const SAMPLE_LENGTH = 5000;

/** Whether a language tag names French ('fr', 'fr-CH', 'FR_fr'). */
export function isFrenchTag(tag: string): boolean {
  return /^fr(?:[-_]|$)/i.test(tag.trim());
}

/** Whether a page is in French, from its declared language, else from its text. */
export function isFrenchPage(language: string | null, text: string): boolean {
  if (language && language.trim() !== '') return isFrenchTag(language);
  return detectLanguage(text.slice(0, SAMPLE_LENGTH)).language === 'fr';
}
