import type { Settings } from '@/lib/ext/settings';
import { AutoAnalyseToggle, type AutoAnalyseOutcome } from './AutoAnalyseToggle';
import { useI18n } from './i18n';

export interface SettingsPanelProps {
  settings: Settings | null;
  /**
   * Switches automatic analysis on or off (switchAutoAnalyse): called from the change handler
   * itself, since switching on asks for host access and browsers require a user gesture.
   */
  onAutoAnalyseChange(enabled: boolean): Promise<AutoAnalyseOutcome>;
}

export function SettingsPanel({ settings, onAutoAnalyseChange }: SettingsPanelProps) {
  const { t } = useI18n();
  return (
    <section class="settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('settingsHeading')}</h2>
      <AutoAnalyseToggle
        checked={settings?.autoAnalyse ?? false}
        disabled={settings === null}
        hintId="auto-hint"
        onSwitch={onAutoAnalyseChange}
      />
    </section>
  );
}
