/**
 * The reader's settings: typed, with defaults, versioned, validated when loaded.
 *
 * Stored in IndexedDB by the background. A stored record that does not validate (written by
 * a future version, or damaged) is not trusted field by field: each field that checks is kept,
 * every other one falls back to its default, so one bad field never resets the others.
 * Version 1 had `autoAnalyse` and `highlight`; version 2 adds the seeds switch and the two
 * thresholds (a version-1 record reads as version 2 with their defaults).
 *
 * The thresholds, and how they map to the engine (lib/annotate.ts, MatchOptions):
 * - `sharedThreshold` ("what counts as shared"): a sentence is shared when its most similar
 *   corpus sentence reaches it (MatchOptions.sharedThreshold; default 0.45).
 * - `editedThreshold` ("what counts as an edited copy"): outlets copy paragraphs, so a sentence
 *   that falls short of the shared threshold still counts as an edited copy when it reaches
 *   this similarity and a neighbouring sentence is a strong match in the same document
 *   (MatchOptions.contextThreshold; default 0.3). It is at most the shared threshold; at the
 *   shared threshold, a sentence is shared on its own evidence only.
 * A shared sentence is "verbatim" when its similarity is 1 (the same words), "edited" below:
 * that line is not a setting, it is what verbatim means.
 */
import type { MatchOptions } from '../annotate';
import { boolean, number, type Schema } from './validate';

/**
 * The engine's defaults (DEFAULT_MATCH_OPTIONS), written out so that the pages importing the
 * settings do not bundle the engine; tests/ext-settings.test.ts checks they agree.
 */
export const ENGINE_DEFAULTS = { sharedThreshold: 0.45, contextThreshold: 0.3, contextAnchor: 0.6 };

export const SETTINGS_VERSION = 2;

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
  /** Whether the bundled seed documents are part of the corpus. */
  useSeeds: boolean;
  /** Similarity from which a sentence is shared, in [MIN_THRESHOLD, 1]. */
  sharedThreshold: number;
  /** Similarity from which a sentence next to a strong match counts as an edited copy. */
  editedThreshold: number;
}

/** Thresholds below this match unrelated sentences that share a few common words. */
export const MIN_THRESHOLD = 0.2;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  version: SETTINGS_VERSION,
  autoAnalyse: false,
  highlight: true,
  useSeeds: true,
  sharedThreshold: ENGINE_DEFAULTS.sharedThreshold,
  editedThreshold: ENGINE_DEFAULTS.contextThreshold,
});

/** The fields a reader may change, each optional: what the popup and options page send. */
export type SettingsPatch = Partial<Omit<Settings, 'version'>>;

const threshold = number({ min: MIN_THRESHOLD, max: 1 });

export const SETTINGS_FIELDS: { [K in keyof SettingsPatch]-?: Schema<Settings[K]> } = {
  autoAnalyse: boolean,
  highlight: boolean,
  useSeeds: boolean,
  sharedThreshold: threshold,
  editedThreshold: threshold,
};

const FIELD_NAMES = Object.keys(SETTINGS_FIELDS) as (keyof SettingsPatch)[];

/** Reads a stored settings record: valid fields kept, the others defaulted. Never throws. */
export function parseSettings(stored: unknown): Settings {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  if (typeof stored !== 'object' || stored === null) return settings;
  const record = stored as Record<string, unknown>;
  const mutable = settings as unknown as Record<string, unknown>;
  for (const key of FIELD_NAMES) {
    if (SETTINGS_FIELDS[key](record[key], key) === null) mutable[key] = record[key];
  }
  if (settings.editedThreshold > settings.sharedThreshold) {
    settings.editedThreshold = Math.min(DEFAULT_SETTINGS.editedThreshold, settings.sharedThreshold);
  }
  return settings;
}

/**
 * Applies a validated patch; a threshold pair that would put the edited threshold above the
 * shared one is refused (a message that names both fields), so the caller can say why.
 */
export function applySettingsPatch(settings: Settings, patch: SettingsPatch): Settings {
  const next: Settings = { ...settings };
  const mutable = next as unknown as Record<string, unknown>;
  for (const key of FIELD_NAMES) if (patch[key] !== undefined) mutable[key] = patch[key];
  if (next.editedThreshold > next.sharedThreshold) {
    throw new RangeError(
      `editedThreshold (${next.editedThreshold}) must not exceed sharedThreshold (${next.sharedThreshold})`,
    );
  }
  return next;
}

/** The engine's options for these settings. */
export function matchOptions(settings: Settings): Partial<MatchOptions> {
  return {
    sharedThreshold: settings.sharedThreshold,
    contextThreshold: settings.editedThreshold,
    // The context rule's anchor is "a strong match": never weaker than a shared one.
    contextAnchor: Math.max(ENGINE_DEFAULTS.contextAnchor, settings.sharedThreshold),
  };
}
