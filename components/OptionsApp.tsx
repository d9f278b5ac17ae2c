import { useCallback, useEffect, useState } from 'preact/hooks';
import type { HistorySummary } from '@/lib/ext/db';
import { readCorpusListing, type CorpusListing } from '@/lib/ext/protocol';
import type { Settings, SettingsPatch } from '@/lib/ext/settings';
import { CorpusSection } from './CorpusSection';
import { DataSection } from './DataSection';
import { HistorySection } from './HistorySection';
import { useI18n } from './i18n';
import { MatchingSection } from './MatchingSection';
import type { OptionsServices } from './options-services';

export interface OptionsAppProps {
  services: OptionsServices;
}

/**
 * The options page: the corpus, how articles are matched, the history of analysed pages,
 * and the reader's data as a whole. One page of sections with a table of contents; every
 * control is a native one (buttons, checkboxes, sliders, file inputs), so it is all usable
 * from the keyboard, and the same themes and language as the popup.
 */
export function OptionsApp({ services }: OptionsAppProps) {
  const { t } = useI18n();
  const { call } = services;
  const [settings, setSettings] = useState<Settings | null>(null);
  const [corpus, setCorpus] = useState<CorpusListing | null>(null);
  const [history, setHistory] = useState<HistorySummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const loadSettings = useCallback(async () => {
    const result = await call('get-settings', {});
    if (result.ok) setSettings(result.value);
    else setLoadError(result.error.message);
  }, [call]);
  const loadCorpus = useCallback(async () => {
    const result = await call('list-corpus', {});
    if (!result.ok) {
      setLoadError(result.error.message);
      return;
    }
    try {
      setCorpus(readCorpusListing(result.value));
    } catch (error) {
      setLoadError((error as Error).message);
    }
  }, [call]);
  const loadHistory = useCallback(async () => {
    const result = await call('list-history', {});
    if (result.ok) setHistory(result.value);
    else setLoadError(result.error.message);
  }, [call]);
  const loadAll = useCallback(async () => {
    await Promise.all([loadSettings(), loadCorpus(), loadHistory()]);
  }, [loadSettings, loadCorpus, loadHistory]);

  useEffect(() => {
    void loadAll();
  }, [loadAll]);

  const changeSettings = async (patch: SettingsPatch): Promise<string | null> => {
    const result = await call('update-settings', patch);
    if (!result.ok) return result.error.message;
    const seedsChanged = settings?.useSeeds !== result.value.useSeeds;
    setSettings(result.value);
    if (seedsChanged) await loadCorpus();
    return null;
  };

  const readerDocuments = corpus?.documents.filter((d) => d.origin === 'reader').length ?? 0;

  return (
    <div class="options">
      <header class="options-header">
        <p class="brand">
          <span aria-hidden="true">◐</span> {t('extName')}
        </p>
        <h1>{t('optionsTitle')}</h1>
        <nav aria-label={t('optionsContents')}>
          <ul class="contents">
            <li>
              <a href="#corpus">{t('corpusHeading')}</a>
            </li>
            <li>
              <a href="#matching">{t('matchingHeading')}</a>
            </li>
            <li>
              <a href="#history">{t('historyHeading')}</a>
            </li>
            <li>
              <a href="#data">{t('dataHeading')}</a>
            </li>
          </ul>
        </nav>
      </header>
      <main>
        {loadError && (
          <p class="task task-error" role="alert">
            {t('errorBody', [loadError])}
          </p>
        )}
        <CorpusSection
          services={services}
          corpus={corpus}
          settings={settings}
          onSeedsChange={async (useSeeds) => (await changeSettings({ useSeeds })) === null}
          onChanged={loadCorpus}
        />
        <MatchingSection
          settings={settings}
          hostAccess={services.hostAccess}
          onChange={changeSettings}
        />
        <HistorySection services={services} history={history} onChanged={loadHistory} />
        <DataSection
          services={services}
          counts={{ documents: readerDocuments, history: history?.length ?? 0 }}
          autoAnalyse={settings?.autoAnalyse ?? false}
          onChanged={loadAll}
        />
      </main>
    </div>
  );
}
