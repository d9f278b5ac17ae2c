/**
 * A minimal test harness for the end-to-end run: named tests with a time limit, run one
 * after another (they share one browser), each reported as it ends, then a summary line
 * `N passed, N failed` that scripts/test-all.mjs and CI read.
 */

export interface TestResult {
  browser: string;
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export class AssertionError extends Error {
  override name = 'AssertionError';
}

/** Throws unless `condition` holds; `message` says what was expected. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(`${what}: expected ${e}, got ${a}`);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class Harness {
  readonly results: TestResult[] = [];

  /** Runs one test and records its result; never throws. */
  async run(
    browser: string,
    name: string,
    body: () => Promise<void>,
    timeoutMs = 60_000,
  ): Promise<boolean> {
    const started = Date.now();
    try {
      await withTimeout(body(), timeoutMs, name);
      this.record({ browser, name, ok: true, ms: Date.now() - started });
      return true;
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.record({ browser, name, ok: false, ms: Date.now() - started, error: message });
      return false;
    }
  }

  /** Records a failure that happened outside a test (a browser that did not start). */
  fail(browser: string, name: string, error: unknown): void {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.record({ browser, name, ok: false, ms: 0, error: message });
  }

  private record(result: TestResult): void {
    this.results.push(result);
    const mark = result.ok ? 'ok  ' : 'FAIL';
    console.log(`${mark} [${result.browser}] ${result.name} (${(result.ms / 1000).toFixed(1)} s)`);
    if (result.error) console.log(result.error.replace(/^/gm, '       '));
  }

  get passed(): number {
    return this.results.filter((r) => r.ok).length;
  }

  get failed(): number {
    return this.results.filter((r) => !r.ok).length;
  }
}
