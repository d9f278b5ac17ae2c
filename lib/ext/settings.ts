/**
 * The reader's settings: typed, with defaults, versioned, validated when loaded.
 *
 * Stored in IndexedDB by the background. A stored record that does not validate (written by
 * a future version, or damaged) is not trusted field by field: each field that checks is kept,
 * every other one falls back to its default, so one bad field never resets the others.
 */
import { boolean, type Schema } from './validate';

export const SETTINGS_VERSION = 1;

export interface Settings {
  version: typeof SETTINGS_VERSION;
  /**
   * "Analyse French news pages automatically": analyse every page in French that reads as an
   * article and show its shared percentage on the toolbar badge. Needs host access, which the
   * popup requests when the reader switches this on.
   */
  autoAnalyse: boolean;
  /** Whether shared sentences are highlighted in the page after an analysis. */
  highlight: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  version: SETTINGS_VERSION,
  autoAnalyse: false,
  highlight: true,
});

/** The fields a reader may change, each optional: what the popup sends. */
export type SettingsPatch = Partial<Omit<Settings, 'version'>>;

const FIELD_SCHEMAS: { [K in keyof SettingsPatch]-?: Schema<Settings[K]> } = {
  autoAnalyse: boolean,
  highlight: boolean,
};

/** Reads a stored settings record: valid fields kept, the others defaulted. Never throws. */
export function parseSettings(stored: unknown): Settings {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  if (typeof stored !== 'object' || stored === null) return settings;
  const record = stored as Record<string, unknown>;
  for (const key of Object.keys(FIELD_SCHEMAS) as (keyof SettingsPatch)[]) {
    if (FIELD_SCHEMAS[key](record[key], key) === null) settings[key] = record[key] as boolean;
  }
  return settings;
}

/** Applies a validated patch. */
export function applySettingsPatch(settings: Settings, patch: SettingsPatch): Settings {
  const next: Settings = { ...settings };
  if (patch.autoAnalyse !== undefined) next.autoAnalyse = patch.autoAnalyse;
  if (patch.highlight !== undefined) next.highlight = patch.highlight;
  return next;
}
