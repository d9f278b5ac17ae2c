import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type {
  Caller,
  NotArticleReason,
  PopupToBackground,
  Result,
  TabAnalysis,
} from '@/lib/ext/protocol';
import type { MessageKey } from '@/lib/ext/i18n';
import type { Settings } from '@/lib/ext/settings';
import { ArticleView } from './ArticleView';
import { switchAutoAnalyse } from './AutoAnalyseToggle';
import { useI18n } from './i18n';
import { e2eMark } from '@/lib/ext/e2e';
import { SettingsPanel } from './SettingsPanel';
import { StatusScreen } from './StatusScreen';

/** Host access for automatic analysis (browser.permissions in the extension, a fake in tests). */
export interface HostAccess {
  request(): Promise<boolean>;
  release(): Promise<boolean>;
}

export interface AppProps {
  /** The connector to the background: the popup's only way out. */
  call: Caller<PopupToBackground>;
  /** The tab to analyse, or null when there is none (the popup then shows an error). */
  tabId: number | null;
  hostAccess: HostAccess;
  /** Opens the options page (runtime.openOptionsPage); absent in tests that do not need it. */
  openOptions?(): void;
  /**
   * The first analysis, already asked for by the entrypoint before Preact rendered anything
   * (it saves the 40-60 ms of the first render and effect on a cold start); later ones
   * (retry) are asked for by the app.
   */
  firstAnalysis?: Promise<Result<TabAnalysis>>;
}

type Adding =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'done'; replaced: boolean; corpusSize: number }
  | { state: 'error'; message: string };

type View =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'done'; analysis: TabAnalysis };

const NOT_ARTICLE_BODY: Record<Exclude<NotArticleReason, 'restricted'>, MessageKey> = {
  'not-readerable': 'notArticleBody',
  'too-large': 'notArticleTooLarge',
  empty: 'notArticleEmpty',
  'not-french': 'notArticleNotFrench',
};

/** The popup: analyses its tab on open and shows the result or the screen that fits. */
export function App({ call, tabId, hostAccess, openOptions, firstAnalysis }: AppProps) {
  const { t } = useI18n();
  const [view, setView] = useState<View>({ state: 'loading' });
  const [adding, setAdding] = useState<Adding>({ state: 'idle' });
  const [settings, setSettings] = useState<Settings | null>(null);
  const [highlightsVisible, setHighlightsVisible] = useState(true);

  const first = useRef(firstAnalysis);
  const analyse = useCallback(async () => {
    if (tabId === null) {
      setView({ state: 'error', message: 'no active tab' });
      return;
    }
    setView({ state: 'loading' });
    const pending = first.current;
    first.current = undefined;
    const result = await (pending ?? call('analyse-tab', { tabId }));
    if (!result.ok) {
      setView({ state: 'error', message: result.error.message });
      return;
    }
    if (result.value.kind === 'article') setHighlightsVisible(result.value.highlights.visible);
    setView({ state: 'done', analysis: result.value });
  }, [call, tabId]);

  useEffect(() => {
    void analyse();
    void call('get-settings', {}).then((result) => {
      if (result.ok) setSettings(result.value);
    });
  }, [analyse, call]);

  useLayoutEffect(() => {
    if (view.state === 'done') e2eMark('committed');
  }, [view]);
  useEffect(() => {
    if (view.state === 'done') e2eMark('rendered');
  }, [view]);

  const onToggleHighlights = (visible: boolean) => {
    setHighlightsVisible(visible);
    if (tabId !== null) void call('set-highlights', { tabId, visible });
  };

  const onShowSentence = async (index: number) => {
    if (tabId === null) return false;
    const result = await call('scroll-to-sentence', { tabId, index });
    return result.ok && result.value.scrolled;
  };

  const onAddToCorpus = async () => {
    if (tabId === null) return;
    setAdding({ state: 'busy' });
    const result = await call('add-tab-to-corpus', { tabId });
    setAdding(
      result.ok
        ? { state: 'done', replaced: result.value.replaced, corpusSize: result.value.corpusSize }
        : { state: 'error', message: result.error.message },
    );
  };

  const onAutoAnalyseChange = (enabled: boolean) =>
    switchAutoAnalyse(enabled, hostAccess, async (autoAnalyse) => {
      const result = await call('update-settings', { autoAnalyse });
      if (!result.ok) return result.error.message;
      setSettings(result.value);
      return null;
    });

  const retry = (
    <button type="button" class="button" onClick={() => void analyse()}>
      {t('retry')}
    </button>
  );

  let content;
  if (view.state === 'loading') {
    content = (
      <StatusScreen kind="loading" title={t('loadingTitle')}>
        <p>{t('loadingBody')}</p>
      </StatusScreen>
    );
  } else if (view.state === 'error') {
    content = (
      <StatusScreen kind="error" title={t('errorTitle')}>
        <p>{t('errorBody', [view.message])}</p>
        {retry}
      </StatusScreen>
    );
  } else if (view.analysis.kind === 'empty-corpus') {
    content = (
      <StatusScreen kind="empty-corpus" title={t('emptyCorpusTitle')}>
        <p>{t('emptyCorpusBody')}</p>
      </StatusScreen>
    );
  } else if (view.analysis.kind === 'not-article') {
    const { reason } = view.analysis;
    content =
      reason === 'restricted' ? (
        <StatusScreen kind="restricted" title={t('restrictedTitle')}>
          <p>{t('restrictedBody')}</p>
        </StatusScreen>
      ) : (
        <StatusScreen kind="not-article" title={t('notArticleTitle')}>
          <p>{t(NOT_ARTICLE_BODY[reason])}</p>
          {retry}
        </StatusScreen>
      );
  } else {
    const addActions = (
      <div class="page-actions">
        <button
          type="button"
          class="button add-to-corpus"
          disabled={adding.state === 'busy'}
          onClick={() => void onAddToCorpus()}
        >
          {t('addToCorpus')}
        </button>
        <p class="hint add-status" role="status">
          {adding.state === 'done' &&
            t(adding.replaced ? 'replacedInCorpus' : 'addedToCorpus', [String(adding.corpusSize)])}
          {adding.state === 'error' && (
            <span class="warning">{t('addToCorpusFailed', [adding.message])}</span>
          )}
        </p>
      </div>
    );
    content = (
      <ArticleView
        analysis={view.analysis}
        highlightsVisible={highlightsVisible}
        onToggleHighlights={onToggleHighlights}
        onShowSentence={onShowSentence}
        actions={addActions}
      />
    );
  }

  return (
    <div class="popup">
      <p class="brand">
        <span aria-hidden="true">◐</span> {t('extName')}
      </p>
      <main>{content}</main>
      <SettingsPanel settings={settings} onAutoAnalyseChange={onAutoAnalyseChange} />
      {openOptions && (
        <p class="options-link">
          <button type="button" class="link-button" onClick={() => openOptions()}>
            {t('openOptions')}
          </button>
        </p>
      )}
    </div>
  );
}
