/**
 * The options page's side of the transfer port (protocol.ts): sends an import in chunks and
 * waits for the background to index and write it, or receives an export in chunks, reporting
 * progress either way. Every message from the background is checked against its schema.
 *
 * Sending yields to the page between chunks: serialising 250 documents for a message takes a
 * few milliseconds, 40 chunks in a row would not.
 */
import type { StoredAnnotation, StoredDocument } from './db';
import {
  BACKGROUND_TO_OPTIONS_PORT,
  parsePortMessage,
  portMessage,
  TRANSFER_CHUNK,
  type BackgroundToOptionsPort,
  type ErrorCode,
  type ImportSummary,
  type OptionsToBackgroundPort,
  type TransferPhase,
} from './protocol';
import { parseSettings, type Settings } from './settings';
import type { TransferPort } from './service';

/** A transfer that failed: the background's error, or a port that closed. */
export class TransferError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TransferError';
  }
}

export interface TransferProgress {
  phase: TransferPhase | 'sending';
  done: number;
  total: number;
}

export interface TransferOptions {
  /** Opens a port to the background (runtime.connect({ name: TRANSFER_PORT })). */
  connect(): TransferPort;
  onProgress?(progress: TransferProgress): void;
  /** Yields to the page between chunks; default: a macrotask. */
  pause?(): Promise<void>;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

type Incoming = {
  [K in keyof BackgroundToOptionsPort]: { type: K; payload: BackgroundToOptionsPort[K] };
}[keyof BackgroundToOptionsPort];

/** Opens a port and calls `onMessage` with each checked message until `settle` is called. */
function session<T>(
  options: TransferOptions,
  onMessage: (message: Incoming, settle: (value: T) => void) => void,
  start: (
    send: <K extends keyof OptionsToBackgroundPort>(
      type: K,
      payload: OptionsToBackgroundPort[K],
    ) => void,
  ) => Promise<void>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const port = options.connect();
    let done = false;
    const finish = (error: TransferError | null, value?: T) => {
      if (done) return;
      done = true;
      try {
        port.disconnect();
      } catch {
        // Already closed.
      }
      if (error) reject(error);
      else resolve(value as T);
    };
    port.onDisconnect(() =>
      finish(new TransferError('unreachable', 'the connection to Déjà lu’s background closed')),
    );
    port.onMessage((raw) => {
      if (done) return;
      const parsed = parsePortMessage(BACKGROUND_TO_OPTIONS_PORT, raw);
      if (!parsed.ok) {
        finish(new TransferError('bad-message', parsed.error.message));
        return;
      }
      const message = parsed.value as Incoming;
      if (message.type === 'failed') {
        finish(new TransferError(message.payload.code, message.payload.message));
        return;
      }
      if (message.type === 'progress') options.onProgress?.(message.payload);
      onMessage(message, (value) => finish(null, value));
    });
    const send = <K extends keyof OptionsToBackgroundPort>(
      type: K,
      payload: OptionsToBackgroundPort[K],
    ) => {
      if (done) throw new TransferError('unreachable', 'the transfer ended');
      port.postMessage(portMessage<OptionsToBackgroundPort, K>(type, payload));
    };
    start(send).catch((error: unknown) =>
      finish(
        error instanceof TransferError
          ? error
          : new TransferError('internal', error instanceof Error ? error.message : String(error)),
      ),
    );
  });
}

export interface ImportRequest {
  kind: OptionsToBackgroundPort['import-begin']['kind'];
  label: string;
  documents: OptionsToBackgroundPort['import-chunk']['documents'];
  history: StoredAnnotation[];
  settings: OptionsToBackgroundPort['import-begin']['settings'];
}

/** Sends an import; resolves when the background has written it all, in one transaction. */
export function sendImport(
  request: ImportRequest,
  options: TransferOptions,
): Promise<ImportSummary> {
  const pause = options.pause ?? macrotask;
  const total = request.documents.length + request.history.length;
  return session<ImportSummary>(
    options,
    (message, settle) => {
      if (message.type === 'import-done') settle(message.payload);
    },
    async (send) => {
      send('import-begin', {
        kind: request.kind,
        label: request.label,
        documents: request.documents.length,
        history: request.history.length,
        settings: request.settings,
      });
      let sent = 0;
      for (let i = 0; i < request.documents.length; i += TRANSFER_CHUNK) {
        const documents = request.documents.slice(i, i + TRANSFER_CHUNK);
        send('import-chunk', { documents, history: [] });
        sent += documents.length;
        options.onProgress?.({ phase: 'sending', done: sent, total });
        await pause();
      }
      for (let i = 0; i < request.history.length; i += TRANSFER_CHUNK) {
        const history = request.history.slice(i, i + TRANSFER_CHUNK);
        send('import-chunk', { documents: [], history });
        sent += history.length;
        options.onProgress?.({ phase: 'sending', done: sent, total });
        await pause();
      }
      send('import-commit', {});
    },
  );
}

export interface ExportResult {
  documents: StoredDocument[];
  history: StoredAnnotation[];
  settings: Settings;
}

/** Receives the reader's documents and/or the saved analyses. */
export function receiveExport(
  request: OptionsToBackgroundPort['export-begin'],
  options: TransferOptions,
): Promise<ExportResult> {
  const documents: StoredDocument[] = [];
  const history: StoredAnnotation[] = [];
  return session<ExportResult>(
    options,
    (message, settle) => {
      if (message.type === 'export-chunk') {
        for (const doc of message.payload.documents) documents.push(doc);
        for (const record of message.payload.history) history.push(record);
      } else if (message.type === 'export-done') {
        settle({ documents, history, settings: parseSettings(message.payload.settings) });
      }
    },
    async (send) => send('export-begin', request),
  );
}
