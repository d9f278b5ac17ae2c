import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_OPTIONS } from '@/lib/annotate';
import {
  applySettingsPatch,
  DEFAULT_SETTINGS,
  ENGINE_DEFAULTS,
  matchOptions,
  parseSettings,
} from '@/lib/ext/settings';

describe('parseSettings', () => {
  it('defaults when nothing usable is stored', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('on')).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toEqual({
      version: 2,
      autoAnalyse: false,
      highlight: true,
      useSeeds: true,
      sharedThreshold: 0.45,
      editedThreshold: 0.3,
    });
  });

  it('keeps each valid field on its own', () => {
    expect(
      parseSettings({ autoAnalyse: true, highlight: 'no', sharedThreshold: 0.6, extra: 1 }),
    ).toEqual({ ...DEFAULT_SETTINGS, autoAnalyse: true, sharedThreshold: 0.6 });
  });

  it('reads a version-1 record as version 2 with the new fields defaulted', () => {
    expect(parseSettings({ version: 1, autoAnalyse: true, highlight: false })).toEqual({
      ...DEFAULT_SETTINGS,
      autoAnalyse: true,
      highlight: false,
    });
  });

  it('refuses thresholds out of range, and an edited threshold above the shared one', () => {
    for (const bad of [0.1, 1.5, Number.NaN, '0.5', null]) {
      expect(parseSettings({ sharedThreshold: bad }).sharedThreshold).toBe(0.45);
    }
    expect(parseSettings({ sharedThreshold: 0.25, editedThreshold: 0.3 })).toMatchObject({
      sharedThreshold: 0.25,
      editedThreshold: 0.25,
    });
    expect(parseSettings({ sharedThreshold: 0.6, editedThreshold: 0.9 })).toMatchObject({
      sharedThreshold: 0.6,
      editedThreshold: 0.3,
    });
  });
});

describe('applySettingsPatch', () => {
  it('changes only the fields given', () => {
    const next = applySettingsPatch(DEFAULT_SETTINGS, { highlight: false, useSeeds: false });
    expect(next).toEqual({ ...DEFAULT_SETTINGS, highlight: false, useSeeds: false });
    expect(DEFAULT_SETTINGS.highlight).toBe(true);
  });

  it('refuses an edited threshold above the shared one, naming both', () => {
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { editedThreshold: 0.5 })).toThrow(
      /editedThreshold \(0.5\) must not exceed sharedThreshold \(0.45\)/,
    );
    expect(
      applySettingsPatch(DEFAULT_SETTINGS, { sharedThreshold: 0.8, editedThreshold: 0.5 }),
    ).toMatchObject({ sharedThreshold: 0.8, editedThreshold: 0.5 });
  });
});

describe('matchOptions', () => {
  it('writes out the engine’s defaults exactly', () => {
    expect(ENGINE_DEFAULTS).toEqual({
      sharedThreshold: DEFAULT_MATCH_OPTIONS.sharedThreshold,
      contextThreshold: DEFAULT_MATCH_OPTIONS.contextThreshold,
      contextAnchor: DEFAULT_MATCH_OPTIONS.contextAnchor,
    });
    expect(matchOptions(DEFAULT_SETTINGS)).toEqual({
      sharedThreshold: DEFAULT_MATCH_OPTIONS.sharedThreshold,
      contextThreshold: DEFAULT_MATCH_OPTIONS.contextThreshold,
      contextAnchor: DEFAULT_MATCH_OPTIONS.contextAnchor,
    });
  });

  it('maps the shared and edited thresholds, and never anchors below a shared match', () => {
    expect(
      matchOptions({ ...DEFAULT_SETTINGS, sharedThreshold: 0.8, editedThreshold: 0.5 }),
    ).toEqual({ sharedThreshold: 0.8, contextThreshold: 0.5, contextAnchor: 0.8 });
  });
});
