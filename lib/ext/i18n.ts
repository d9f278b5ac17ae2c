/**
 * The interface's words, through the browser's i18n (public/_locales/{en,fr}/messages.json):
 * the browser picks the catalogue from its own language, English when it has no other.
 *
 * Components receive a `Translate` function rather than calling `browser.i18n` so they
 * render outside an extension (component tests, with `catalogTranslator` over the same
 * JSON files, which formats placeholders the way browsers do).
 */
export type Catalog = typeof import('../../public/_locales/en/messages.json');

export type MessageKey = keyof Catalog;

/** Substitutions fill placeholders $1 … $9 in order. */
export type Translate = (key: MessageKey, substitutions?: readonly (string | number)[]) => string;

/** A catalogue entry as stored in messages.json. */
export interface CatalogEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

/**
 * Formats an entry like `i18n.getMessage`: named placeholders ($NAME$, case-insensitive)
 * take their content, in which $1 … $9 are the substitutions; '$$' is a dollar sign.
 */
export function formatMessage(entry: CatalogEntry, substitutions: readonly string[] = []): string {
  const placeholders = new Map(
    Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
  );
  const fill = (text: string) =>
    text.replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
  return entry.message.replace(/\$\$|\$([A-Za-z0-9_@]+)\$/g, (whole, name?: string) => {
    if (whole === '$$') return '$';
    const content = placeholders.get(name!.toLowerCase());
    return content === undefined ? whole : fill(content);
  });
}

/** A translator over a catalogue object (tests, and pages rendered outside the browser). */
export function catalogTranslator(catalog: Record<string, CatalogEntry>): Translate {
  return (key, substitutions = []) => {
    const entry = catalog[key];
    return entry ? formatMessage(entry, substitutions.map(String)) : key;
  };
}

/** The subset of `browser.i18n` used here. */
export interface I18nApi {
  getMessage(name: string, substitutions?: string | string[]): string;
  getUILanguage(): string;
}

/** The translator of the running extension; a missing key shows as itself, not as ''. */
export function browserTranslator(i18n: I18nApi): Translate {
  return (key, substitutions = []) => i18n.getMessage(key, substitutions.map(String)) || key;
}

const percentFormats = new Map<string, Intl.NumberFormat>();

/** Formats a ratio in [0, 1] as a percentage in the interface's language ('45 %' in French). */
export function formatPercent(ratio: number, locale: string): string {
  // One formatter per locale: creating one costs far more than formatting (a popup formats
  // a percentage for every source).
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    percentFormats.set(locale, format);
  }
  return format.format(ratio);
}
