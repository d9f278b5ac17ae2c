import type { ComponentChildren } from 'preact';

export interface StatusScreenProps {
  /** Which screen: sets the illustration and how assistive technology announces it. */
  kind: 'loading' | 'empty-corpus' | 'error' | 'not-article' | 'restricted';
  title: string;
  children?: ComponentChildren;
}

const GLYPHS: Record<StatusScreenProps['kind'], string> = {
  loading: '…',
  'empty-corpus': '∅',
  error: '!',
  'not-article': '¶',
  restricted: '⊘',
};

/**
 * A full-popup state that is not a result: loading, empty corpus, error, not an article.
 * Loading is a polite live region, an error an alert; the others are plain content.
 */
export function StatusScreen({ kind, title, children }: StatusScreenProps) {
  const role = kind === 'error' ? 'alert' : kind === 'loading' ? 'status' : undefined;
  return (
    <section
      class={`status-screen status-${kind}`}
      role={role}
      aria-busy={kind === 'loading'}
      data-screen={kind}
    >
      <div class="status-glyph" aria-hidden="true">
        {GLYPHS[kind]}
      </div>
      <h1 class="status-title">{title}</h1>
      {children}
    </section>
  );
}
