import type { RankedSource } from '@/lib/ext/protocol';
import { useI18n } from './i18n';

export interface SourceListProps {
  sources: readonly RankedSource[];
}

/** The corpus documents the article's sentences are found in, most shared first. */
export function SourceList({ sources }: SourceListProps) {
  const { t, percent } = useI18n();
  if (sources.length === 0) return <p class="sources-none">{t('sourcesNone')}</p>;
  return (
    <ol class="sources">
      {sources.map((source) => (
        <li key={source.id} class="source" data-source-id={source.id}>
          <div class="source-head">
            <span class="source-outlet">{source.outlet ?? t('unknownOutlet')}</span>
            <span class="source-share">{t('sourceShare', [percent(source.share)])}</span>
          </div>
          <div class="source-title">{source.title ?? t('untitled')}</div>
          <div class="share-bar" role="img" aria-label={t('sourceShare', [percent(source.share)])}>
            <span style={{ width: `${Math.round(source.share * 100)}%` }} />
          </div>
          <div class="source-meta">
            {t('sourceSentences', [String(source.sentences)])} ·{' '}
            {t('sourceSimilarity', [percent(source.similarity)])}
          </div>
        </li>
      ))}
    </ol>
  );
}
