import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from './i18n';

export interface ConfirmButtonProps {
  /** The button's text ("Delete everything"). */
  label: string;
  /** What will happen, asked before doing it. */
  question: string;
  /** The confirming button's text ("Yes, delete everything"). */
  confirmLabel: string;
  onConfirm(): void | Promise<void>;
  disabled?: boolean;
  /** A class for the outer button, for styles and tests. */
  name: string;
}

/**
 * A destructive action that asks first, in place: the button turns into the question with
 * "confirm" and "cancel". Focus goes to Cancel (the safe choice), Escape cancels, and focus
 * returns to the button afterwards, so the keyboard never gets lost.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  name,
}: ConfirmButtonProps) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (asking) cancelRef.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      buttonRef.current?.focus();
    }
  }, [asking]);

  const close = () => {
    returnFocus.current = true;
    setAsking(false);
  };

  if (!asking) {
    return (
      <button
        type="button"
        class={`button danger ${name}`}
        ref={buttonRef}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <div
      class={`confirm ${name}-confirm`}
      role="group"
      aria-label={label}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          close();
        }
      }}
    >
      <p class="confirm-question">{question}</p>
      <button
        type="button"
        class="button danger confirm-yes"
        onClick={() => {
          close();
          void onConfirm();
        }}
      >
        {confirmLabel}
      </button>{' '}
      <button type="button" class="button confirm-no" ref={cancelRef} onClick={close}>
        {t('cancel')}
      </button>
    </div>
  );
}
