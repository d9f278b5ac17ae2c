/**
 * A worker thread of buildIndex() (parallel-index.ts): analyses batches of texts for the index
 * (analyseForIndex) and sends the entries back, their buffers transferred, not copied.
 * Bundled on its own beside the CLI (dist/index-worker.mjs) and the benchmark.
 */
import { parentPort } from 'node:worker_threads';
import { analyseForIndex, type IndexEntry } from '../match/corpus-index';
import type { WorkerReply, WorkerRequest } from './parallel-index';

const port = parentPort;
if (!port) throw new Error('index-worker.mjs runs as a worker thread of buildIndex()');

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const entries: IndexEntry[] = request.texts.map((text) => analyseForIndex({ id: '', text }));
    for (const entry of entries) {
      // The entry's three arrays share one buffer (analyseForIndex).
      transfer.push(entry.bounds.buffer as ArrayBuffer);
    }
    reply = { batch: request.batch, entries };
  } catch (e) {
    reply = { batch: request.batch, error: e instanceof Error ? e.message : String(e) };
    transfer.length = 0;
  }
  port.postMessage(reply, transfer);
});
