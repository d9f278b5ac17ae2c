/**
 * `npm run test:e2e`: builds the e2e variant of the extension for Chromium and Firefox,
 * serves the test pages on 127.0.0.1 (every request of the browsers passing through a
 * recording proxy), runs the scenarios (suite.ts, options-suite.ts, then security.ts) in both browsers, takes the README
 * screenshots, and ends with `N passed, N failed` (also written to
 * node_modules/.cache/e2e-results.json for scripts/test-all.mjs). Exits non-zero on failure.
 *
 *   --browser=chromium|firefox   one browser only
 *   --no-build                   reuse .output/*-mv3-e2e
 *   --no-screenshots             skip the screenshots
 *   --suite=main|options|security  one suite only (for work on one area)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium, launchFirefox, type E2eBrowser } from './drivers';
import { Harness } from './harness';
import { startRecordingProxy } from './proxy';
import { runSecuritySuite } from './security';
import { writeXssPage } from './xss-page';
import { takeScreenshots } from './screenshots';
import { startServer } from './server';
import { runOptionsSuite } from './options-suite';
import { runSuite } from './suite';

const args = new Set(process.argv.slice(2));
const only = [...args].find((a) => a.startsWith('--browser='))?.slice('--browser='.length);
const suite = [...args].find((a) => a.startsWith('--suite='))?.slice('--suite='.length);
const browsers = (only ? [only] : ['chromium', 'firefox']) as ('chromium' | 'firefox')[];

const EXTENSION_DIRS = {
  chromium: resolve('.output/chrome-mv3-e2e'),
  firefox: resolve('.output/firefox-mv3-e2e'),
};

function build(): void {
  const commands = {
    chromium: ['wxt', 'build', '-b', 'chrome', '--mode', 'e2e'],
    firefox: ['wxt', 'build', '-b', 'firefox', '--mv3', '--mode', 'e2e'],
  };
  for (const name of browsers) {
    const result = spawnSync('npx', commands[name], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`e2e build for ${name} failed`);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const harness = new Harness();
  if (!args.has('--no-build')) build();
  const generated = resolve('node_modules/.cache/e2e/generated');
  writeXssPage(generated);
  const server = await startServer({
    '/pages/': 'tests/e2e/pages',
    '/fixtures/': 'tests/fixtures/html',
    '/generated/': generated,
  });
  // Every request of the browsers goes through it: the zero-network tests read its record.
  const proxy = await startRecordingProxy(server.origin);
  const timings: string[] = [];
  try {
    for (const name of browsers) {
      const browserStarted = Date.now();
      const extensionDir = EXTENSION_DIRS[name];
      if (!existsSync(extensionDir)) {
        harness.fail(name, 'extension build', new Error(`${extensionDir} is missing`));
        continue;
      }
      let browser: E2eBrowser | null = null;
      try {
        browser =
          name === 'chromium'
            ? await launchChromium({ extensionDir, proxy: proxy.url })
            : await launchFirefox({ extensionDir, proxy: proxy.url });
      } catch (error) {
        harness.fail(name, 'launch with the extension', error);
        continue;
      }
      try {
        const context = { harness, browser, origin: server.origin };
        if (!suite || suite === 'main') await runSuite(context);
        if (!suite || suite === 'options') await runOptionsSuite(context);
        if (!suite || suite === 'security') await runSecuritySuite({ ...context, proxy });
      } finally {
        await browser.close();
      }
      if (name === 'chromium' && !args.has('--no-screenshots')) {
        await takeScreenshots(harness, extensionDir, server.origin);
      }
      timings.push(`${name} ${((Date.now() - browserStarted) / 1000).toFixed(1)} s`);
    }
  } finally {
    await proxy.close();
    await server.close();
  }
  mkdirSync('node_modules/.cache', { recursive: true });
  writeFileSync(
    'node_modules/.cache/e2e-results.json',
    JSON.stringify(
      { passed: harness.passed, failed: harness.failed, skipped: 0, results: harness.results },
      null,
      2,
    ),
  );
  console.log(
    `\ne2e: ${timings.join(', ')}; total ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(`${harness.passed} passed, ${harness.failed} failed`);
  return harness.failed > 0 ? 1 : 0;
}

process.exitCode = await main();
