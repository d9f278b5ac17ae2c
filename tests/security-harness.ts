/**
 * The background service over fake-indexeddb for the security tests, with a fake browser
 * that records every effect on tabs (script injection, calls to the page, badges, CSS), a
 * pair of in-memory ports for transfers, and a snapshot of the whole database to show that
 * something wrote nothing. The caller installs a fresh `indexedDB` first.
 */
import { DejaLuStore, openDeja } from '@/lib/ext/db';
import { engine } from '@/lib/ext/engine-adapter';
import { CHANNEL, type SenderInfo } from '@/lib/ext/protocol';
import { bundledSeeds } from '@/lib/ext/seeds';
import { createBackgroundService } from '@/lib/ext/service';
import { EXT_ID, fakeBrowser, ORIGIN } from './helpers/fake-browser';

export { EXT_ID, ORIGIN };
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
