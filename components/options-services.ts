/**
 * What the options page's components need from outside: the background (calls and the
 * transfer port), host access, inert HTML parsing, saving a file, the clock. The entrypoint
 * wires the browser's; component tests pass fakes (and the real service over fake-indexeddb).
 */
import type { Translate } from '@/lib/ext/i18n';
import type { ReadCorpusOptions, ReadProgress } from '@/lib/ext/import-files';
import type { Caller, ExtensionPageToBackground } from '@/lib/ext/protocol';
import type { TransferPort } from '@/lib/ext/service';
import type { TransferProgress } from '@/lib/ext/transfer-client';
import type { HostAccess } from './App';
import type { TaskProgress } from './TaskStatus';

export interface OptionsServices {
  call: Caller<ExtensionPageToBackground>;
  /** Opens a transfer port to the background. */
  connect(): TransferPort;
  hostAccess: HostAccess;
  /** Parses HTML without running it, and extracts its article. */
  html: Pick<ReadCorpusOptions, 'parseHtml' | 'extract'>;
  /** Offers a file to download. */
  save(name: string, parts: BlobPart[], type: string): void;
  now(): Date;
  /** Yields to the page between slices of work; default: a macrotask. */
  pause?(): Promise<void>;
}

/** A count in the interface's language ("10,000", "10 000"). */
export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** A text's size for people: "3.2 kB", "1.4 MB". */
export function formatSize(bytes: number, locale: string): string {
  const [value, unit] =
    bytes >= 1_000_000 ? [bytes / 1_000_000, 'megabyte'] : [bytes / 1000, 'kilobyte'];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    maximumFractionDigits: 1,
  }).format(value);
}

/** A date and time in the interface's language. */
export function formatDateTime(time: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(time);
}

/** The line shown for a transfer's or a file read's progress. */
export function progressView(
  t: Translate,
  locale: string,
  progress: TransferProgress | ReadProgress,
): TaskProgress {
  const n = (x: number) => formatCount(x, locale);
  const { done, total } = progress;
  if ('file' in progress) {
    return {
      label: t('progressReading', [
        progress.file,
        formatSize(done, locale),
        formatSize(total, locale),
      ]),
      done,
      total,
    };
  }
  switch (progress.phase) {
    case 'sending':
    case 'receiving':
      return { label: t('progressSending', [n(done), n(total)]), done, total };
    case 'indexing':
      return { label: t('progressIndexing', [n(done), n(total)]), done, total };
    case 'writing':
      return { label: t('progressWriting'), done, total };
    case 'reading':
      return { label: t('progressExporting', [n(done), n(total)]), done, total };
  }
}

/** Today's date for file names: 2026-11-21. */
export function fileDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}
