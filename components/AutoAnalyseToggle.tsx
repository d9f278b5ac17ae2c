import { useState } from 'preact/hooks';
import type { HostAccess } from './App';
import { useI18n } from './i18n';

/** What switching automatic analysis gave: done, access refused, or why saving it failed. */
export type AutoAnalyseOutcome = 'applied' | 'denied' | { error: string };

/**
 * Switches automatic analysis: asks for host access first when switching on (the request is
 * made before anything is awaited, so it stays in the click's task: browsers only prompt on a
 * user gesture), saves the setting with `save` (resolves with the error message, or null), and
 * gives access back when it is off or could not be switched on.
 */
export async function switchAutoAnalyse(
  enabled: boolean,
  hostAccess: HostAccess,
  save: (enabled: boolean) => Promise<string | null>,
): Promise<AutoAnalyseOutcome> {
  if (enabled && !(await hostAccess.request())) return 'denied';
  const problem = await save(enabled);
  // Access is held only while the setting is on: given back once it is off, and when
  // switching on could not be saved (switching off that could not be saved keeps it).
  const on = problem === null ? enabled : !enabled;
  if (!on) await hostAccess.release().catch(() => false);
  return problem === null ? 'applied' : { error: problem };
}

export interface AutoAnalyseToggleProps {
  checked: boolean;
  disabled: boolean;
  /** The id of the hint under the switch (unique in the page). */
  hintId: string;
  /** Called from the change handler itself (see switchAutoAnalyse). */
  onSwitch(enabled: boolean): Promise<AutoAnalyseOutcome>;
}

/**
 * The automatic-analysis switch of the popup and of the options page, with what it says when
 * the switch did not take: access refused, or the setting not saved (and why).
 */
export function AutoAnalyseToggle({ checked, disabled, hintId, onSwitch }: AutoAnalyseToggleProps) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<AutoAnalyseOutcome>('applied');
  return (
    <>
      <label class="toggle">
        <input
          type="checkbox"
          class="auto-toggle"
          checked={checked}
          disabled={disabled}
          aria-describedby={hintId}
          onChange={(event) => {
            const input = event.currentTarget as HTMLInputElement;
            const enabled = input.checked;
            void onSwitch(enabled).then((result) => {
              setOutcome(result);
              if (result !== 'applied') input.checked = !enabled;
            });
          }}
        />
        <span>{t('autoToggle')}</span>
      </label>
      <p class="hint" id={hintId}>
        {t('autoHint')}
      </p>
      {outcome === 'denied' && (
        <p class="hint warning" role="status">
          {t('autoDenied')}
        </p>
      )}
      {typeof outcome === 'object' && (
        <p class="task task-error auto-error" role="alert">
          {outcome.error}
        </p>
      )}
    </>
  );
}
