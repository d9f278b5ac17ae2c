import { useEffect, useRef, useState } from 'preact/hooks';
import type { HistorySummary } from '@/lib/ext/db';
import { historyFileParts } from '@/lib/ext/history-export';
import type { SavedAnalysis } from '@/lib/ext/protocol';
import { receiveExport } from '@/lib/ext/transfer-client';
import { ArticleView, siteLabel } from './ArticleView';
import { ConfirmButton } from './ConfirmButton';
import { useI18n } from './i18n';
import {
  fileDate,
  formatCount,
  formatDateTime,
  progressView,
  type OptionsServices,
} from './options-services';
import { IDLE, TaskStatus, type Task } from './TaskStatus';

export interface HistorySectionProps {
  services: OptionsServices;
  history: HistorySummary[] | null;
  /** The history changed: reload it. */
  onChanged(): Promise<void>;
}

/** The export formats of the history, as the command line names them. */
export const HISTORY_FORMATS = {
  w3c: { extension: 'jsonld', type: 'application/ld+json' },
  csv: { extension: 'csv', type: 'text/csv;charset=utf-8' },
  jsonl: { extension: 'jsonl', type: 'application/x-ndjson' },
} as const;

export type HistoryFormat = keyof typeof HISTORY_FORMATS;

/** Only web addresses become links: a saved URL is data, never a script to run. */
export function safeHref(url: string): string | null {
  return /^https?:\/\//i.test(url) ? url : null;
}

interface OpenAnalysis {
  url: string;
  analysis: SavedAnalysis;
}

/** A saved analysis, reopened: the same view as the popup's, without the page. */
function SavedAnalysisView({ open, onBack }: { open: OpenAnalysis; onBack(): void }) {
  const { t, locale } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('.page-title')?.focus();
  }, [open.url]);
  const href = safeHref(open.url);
  return (
    <div class="saved-analysis" ref={ref} data-url={open.url}>
      <p class="saved-nav">
        <button type="button" class="button back-to-history" onClick={onBack}>
          {t('backToHistory')}
        </button>
      </p>
      <p class="hint">
        {t('analysedOn', [formatDateTime(open.analysis.analysedAt, locale)])}
        {href && (
          <>
            {' · '}
            <a href={href} target="_blank" rel="noopener noreferrer" class="open-page">
              {t('openPage')}
            </a>
          </>
        )}
      </p>
      <ArticleView analysis={open.analysis} headingLevel={2} />
    </div>
  );
}

/**
 * The analysed pages: title, site, date, shared share; each reopens its analysis; delete one or
 * all; export them all as Web Annotations, CSV or JSONL.
 */
