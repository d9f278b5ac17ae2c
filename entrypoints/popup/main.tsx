/** The popup: wires the Preact app to the browser (i18n, messaging, permissions, the tab). */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { App } from '@/components/App';
import { I18nContext, makeI18n } from '@/components/i18n';
import { e2eMark, e2eTabFromQuery } from '@/lib/ext/e2e';
import { browserTranslator } from '@/lib/ext/i18n';
import { releaseAllHostAccess, requestAllHostAccess } from '@/lib/ext/browser-port';
import { createCaller, type PopupToBackground } from '@/lib/ext/protocol';
import '@/components/theme.css';
import './style.css';

/** The tab the popup is about: the active one; in e2e builds, the one named in the query. */
async function targetTabId(): Promise<number | null> {
  if (import.meta.env.MODE === 'e2e') {
    const fromQuery = e2eTabFromQuery(location.search);
    if (fromQuery !== null) return fromQuery;
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

e2eMark('popup');

const locale = browser.i18n.getUILanguage();
const i18n = makeI18n(browserTranslator(browser.i18n), locale);
document.documentElement.lang = locale;
document.title = i18n.t('extName');
const call = createCaller<PopupToBackground>((envelope) => browser.runtime.sendMessage(envelope));
const hostAccess = { request: requestAllHostAccess, release: releaseAllHostAccess };

void targetTabId().then((tabId) => {
  // Asked for before the first render: on a cold start the background starts loading the
  // corpus index while Preact renders the loading screen.
  e2eMark('tab');
  const firstAnalysis = tabId === null ? undefined : call('analyse-tab', { tabId });
  void firstAnalysis?.then(() => e2eMark('answered'));
  render(
    <I18nContext.Provider value={i18n}>
      <App
        call={call}
        tabId={tabId}
        hostAccess={hostAccess}
        openOptions={() => void browser.runtime.openOptionsPage()}
        firstAnalysis={firstAnalysis}
      />
    </I18nContext.Provider>,
    document.getElementById('app')!,
  );
});
