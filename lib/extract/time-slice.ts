/**
 * Cooperative time slicing for work that runs on a page's main thread.
 *
 * A content script shares the tab's main thread with the page: while it runs, the page can
 * neither paint nor answer a click. Long work (extracting the article, finding the sentences'
 * ranges) is therefore cut into slices: the work asks `due()` often (a counter, the clock read
 * every 256 calls), and when the current slice has run `sliceMs` it awaits `pause()`, which
 * gives the page its turn and starts a new slice. Past the deadline, `check()` throws
 * `DeadlineExceeded`, so a page too large to finish comes back as "too large" instead of
 * holding the tab.
 *
 * How the thread is handed back matters. In a background tab (automatic analysis runs on page
 * load, often in a tab the reader has not switched to) timers are throttled to one per second,
 * so `setTimeout(0)` would stretch 50 slices over 50 s; a MessageChannel message is a task,
 * not a timer, and is not throttled. `scheduler.yield()` is not used: its continuation is
 * queued ahead of the page's own tasks, so the page's timers and messages would wait for the
 * whole extraction; a message is an ordinary task, and the page's tasks run between two slices.
 *
 * Pure: no browser.* API; the yield function and the clock are parameters for tests.
 */
import { Budget } from './dom-walk';

/** Hands the thread back to the page; resolves when the work may go on. */
export type YieldToPage = () => Promise<void>;

/** The best unthrottled way the environment offers to give the page its turn. */
export function defaultYieldToPage(): YieldToPage {
  if (typeof MessageChannel === 'function') {
    return () =>
      new Promise<void>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          resolve();
        };
        channel.port2.postMessage(null);
      });
  }
  return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** How long a slice runs before the page gets its turn: well under a 50 ms "long task". */
export const DEFAULT_SLICE_MS = 12;

export interface SlicerOptions {
  /** Time allowed in total, in ms of `now()`. */
  deadlineMs: number;
  sliceMs?: number;
  now?: () => number;
  yieldToPage?: YieldToPage;
}

/**
 * A deadline (the `Budget` the extractor's walks tick) that also knows when to pause.
 * `due()` is cheap enough to call on every node; `pause()` yields and starts a new slice.
 */
export class Slicer extends Budget {
  private readonly sliceMs: number;
  private readonly clock: () => number;
  private readonly yieldToPage: YieldToPage;
  private sliceStart: number;
  private calls = 0;
  /** How many times the work gave the page its turn. */
  yields = 0;
  /** The longest stretch of work between two pauses, in ms (what the page waited at most). */
  longestSliceMs = 0;

  constructor(options: SlicerOptions) {
    const now = options.now ?? (() => performance.now());
    super(now() + options.deadlineMs, now);
    this.clock = now;
    this.sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    this.yieldToPage = options.yieldToPage ?? defaultYieldToPage();
    this.sliceStart = now();
  }

  /** Whether the current slice is used up; reads the clock every 256 calls only. */
  override due(): boolean {
    if ((++this.calls & 255) !== 0) return false;
    return this.clock() - this.sliceStart >= this.sliceMs;
  }

  /**
   * Ends the slice and gives the page its turn. The deadline is the caller's to check
   * (`check()` throws, `expired()` asks): a driver past it stops, or keeps what it has.
   */
  async pause(): Promise<void> {
    const ran = this.clock() - this.sliceStart;
    if (ran > this.longestSliceMs) this.longestSliceMs = ran;
    await this.yieldToPage();
    this.yields++;
    this.sliceStart = this.clock();
  }

  /** Records the last slice's length when the work ends (for `longestSliceMs`). */
  finish(): void {
    const ran = this.clock() - this.sliceStart;
    if (ran > this.longestSliceMs) this.longestSliceMs = ran;
  }
}