export function HistorySection({ services, history, onChanged }: HistorySectionProps) {
  const { t, locale, percent } = useI18n();
  const [open, setOpen] = useState<OpenAnalysis | null>(null);
  const [task, setTask] = useState<Task>(IDLE);
  const listRef = useRef<HTMLTableElement>(null);
  const lastOpened = useRef<string | null>(null);
  const busy = task.state === 'running';
  const empty = !history || history.length === 0;

  useEffect(() => {
    // Back from an analysis: focus returns to its row's button.
    if (open || !lastOpened.current) return;
    const url = lastOpened.current;
    lastOpened.current = null;
    const row = [...(listRef.current?.querySelectorAll<HTMLElement>('tr[data-url]') ?? [])].find(
      (r) => r.dataset.url === url,
    );
    row?.querySelector<HTMLButtonElement>('.open-analysis')?.focus();
  }, [open]);

  const reopen = async (url: string) => {
    const result = await services.call('get-analysis', { url });
    if (!result.ok) {
      setTask({ state: 'error', message: result.error.message });
      await onChanged();
      return;
    }
    lastOpened.current = url;
    setTask(IDLE);
    setOpen({ url, analysis: result.value });
  };

  const exportAs = async (format: HistoryFormat) => {
    setTask({ state: 'running', progress: { label: t('progressStarting'), done: 0, total: 0 } });
    try {
      const { history: records } = await receiveExport(
        { documents: false, history: true },
        {
          connect: services.connect,
          onProgress: (p) => setTask({ state: 'running', progress: progressView(t, locale, p) }),
        },
      );
      records.sort((a, b) => b.analysedAt - a.analysedAt);
      const now = services.now();
      const { extension, type } = HISTORY_FORMATS[format];
      const name = `deja-lu-annotations-${fileDate(now)}.${extension}`;
      services.save(name, historyFileParts(records, format, now), type);
      setTask({
        state: 'done',
        message: t('exportedHistory', [formatCount(records.length, locale), name]),
      });
    } catch (error) {
      setTask({ state: 'error', message: (error as Error).message });
    }
  };

  const remove = async (url: string) => {
    const result = await services.call('delete-history', { urls: [url] });
    if (!result.ok) setTask({ state: 'error', message: result.error.message });
    await onChanged();
  };

  const clearAll = async () => {
    const result = await services.call('clear-history', {});
    setTask(
      result.ok
        ? {
            state: 'done',
            message: t('historyCleared', [formatCount(result.value.deleted, locale)]),
          }
        : { state: 'error', message: result.error.message },
    );
    await onChanged();
  };

  return (
    <section id="history" class="options-section" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('historyHeading')}</h2>
      {open ? (
        <SavedAnalysisView open={open} onBack={() => setOpen(null)} />
      ) : (
        <>
          <div class="toolbar" role="group" aria-label={t('exportHistoryLabel')}>
            <span class="toolbar-label">{t('exportHistoryLabel')}</span>
            <button
              type="button"
              class="button export-w3c"
              disabled={empty || busy}
              onClick={() => void exportAs('w3c')}
            >
              {t('exportW3C')}
            </button>
            <button
              type="button"
              class="button export-csv"
              disabled={empty || busy}
              onClick={() => void exportAs('csv')}
            >
              {t('exportCsv')}
            </button>
            <button
              type="button"
              class="button export-jsonl"
              disabled={empty || busy}
              onClick={() => void exportAs('jsonl')}
            >
              {t('exportJsonl')}
            </button>
            <ConfirmButton
              name="clear-history"
              label={t('clearHistory')}
              question={t('clearHistoryQuestion', [formatCount(history?.length ?? 0, locale)])}
              confirmLabel={t('clearHistoryConfirm')}
              disabled={empty || busy}
              onConfirm={clearAll}
            />
          </div>
          <p class="hint">{t('exportHistoryHint')}</p>
          <TaskStatus task={task} label={t('exportProgress')} />
          {history === null ? (
            <p class="hint">{t('loadingShort')}</p>
          ) : history.length === 0 ? (
            <p class="hint history-empty">{t('historyEmpty')}</p>
          ) : (
            <table class="records history-table" ref={listRef}>
              <thead>
                <tr>
                  <th scope="col">{t('columnPage')}</th>
                  <th scope="col">{t('columnSite')}</th>
                  <th scope="col">{t('columnAnalysed')}</th>
                  <th scope="col" class="number">
                    {t('columnShared')}
                  </th>
                  <th scope="col">
                    <span class="sr-only">{t('columnActions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.map((entry) => {
                  const title = entry.title ?? entry.url;
                  return (
                    <tr key={entry.url} class="history-row" data-url={entry.url}>
                      <td class="history-title">
                        <button
                          type="button"
                          class="link-button open-analysis"
                          onClick={() => void reopen(entry.url)}
                        >
                          {title}
                        </button>
                      </td>
                      <td class="history-site">{siteLabel(entry.siteName, entry.url)}</td>
                      <td class="history-date">{formatDateTime(entry.analysedAt, locale)}</td>
                      <td class="history-shared number" data-ratio={entry.sharedRatio}>
                        {percent(entry.sharedRatio)}
                      </td>
                      <td>
                        <button
                          type="button"
                          class="link-button delete-analysis"
                          aria-label={t('deleteAnalysisNamed', [title])}
                          onClick={() => void remove(entry.url)}
                        >
                          {t('deleteAnalysis')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
