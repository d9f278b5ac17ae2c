/**
 * The background service over fake-indexeddb for the security tests, with a fake browser
 * that records every effect on tabs (script injection, calls to the page, badges, CSS), a
 * pair of in-memory ports for transfers, and a snapshot of the whole database to show that
 * something wrote nothing. The caller installs a fresh `indexedDB` first.
 */
import { DejaLuStore, openDeja } from '@/lib/ext/db';
import { engine } from '@/lib/ext/engine-adapter';
import {
  BACKGROUND_TO_CONTENT,
  CHANNEL,
  createCaller,
  createDispatcher,
  type BackgroundToContent,
  type Handlers,
  type PageReport,
  type SenderInfo,
} from '@/lib/ext/protocol';
import { bundledSeeds } from '@/lib/ext/seeds';
import { createBackgroundService, type BrowserPort } from '@/lib/ext/service';

export const EXT_ID = 'deja-lu-test';
export const ORIGIN = 'chrome-extension://deja-lu-test/';
export const POPUP: SenderInfo = { id: EXT_ID, url: `${ORIGIN}popup.html` };
export const OPTIONS: SenderInfo = { id: EXT_ID, url: `${ORIGIN}options.html` };

/** Senders the background must refuse, each with what it stands for. */
export const FOREIGN_SENDERS: [string, SenderInfo][] = [
  [
    'a web page (no extension id)',
    { url: 'https://evil.example/', tab: { id: 3, url: 'https://evil.example/' } },
  ],
  [
    'another extension’s page',
    { id: 'other-extension', url: 'chrome-extension://other-extension/popup.html' },
  ],
  ['another extension claiming our origin', { id: 'other-extension', url: `${ORIGIN}popup.html` }],
  [
    'our content script in a web tab',
    {
      id: EXT_ID,
      url: 'https://evil.example/a',
      tab: { id: 3, url: 'https://evil.example/a' },
      frameId: 0,
    },
  ],
  [
    'our content script in a frame of a tab',
    {
      id: EXT_ID,
      url: 'https://ads.example/frame',
      tab: { id: 4, url: 'https://news.example/' },
      frameId: 7,
    },
  ],
  [
    'our page framed by a web page',
    { id: EXT_ID, url: `${ORIGIN}popup.html`, tab: { id: 5, url: 'https://evil.example/' } },
  ],
  [
    'a look-alike origin',
    { id: EXT_ID, url: 'chrome-extension://deja-lu-test.evil.example/popup.html' },
  ],
  ['no url, no tab', { id: EXT_ID }],
  ['an empty sender', {}],
];

/** The effects the service had on tabs through the fake browser. */
export interface TabEffects {
  injected: number[];
  calls: { tabId: number; type: string }[];
  badges: { tabId: number; text: string }[];
  css: number[];
}

export function fakeBrowser(reports = new Map<number, PageReport>()) {
  const effects: TabEffects = { injected: [], calls: [], badges: [], css: [] };
  const port: BrowserPort = {
    runtimeId: EXT_ID,
    extensionOrigin: ORIGIN,
    async injectPageScript(tabId) {
      effects.injected.push(tabId);
      if (!reports.has(tabId)) throw new Error(`No tab with id: ${tabId}.`);
    },
    async insertHighlightCss(tabId) {
      effects.css.push(tabId);
    },
    callTab(tabId) {
      const handlers: Handlers<BackgroundToContent, void> = {
        'extract-article': () => reports.get(tabId)!,
        'show-sentences': ({ sentences, visible }) => ({
          visible,
          located: sentences.length,
          status: 'ok',
        }),
        'set-highlights': ({ visible }) => ({ visible }),
        'scroll-to-sentence': () => ({ scrolled: true }),
      };
      const dispatch = createDispatcher(BACKGROUND_TO_CONTENT, handlers);
      return createCaller<BackgroundToContent>((envelope) => {
        effects.calls.push({ tabId, type: String(envelope.type) });
        return dispatch(envelope, undefined);
      });
    },
    async setBadge(tabId, text) {
      effects.badges.push({ tabId, text });
    },
    hasHostAccess: async () => true,
    hasAllHostAccess: async () => true,
  };
  return { port, reports, effects };
}

import { portPair } from './helpers/port-pair';

export { portPair };

export async function setupService(options: { now?: () => number } = {}) {
  const store = new DejaLuStore(await openDeja());
  const browser = fakeBrowser();
  const service = createBackgroundService({
    store,
    engine,
    browser: browser.port,
    seeds: bundledSeeds,
    now: options.now ?? (() => 1_700_000_000_000),
    sliceMs: 5,
    yieldToEvents: async () => {},
  });
  await service.install();
  const send = (type: unknown, payload: unknown, sender: SenderInfo = OPTIONS) =>
    service.handleMessage({ channel: CHANNEL, type, payload }, sender);
  const connect = (sender: SenderInfo = OPTIONS) => {
    const pair = portPair();
    service.handleConnection(pair.background, sender);
    return pair;
  };
  return { store, service, browser, send, connect };
}

/** Everything in the database: every store's keys and values. */
export async function snapshot(store: DejaLuStore): Promise<Record<string, unknown>> {
  const db = store.db as unknown as IDBDatabase & {
    getAllKeys(name: string): Promise<unknown[]>;
    getAll(name: string): Promise<unknown[]>;
  };
  const all: Record<string, unknown> = {};
  for (const name of Array.from(db.objectStoreNames)) {
    all[name] = [await db.getAllKeys(name), await db.getAll(name)];
  }
  return all;
}

/** Whether a value has the shape of a protocol Result. */
export function isResult(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as {
    ok?: unknown;
    value?: unknown;
    error?: { code?: unknown; message?: unknown };
  };
  if (record.ok === true) return 'value' in record;
  return (
    record.ok === false &&
    typeof record.error?.code === 'string' &&
    typeof record.error.message === 'string'
  );
}
