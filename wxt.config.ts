import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// https://wxt.dev/api/config.html
export default defineConfig({
  manifestVersion: 3,
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: {
    name: 'Déjà lu',
    description:
      'Shows which sentences of a news article are also found elsewhere. Everything runs on your machine.',
    permissions: ['activeTab', 'scripting', 'storage'],
    browser_specific_settings: {
      gecko: {
        id: 'deja-lu@deja-lu.invalid',
        // @ts-expect-error: not yet in WXT's manifest types; required by addons.mozilla.org.
        data_collection_permissions: { required: ['none'] },
      },
    },
  },
  zip: {
    artifactTemplate: '{{name}}-{{version}}-{{browser}}-mv{{manifestVersion}}.zip',
  },
  webExt: {
    disabled: true,
  },
});
