import type { TabAnalysis } from '@/lib/ext/protocol';
import { BoilerplateList } from './BoilerplateList';
import { useI18n } from './i18n';
import { SentenceList, sentenceMark } from './SentenceList';
import { SourceList } from './SourceList';

export type ArticleAnalysis = Extract<TabAnalysis, { kind: 'article' }>;

export interface ArticleViewProps {
  analysis: ArticleAnalysis;
  highlightsVisible: boolean;
  onToggleHighlights(visible: boolean): void;
  onShowSentence(index: number): Promise<boolean>;
}

/** The site's name, else the page's host name. */
export function siteLabel(siteName: string | null, url: string): string {
  if (siteName) return siteName;
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** The result of an analysis: summary, credit, sources, sentences, removed furniture. */
export function ArticleView({
  analysis,
  highlightsVisible,
  onToggleHighlights,
  onShowSentence,
}: ArticleViewProps) {
  const { t, percent } = useI18n();
  const { page, annotation, sources } = analysis;
  const { stats, credit } = annotation;
  const counts = { verbatim: 0, edited: 0, unique: 0 };
  for (const sentence of annotation.sentences) counts[sentenceMark(sentence)]++;

  return (
    <article class="analysis" data-screen="article">
      <header class="page-header">
        <h1 class="page-title">{page.title ?? annotation.title ?? t('untitled')}</h1>
        <p class="page-site">{siteLabel(page.siteName, page.url)}</p>
      </header>

      <section class="summary" aria-labelledby="summary-text">
        <p class="summary-percent" aria-hidden="true">
          {percent(stats.sharedRatio)}
        </p>
        <div>
          <p class="summary-text" id="summary-text">
            {t('summary', [String(stats.shared), String(stats.sentences)])}
          </p>
          <p class={credit ? 'credit' : 'credit credit-none'}>
            {credit ? t('creditLine', [credit.text]) : t('noCredit')}
            {credit?.agency && !credit.text.toLowerCase().includes(credit.agency.toLowerCase())
              ? ` (${t('creditAgency', [credit.agency])})`
              : ''}
          </p>
        </div>
      </section>

      <label class="toggle">
        <input
          type="checkbox"
          checked={highlightsVisible}
          onChange={(event) =>
            onToggleHighlights((event.currentTarget as HTMLInputElement).checked)
          }
        />
        <span>{t('highlightToggle')}</span>
      </label>
      <p
        class="hint located"
        data-located={analysis.highlights.located}
        data-total={stats.sentences}
      >
        {t('highlightLocated', [String(analysis.highlights.located), String(stats.sentences)])}
      </p>

      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading">{t('sourcesHeading')}</h2>
        <SourceList sources={sources} />
      </section>

      <section aria-labelledby="sentences-heading">
        <h2 id="sentences-heading">{t('sentencesHeading')}</h2>
        <ul class="legend" aria-label={t('legendHeading')}>
          <li class="mark-verbatim">
            <span class="swatch" aria-hidden="true" /> {t('markVerbatim')} ({counts.verbatim})
          </li>
          <li class="mark-edited">
            <span class="swatch" aria-hidden="true" /> {t('markEdited')} ({counts.edited})
          </li>
          <li class="mark-unique">
            <span class="swatch" aria-hidden="true" /> {t('markUnique')} ({counts.unique})
          </li>
          <li class="kind-quote">
            <span class="swatch" aria-hidden="true">
              «
            </span>{' '}
            {t('kindQuote')}
          </li>
        </ul>
        <p class="hint">{t('sentencesHint')}</p>
        <SentenceList sentences={annotation.sentences} sources={sources} onShow={onShowSentence} />
      </section>

      <section class="removed">
        <BoilerplateList blocks={annotation.boilerplate} />
      </section>

      <p class="corpus-size">{t('corpusSize', [String(analysis.corpusSize)])}</p>
    </article>
  );
}
