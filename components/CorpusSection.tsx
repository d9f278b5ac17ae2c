import { useMemo, useState } from 'preact/hooks';
import type { DocumentInfo } from '@/lib/ext/db';
import { readCorpusFiles } from '@/lib/ext/import-files';
import type { CorpusListing } from '@/lib/ext/protocol';
import type { Settings } from '@/lib/ext/settings';
import { sendImport } from '@/lib/ext/transfer-client';
import { useI18n } from './i18n';
import { formatCount, formatSize, progressView, type OptionsServices } from './options-services';
import { IDLE, TaskStatus, type Task } from './TaskStatus';

export interface CorpusSectionProps {
  services: OptionsServices;
  corpus: CorpusListing | null;
  settings: Settings | null;
  /** Switches the bundled documents on or off. */
  onSeedsChange(enabled: boolean): Promise<boolean>;
  /** The corpus changed: reload the listing. */
  onChanged(): Promise<void>;
}

/** Rows shown at first, and added by "show more": 10,000 rows at once would take seconds. */
export const PAGE_ROWS = 100;

/** What a filter matches: title, outlet, id, URL and date, case and accents folded. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function matches(doc: DocumentInfo, query: string): boolean {
  if (query === '') return true;
  return fold(
    [doc.title, doc.series, doc.id, doc.url, doc.date].filter(Boolean).join(' '),
  ).includes(query);
}

/**
 * The corpus: what the articles are compared with. Lists the documents (title, outlet, date,
 * size, origin), imports files in the command line's formats, removes the reader's documents,
 * and switches the bundled ones off. Adding the page being read is done from the popup, which
 * knows the tab.
 */
