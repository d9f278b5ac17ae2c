import { useState } from 'preact/hooks';
import { BackupWriter } from '@/lib/ext/backup';
import { readBackupFile } from '@/lib/ext/import-files';
import { receiveExport, sendImport } from '@/lib/ext/transfer-client';
import { ConfirmButton } from './ConfirmButton';
import { useI18n } from './i18n';
import { fileDate, formatCount, progressView, type OptionsServices } from './options-services';
import { IDLE, TaskStatus, type Task } from './TaskStatus';

export interface DataSectionProps {
  services: OptionsServices;
  /** How many of the reader's documents and saved analyses there are (for the question). */
  counts: { documents: number; history: number };
  /** Everything may have changed: reload settings, corpus and history. */
  onChanged(): Promise<void>;
  /** Whether automatic analysis is on (deleting everything gives host access back). */
  autoAnalyse: boolean;
}

/**
 * The reader's data as a whole: export it (one versioned JSON file), import such a file
 * (checked entirely first, then written in one transaction), delete it (after confirmation).
 */
export function DataSection({ services, counts, onChanged, autoAnalyse }: DataSectionProps) {
  const { t, locale } = useI18n();
  const [task, setTask] = useState<Task>(IDLE);
  const busy = task.state === 'running';
  const n = (x: number) => formatCount(x, locale);
  const running = () =>
    setTask({ state: 'running', progress: { label: t('progressStarting'), done: 0, total: 0 } });
  const onProgress = (p: Parameters<typeof progressView>[2]) =>
    setTask({ state: 'running', progress: progressView(t, locale, p) });

  const exportAll = async () => {
    running();
    try {
      const data = await receiveExport(
        { documents: true, history: true },
        { connect: services.connect, onProgress },
      );
      const now = services.now();
      const writer = new BackupWriter(now);
      writer.documents(
        data.documents.map(({ id, text, title, url, series, date, addedAt }) => ({
          id,
          text,
          title: title ?? null,
          url: url ?? null,
          series: series ?? null,
          date: date ?? null,
          addedAt,
        })),
      );
      writer.history(data.history);
      const name = `deja-lu-export-${fileDate(now)}.json`;
      services.save(name, writer.finish(data.settings), 'application/json');
      setTask({
        state: 'done',
        message: t('exportedAll', [n(data.documents.length), n(data.history.length), name]),
      });
    } catch (error) {
      setTask({ state: 'error', message: (error as Error).message });
    }
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    running();
    try {
      const backup = await readBackupFile(file);
      const summary = await sendImport(
        {
          kind: 'backup',
          label: file.name,
          documents: backup.documents,
          history: backup.history,
          settings: backup.settings,
        },
        { connect: services.connect, onProgress, pause: services.pause },
      );
      setTask({
        state: 'done',
        message: t('importedAll', [n(summary.added + summary.replaced), n(summary.history)]),
      });
    } catch (error) {
      setTask({ state: 'error', message: (error as Error).message });
    }
    await onChanged();
  };

  const deleteAll = async () => {
    running();
    const result = await services.call('delete-everything', { confirmed: true });
    if (result.ok) {
      if (autoAnalyse) await services.hostAccess.release().catch(() => false);
      setTask({
        state: 'done',
        message: t('deletedAll', [n(result.value.documents), n(result.value.history)]),
      });
    } else {
      setTask({ state: 'error', message: result.error.message });
    }
    await onChanged();
  };

  return (
    <section id="data" class="options-section" aria-labelledby="data-heading">
      <h2 id="data-heading">{t('dataHeading')}</h2>
      <p class="hint">{t('dataHint')}</p>
      <p>
        <button
          type="button"
          class="button export-all"
          disabled={busy}
          onClick={() => void exportAll()}
        >
          {t('exportAll')}
        </button>
      </p>
      <div class="file-picker">
        <label for="backup-file">{t('importAll')}</label>
        <input
          id="backup-file"
          class="backup-file"
          type="file"
          accept=".json,application/json"
          disabled={busy}
          aria-describedby="backup-file-hint"
          onChange={(event) => void importFile(event.currentTarget as HTMLInputElement)}
        />
      </div>
      <p class="hint" id="backup-file-hint">
        {t('importAllHint')}
      </p>
      <p>
        <ConfirmButton
          name="delete-everything"
          label={t('deleteAll')}
          question={t('deleteAllQuestion', [n(counts.documents), n(counts.history)])}
          confirmLabel={t('deleteAllConfirm')}
          disabled={busy}
          onConfirm={deleteAll}
        />
      </p>
      <TaskStatus task={task} label={t('dataProgress')} />
    </section>
  );
}
