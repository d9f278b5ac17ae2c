/**
 * Waits for the machine to be quiet before a timing: the share of CPU time spent busy, over
 * all cores, read from /proc/stat. A browser keeps working after a large import (IndexedDB
 * writes its files, the database compacts) and a timing taken then measures that work too.
 */
import { readFileSync } from 'node:fs';

function cpuTimes(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * Resolves once a window of `windowMs` was under `busyShare` busy, or after `maxMs`; returns
 * how long it waited and the last window's busy share. Without /proc (not Linux), at once.
 */
export async function waitForQuietMachine(
  busyShare = 0.15,
  windowMs = 500,
  maxMs = 20_000,
): Promise<{ waitedMs: number; busy: number }> {
  const started = Date.now();
  let before: { busy: number; total: number };
  try {
    before = cpuTimes();
  } catch {
    return { waitedMs: 0, busy: NaN };
  }
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = cpuTimes();
    const busy = (after.busy - before.busy) / Math.max(1, after.total - before.total);
    before = after;
    const waitedMs = Date.now() - started;
    if (busy < busyShare || waitedMs >= maxMs) return { waitedMs, busy };
  }
}
