import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/**
 * Builds:
 *   wxt build -b chrome              → .output/chrome-mv3         (shipped)
 *   wxt build -b firefox --mv3       → .output/firefox-mv3        (shipped)
 *   wxt build ... --mode e2e         → .output/{browser}-mv3-e2e  (end-to-end tests only)
 *
 * The e2e mode adds the test hooks of lib/ext/e2e.ts: the e2e-hook content script and host
 * access to http://127.0.0.1/* (the test server), so a test can have a tab analysed
 * without a click on the toolbar button. Shipped builds have neither.
 *
 * DEJALU_OUT_DIR moves the output (default .output): tests/ext-build.test.ts builds into a
 * temporary directory so it never races a build of the working tree.
 */
const E2E_MODE = 'e2e';

// https://wxt.dev/api/config.html
export default defineConfig({
  manifestVersion: 3,
  outDir: process.env.DEJALU_OUT_DIR ?? '.output',
  vite: () => ({
    plugins: [preact()],
    // Source maps on demand only: tests/ext-build.test.ts traces web-ext lint warnings back
    // to their source files. Shipped builds have none.
    build: {
      sourcemap: process.env.DEJALU_SOURCEMAP === '1',
      // Browsers with MV3 support modulepreload; Vite's polyfill is the bundle's only fetch().
      modulePreload: { polyfill: false },
    },
  }),
  manifest: ({ mode, browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // activeTab + scripting: the toolbar button analyses the current tab, with no host
    // access at install. Automatic analysis requests the optional host access at run time.
    permissions: ['activeTab', 'scripting', 'storage'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    ...(mode === E2E_MODE ? { host_permissions: ['http://127.0.0.1/*'] } : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'deja-lu@deja-lu.invalid',
              // 140: the CSS Custom Highlight API and data_collection_permissions.
              strict_min_version: '140.0',
              // Required by addons.mozilla.org: this extension collects nothing.
              data_collection_permissions: { required: ['none'] },
            },
            // data_collection_permissions came to Firefox for Android in 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  hooks: {
    'entrypoints:found': (wxt, infos) => {
      if (wxt.config.mode === E2E_MODE) return;
      const hook = infos.findIndex((info) => info.name === 'e2e-hook');
      if (hook !== -1) infos.splice(hook, 1);
    },
  },
  zip: {
    // {{manifestVersion}} expands to 'mv3': Firefox MV2 and MV3 zips do not collide.
    artifactTemplate: '{{name}}-{{version}}-{{browser}}-{{manifestVersion}}.zip',
  },
  webExt: {
    disabled: true,
  },
});
