import { useEffect, useState } from 'preact/hooks';
import {
  DEFAULT_SETTINGS,
  MIN_THRESHOLD,
  type Settings,
  type SettingsPatch,
} from '@/lib/ext/settings';
import type { HostAccess } from './App';
import { AutoAnalyseToggle, switchAutoAnalyse } from './AutoAnalyseToggle';
import { useI18n } from './i18n';

export interface MatchingSectionProps {
  settings: Settings | null;
  hostAccess: HostAccess;
  /** Sends a change; resolves with the error message, or null when it was applied. */
  onChange(patch: SettingsPatch): Promise<string | null>;
}

const STEP = 0.05;

interface ThresholdProps {
  id: string;
  label: string;
  hint: string;
  value: number;
  max: number;
  disabled: boolean;
  onCommit(value: number): void;
}

/** A threshold as a slider in percent; it is sent when released (or on each key press). */
function Threshold({ id, label, hint, value, max, disabled, onCommit }: ThresholdProps) {
  const { percent } = useI18n();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <div class="threshold">
      <label for={id}>{label}</label>
      <div class="threshold-control">
        <input
          id={id}
          type="range"
          min={MIN_THRESHOLD}
          max={max}
          step={STEP}
          value={draft}
          disabled={disabled}
          aria-describedby={`${id}-hint`}
          aria-valuetext={percent(draft)}
          onInput={(event) => setDraft(Number((event.currentTarget as HTMLInputElement).value))}
          onChange={(event) => onCommit(Number((event.currentTarget as HTMLInputElement).value))}
        />
        <output for={id} class="threshold-value">
          {percent(draft)}
        </output>
      </div>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}

/** How articles are analysed: automatic mode, highlights, and the two thresholds. */
export function MatchingSection({ settings, hostAccess, onChange }: MatchingSectionProps) {
  const { t, percent } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const disabled = settings === null;
  const apply = async (patch: SettingsPatch) => {
    const problem = await onChange(patch);
    setError(problem);
    return problem === null;
  };
  const round = (x: number) => Math.round(x * 100) / 100;

  return (
    <section id="matching" class="options-section" aria-labelledby="matching-heading">
      <h2 id="matching-heading">{t('matchingHeading')}</h2>
      <AutoAnalyseToggle
        checked={settings?.autoAnalyse ?? false}
        disabled={disabled}
        hintId="options-auto-hint"
        onSwitch={(enabled) =>
          switchAutoAnalyse(enabled, hostAccess, (autoAnalyse) => onChange({ autoAnalyse }))
        }
      />
      <label class="toggle">
        <input
          type="checkbox"
          class="highlight-toggle"
          checked={settings?.highlight ?? true}
          disabled={disabled}
          onChange={(event) =>
            void apply({ highlight: (event.currentTarget as HTMLInputElement).checked })
          }
        />
        <span>{t('highlightToggle')}</span>
      </label>

      <h3>{t('thresholdsHeading')}</h3>
      <Threshold
        id="shared-threshold"
        label={t('sharedThresholdLabel')}
        hint={t('sharedThresholdHint', [percent(DEFAULT_SETTINGS.sharedThreshold)])}
        value={settings?.sharedThreshold ?? DEFAULT_SETTINGS.sharedThreshold}
        max={1}
        disabled={disabled}
        onCommit={(value) => {
          const shared = round(value);
          // Lowering the shared threshold below the edited one takes the edited one along.
          const edited = Math.min(settings?.editedThreshold ?? shared, shared);
          void apply({ sharedThreshold: shared, editedThreshold: edited });
        }}
      />
      <Threshold
        id="edited-threshold"
        label={t('editedThresholdLabel')}
        hint={t('editedThresholdHint', [percent(DEFAULT_SETTINGS.editedThreshold)])}
        value={settings?.editedThreshold ?? DEFAULT_SETTINGS.editedThreshold}
        max={settings?.sharedThreshold ?? DEFAULT_SETTINGS.sharedThreshold}
        disabled={disabled}
        onCommit={(value) => void apply({ editedThreshold: round(value) })}
      />
      <p class="hint">{t('verbatimHint')}</p>
      <button
        type="button"
        class="button reset-thresholds"
        disabled={disabled}
        onClick={() =>
          void apply({
            sharedThreshold: DEFAULT_SETTINGS.sharedThreshold,
            editedThreshold: DEFAULT_SETTINGS.editedThreshold,
          })
        }
      >
        {t('resetThresholds')}
      </button>
      {error && (
        <p class="task task-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
