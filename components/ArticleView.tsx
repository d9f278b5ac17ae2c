import type { ComponentChildren } from 'preact';
import type { MessageKey } from '@/lib/ext/i18n';
import type { HighlightState, HighlightStatus, TabAnalysis } from '@/lib/ext/protocol';
import { BoilerplateList } from './BoilerplateList';
import { useI18n } from './i18n';
import { SentenceList, sentenceMark } from './SentenceList';
import { SourceList } from './SourceList';

export type ArticleAnalysis = Extract<TabAnalysis, { kind: 'article' }>;

/** What the view shows: a fresh analysis (popup) or a saved one (options page's history). */
export type ShownAnalysis = Pick<ArticleAnalysis, 'page' | 'annotation' | 'sources'> & {
  /** Absent for a saved analysis. */
  corpusSize?: number;
  /** Absent when the page is not open: no highlight switch then. */
  highlights?: HighlightState;
};

/** Why sentences may be missing from the page, beyond not being in it; the compiler checks each. */
const HIGHLIGHT_STATUS: Record<HighlightStatus, MessageKey | null> = {
  ok: null,
  'too-large': 'highlightStatus_too_large',
  'out-of-time': 'highlightStatus_out_of_time',
  superseded: 'highlightStatus_superseded',
  unavailable: 'highlightStatus_unavailable',
};

export interface ArticleViewProps {
  analysis: ShownAnalysis;
  highlightsVisible?: boolean;
  onToggleHighlights?(visible: boolean): void;
  /** Scrolls the page to a sentence; absent when the page is not open. */
  onShowSentence?(index: number): Promise<boolean>;
  /** Extra actions under the summary (the popup's "add to my corpus"). */
  actions?: ComponentChildren;
  /** The heading level of the page title (1 in the popup, 2 inside the options page). */
  headingLevel?: 1 | 2;
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
  highlightsVisible = true,
  onToggleHighlights,
  onShowSentence,
  actions,
  headingLevel = 1,
}: ArticleViewProps) {
  const { t, percent } = useI18n();
  const { page, annotation, sources } = analysis;
  const { stats, credit } = annotation;
  const counts = { verbatim: 0, edited: 0, unique: 0 };
  for (const sentence of annotation.sentences) counts[sentenceMark(sentence)]++;
  const Title = headingLevel === 1 ? 'h1' : 'h2';
  const Section = headingLevel === 1 ? 'h2' : 'h3';
  // Why sentences may be missing from the page (a saved analysis has no highlights).
  const statusKey = analysis.highlights ? HIGHLIGHT_STATUS[analysis.highlights.status] : null;

  return (
    <article class="analysis" data-screen="article">
      <header class="page-header">
        <Title class="page-title" tabIndex={-1}>
          {page.title ?? annotation.title ?? t('untitled')}
        </Title>
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

      {actions}

      {analysis.highlights && onToggleHighlights && (
        <>
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
          {statusKey && (
            <p class="hint highlight-status" data-status={analysis.highlights.status}>
              {t(statusKey)}
            </p>
          )}
        </>
      )}

      <section aria-labelledby="sources-heading">
        <Section id="sources-heading">{t('sourcesHeading')}</Section>
        <SourceList sources={sources} />
      </section>

      <section aria-labelledby="sentences-heading">
        <Section id="sentences-heading">{t('sentencesHeading')}</Section>
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
        <p class="hint">{t(onShowSentence ? 'sentencesHint' : 'sentencesHintSaved')}</p>
        <SentenceList sentences={annotation.sentences} sources={sources} onShow={onShowSentence} />
      </section>

      <section class="removed">
        <BoilerplateList blocks={annotation.boilerplate} />
      </section>

      {analysis.corpusSize !== undefined && (
        <p class="corpus-size">{t('corpusSize', [String(analysis.corpusSize)])}</p>
      )}
    </article>
  );
}