export function CorpusSection({
  services,
  corpus,
  settings,
  onSeedsChange,
  onChanged,
}: CorpusSectionProps) {
  const { t, locale } = useI18n();
  const [task, setTask] = useState<Task>(IDLE);
  const [filter, setFilter] = useState('');
  const [rows, setRows] = useState(PAGE_ROWS);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const busy = task.state === 'running';

  const documents = corpus?.documents ?? [];
  const seeds = documents.filter((d) => d.origin === 'seed').length;
  const mine = documents.length - seeds;
  // The reader's documents first, newest first, then by id: plain comparisons keep sorting
  // 10,000 rows to a few milliseconds (a locale collation took a tenth of a second).
  const sorted = useMemo(
    () =>
      [...documents].sort(
        (a, b) =>
          (a.origin === b.origin ? 0 : a.origin === 'reader' ? -1 : 1) ||
          b.addedAt - a.addedAt ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      ),
    [documents],
  );
  const query = fold(filter.trim());
  const filtered = useMemo(() => sorted.filter((d) => matches(d, query)), [sorted, query]);
  const shown = filtered.slice(0, rows);

  const onFiles = async (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length === 0) return;
    const label = files.map((f) => f.name).join(', ');
    const progress = (p: Parameters<typeof progressView>[2]) =>
      setTask({ state: 'running', progress: progressView(t, locale, p) });
    setTask({ state: 'running', progress: { label: t('progressStarting'), done: 0, total: 0 } });
    try {
      const read = await readCorpusFiles(files, {
        ...services.html,
        onProgress: progress,
        pause: services.pause,
      });
      const summary = await sendImport(
        { kind: 'corpus', label, documents: read.documents, history: [], settings: null },
        { connect: services.connect, onProgress: progress, pause: services.pause },
      );
      const n = (x: number) => formatCount(x, locale);
      let message = t('importedCorpus', [
        n(summary.added),
        n(summary.replaced),
        n(summary.corpusSize),
      ]);
      if (read.emptySkipped > 0) message += ` ${t('importedEmptySkipped', [n(read.emptySkipped)])}`;
      await onChanged();
      setTask({ state: 'done', message });
    } catch (error) {
      setTask({ state: 'error', message: (error as Error).message });
    }
  };

  const remove = async (doc: DocumentInfo) => {
    setRemoveError(null);
    const result = await services.call('remove-documents', { ids: [doc.id] });
    if (!result.ok) setRemoveError(result.error.message);
    await onChanged();
  };

  return (
    <section id="corpus" class="options-section" aria-labelledby="corpus-heading">
      <h2 id="corpus-heading">{t('corpusHeading')}</h2>
      <p class="corpus-summary" data-indexed={corpus?.indexed ?? ''}>
        {corpus
          ? t('corpusSummary', [
              formatCount(corpus.indexed, locale),
              formatCount(mine, locale),
              formatCount(seeds, locale),
            ])
          : t('loadingShort')}
      </p>

      <label class="toggle">
        <input
          type="checkbox"
          class="seeds-toggle"
          checked={settings?.useSeeds ?? true}
          disabled={settings === null || busy}
          onChange={(event) => {
            const input = event.currentTarget as HTMLInputElement;
            const enabled = input.checked;
            void onSeedsChange(enabled).then((applied) => {
              if (!applied) input.checked = !enabled;
            });
          }}
        />
        <span>{t('seedsToggle', [formatCount(seeds, locale)])}</span>
      </label>

      <h3>{t('corpusAddHeading')}</h3>
      <p class="hint">{t('corpusAddPageHint')}</p>
      <div class="file-picker">
        <label for="corpus-files">{t('corpusImportButton')}</label>
        <input
          id="corpus-files"
          class="corpus-files"
          type="file"
          multiple
          accept=".txt,.html,.htm,.jsonl,text/plain,text/html,application/x-ndjson"
          disabled={busy}
          aria-describedby="corpus-files-hint"
          onChange={(event) => void onFiles(event.currentTarget as HTMLInputElement)}
        />
      </div>
      <p class="hint" id="corpus-files-hint">
        {t('corpusImportHint')}
      </p>
      <TaskStatus task={task} label={t('corpusImportProgress')} />

      <h3>{t('corpusListHeading')}</h3>
      <label class="filter">
        <span>{t('corpusFilter')}</span>
        <input
          type="search"
          class="corpus-filter"
          value={filter}
          onInput={(event) => {
            setFilter((event.currentTarget as HTMLInputElement).value);
            setRows(PAGE_ROWS);
          }}
        />
      </label>
      {removeError && (
        <p class="task task-error" role="alert">
          {removeError}
        </p>
      )}
      {corpus && filtered.length === 0 ? (
        <p class="hint corpus-empty">{t(documents.length ? 'corpusNoMatch' : 'corpusEmpty')}</p>
      ) : (
        <table class="records corpus-table">
          <thead>
            <tr>
              <th scope="col">{t('columnTitle')}</th>
              <th scope="col">{t('columnOutlet')}</th>
              <th scope="col">{t('columnDate')}</th>
              <th scope="col" class="number">
                {t('columnSize')}
              </th>
              <th scope="col">{t('columnOrigin')}</th>
              <th scope="col">
                <span class="sr-only">{t('columnActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((doc) => (
              <tr key={doc.id} class="corpus-row" data-id={doc.id} data-origin={doc.origin}>
                <td class="doc-title">
                  {doc.title ?? doc.id}
                  {doc.title && <span class="doc-id">{doc.id}</span>}
                </td>
                <td class="doc-outlet">{doc.series ?? '—'}</td>
                <td class="doc-date">{doc.date ?? '—'}</td>
                <td class="doc-size number">{formatSize(doc.size, locale)}</td>
                <td class="doc-origin">
                  {t(doc.origin === 'seed' ? 'originSeed' : 'originReader')}
                </td>
                <td>
                  {doc.origin === 'reader' && (
                    <button
                      type="button"
                      class="link-button remove-document"
                      disabled={busy}
                      aria-label={t('removeDocumentNamed', [doc.title ?? doc.id])}
                      onClick={() => void remove(doc)}
                    >
                      {t('removeDocument')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {filtered.length > shown.length && (
        <p class="more">
          <span class="hint">
            {t('shownOf', [
              formatCount(shown.length, locale),
              formatCount(filtered.length, locale),
            ])}
          </span>{' '}
          <button type="button" class="button show-more" onClick={() => setRows(rows + PAGE_ROWS)}>
            {t('showMore', [
              formatCount(Math.min(PAGE_ROWS, filtered.length - shown.length), locale),
            ])}
          </button>
        </p>
      )}
    </section>
  );
}
