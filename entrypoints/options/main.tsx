/** The options page: wires the Preact app to the browser (i18n, messaging, files, permissions). */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsApp } from '@/components/OptionsApp';
import { I18nContext, makeI18n } from '@/components/i18n';
import type { OptionsServices } from '@/components/options-services';
import { releaseAllHostAccess, requestAllHostAccess, transferPort } from '@/lib/ext/browser-port';
import { saveFile } from '@/lib/ext/download';
import { browserTranslator } from '@/lib/ext/i18n';
import { createCaller, TRANSFER_PORT, type ExtensionPageToBackground } from '@/lib/ext/protocol';
import { extractArticle } from '@/lib/extract/html';
import '@/components/theme.css';
import './style.css';

const locale = browser.i18n.getUILanguage();
const i18n = makeI18n(browserTranslator(browser.i18n), locale);
document.documentElement.lang = locale;
document.title = `${i18n.t('optionsTitle')} — ${i18n.t('extName')}`;

const services: OptionsServices = {
  call: createCaller<ExtensionPageToBackground>((envelope) =>
    browser.runtime.sendMessage(envelope),
  ),
  connect: () => transferPort(browser.runtime.connect({ name: TRANSFER_PORT })),
  hostAccess: { request: requestAllHostAccess, release: releaseAllHostAccess },
  html: {
    // DOMParser documents are inert: no script runs, nothing is fetched.
    parseHtml: (html) => new DOMParser().parseFromString(html, 'text/html'),
    extract: (doc) => extractArticle(doc),
  },
  save: (name, parts, type) => saveFile(name, parts, type),
  now: () => new Date(),
};

render(
  <I18nContext.Provider value={i18n}>
    <OptionsApp services={services} />
  </I18nContext.Provider>,
  document.getElementById('app')!,
);
