/**
 * The README's screenshots of the popup, light and dark, in English and French, taken in
 * Chromium from the analysis of the test article: docs/screenshots/popup-{light,dark}-{en,fr}.png,
 * then of the options page: docs/screenshots/options-{light,dark}-{en,fr}.png.
 * Each language is a separate browser launch (Chromium reads its interface language at start).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './drivers';
import { assert, type Harness } from './harness';
import { takeOptionsScreenshots } from './options-page';
import { ArticlePage } from './page-objects';

export const SCREENSHOT_DIR = 'docs/screenshots';

/** The popup's size in the screenshots: its CSS width and a typical popup height. */
const POPUP_SIZE = { width: 420, height: 720 };

const SUMMARY: Record<string, RegExp> = {
  en: /^\d+ of \d+ sentences also found elsewhere$/,
  fr: /^\d+ phrases sur \d+ se retrouvent ailleurs$/,
};

export async function takeScreenshots(
  harness: Harness,
  extensionDir: string,
  origin: string,
): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const language of ['en', 'fr']) {
    await harness.run(
      'chromium',
      `popup and options page follow the browser language (${language}); screenshots light and dark`,
      async () => {
        // Debian's chromium ships only en-US; the other interface languages are chromium-l10n.
        const pak = `/usr/lib/chromium/locales/${language === 'en' ? 'en-US' : language}.pak`;
        assert(
          process.env.CHROMIUM_PATH || existsSync(pak),
          `${pak} is missing: install the Debian package chromium-l10n`,
        );
        const browser = await launchChromium({ extensionDir, language });
        try {
          const article = await ArticlePage.open(browser, `${origin}/pages/republished.html`);
          const popup = await article.openPopup();
          assert((await popup.screen()) === 'article', 'the article screen');
          assert(
            (await popup.language()).startsWith(language),
            `popup language ${await popup.language()}`,
          );
          const summary = await popup.summary();
          assert(SUMMARY[language]!.test(summary), `summary in ${language}: ${summary}`);
          await popup.page.setViewport(POPUP_SIZE.width, POPUP_SIZE.height);
          for (const scheme of ['light', 'dark'] as const) {
            await popup.page.setColorScheme(scheme);
            const background = await popup.page.evaluate(
              () => getComputedStyle(document.body).backgroundColor,
              null,
            );
            // The dark theme's background is dark, the light one's light.
            const [r = 0, g = 0, b = 0] = background.match(/\d+/g)!.map(Number);
            const light = (r + g + b) / 3 > 128;
            assert(light === (scheme === 'light'), `${scheme} background is ${background}`);
            await popup.page.screenshot(join(SCREENSHOT_DIR, `popup-${scheme}-${language}.png`));
          }
          await popup.page.setColorScheme('light');
          await takeOptionsScreenshots(browser, origin, language, popup.page, SCREENSHOT_DIR);
        } finally {
          await browser.close();
        }
      },
    );
  }
}
