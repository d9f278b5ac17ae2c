import { useState } from 'preact/hooks';
import type { Settings } from '@/lib/ext/settings';
import { useI18n } from './i18n';

export interface SettingsPanelProps {
  settings: Settings | null;
  /**
   * Switches automatic analysis on or off. Switching on must ask for host access in the
   * click's own task (browsers require a user gesture), so this is called synchronously
   * from the change handler. Resolves false when access was refused.
   */
  onAutoAnalyseChange(enabled: boolean): Promise<boolean>;
}

export function SettingsPanel({ settings, onAutoAnalyseChange }: SettingsPanelProps) {
  const { t } = useI18n();
  const [denied, setDenied] = useState(false);
  return (
    <section class="settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('settingsHeading')}</h2>
      <label class="toggle">
        <input
          type="checkbox"
          checked={settings?.autoAnalyse ?? false}
          disabled={settings === null}
          aria-describedby="auto-hint"
          onChange={(event) => {
            const input = event.currentTarget as HTMLInputElement;
            const enabled = input.checked;
            void onAutoAnalyseChange(enabled).then((applied) => {
              setDenied(enabled && !applied);
              if (!applied) input.checked = !enabled;
            });
          }}
        />
        <span>{t('autoToggle')}</span>
      </label>
      <p class="hint" id="auto-hint">
        {t('autoHint')}
      </p>
      {denied && (
        <p class="hint warning" role="status">
          {t('autoDenied')}
        </p>
      )}
    </section>
  );
}
