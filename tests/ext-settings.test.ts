import { describe, expect, it } from 'vitest';
import { applySettingsPatch, DEFAULT_SETTINGS, parseSettings } from '@/lib/ext/settings';

describe('parseSettings', () => {
  it('defaults when nothing usable is stored', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('on')).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ autoAnalyse: false, highlight: true });
  });

  it('keeps each valid field on its own', () => {
    expect(parseSettings({ autoAnalyse: true, highlight: 'no', extra: 1 })).toEqual({
      version: 1,
      autoAnalyse: true,
      highlight: true,
    });
  });
});

describe('applySettingsPatch', () => {
  it('changes only the fields given', () => {
    const next = applySettingsPatch(DEFAULT_SETTINGS, { highlight: false });
    expect(next).toEqual({ ...DEFAULT_SETTINGS, highlight: false });
    expect(DEFAULT_SETTINGS.highlight).toBe(true);
  });
});
