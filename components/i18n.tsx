/**
 * The interface language for the popup's components: a translator and the locale used to
 * format numbers, provided once at the root.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Translate } from '@/lib/ext/i18n';
import { formatPercent } from '@/lib/ext/i18n';

export interface I18n {
  t: Translate;
  locale: string;
  /** A ratio in [0, 1] as a percentage in the interface's language. */
  percent(ratio: number): string;
}

export function makeI18n(t: Translate, locale: string): I18n {
  return { t, locale, percent: (ratio) => formatPercent(ratio, locale) };
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside an I18nContext provider');
  return i18n;
}
